"""Inviting and revoking a therapist; the therapist's dashboard with each couple's trend."""

from __future__ import annotations

from tandem.web.deps import NOT_FOUND
from tandem.web.routes.therapist import NO_THERAPIST, NOT_INVITED
from tests.web.conftest import World, entry_body


def test_invite_then_revoke(world: World) -> None:
    cid = world.new_couple()
    owner, ko = world.clients["owner"], world.clients["other_therapist"]
    assert ko.get(f"/api/couples/{cid}").json() == {"detail": NOT_FOUND}
    r = owner.post(f"/api/couples/{cid}/therapists", json={"email": "dr.ko@example.org"})
    assert r.status_code == 201
    assert {t["email"] for t in r.json()} == {"dr.lee@example.org", "dr.ko@example.org"}
    assert ko.get(f"/api/couples/{cid}").json()["access"] == "therapist"
    assert cid in {c["id"] for c in ko.get("/api/therapist/couples").json()}
    dashboard = ko.get("/therapist")
    assert "Sam &amp; Alex" in dashboard.text
    ko_id = world.user_ids["other_therapist"]
    assert owner.delete(f"/api/couples/{cid}/therapists/{ko_id}").status_code == 204
    assert ko.get(f"/api/couples/{cid}").status_code == 404
    assert ko.get(f"/couples/{cid}/journal").status_code == 404
    assert cid not in {c["id"] for c in ko.get("/api/therapist/couples").json()}
    again = owner.delete(f"/api/couples/{cid}/therapists/{ko_id}")
    assert (again.status_code, again.json()) == (404, {"detail": NOT_INVITED})


def test_invite_form_errors_are_next_to_the_field(world: World) -> None:
    owner = world.clients["owner"]
    r = owner.post(f"/couples/{world.couple_id}/therapists", data={"email": "alex@example.org"})
    assert r.status_code == 422
    assert (
        f'<p class="error" id="therapist_email-error" role="alert">{NO_THERAPIST}</p>'
        in r.text.replace("&#39;", "'")
    )
    r = owner.post(f"/couples/{world.couple_id}/therapists", data={"email": "nope"})
    assert "Write an e-mail address such as sam@example.org." in r.text


def test_dashboard_lists_each_couple_with_its_trend(world: World) -> None:
    owner, lee = world.clients["owner"], world.clients["therapist"]
    owner.post(f"/api/couples/{world.couple_id}/journal/entries", json=entry_body())
    [item] = [c for c in lee.get("/api/therapist/couples").json() if c["id"] == world.couple_id]
    assert item["overview"]["n_entries"] == 1
    assert set(item["trend"]) == {"available", "data"}
    page = lee.get("/therapist")
    assert page.status_code == 200
    assert "1 journal entry" in page.text
