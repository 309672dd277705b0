"""Who may see a couple: the access matrix, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from tandem.errors import InvalidChoice
from tandem.store import repository as repo
from tandem.store.db import session_scope


@dataclass(frozen=True)
class World:
    couple_id: str
    other_couple_id: str
    users: dict[str, str | None]


@pytest.fixture
def world(engine: Engine) -> Iterator[World]:
    with session_scope(engine) as s:

        def user(name: str, therapist: bool = False) -> str:
            return repo.create_user(
                session=s,
                email=f"{name}@x.org",
                display_name=name,
                password_hash="h",
                is_therapist=therapist,
            ).id

        owner, partner = user("owner"), user("partner")
        therapist, revoked, other = user("th", True), user("rv", True), user("other", True)
        stranger = user("stranger")
        couple = repo.create_couple(session=s, name="c", owner_id=owner)
        repo.link_partner_user(session=s, couple_id=couple.id, label="B", user_id=partner)
        repo.invite_therapist(session=s, couple_id=couple.id, therapist_id=therapist)
        repo.invite_therapist(session=s, couple_id=couple.id, therapist_id=revoked)
        assert repo.revoke_therapist(session=s, couple_id=couple.id, therapist_id=revoked)
        other_couple = repo.create_couple(session=s, name="theirs", owner_id=stranger)
        repo.invite_therapist(session=s, couple_id=other_couple.id, therapist_id=other)
        made = World(
            couple.id,
            other_couple.id,
            {
                "owner": owner,
                "partner": partner,
                "therapist": therapist,
                "revoked therapist": revoked,
                "other therapist": other,
                "stranger": stranger,
                "anonymous": None,
            },
        )
    yield made


MATRIX = [
    ("owner", "owner"),
    ("partner", "partner"),
    ("therapist", "therapist"),
    ("revoked therapist", None),
    ("other therapist", None),
    ("stranger", None),
    ("anonymous", None),
]


@pytest.mark.parametrize(("who", "expected"), MATRIX, ids=[w for w, _ in MATRIX])
def test_access_matrix(engine: Engine, world: World, who: str, expected: str | None) -> None:
    user_id = world.users[who]
    with session_scope(engine) as s:
        assert repo.access_of(session=s, user_id=user_id, couple_id=world.couple_id) == expected
        if user_id is not None:
            visible = {c.id for c in repo.list_couples_for_user(session=s, user_id=user_id)}
            assert (world.couple_id in visible) == (expected is not None)


def test_no_access_to_a_couple_that_does_not_exist(engine: Engine, world: World) -> None:
    with session_scope(engine) as s:
        assert repo.access_of(session=s, user_id=world.users["owner"], couple_id="missing") is None


def test_reinviting_after_revoke_restores_access_and_revoking_twice_is_a_no_op(
    engine: Engine, world: World
) -> None:
    revoked = world.users["revoked therapist"]
    assert revoked is not None
    with session_scope(engine) as s:
        assert not repo.revoke_therapist(session=s, couple_id=world.couple_id, therapist_id=revoked)
        repo.invite_therapist(session=s, couple_id=world.couple_id, therapist_id=revoked)
        assert repo.access_of(session=s, user_id=revoked, couple_id=world.couple_id) == "therapist"
        active = repo.list_therapist_links(session=s, couple_id=world.couple_id)
        every = repo.list_therapist_links(
            session=s, couple_id=world.couple_id, include_revoked=True
        )
        assert len(active) == 2 and len(every) == 3


def test_only_therapist_accounts_can_be_invited(engine: Engine, world: World) -> None:
    stranger = world.users["stranger"]
    assert stranger is not None
    with session_scope(engine) as s, pytest.raises(InvalidChoice, match="therapist_id"):
        repo.invite_therapist(session=s, couple_id=world.couple_id, therapist_id=stranger)
