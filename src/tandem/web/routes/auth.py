"""Accounts (therapist mode): register, log in, log out; and the same under ``/api/auth``.

In single-user mode these pages say that no account is needed and the API answers 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from tandem.errors import TandemError
from tandem.store import repository
from tandem.web.deps import CsrfDep, SessionDep, SettingsDep, ViewerDep, render
from tandem.web.schemas import LoginCreate, RegisterCreate, UserPublic, validate_form
from tandem.web.security import csrf_token, hash_password, verify_password

router = APIRouter(tags=["auth"], include_in_schema=False, dependencies=[CsrfDep])
api = APIRouter(prefix="/api/auth", tags=["auth"], dependencies=[CsrfDep])
ROUTERS = (router, api)

SINGLE_USER = "Tandem runs in private single-user mode here: no account is needed."
"""Detail of a 404 for account routes in single-user mode."""
BAD_LOGIN = "That e-mail and password do not match an account."
"""The same words whether the e-mail is unknown or the password wrong."""


def _need_multi(multi_user: bool) -> None:
    if not multi_user:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=SINGLE_USER)


def _safe_next(target: str | None) -> str:
    """Only redirect within this site."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def register_user(session: Session, form: RegisterCreate) -> tuple[Any, dict[str, str]]:
    """Create the account, or say which field is wrong."""
    if repository.get_user_by_email(session=session, email=form.email) is not None:
        return None, {"email": "An account with this e-mail already exists; log in instead."}
    try:
        user = repository.create_user(
            session=session,
            email=form.email,
            display_name=form.display_name,
            password_hash=hash_password(form.password),
            is_therapist=form.is_therapist,
        )
    except TandemError as error:
        return None, {error.where or "email": error.what}
    return user, {}


def check_login(session: Session, form: LoginCreate) -> Any:
    """The account when the password matches, else ``None``."""
    user = repository.get_user_by_email(session=session, email=form.email)
    if user is None:
        # Spend the same time as a real check so timing does not tell which e-mails exist.
        verify_password(_DUMMY_HASH, form.password)
        return None
    return user if verify_password(user.password_hash, form.password) else None


_DUMMY_HASH = hash_password("not a real password, only for timing")


def _start_session(request: Request, user_id: str) -> None:
    request.session.clear()
    request.session["uid"] = user_id
    csrf_token(request.session)


def _user_public(user: Any) -> UserPublic:
    return UserPublic(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        is_therapist=bool(user.is_therapist),
    )


# --- pages ----------------------------------------------------------------------------------


@router.get("/register")
def register_page(request: Request, settings: SettingsDep) -> Response:
    """The form to create an account."""
    _need_multi(settings.multi_user)
    return render(
        request, "register.html", {"title": "Create an account", "values": {}, "errors": {}}
    )


@router.post("/register")
async def register_submit(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Create the account and log in."""
    _need_multi(settings.multi_user)
    data: dict[str, Any] = dict(await request.form())
    data["is_therapist"] = data.get("is_therapist") == "on"
    form, errors = validate_form(RegisterCreate, data)
    user = None
    if form is not None:
        user, errors = register_user(session, form)
    if user is None:
        data.pop("password", None)
        return render(
            request,
            "register.html",
            {"title": "Create an account", "values": data, "errors": errors},
            status_code=422,
        )
    _start_session(request, user.id)
    return RedirectResponse("/therapist" if user.is_therapist else "/", status_code=303)


@router.get("/login")
def login_page(request: Request, settings: SettingsDep, next: str = "/") -> Response:  # noqa: A002
    """The login form."""
    _need_multi(settings.multi_user)
    return render(
        request,
        "login.html",
        {"title": "Log in", "values": {"next": _safe_next(next)}, "errors": {}},
    )


@router.post("/login")
async def login_submit(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Check the password and start a session."""
    _need_multi(settings.multi_user)
    data = dict(await request.form())
    target = _safe_next(str(data.get("next", "/")))
    form, errors = validate_form(LoginCreate, data)
    user = check_login(session, form) if form is not None else None
    if user is None:
        if form is not None:
            errors = {"password": BAD_LOGIN}
        return render(
            request,
            "login.html",
            {
                "title": "Log in",
                "values": {"email": data.get("email", ""), "next": target},
                "errors": errors,
            },
            status_code=422 if form is None else 401,
        )
    _start_session(request, user.id)
    if target == "/" and user.is_therapist:
        target = "/therapist"
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout_submit(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return RedirectResponse("/", status_code=303)


# --- API ------------------------------------------------------------------------------------


@api.post("/register", status_code=status.HTTP_201_CREATED, summary="Create an account")
def register_api(
    request: Request, session: SessionDep, settings: SettingsDep, body: RegisterCreate
) -> UserPublic:
    """Create an account (therapist mode) and log in; argon2 hashes the password."""
    _need_multi(settings.multi_user)
    user, errors = register_user(session, body)
    if user is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=next(iter(errors.values())))
    _start_session(request, user.id)
    return _user_public(user)


@api.post("/login", summary="Log in")
def login_api(
    request: Request, session: SessionDep, settings: SettingsDep, body: LoginCreate
) -> dict[str, Any]:
    """Start a session; the reply carries the new CSRF token for later calls."""
    _need_multi(settings.multi_user)
    user = check_login(session, body)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=BAD_LOGIN)
    _start_session(request, user.id)
    return {"user": _user_public(user).model_dump(), "csrf_token": csrf_token(request.session)}


@api.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Log out")
def logout_api(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/me", summary="The logged-in account")
def me_api(session: SessionDep, viewer: ViewerDep) -> UserPublic:
    """Who you are logged in as (in single-user mode: the local owner)."""
    if viewer.user_id is None:
        return UserPublic(
            id="local", email="", display_name=viewer.display_name, is_therapist=False
        )
    user = repository.get_user(session=session, user_id=viewer.user_id)
    return _user_public(user)
