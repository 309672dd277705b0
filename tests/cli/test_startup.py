"""``tandem --help`` and one-line errors must not load the heavy libraries (issue #11).

Speed itself is measured by ``benchmarks/bench_startup.py``; this test pins the cause of a slow
start, which does not depend on how busy the machine is: which modules a command imports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "sklearn",
    "numba",
    "dask",
    "matplotlib",
    "sqlalchemy",
    "scipy",
    "pandas",
    "pyarrow",
    "pydantic",
)
"""Libraries that each cost 0.06 s to 1 s to import; none is needed to print help or an error.

pydantic is here because Typer 0.29 started coercing every parameter through it (0.06 s and
``importlib.metadata`` on every command); pyproject pins Typer below 0.29 for that reason."""

PROBE = """
import sys
sys.argv = ["tandem", *{args!r}]
from tandem.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED:" + " ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["analyze", "--help"],
        ["analyze", "no-such-chat.txt"],
        ["parse", "no-such-chat.txt"],
        ["code", "no-such-lines.txt"],
        ["simulate", "--preset", "no-such-couple"],
        ["sweep", "--grid", "x", "--out", "grid.parquet"],
        ["gm", "fit", "no-such-scores.csv"],
        ["plan", "--quiz", "no-such-answers.json"],
        ["quiz", "--score", "no-such-answers.json"],
        ["corpus", "no-such-folder", "--out", "metrics.csv"],
    ],
    ids=lambda args: " ".join(args),
)
def test_help_and_errors_load_no_heavy_library(args: list[str], tmp_path: object) -> None:
    probe = PROBE.format(args=args, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    loaded = done.stdout.rpartition("LOADED:")[2].strip()
    assert loaded == "", f"tandem {' '.join(args)} imported {loaded}"


def test_lazy_packages_export_every_listed_name() -> None:
    # The lazy __getattr__ maps must cover each package's __all__, or a documented name fails.
    probe = (
        "import importlib\n"
        "for name in ('tandem.dynamics', 'tandem.coaching', 'tandem.coding'):\n"
        "    pkg = importlib.import_module(name)\n"
        "    for attr in pkg.__all__:\n"
        "        getattr(pkg, attr)\n"
        "from tandem import dynamics\n"
        "assert callable(dynamics.simulate), dynamics.simulate\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)


@pytest.mark.parametrize(
    ("coder", "allowed"),
    [("rules", set()), ("learned", {"scipy"})],
)
def test_coding_a_file_does_not_load_scikit_learn(
    coder: str, allowed: set[str], tmp_path: Path
) -> None:
    # Importing scikit-learn costs about 1.5 s (it pulls SciPy stats, pandas and PyArrow), more
    # than coding 100,000 lines; the coders only need it to fit, never to code. The learned
    # coder may load SciPy's sparse matrices (0.2 s) for its embedding sum.
    lines = tmp_path / "lines.txt"
    lines.write_text("you never listen\nok see you at 6\n", encoding="utf-8")
    probe = PROBE.format(args=["code", str(lines), "--coder", coder], heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert '"criticism"' in done.stdout, done.stdout
    loaded = set(done.stdout.rpartition("LOADED:")[2].split())
    assert loaded <= allowed, f"tandem code --coder {coder} imported {sorted(loaded - allowed)}"


def test_summarising_a_chat_does_not_load_arrow_or_numpy(tmp_path: Path) -> None:
    # `tandem parse FILE` prints a summary from the messages; only a table (`--to`) needs
    # PyArrow and NumPy, about 0.2 s of a 0.5 s start.
    chat = Path(__file__).resolve().parents[2] / "examples" / "maya_jonas_whatsapp.txt"
    probe = PROBE.format(args=["parse", str(chat)], heavy=HEAVY + ("numpy",))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert "Maya" in done.stdout
    loaded = done.stdout.rpartition("LOADED:")[2].strip()
    assert loaded == "", f"tandem parse imported {loaded}"


def test_writing_a_table_does_not_load_pandas(tmp_path: Path) -> None:
    # `tandem parse --to` builds Arrow columns and writes Parquet; pandas is never needed, but
    # a few Arrow calls import it behind the scenes (``to_numpy``, a Python scalar as an
    # argument), 0.2 s in each of the two processes that read a big export.
    chat = Path(__file__).resolve().parents[2] / "examples" / "maya_jonas_whatsapp.txt"
    out = tmp_path / "messages.parquet"
    probe = PROBE.format(args=["parse", str(chat), "--to", str(out)], heavy=("pandas",))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert out.stat().st_size > 0
    loaded = done.stdout.rpartition("LOADED:")[2].strip()
    assert loaded == "", f"tandem parse --to imported {loaded}"
