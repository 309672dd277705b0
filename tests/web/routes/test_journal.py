"""The journal pages and API: entries, check-ins, validation next to the field, concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from tandem.store import repository
from tandem.store.db import session_scope
from tests.web.conftest import World, entry_body, make_app, make_world, with_csrf

FORM = {
    "occurred_at": "2024-04-02T21:00",
    "topic": "the dishes",
    "raised_by": "A",
    "intensity": "6",
    "moves_a": ["pressure", "criticism"],
    "moves_b": ["withdrawal"],
    "ending": "paused",
    "minutes_to_reconnect": "45",
    "author": "B",
    "notes": "we stopped and came back later",
}


def test_entry_form_saves_and_lists_it(client: TestClient, couple_id: str) -> None:
    r = client.post(f"/couples/{couple_id}/journal/entries", data=FORM)
    assert r.status_code == 201
    assert "Saved. Thank you for writing it down." in r.text
    assert "the dishes" in r.text
    api = client.get(f"/api/couples/{couple_id}/journal").json()
    [entry] = api["entries"]
    assert entry["moves_a"] == ["criticism", "pressure"]  # canonical order
    assert entry["author"] == "B"
    assert entry["minutes_to_reconnect"] == 45


def test_entry_form_says_what_is_wrong_next_to_each_field(
    client: TestClient, couple_id: str
) -> None:
    bad = {**FORM, "intensity": "11", "topic": "  ", "minutes_to_reconnect": "soon", "ending": ""}
    r = client.post(f"/couples/{couple_id}/journal/entries", data=bad)
    assert r.status_code == 422
    html = r.text
    for field, words in [
        ("intensity", "Choose how heated it got, from 1 (calm) to 10 (the most heated)."),
        ("topic", "Write a few words about what it was about."),
        ("minutes_to_reconnect", "Write a whole number of minutes (0 or more), or leave it empty."),
        ("ending", "Choose how it ended."),
    ]:
        # The message sits right after its own input, tied to it by aria-describedby.
        assert f'aria-describedby="{field}-error"' in html
        assert f'<p class="error" id="{field}-error" role="alert">{words}</p>' in html
    assert 'value="the dishes"' not in html  # the blank topic is shown as typed, not replaced
    assert client.get(f"/api/couples/{couple_id}/journal").json()["entries"] == []


def test_htmx_post_returns_only_the_partial(client: TestClient, couple_id: str) -> None:
    r = client.post(
        f"/couples/{couple_id}/journal/entries", data=FORM, headers={"HX-Request": "true"}
    )
    assert r.status_code == 201
    assert r.text.lstrip().startswith('<section id="journal">')
    assert "<html" not in r.text


def test_checkin_form_and_validation(client: TestClient, couple_id: str) -> None:
    ok = {
        "occurred_at": "2024-04-03T08:00",
        "partner": "B",
        "step_title": "Announce a break",
        "done": "true",
        "went": "4",
        "note": "",
    }
    r = client.post(f"/couples/{couple_id}/journal/checkins", data=ok)
    assert r.status_code == 201
    assert "Check-in saved." in r.text
    r = client.post(f"/couples/{couple_id}/journal/checkins", data={**ok, "went": "9", "done": ""})
    assert r.status_code == 422
    assert "Choose from 1 (hard) to 5 (well), or leave it empty." in r.text
    assert "Say whether you did it." in r.text
    [checkin] = client.get(f"/api/couples/{couple_id}/journal").json()["checkins"]
    assert checkin["partner"] == "B" and checkin["went"] == 4


def test_api_rejects_unknown_codes_with_the_field_named(client: TestClient, couple_id: str) -> None:
    r = client.post(
        f"/api/couples/{couple_id}/journal/entries", json=entry_body(moves_b=["sulking"])
    )
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "moves_b", 0]


def test_both_partners_writing_at_once_lose_nothing(db_url: str, tmp_path: Path) -> None:
    """Two partners post 40 entries each at the same time; all 80 are stored (both backends)."""
    world = make_world(tmp_path, database_url=db_url)
    n = 40
    url = f"/api/couples/{world.couple_id}/journal/entries"

    def post(role: str, k: int) -> int:
        body = entry_body(topic=f"{role} {k}", raised_by="A" if role == "owner" else "B")
        return world.clients[role].post(url, json=body).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(post, role, k) for k in range(n) for role in ("owner", "partner")]
        codes = [f.result() for f in futures]
    assert codes == [201] * (2 * n)
    entries = (
        world.clients["owner"].get(f"/api/couples/{world.couple_id}/journal").json()["entries"]
    )
    topics = {e["topic"] for e in entries}
    assert topics == {f"{role} {k}" for k in range(n) for role in ("owner", "partner")}
    # Each partner's entries carry their own label as author, whatever the body said.
    assert {e["author"] for e in entries if e["topic"].startswith("partner")} == {"B"}


def test_partner_checks_in_only_as_themself(world: World) -> None:
    body = {
        "occurred_at": "2024-04-03T08:00:00",
        "partner": "A",
        "step_title": "Ask, not blame",
        "done": True,
    }
    r = world.clients["partner"].post(f"/api/couples/{world.couple_id}/journal/checkins", json=body)
    assert r.status_code == 201
    assert r.json()["partner"] == "B"


def test_trends_page_is_honest_before_any_entry(client: TestClient, couple_id: str) -> None:
    r = client.get(f"/couples/{couple_id}/trends")
    assert r.status_code == 200
    assert "No conflicts written down yet: trends start with the first entry." in r.text
    assert "<svg" not in r.text


def test_trends_chart_weeks_and_compare_before_and_after_the_plan(
    client: TestClient, couple_id: str
) -> None:
    url = f"/api/couples/{couple_id}/journal/entries"
    days = ["2024-04-01", "2024-04-09", "2024-04-17", "2024-04-25"]
    for k, day in enumerate(days):
        after = k >= 2
        body = entry_body(
            occurred_at=f"{day}T20:00:00",
            moves_a=["validation"] if after else ["pressure", "criticism"],
            moves_b=["timeout"] if after else ["withdrawal"],
            minutes_to_reconnect=20 if after else 180,
        )
        assert client.post(url, json=body).status_code == 201
    with session_scope(client.app.state.engine) as s:  # type: ignore[attr-defined]
        repository.add_plan(
            session=s,
            couple_id=couple_id,
            result={"partners": {}},
            created_at=datetime(2024, 4, 15, 12, tzinfo=UTC),
        )
    page = client.get(f"/couples/{couple_id}/trends")
    assert page.text.count("<svg") == 3
    assert "Before and after the plan (2024-04-15)" in page.text
    data = client.get(f"/api/couples/{couple_id}/journal/trends").json()["result"]
    assert [w["week"] for w in data["weeks"]] == ["2024-W14", "2024-W15", "2024-W16", "2024-W17"]
    before, after = data["periods"]
    assert (before["constructive_ratio"], after["constructive_ratio"]) == (0.0, 1.0)
    assert (before["median_minutes_to_reconnect"], after["median_minutes_to_reconnect"]) == (
        180,
        20,
    )


def test_size_of_form_limit_does_not_block_normal_posts(tmp_path: Path) -> None:
    app = make_app(tmp_path, max_upload_bytes=1024)
    with TestClient(app) as c:
        with_csrf(c)
        cid = c.post(
            "/api/couples", json={"name": "Us", "partner_a": "Jo", "partner_b": "Kim"}
        ).json()["id"]
        assert c.post(f"/couples/{cid}/journal/entries", data=FORM).status_code == 201


def test_an_entry_can_be_changed_and_deleted_from_the_page(
    client: TestClient, couple_id: str
) -> None:
    client.post(f"/couples/{couple_id}/journal/entries", data=FORM)
    [entry] = client.get(f"/api/couples/{couple_id}/journal").json()["entries"]
    edit = client.get(f"/couples/{couple_id}/journal/entries/{entry['id']}/edit")
    assert "Change this conflict" in edit.text and 'value="the dishes"' in edit.text
    wrong = client.post(
        f"/couples/{couple_id}/journal/entries/{entry['id']}", data={**FORM, "intensity": "11"}
    )
    assert wrong.status_code == 422 and "Change this conflict" in wrong.text  # still editing
    changed = client.post(
        f"/couples/{couple_id}/journal/entries/{entry['id']}",
        data={**FORM, "topic": "the dishes, again", "intensity": "3"},
    )
    assert "Changed and saved." in changed.text
    [after] = client.get(f"/api/couples/{couple_id}/journal").json()["entries"]
    assert (after["id"], after["topic"], after["intensity"]) == (
        entry["id"],
        "the dishes, again",
        3,
    )
    assert 'data-confirm="Delete this entry' in changed.text  # the page asks before deleting
    gone = client.post(f"/couples/{couple_id}/journal/entries/{entry['id']}/delete")
    assert "The entry was deleted." in gone.text
    assert client.get(f"/api/couples/{couple_id}/journal").json()["entries"] == []


def test_a_partner_changes_only_their_own_entries(world: World) -> None:
    owner, partner = world.clients["owner"], world.clients["partner"]
    url = f"/api/couples/{world.couple_id}/journal/entries"
    mine = partner.post(url, json=entry_body()).json()
    theirs = owner.post(url, json=entry_body()).json()
    assert (mine["author"], theirs["author"]) == ("B", "A")
    assert partner.delete(f"{url}/{theirs['id']}").status_code == 403
    page = partner.get(f"/couples/{world.couple_id}/journal/entries/{theirs['id']}/edit")
    assert page.status_code == 403 and "only the entries they wrote" in page.text
    assert partner.delete(f"{url}/{mine['id']}").status_code == 204
    left = owner.get(f"/api/couples/{world.couple_id}/journal").json()["entries"]
    assert [e["id"] for e in left] == [theirs["id"]]
