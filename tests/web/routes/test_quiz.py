"""The quiz: each partner answers privately; only the combined result is ever shown."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tandem.assessment import load_items
from tandem.web.routes.quiz import ONLY_YOURSELF
from tests.web.conftest import World

BANK = load_items()


def _answers(high: set[str], low: set[str]) -> dict[str, int]:
    """Ratings whose keyed value is 8 on ``high`` scales, 2 on ``low`` ones, 5 elsewhere."""
    out = {}
    for item in BANK.items:
        keyed = 8 if item.scale in high else 2 if item.scale in low | {"safety"} else 5
        out[item.id] = BANK.low + BANK.high - keyed if item.reverse else keyed
    return out


# Both agree: Sam presses, Alex pulls away.
SAM = _answers({"self_pursue", "partner_withdraw"}, {"self_withdraw", "partner_pursue"})
ALEX = _answers({"self_withdraw", "partner_pursue"}, {"self_pursue", "partner_withdraw"})


def _form(partner: str, answers: dict[str, int]) -> dict[str, str]:
    return {"partner": partner, **{f"item-{k}": str(v) for k, v in answers.items()}}


def test_both_answer_then_the_combined_view_appears(client: TestClient, couple_id: str) -> None:
    r = client.post(f"/couples/{couple_id}/quiz", data=_form("A", SAM))
    assert r.status_code == 201
    assert "Thank you, Sam. Your answers are saved and stay private" in r.text
    status = client.get(f"/api/couples/{couple_id}/quiz").json()
    assert status["answered"] == {"A": True, "B": False}
    assert status["combined"] is None
    r = client.post(f"/couples/{couple_id}/quiz", data=_form("B", ALEX))
    assert r.status_code == 201
    status = client.get(f"/api/couples/{couple_id}/quiz").json()
    combined = status["combined"]
    roles = {p["name"]: p["role"] for p in combined["partners"]}
    assert roles == {"Sam": "pursuer", "Alex": "distancer"}
    assert "Pattern under strain" in r.text


def test_raw_answers_are_never_shown(client: TestClient, couple_id: str) -> None:
    client.post(f"/couples/{couple_id}/quiz", data=_form("A", SAM))
    client.post(f"/couples/{couple_id}/quiz", data=_form("B", ALEX))
    page = client.get(f"/couples/{couple_id}/quiz").text
    api = client.get(f"/api/couples/{couple_id}/quiz").text
    for body in (page, api):
        assert "checked" not in body  # no radio comes back pre-filled with anyone's answer
        assert '"answers"' not in body
        assert BANK.items[0].id + '":' not in body


def test_missing_answers_are_named_next_to_their_item(client: TestClient, couple_id: str) -> None:
    partial = dict(list(SAM.items())[:-2])
    r = client.post(f"/couples/{couple_id}/quiz", data=_form("A", partial))
    assert r.status_code == 422
    for item in BANK.items[-2:]:
        assert (
            f'<p class="error" id="{item.id}-error" role="alert">'
            "Choose a number from 1 to 9, or skip it.</p>" in r.text
        )
    r = client.post(f"/couples/{couple_id}/quiz", data=_form("", SAM))
    assert r.status_code == 422
    assert "Choose who is answering." in r.text
    assert client.get(f"/api/couples/{couple_id}/quiz").json()["answered"] == {
        "A": False,
        "B": False,
    }


def test_api_answers_are_checked(client: TestClient, couple_id: str) -> None:
    bad = {**SAM, BANK.items[0].id: 12}
    r = client.post(f"/api/couples/{couple_id}/quiz", json={"partner": "A", "answers": bad})
    assert r.status_code == 422
    assert r.json() == {"detail": f"{BANK.items[0].id}: 12 is outside 1-9"}


def test_a_partner_answers_only_as_themself(world: World) -> None:
    url = f"/api/couples/{world.couple_id}/quiz"
    r = world.clients["partner"].post(url, json={"partner": "A", "answers": SAM})
    assert r.status_code == 403
    assert r.json() == {"detail": ONLY_YOURSELF}
    r = world.clients["partner"].post(url, json={"partner": "B", "answers": ALEX})
    assert r.status_code == 201
    # The owner (partner A) sees that Alex answered, never what Alex answered.
    seen = world.clients["owner"].get(url).json()
    assert seen["answered"] == {"A": False, "B": True}
    assert seen["combined"] is None
