"""Who may do what: every route × owner, partner, therapist, other therapist, anonymous.

One table. ``PUBLIC`` routes answer everyone; ``USER`` routes anyone logged in; ``THERAPIST``
routes therapist accounts only. ``READ`` routes are open to the couple's owner, partner and
invited therapist; ``WRITE`` routes to the owner and partner (a therapist reads but does not
change); ``OWNER`` routes to the owner only. A therapist who was not invited gets the same 404
as for a couple that does not exist, so nobody can learn which couples exist. Anonymous
visitors are sent to the login page (pages) or get 401 (API).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tandem.assessment import load_items
from tandem.web.app import ROUTE_MODULES
from tandem.web.deps import LOGIN_FIRST, NOT_FOUND, OWNER_ONLY, READ_ONLY
from tandem.web.routes.therapist import THERAPISTS_ONLY
from tests.web.conftest import ROLES, World, entry_body, make_world, write_chat

PUBLIC, USER, THERAPIST = "public", "user", "therapist"
READ, WRITE, OWNER = "read", "write", "owner"

ALLOWED = {
    PUBLIC: set(ROLES),
    USER: {"owner", "partner", "therapist", "other_therapist"},
    THERAPIST: {"therapist", "other_therapist"},
    READ: {"owner", "partner", "therapist"},
    WRITE: {"owner", "partner"},
    OWNER: {"owner"},
}

QUIZ = {item.id: 5 for item in load_items().items}
CHECKIN = {
    "occurred_at": "2024-04-03T08:00:00",
    "partner": "A",
    "step_title": "Pause",
    "done": True,
}
ENTRY_FORM = {
    "occurred_at": "2024-04-02T21:00",
    "topic": "money",
    "raised_by": "A",
    "intensity": "4",
    "ending": "resolved",
    "author": "A",
}

# (kind, method, path, request kwargs, status codes an allowed role may get)
ROUTES: list[tuple[str, str, str, dict[str, Any], set[int]]] = [
    # not tied to one couple
    (PUBLIC, "GET", "/", {}, {200}),
    (PUBLIC, "GET", "/login", {}, {200}),
    (PUBLIC, "GET", "/register", {}, {200}),
    (PUBLIC, "GET", "/favicon.ico", {}, {200}),
    (PUBLIC, "GET", "/api/session", {}, {200}),
    (
        USER,
        "POST",
        "/couples",
        {"data": {"name": "Us", "partner_a": "Jo", "partner_b": "Kim"}},
        {303},
    ),
    (USER, "GET", "/api/couples", {}, {200}),
    (
        USER,
        "POST",
        "/api/couples",
        {"json": {"name": "Us", "partner_a": "Jo", "partner_b": "Kim"}},
        {201},
    ),
    (USER, "GET", "/api/auth/me", {}, {200}),
    (THERAPIST, "GET", "/therapist", {}, {200}),
    (THERAPIST, "GET", "/api/therapist/couples", {}, {200}),
    # pages
    (READ, "GET", "/couples/{cid}", {}, {200}),
    (READ, "GET", "/couples/{cid}/quiz", {}, {200}),
    (READ, "GET", "/couples/{cid}/upload", {}, {200}),
    (READ, "GET", "/couples/{cid}/report", {}, {200}),
    (READ, "GET", "/couples/{cid}/report/full", {}, {404}),  # nothing analysed yet
    (READ, "GET", "/couples/{cid}/simulate", {}, {200}),
    (READ, "POST", "/couples/{cid}/simulate", {"data": {}}, {200}),
    (READ, "GET", "/couples/{cid}/plan", {}, {200}),
    (READ, "GET", "/couples/{cid}/journal", {}, {200}),
    (READ, "GET", "/couples/{cid}/trends", {}, {200}),
    (READ, "GET", "/couples/{cid}/timeout", {}, {200}),
    (READ, "POST", "/couples/{cid}/timeout", {"data": {"need": "a walk", "minutes": "20"}}, {200}),
    (
        READ,
        "POST",
        "/couples/{cid}/timeout/reminder.ics",
        {"data": {"need": "a walk", "minutes": "20"}},
        {200},
    ),
    (WRITE, "POST", "/couples/{cid}/quiz", {"data": {}}, {422}),
    (WRITE, "POST", "/couples/{cid}/upload", {"data": {}}, {422}),
    (WRITE, "POST", "/couples/{cid}/report", {}, {409}),
    (WRITE, "POST", "/couples/{cid}/plan", {}, {422}),  # no quiz or chat yet
    (WRITE, "POST", "/couples/{cid}/journal/entries", {"data": ENTRY_FORM}, {201}),
    (WRITE, "GET", "/couples/{cid}/journal/entries/nope/edit", {}, {404}),
    (WRITE, "POST", "/couples/{cid}/journal/entries/nope", {"data": ENTRY_FORM}, {404}),
    (WRITE, "POST", "/couples/{cid}/journal/entries/nope/delete", {}, {404}),
    (WRITE, "POST", "/couples/{cid}/upload/nope/delete", {}, {404}),
    (
        WRITE,
        "POST",
        "/couples/{cid}/journal/checkins",
        {"data": {**CHECKIN, "done": "true"}},
        {201},
    ),
    (WRITE, "POST", "/couples/{cid}/therapists", {"data": {"email": "dr.ko@example.org"}}, {303}),
    (WRITE, "POST", "/couples/{cid}/therapists/{tid}/revoke", {}, {303}),
    (OWNER, "POST", "/couples/{cid}/partner", {"data": {"email": "alex@example.org"}}, {303}),
    (OWNER, "POST", "/couples/{cid}/delete", {}, {303}),
    # API
    (READ, "GET", "/api/couples/{cid}", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/overview", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/quiz", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/quiz/items", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/conversations", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/analysis", {}, {200}),
    (READ, "POST", "/api/couples/{cid}/simulate", {"json": {}}, {200}),
    (READ, "GET", "/api/couples/{cid}/plan", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/journal", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/journal/trends", {}, {200}),
    (READ, "GET", "/api/couples/{cid}/therapists", {}, {200}),
    (
        WRITE,
        "POST",
        "/api/couples/{cid}/quiz",
        {"json": {"partner": "{me}", "answers": QUIZ}},
        {201},
    ),
    (WRITE, "POST", "/api/couples/{cid}/conversations", {"files": "chat"}, {201}),
    (WRITE, "DELETE", "/api/couples/{cid}/conversations/nope", {}, {404}),
    (WRITE, "DELETE", "/api/couples/{cid}/journal/entries/nope", {}, {404}),
    (WRITE, "POST", "/api/couples/{cid}/analysis", {}, {409}),
    (WRITE, "POST", "/api/couples/{cid}/plan", {}, {422}),
    (WRITE, "POST", "/api/couples/{cid}/journal/entries", {"json": entry_body()}, {201}),
    (WRITE, "POST", "/api/couples/{cid}/journal/checkins", {"json": CHECKIN}, {201}),
    (
        WRITE,
        "POST",
        "/api/couples/{cid}/therapists",
        {"json": {"email": "dr.ko@example.org"}},
        {201},
    ),
    (WRITE, "DELETE", "/api/couples/{cid}/therapists/{tid}", {}, {204}),
    (OWNER, "POST", "/api/couples/{cid}/partner", {"json": {"email": "alex@example.org"}}, {200}),
    (OWNER, "DELETE", "/api/couples/{cid}", {}, {204}),
]


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield make_world(tmp_path_factory.mktemp("access"))


@pytest.fixture(scope="module")
def small_chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chat(tmp_path_factory.mktemp("chat") / "chat.txt", days=2)


def _request(
    world: World, role: str, method: str, path: str, kwargs: dict[str, Any], chat: Path
) -> Any:
    cid = world.new_couple()
    url = path.format(cid=cid, tid=world.user_ids["therapist"])
    kwargs = dict(kwargs)
    if (
        "json" in kwargs
        and isinstance(kwargs["json"], dict)
        and kwargs["json"].get("partner") == "{me}"
    ):
        kwargs["json"] = {**kwargs["json"], "partner": "B" if role == "partner" else "A"}
    if kwargs.get("files") == "chat":
        kwargs["files"] = {"file": ("chat.txt", chat.read_bytes(), "text/plain")}
    return world.clients[role].request(method, url, follow_redirects=False, **kwargs)


CASES = [
    pytest.param(kind, method, path, kwargs, ok, role, id=f"{method} {path} as {role}")
    for kind, method, path, kwargs, ok in ROUTES
    for role in ROLES
]


@pytest.mark.parametrize(("kind", "method", "path", "kwargs", "ok", "role"), CASES)
def test_access(
    shared_world: World,
    small_chat: Path,
    kind: str,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    ok: set[int],
    role: str,
) -> None:
    r = _request(shared_world, role, method, path, kwargs, small_chat)
    is_api = path.startswith("/api/")
    if role in ALLOWED[kind]:
        assert r.status_code in ok, r.text[:500]
        return
    if role == "anonymous":
        if is_api:
            assert (r.status_code, r.json()) == (401, {"detail": LOGIN_FIRST})
        else:
            assert r.status_code == 303
            assert r.headers["location"] == "/login?next=" + r.request.url.path
        return
    if kind == THERAPIST:  # a partner's account on a therapist's page
        expected, detail = 403, THERAPISTS_ONLY
    elif role == "other_therapist":
        expected, detail = 404, NOT_FOUND
    elif role == "therapist":
        expected, detail = 403, READ_ONLY
    else:  # the partner on an owner-only route
        expected, detail = 403, OWNER_ONLY
    assert r.status_code == expected
    if is_api:
        assert r.json() == {"detail": detail}
    else:
        assert detail.replace("'", "&#39;") in r.text


ENTRY_POINTS = {
    ("POST", "/login"),
    ("POST", "/register"),
    ("POST", "/logout"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/logout"),
}
"""Account entry points: open to everyone by design, tested in ``test_auth.py``."""


def test_every_route_is_in_the_table() -> None:
    """A new route cannot slip past the matrix."""
    in_table = {
        (m, p.replace("{cid}", "{couple_id}").replace("{tid}", "{therapist_id}"))
        for _, m, p, _, _ in ROUTES
    }
    in_table = {
        (
            m,
            p.replace("/conversations/nope", "/conversations/{conversation_id}")
            .replace("/upload/nope", "/upload/{conversation_id}")
            .replace("/entries/nope", "/entries/{entry_id}"),
        )
        for m, p in in_table
    }
    routes = {
        (method, route.path)
        for module in ROUTE_MODULES
        for router in module.ROUTERS
        for route in router.routes
        for method in route.methods - {"HEAD"}  # type: ignore[attr-defined]
    }
    assert len(routes) > 50
    assert routes - in_table - ENTRY_POINTS == set()


def test_dashboard_lists_only_the_couples_that_invited_the_therapist(
    shared_world: World,
) -> None:
    seen = {
        role: {c["id"] for c in shared_world.clients[role].get("/api/therapist/couples").json()}
        for role in ("therapist", "other_therapist")
    }
    assert shared_world.couple_id in seen["therapist"]
    assert shared_world.couple_id not in seen["other_therapist"]
