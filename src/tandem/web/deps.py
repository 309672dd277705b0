"""Dependencies of the web app: settings, the database session, who is asking, which couple.

Each lookup that several routes repeat lives here once, as a function and an ``Annotated``
alias (``SessionDep``, ``ViewerDep``, ``CoupleDep``, ``WritableCoupleDep``, ``OwnerCoupleDep``).
Access is decided in one place, :func:`couple_context`: single-user mode has one local owner of
every couple; therapist mode asks the store who the viewer is to the couple.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Request, status
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.responses import Response

from tandem.config import Settings
from tandem.store import repository
from tandem.store.db import session_scope
from tandem.web.security import CSRF_FIELD, CSRF_HEADER, csrf_matches, csrf_token

Access = Literal["owner", "partner", "therapist"]
"""What a viewer is to a couple."""

NOT_FOUND = "No couple with this id is shared with you."
"""Detail of a 404 for a couple that does not exist or that the viewer may not see (the same
words for both, so a stranger cannot learn which couples exist)."""
READ_ONLY = "A therapist can read this couple's pages but cannot change them."
"""Detail of a 403 when a therapist tries to write."""
OWNER_ONLY = "Only the partner who created this couple can do that."
"""Detail of a 403 for owner-only actions."""
LOGIN_FIRST = "Please log in first."
"""Detail of a 401."""
CSRF_FAILED = "This form has expired or did not come from Tandem; reload the page and try again."
"""Detail of a 403 when the CSRF token is missing or wrong."""

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_session(request: Request) -> Iterator[Session]:
    """One database session per request, committed once when the handler returns.

    ``scope="function"`` (see :data:`SessionDep`) makes the commit happen before the response
    is sent, so a reply of success always means the data is stored.
    """
    with session_scope(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def release(session: Session) -> None:
    """End the read-only transaction the access checks opened, before slow work.

    On SQLite every transaction takes the write lock at its start (``BEGIN IMMEDIATE``), so a
    request that reads, then spends seconds parsing a chat or simulating, would make the other
    partner's journal entry wait. Nothing has been written at this point, so rolling back loses
    nothing; the next query opens a new transaction, which the request commits once as usual.
    """
    if session.in_transaction():
        session.rollback()


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking at the page."""

    user_id: str | None
    """The account id; ``None`` for the local owner of single-user mode."""
    display_name: str
    """Name to greet them by."""
    email: str = ""
    """Account e-mail (empty in single-user mode)."""
    is_therapist: bool = False
    """A therapist account (therapist mode only)."""

    @property
    def local(self) -> bool:
        """The single owner of a single-user (localhost) installation."""
        return self.user_id is None


LOCAL_OWNER = Viewer(user_id=None, display_name="you")
"""The viewer of single-user mode."""


def optional_viewer(request: Request, session: SessionDep, settings: SettingsDep) -> Viewer | None:
    """The viewer, or ``None`` when nobody is logged in (therapist mode only)."""
    if not settings.multi_user:
        return LOCAL_OWNER
    user_id = request.session.get("uid")
    if not isinstance(user_id, str):
        return None
    user = repository.get_user(session=session, user_id=user_id)
    if user is None:
        request.session.pop("uid", None)
        return None
    return Viewer(
        user_id=user.id,
        display_name=user.display_name,
        email=user.email,
        is_therapist=bool(user.is_therapist),
    )


OptionalViewerDep = Annotated[Viewer | None, Depends(optional_viewer)]


def require_viewer(viewer: OptionalViewerDep) -> Viewer:
    """The viewer; 401 when nobody is logged in."""
    if viewer is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=LOGIN_FIRST)
    return viewer


ViewerDep = Annotated[Viewer, Depends(require_viewer)]


@dataclass(frozen=True, slots=True)
class CoupleContext:
    """A couple as one viewer may see it."""

    couple_id: str
    """The couple's id."""
    name: str
    """The couple's name."""
    partner_names: tuple[str, str]
    """Names of partner A and partner B."""
    access: Access
    """What the viewer is to the couple."""
    viewer: Viewer
    """Who is looking."""
    my_label: Literal["A", "B"] | None
    """Which partner the viewer is (therapist mode); ``None`` for therapists and single-user."""

    @property
    def can_write(self) -> bool:
        """Partners and the owner may change data; a therapist only reads."""
        return self.access != "therapist"

    def name_of(self, label: str) -> str:
        """Name of partner ``label`` (``"A"`` or ``"B"``)."""
        return self.partner_names[0] if label == "A" else self.partner_names[1]


def _partners_of(couple: Any) -> list[Any]:
    partners = list(getattr(couple, "partners", []) or [])
    return sorted(partners, key=lambda p: str(p.label))


