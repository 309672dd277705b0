"""The FastAPI application: gathers the routers, the session cookie, templates and static files.

:func:`create_app` builds an app for given settings (tests pass a temporary database); uvicorn
calls it as a factory (``tandem.web.app:create_app``). The database is migrated to the newest
schema when the app is created, so a fresh data directory just works.

Examples
--------
>>> from pathlib import Path
>>> import tempfile
>>> from tandem.config import Settings
>>> folder = Path(tempfile.mkdtemp())
>>> app = create_app(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 't.db'}"))
>>> "/api/couples" in app.openapi()["paths"]
True
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from tandem.config import Settings, get_settings
from tandem.errors import TandemError
from tandem.store.db import make_engine, migrate, session_scope
from tandem.web import filters
from tandem.web.deps import Viewer, optional_viewer, render
from tandem.web.routes import (
    auth,
    conversations,
    couples,
    journal,
    plan,
    quiz,
    report,
    simulator,
    therapist,
    timeout,
)
from tandem.web.security import SESSION_COOKIE, csrf_token, session_secret

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

ROUTE_MODULES = (
    auth,
    couples,
    quiz,
    conversations,
    report,
    simulator,
    plan,
    timeout,
    journal,
    therapist,
)
"""One module per resource; each lists its page and API routers in ``ROUTERS``."""


def _viewer_of(request: Request) -> Viewer | None:
    """Who is looking at an error page, so its header offers "Log in" only to nobody."""
    try:
        with session_scope(request.app.state.engine, read_only=True) as session:
            return optional_viewer(request, session, request.app.state.settings)
    except Exception:  # the error page must still render when the database is the trouble
        return None


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(settings: Settings | None = None, *, public_host: str | None = None) -> FastAPI:
    """Build the web app.

    Parameters
    ----------
    settings : Settings, optional
        Defaults to :func:`tandem.config.get_settings`.
    public_host : str, optional
        The address the server listens on. Cookies are marked ``Secure`` unless it is a
        loopback address; default: read ``TANDEM_WEB_HOST`` (set by ``tandem serve``), else
        ``127.0.0.1``.

    Returns
    -------
    FastAPI
        The application, with the database migrated.
    """
    import os

    from tandem.web.security import is_loopback

    settings = settings or get_settings()
    host = public_host or os.environ.get("TANDEM_WEB_HOST", "127.0.0.1")
    url = settings.resolved_database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    migrate(url)

    app = FastAPI(
        title="Tandem",
        summary="See, understand and break the pursuer-distancer cycle, on your own machine.",
        version="0.1.0",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = make_engine(url)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    filters.install(templates.env)
    app.state.templates = templates
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        same_site="lax",
        https_only=not is_loopback(host),
        max_age=14 * 24 * 3600,
    )
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """The icon, for browsers and tools that ask for it by the old name."""
        return Response(
            (STATIC / "favicon.svg").read_bytes(),
            media_type="image/svg+xml",
            headers={"Cache-Control": "max-age=86400"},
        )

    for module in ROUTE_MODULES:
        for router in module.ROUTERS:
            app.include_router(router)

    @app.exception_handler(TandemError)
    async def _tandem_error(request: Request, exc: TandemError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return render(
            request,
            "error.html",
            {"status_code": 422, "detail": str(exc), "viewer": _viewer_of(request)},
            status_code=422,
            partial="partials/_error.html",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        if exc.status_code == 401:
            target = "/login?next=" + quote(request.url.path)
            if request.headers.get("HX-Request") == "true":
                return Response(status_code=200, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
        return render(
            request,
            "error.html",
            {
                "status_code": exc.status_code,
                "detail": exc.detail,
                "viewer": _viewer_of(request),
            },
            status_code=exc.status_code,
            partial="partials/_error.html",
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse({"detail": errors}, status_code=422)
        text = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in errors)
        return render(
            request,
            "error.html",
            {"status_code": 422, "detail": text, "viewer": _viewer_of(request)},
            status_code=422,
            partial="partials/_error.html",
        )

    @app.get("/api/session", tags=["auth"], summary="The CSRF token and who is logged in")
    def api_session(request: Request) -> dict[str, object]:
        """The CSRF token to send as ``X-CSRF-Token``, the mode, and the logged-in user id."""
        return {
            "csrf_token": csrf_token(request.session),
            "multi_user": settings.multi_user,
            "user_id": request.session.get("uid"),
        }

    return app
