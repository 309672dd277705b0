"""Terminal summary of a corpus run: how many conversations, which roles, what failed.

Examples
--------
>>> import io
>>> from rich.console import Console
>>> from tandem.scale.corpus import rows_to_table
>>> table = rows_to_table([{"path": "a.txt", "status": "ok", "role_a": "pursuer",
...                         "role_b": "distancer", "loop_gain": 0.2}])
>>> out = io.StringIO()
>>> Console(file=out, width=80, color_system=None).print(render_corpus_summary(table))
>>> "1 conversation" in out.getvalue()
True
"""

from __future__ import annotations

from collections import Counter
from statistics import median

import pyarrow as pa
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


def render_corpus_summary(table: pa.Table, *, max_errors: int = 5) -> RenderableType:
    """Counts of statuses and role pairs, the median loop gain, and the first few failures."""
    rows = table.to_pylist()
    n = len(rows)
    failed = [r for r in rows if r.get("error")]
    header = Text(
        f"{n} conversation{'s' if n != 1 else ''} analysed, {len(failed)} could not be read",
        style="bold",
    )
    statuses = Counter(r["status"] for r in rows if not r.get("error"))
    pairs = Counter(
        " / ".join(sorted((r["role_a"], r["role_b"])))
        for r in rows
        if r.get("role_a") and r.get("role_b")
    )
    gains = [r["loop_gain"] for r in rows if r.get("loop_gain") is not None]

    overview = Table(title="What the corpus shows", show_header=True, header_style="bold")
    overview.add_column("measure")
    overview.add_column("value", justify="right")
    for status, count in sorted(statuses.items()):
        overview.add_row(f"status {status}", str(count))
    for pair, count in pairs.most_common():
        overview.add_row(f"roles {pair}", str(count))
    overview.add_row("median loop gain", f"{median(gains):.2f}" if gains else "—")
    parts: list[RenderableType] = [header, overview]
    if failed:
        errors = Table(title="Files that could not be read", show_header=False)
        errors.add_column("why")
        for r in failed[:max_errors]:
            errors.add_row(str(r["error"]))
        if len(failed) > max_errors:
            errors.add_row(f"... and {len(failed) - max_errors} more (see the error column)")
        parts.append(errors)
    return Group(*parts)
