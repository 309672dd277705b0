"""Fixtures of the web tests: an app on a temporary SQLite file (migrated by Alembic), clients
that carry their CSRF token, accounts for therapist mode, and a synthetic chat export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tandem.config import Settings
from tandem.store import repository
from tandem.store.db import session_scope
from tandem.web.app import create_app
from tandem.web.security import hash_password

PASSWORD = "a calm long password"
"""Password of every test account."""


def make_app(
    tmp_path: Path, *, multi_user: bool = False, database_url: str = "", **extra: object
) -> FastAPI:
    """A fresh app with its own data folder and database (SQLite unless a URL is given)."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url or f"sqlite:///{tmp_path / 'tandem.db'}",
        multi_user=multi_user,
        secret_key="test-secret-key-for-signing-cookies",
        **extra,  # type: ignore[arg-type]
    )
    return create_app(settings)


def with_csrf(client: TestClient) -> TestClient:
    """Give ``client`` the CSRF header of its session (what the pages and htmx send)."""
    token = client.get("/api/session").json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return client


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    """A single-user (localhost) app."""
    return make_app(tmp_path)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of the single-user app, carrying its CSRF token."""
    with TestClient(app) as c:
        yield with_csrf(c)


@pytest.fixture
def couple_id(client: TestClient) -> str:
    """A couple, Sam (A) and Alex (B), created through the API."""
    r = client.post(
        "/api/couples", json={"name": "Sam & Alex", "partner_a": "Sam", "partner_b": "Alex"}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


# --- therapist mode -------------------------------------------------------------------------

_HASH: list[str] = []


def password_hash() -> str:
    """One argon2 hash of :data:`PASSWORD`, computed once (hashing is slow on purpose)."""
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


@dataclass
class World:
    """A therapist-mode app with one couple and a client per role."""

    app: FastAPI
    couple_id: str
    clients: dict[str, TestClient]
    user_ids: dict[str, str]

    def new_couple(self) -> str:
        """Another couple with the same people in the same roles (for destructive tests)."""
        return build_couple(self.app, self.user_ids)


ROLES = ("owner", "partner", "therapist", "other_therapist", "anonymous")
"""Everyone the access matrix asks about."""


def build_couple(app: FastAPI, user_ids: dict[str, str]) -> str:
    """Owner's couple, partner linked as B, therapist invited."""
    with session_scope(app.state.engine) as s:
        couple = repository.create_couple(
            session=s, name="Sam & Alex", owner_id=user_ids["owner"], partner_names=("Sam", "Alex")
        )
        repository.link_partner_user(
            session=s, couple_id=couple.id, label="A", user_id=user_ids["owner"]
        )
        repository.link_partner_user(
            session=s, couple_id=couple.id, label="B", user_id=user_ids["partner"]
        )
        repository.invite_therapist(
            session=s, couple_id=couple.id, therapist_id=user_ids["therapist"]
        )
        return couple.id


def login(app: FastAPI, email: str) -> TestClient:
    """A client logged in as ``email`` with its CSRF header set."""
    client = with_csrf(TestClient(app))
    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def make_world(tmp_path: Path, database_url: str = "") -> World:
    """Accounts for every role, a couple, and logged-in clients."""
    app = make_app(tmp_path, multi_user=True, database_url=database_url)
    user_ids: dict[str, str] = {}
    people = {
        "owner": ("sam@example.org", "Sam", False),
        "partner": ("alex@example.org", "Alex", False),
        "therapist": ("dr.lee@example.org", "Dr Lee", True),
        "other_therapist": ("dr.ko@example.org", "Dr Ko", True),
    }
    with session_scope(app.state.engine) as s:
        for role, (email, name, is_therapist) in people.items():
            user = repository.create_user(
                session=s,
                email=email,
                display_name=name,
                password_hash=password_hash(),
                is_therapist=is_therapist,
            )
            user_ids[role] = user.id
    couple_id = build_couple(app, user_ids)
    clients = {role: login(app, people[role][0]) for role in people}
    clients["anonymous"] = with_csrf(TestClient(app))
    return World(app=app, couple_id=couple_id, clients=clients, user_ids=user_ids)


@pytest.fixture
def world(tmp_path: Path) -> World:
    """A fresh therapist-mode world."""
    return make_world(tmp_path)


# --- chats ----------------------------------------------------------------------------------

PURSUE = [
    "why are you not answering me",
    "you never listen to me",
    "we need to talk about this right now",
    "hello?? answer me",
    "you always do this",
]
WITHDRAW = ["busy", "whatever", "fine", "not now", "I don't want to talk about it"]
WARM = [
    "I miss you, can we have dinner tonight?",
    "that makes sense, I'm sorry",
    "I need a break, I'll call you at 8",
    "thank you for listening",
]
NEUTRAL = ["bought milk", "train is late", "see you at 7", "ok"]


def write_chat(path: Path, *, days: int = 30, names: tuple[str, str] = ("Sam", "Alex")) -> Path:
    """A WhatsApp-style export in which ``names[0]`` presses and ``names[1]`` pulls away.

    Day 25 in the first line makes the date order unambiguous (day first).
    """
    start = datetime(2024, 3, 25, 8, 0)
    lines = []
    for day in range(days):
        t = start + timedelta(days=day)
        a, b = names
        script = [
            (a, NEUTRAL[day % len(NEUTRAL)]),
            (b, NEUTRAL[(day + 1) % len(NEUTRAL)]),
            (a, PURSUE[day % len(PURSUE)]),
            (a, PURSUE[(day + 2) % len(PURSUE)]),
            (b, WITHDRAW[day % len(WITHDRAW)]),
            (a, PURSUE[(day + 3) % len(PURSUE)]),
            (b, WITHDRAW[(day + 1) % len(WITHDRAW)]),
            (a if day % 3 else b, WARM[day % len(WARM)]),
        ]
        for k, (who, text) in enumerate(script):
            when = t + timedelta(minutes=7 * k + (40 if who == b else 0))
            lines.append(f"{when:%d/%m/%Y, %H:%M} - {who}: {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def chat_file(tmp_path: Path) -> Path:
    """A 30-day synthetic chat export (240 messages)."""
    return write_chat(tmp_path / "WhatsApp Chat with Alex.txt")


@pytest.fixture
def chat_factory(tmp_path: Path) -> Callable[..., Path]:
    """Write chats of a chosen length."""

    def make(name: str = "chat.txt", days: int = 30) -> Path:
        return write_chat(tmp_path / name, days=days)

    return make


def entry_body(**changes: object) -> dict[str, object]:
    """A valid journal entry for the API."""
    body: dict[str, object] = {
        "occurred_at": "2024-04-02T21:00:00",
        "topic": "the dishes",
        "raised_by": "A",
        "intensity": 6,
        "moves_a": ["pressure", "criticism"],
        "moves_b": ["withdrawal"],
        "ending": "paused",
        "minutes_to_reconnect": 45,
        "notes": "",
    }
    body.update(changes)
    return body
