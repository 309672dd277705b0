"""The quiz: each partner answers privately; only the combined result is ever shown."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tandem.assessment import load_items
from tandem.web.routes.quiz import ONLY_YOURSELF, PAGE_SIZE
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


# --- who sees what (docs/quiz.md) ------------------------------------------------------------

# Alex answers the fear questions high and is very worried and overwhelmed: only Alex may see it.
AFRAID_ALEX = ALEX | {
    i.id: (BANK.low + BANK.high - 8 if i.reverse else 8)
    for i in BANK.items
    if i.scale in {"safety", "anxiety", "flooding"}
}
HIDDEN = (
    "emergency",
    "helpline",
    "Only you see this",
    "you answered",
    "Alex answered",
    "Only for you, Alex",
    "of 9 to:",  # how a safety answer is quoted (the items themselves are on the form)
)


def _all_pages(client: TestClient, couple_id: str) -> str:
    return " ".join(
        client.get(url).text
        for url in (
            f"/couples/{couple_id}/quiz",
            f"/api/couples/{couple_id}/quiz",
            f"/couples/{couple_id}/plan",
            f"/api/couples/{couple_id}/plan",
            f"/couples/{couple_id}",
        )
    )


def test_each_viewer_sees_only_what_is_theirs(world: World) -> None:
    url = f"/api/couples/{world.couple_id}/quiz"
    assert (
        world.clients["owner"].post(url, json={"partner": "A", "answers": SAM}).status_code == 201
    )
    r = world.clients["partner"].post(url, json={"partner": "B", "answers": AFRAID_ALEX})
    assert r.status_code == 201
    # The one who answered is told, right away, where to find help.
    assert "emergency" in r.json()["mine"]["safety_message"]
    made = world.clients["owner"].post(f"/api/couples/{world.couple_id}/plan")
    assert made.status_code == 201, made.text

    alex = _all_pages(world.clients["partner"], world.couple_id)
    assert "Only you see this" in alex and "Only for you, Alex: your own scores" in alex

    for viewer in ("owner", "therapist"):
        seen = _all_pages(world.clients[viewer], world.couple_id)
        for hidden in HIDDEN:
            assert hidden not in seen, (viewer, hidden)
        # The shared picture is there, the same for both.
        assert "Pattern under strain" in seen
        assert "pulling away" in seen
    for viewer in ("owner", "partner", "therapist"):
        plan = world.clients[viewer].get(f"/api/couples/{world.couple_id}/plan").json()
        because = " ".join(
            s["because"] for p in plan["result"]["partners"].values() for s in p["steps"]
        )
        for private in ("worry", "overwhelm", "need for space", "rates your"):
            assert private not in because, (viewer, private)
        assert plan["result"]["safety_concern"] is None


def test_single_user_answerer_sees_their_note_once(client: TestClient, couple_id: str) -> None:
    r = client.post(f"/couples/{couple_id}/quiz", data=_form("B", AFRAID_ALEX))
    assert r.status_code == 201 and "Only you see this" in r.text
    # The next visitor at this shared computer may be Sam: the note is gone.
    again = client.get(f"/couples/{couple_id}/quiz").text
    assert "Only you see this" not in again and "emergency" not in again


def _page_form(partner: str, page: int, answers: dict[str, int], **extra: str) -> dict[str, str]:
    ids = BANK.ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    chosen = {f"item-{i}": str(answers[i]) for i in ids if i in answers}
    return {"partner": partner, "page": str(page), "move": "next", **chosen, **extra}


def test_the_quiz_goes_page_by_page_and_keeps_each_page(client: TestClient, couple_id: str) -> None:
    url = f"/couples/{couple_id}/quiz"
    n_pages = -(-len(BANK.ids) // PAGE_SIZE)
    first = client.get(url).text
    assert f"Page 1 of {n_pages}" in first and first.count("<fieldset") == PAGE_SIZE
    r = client.post(url, data=_page_form("A", 0, SAM))
    assert r.status_code == 200 and f"Page 2 of {n_pages}" in r.text
    assert f"{PAGE_SIZE} of {len(BANK.ids)} statements kept so far" in r.text
    assert 'type="radio" name="item-' in r.text and "checked" not in r.text  # nothing pre-filled
    assert client.get(f"/api/couples/{couple_id}/quiz").json()["answered"]["A"] is False
    # Half a page: only the open statements of this page are named, not the whole quiz.
    half = dict(list(SAM.items())[PAGE_SIZE : PAGE_SIZE + 5])
    r = client.post(url, data=_page_form("A", 1, half))
    assert r.status_code == 422 and r.text.count('class="error"') == PAGE_SIZE - 5
    # Back to page 1: its answers are kept (and not shown); going on needs no new choice.
    back = client.post(url, data={**_page_form("A", 1, half), "move": "back"})
    assert "Page 1 of" in back.text and back.text.count("(answer kept;") == PAGE_SIZE
    assert "checked" not in back.text
    for page in range(n_pages):
        r = client.post(url, data=_page_form("A", page, SAM if page else {}))
    assert r.status_code == 201 and "Thank you, Sam." in r.text
    assert client.get(f"/api/couples/{couple_id}/quiz").json()["answered"]["A"] is True
    assert "statements kept so far" not in client.get(url).text  # the draft is gone


def test_a_partner_who_stopped_half_way_comes_back_where_they_were(world: World) -> None:
    partner = world.clients["partner"]
    url = f"/couples/{world.couple_id}/quiz"
    for page in (0, 1):
        assert partner.post(url, data=_page_form("B", page, ALEX)).status_code == 200
    again = partner.get(url).text
    assert "Page 3 of" in again
    assert f"{2 * PAGE_SIZE} of {len(BANK.ids)} statements kept so far" in again
    # The draft lives in this partner's own session: the owner sees nothing of it.
    assert "statements kept so far" not in world.clients["owner"].get(url).text
