"""One module per resource; each lists its page and ``/api/`` routers in ``ROUTERS``."""
