"""The local web app: FastAPI, Jinja2 pages with htmx, and a JSON API under ``/api/``.

Start it with ``tandem serve``; build it in code with :func:`tandem.web.app.create_app`.
"""
