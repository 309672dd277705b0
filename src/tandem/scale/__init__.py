"""Scale: the same analysis over research corpora, on a local Dask cluster or a remote one.

Nothing here computes a statistic; it maps the functions of the lower stages over partitions.

Examples
--------
>>> from tandem.scale import CorpusJob
>>> CorpusJob().coder
'rules'
"""

from __future__ import annotations

from tandem.scale.corpus import (
    METRIC_COLUMNS,
    CorpusJob,
    analyze_corpus,
    analyze_one,
    collect_paths,
    write_metrics,
)

__all__ = [
    "METRIC_COLUMNS",
    "CorpusJob",
    "analyze_corpus",
    "analyze_one",
    "collect_paths",
    "write_metrics",
]
