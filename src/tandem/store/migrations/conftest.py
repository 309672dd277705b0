"""Keep pytest's doctest collection away from ``env.py``, which only runs inside Alembic."""

collect_ignore = ["env.py"]
