"""Accounts in therapist mode: register, log in, log out; argon2 hashes; the session cookie."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tandem.store import repository
from tandem.store.db import session_scope
from tandem.web.app import create_app
from tandem.web.deps import LOGIN_FIRST
from tandem.web.routes.auth import BAD_LOGIN
from tandem.web.security import SESSION_COOKIE
from tests.web.conftest import PASSWORD, make_app, with_csrf


def _register(client: TestClient, **changes: str) -> object:
    data = {"display_name": "Sam", "email": "Sam@Example.org", "password": PASSWORD, **changes}
    return client.post("/register", data=data, follow_redirects=False)


def test_register_hashes_with_argon2_and_logs_in(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True)
    with TestClient(app) as c:
        with_csrf(c)
        r = _register(c)
        assert r.status_code == 303 and r.headers["location"] == "/"
        with session_scope(app.state.engine) as s:
            user = repository.get_user_by_email(session=s, email="sam@example.org")
            assert user is not None
            assert user.password_hash.startswith("$argon2id$")
            assert PASSWORD not in user.password_hash
        me = c.get("/api/auth/me").json()
        assert me["email"] == "sam@example.org" and me["is_therapist"] is False


def test_register_form_errors_sit_next_to_fields(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True)
    with TestClient(app) as c:
        with_csrf(c)
        r = _register(c, email="not-an-email", password="short", display_name="")
        assert r.status_code == 422
        for field, words in [
            ("email", "Write an e-mail address such as sam@example.org."),
            ("display_name", "Write the name you would like to be greeted by."),
            ("password", "Use at least 10 characters."),
        ]:
            assert f'<p class="error" id="{field}-error" role="alert">{words}</p>' in r.text
        assert "short" not in r.text  # a typed password is never echoed back
        _register(c)
        with_csrf(c)  # logging in starts a new session with a new token
        assert c.post("/logout", follow_redirects=False).status_code == 303
        with_csrf(c)
        r = _register(c)
        assert r.status_code == 422
        assert "An account with this e-mail already exists; log in instead." in r.text


def test_login_logout_and_wrong_password(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True)
    with TestClient(app) as c:
        with_csrf(c)
        _register(c)
        with_csrf(c)  # logging in starts a new session with a new token
        assert c.post("/logout", follow_redirects=False).status_code == 303
        assert c.get("/api/auth/me").json() == {"detail": LOGIN_FIRST}
        with_csrf(c)
        r = c.post("/login", data={"email": "sam@example.org", "password": "wrong password!"})
        assert r.status_code == 401
        assert f'<p class="error" id="password-error" role="alert">{BAD_LOGIN}</p>' in r.text
        r = c.post("/login", data={"email": "nobody@example.org", "password": PASSWORD})
        assert BAD_LOGIN in r.text  # same words: no hint which e-mails exist
        r = c.post(
            "/login",
            data={
                "email": "SAM@example.org",
                "password": PASSWORD,
                "next": "https://evil.example/",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/"
        assert c.get("/api/auth/me").json()["display_name"] == "Sam"
        api = with_csrf(TestClient(app)).post(
            "/api/auth/login", json={"email": "sam@example.org", "password": "nope nope nope"}
        )
        assert (api.status_code, api.json()) == (401, {"detail": BAD_LOGIN})


def test_pages_send_anonymous_visitors_to_login(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True)
    with TestClient(app) as c:
        r = c.get("/couples/abc/journal", follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"] == "/login?next=/couples/abc/journal"
        assert "Welcome to Tandem" in c.get("/").text


def test_session_cookie_is_signed_httponly_lax_and_secure_off_localhost(tmp_path: Path) -> None:
    local = make_app(tmp_path / "a", multi_user=True)
    with TestClient(local) as c:
        cookie = c.get("/api/session").headers["set-cookie"]
        assert cookie.startswith(f"{SESSION_COOKIE}=")
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
        assert "secure" not in cookie.lower()
        # A tampered cookie is ignored: a new session, not the forged one.
        c.cookies.set(SESSION_COOKIE, cookie.split(";")[0].split("=", 1)[1][:-4] + "AAAA")
        assert c.get("/api/auth/me").status_code == 401
    (tmp_path / "b").mkdir()
    from tandem.config import Settings

    settings = Settings(
        data_dir=tmp_path / "b",
        database_url=f"sqlite:///{tmp_path / 'b' / 't.db'}",
        multi_user=True,
    )
    public = create_app(settings, public_host="0.0.0.0")
    with TestClient(public, base_url="https://tandem.example") as c:
        assert "secure" in c.get("/api/session").headers["set-cookie"].lower()
    assert len((tmp_path / "b" / "secret_key").read_text()) > 40  # key kept for restarts
