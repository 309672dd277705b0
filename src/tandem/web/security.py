"""Passwords, the session secret, CSRF tokens and cookie settings of the web app.

Passwords are hashed with argon2id (``argon2-cffi``). The session lives in a cookie signed with
``itsdangerous`` (Starlette's ``SessionMiddleware``): HttpOnly always, ``SameSite=Lax``, and
``Secure`` whenever the server listens beyond this machine. Every state-changing request carries a
CSRF token: a form field ``csrf_token`` or an ``X-CSRF-Token`` header, equal to the one kept in the
signed session.

Examples
--------
>>> hashed = hash_password("correct horse battery")
>>> hashed.startswith("$argon2id$")
True
>>> verify_password(hashed, "correct horse battery")
True
>>> verify_password(hashed, "wrong")
False
>>> session: dict[str, object] = {}
>>> token = csrf_token(session)
>>> token == csrf_token(session)
True
>>> csrf_matches(session, token), csrf_matches(session, "forged")
(True, False)
>>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
(True, False)
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tandem.config import Settings

_HASHER = PasswordHasher()
"""argon2id with the library's recommended parameters (RFC 9106 low-memory profile)."""

CSRF_FIELD = "csrf_token"
"""Name of the hidden form field that carries the CSRF token."""
CSRF_HEADER = "X-CSRF-Token"
"""Header that carries the CSRF token for API calls and htmx requests."""
SESSION_COOKIE = "tandem_session"
"""Name of the signed session cookie."""
MIN_PASSWORD_LENGTH = 10
"""Shortest password an account may have."""

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def hash_password(password: str) -> str:
    """Hash ``password`` with argon2id.

    Parameters
    ----------
    password : str
        The password as typed.

    Returns
    -------
    str
        The encoded hash (algorithm, parameters, salt and digest), safe to store.
    """
    return _HASHER.hash(password)


def verify_password(hashed: str, password: str) -> bool:
    """Whether ``password`` matches the stored argon2 ``hashed`` value.

    Parameters
    ----------
    hashed : str
        A hash made by :func:`hash_password`.
    password : str
        The password as typed.

    Returns
    -------
    bool
        ``True`` on a match; ``False`` on a mismatch or a malformed hash.
    """
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The CSRF token of this session, created on first use.

    Parameters
    ----------
    session : MutableMapping
        The signed session (``request.session``).

    Returns
    -------
    str
        A random URL-safe token, the same for the whole session.
    """
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def csrf_matches(session: MutableMapping[str, Any], sent: str | None) -> bool:
    """Whether ``sent`` equals the session's CSRF token (constant-time comparison).

    Parameters
    ----------
    session : MutableMapping
        The signed session.
    sent : str or None
        The token the request carried.

    Returns
    -------
    bool
        ``False`` when either side is missing.
    """
    expected = session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not expected or not sent:
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    Parameters
    ----------
    host : str
        The address the server binds to.

    Returns
    -------
    bool
        ``True`` for 127.0.0.1, ::1 and localhost.
    """
    return host in _LOOPBACK or host.startswith("127.")


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies.

    ``settings.secret_key`` when set; otherwise a random key created once and kept in
    ``<data_dir>/secret_key`` (readable by the owner only), so sessions survive a restart.

    Parameters
    ----------
    settings : Settings
        Tandem's settings.

    Returns
    -------
    str
        The signing key.
    """
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        existing = path.read_text(encoding="utf-8").strip()
        if existing:
            return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
