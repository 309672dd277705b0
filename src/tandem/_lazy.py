"""Lazy package exports (PEP 562), so a light import never pays for a heavy one.

``tandem --help`` must start in a blink; importing :mod:`tandem.dynamics` eagerly would compile
numba kernels and load SciPy just to list the model's presets. A package lists which submodule
holds each public name; the submodule loads the first time one of its names is read.

Examples
--------
>>> import sys
>>> get, names = exports("tandem.dynamics", {"tandem.dynamics.models": ("PRESETS",)})
>>> "classic" in get("PRESETS")
True
>>> get("nothing")
Traceback (most recent call last):
...
AttributeError: module 'tandem.dynamics' has no attribute 'nothing'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def exports(
    package: str, sources: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names load on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    sources : mapping of str to iterable of str
        Full submodule name to the public names it defines.

    Returns
    -------
    tuple of (callable, callable)
        ``__getattr__(name)`` imports the submodule holding ``name``, caches the value in the
        package and returns it; ``__dir__()`` lists every exported name.
    """
    where = {name: module for module, names in sources.items() for name in names}

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook's own name
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # later reads skip this hook
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