def build_context(
    session: Session, viewer: Viewer, couple_id: str, *, multi_user: bool
) -> CoupleContext | None:
    """The couple as ``viewer`` may see it, or ``None`` when they may not (or it does not exist)."""
    couple = repository.get_couple(session=session, couple_id=couple_id)
    if couple is None:
        return None
    partners = _partners_of(couple)
    names = tuple(str(p.name) for p in partners) + ("Partner A", "Partner B")[len(partners) :]
    access: Access | None
    my_label: Literal["A", "B"] | None = None
    if viewer.local or not multi_user:
        access = "owner"
    else:
        access = repository.access_of(session=session, user_id=viewer.user_id, couple_id=couple_id)
        for partner in partners:
            if partner.user_id is not None and partner.user_id == viewer.user_id:
                my_label = "A" if partner.label == "A" else "B"
    if access is None:
        return None
    return CoupleContext(
        couple_id=couple.id,
        name=couple.name,
        partner_names=(names[0], names[1]),
        access=access,
        viewer=viewer,
        my_label=my_label,
    )


def couple_context(
    couple_id: str, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> CoupleContext:
    """The couple of the path, if the viewer may see it; 404 otherwise (same words either way)."""
    found = build_context(session, viewer, couple_id, multi_user=settings.multi_user)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)
    return found


CoupleDep = Annotated[CoupleContext, Depends(couple_context)]


def writable_couple(couple: CoupleDep) -> CoupleContext:
    """The couple, when the viewer may change its data (owner or partner); 403 for a therapist."""
    if not couple.can_write:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=READ_ONLY)
    return couple


WritableCoupleDep = Annotated[CoupleContext, Depends(writable_couple)]


def owner_couple(couple: CoupleDep) -> CoupleContext:
    """The couple, when the viewer created it; 403 otherwise."""
    if couple.access == "therapist":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=READ_ONLY)
    if couple.access != "owner":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=OWNER_ONLY)
    return couple


OwnerCoupleDep = Annotated[CoupleContext, Depends(owner_couple)]


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token is missing or wrong (403).

    The token may come as the ``X-CSRF-Token`` header (API calls, htmx) or the ``csrf_token``
    form field (plain forms). A body over the upload limit is refused with 413 before it is read.
    """
    if request.method in _SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        settings: Settings = request.app.state.settings
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > settings.max_upload_bytes:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, detail=too_large_message(settings)
            )
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not csrf_matches(request.session, sent):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=CSRF_FAILED)


CsrfDep = Depends(check_csrf)
"""Put in a router's ``dependencies`` to protect all its forms and API calls."""


def megabytes(n_bytes: int) -> str:
    """``n_bytes`` written for people, in MB (or kB below one megabyte).

    Examples
    --------
    >>> megabytes(50 * 1024 * 1024), megabytes(1_572_864), megabytes(2048)
    ('50 MB', '1.5 MB', '2 kB')
    """
    if n_bytes < 1024 * 1024:
        return f"{n_bytes / 1024:.0f} kB"
    value = n_bytes / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def too_large_message(settings: Settings, size: int | None = None) -> str:
    """The message for an upload over ``settings.max_upload_bytes``."""
    limit = megabytes(settings.max_upload_bytes)
    if size is None:
        return f"This file is larger than {limit}, the largest upload Tandem accepts."
    return f"This file is {megabytes(size)}; the largest upload Tandem accepts is {limit}."


def templates(request: Request) -> Jinja2Templates:
    """The app's Jinja2 environment."""
    env: Jinja2Templates = request.app.state.templates
    return env


def render(
    request: Request,
    page: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    partial: str | None = None,
) -> Response:
    """Render ``page``, or only its partial when htmx asked (``HX-Request`` header).

    Parameters
    ----------
    request : Request
        The request (its session gives the CSRF token).
    page : str
        The full page template, e.g. ``"journal.html"``.
    context : dict
        Values for the template. ``request``, ``csrf_token``, ``multi_user`` and ``viewer`` are
        added when missing.
    status_code : int
        HTTP status of the reply.
    partial : str, optional
        The partial to send for htmx requests; default ``partials/_<page>``.

    Returns
    -------
    Response
        The rendered HTML.
    """
    settings: Settings = request.app.state.settings
    name = page
    if request.headers.get("HX-Request") == "true":
        name = partial or f"partials/_{page}"
    full = {
        "csrf_token": csrf_token(request.session),
        "multi_user": settings.multi_user,
        "viewer": None,
        **context,
    }
    return templates(request).TemplateResponse(request, name, full, status_code=status_code)
