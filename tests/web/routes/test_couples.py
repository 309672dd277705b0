"""Couples: start page, creating (page and API), overview, deleting; CSRF on every form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tandem.web.deps import CSRF_FAILED, NOT_FOUND
from tests.web.conftest import World


def test_start_page_invites_to_add_a_couple(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "No couple yet." in r.text
    assert 'name="csrf_token"' in r.text


def test_create_from_the_form_redirects_to_the_overview(client: TestClient) -> None:
    r = client.post(
        "/couples",
        data={"name": "Sam & Alex", "partner_a": "Sam", "partner_b": "Alex"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    overview = client.get(r.headers["location"])
    assert overview.status_code == 200
    assert "Sam and Alex." in overview.text
    assert "Not answered yet." in overview.text


def test_create_form_errors_are_next_to_the_fields(client: TestClient) -> None:
    r = client.post("/couples", data={"name": "", "partner_a": "Sam", "partner_b": ""})
    assert r.status_code == 422
    assert (
        '<p class="error" id="name-error" role="alert">'
        "Give the couple a name, for example your two first names.</p>" in r.text
    )
    assert "Write the second partner&#39;s name." in r.text
    r = client.post("/couples", data={"name": "Us", "partner_a": "Sam", "partner_b": "sam"})
    assert r.status_code == 422
    assert (
        '<p class="error" id="partner_b-error" role="alert">'
        "The two partners need different names.</p>" in r.text
    )


def test_form_without_csrf_token_is_refused(client: TestClient) -> None:
    del client.headers["X-CSRF-Token"]
    r = client.post("/couples", data={"name": "Us", "partner_a": "Sam", "partner_b": "Alex"})
    assert r.status_code == 403
    assert CSRF_FAILED in r.text
    r = client.post("/api/couples", json={"name": "Us", "partner_a": "Sam", "partner_b": "Alex"})
    assert r.status_code == 403
    assert r.json() == {"detail": CSRF_FAILED}
    r = client.post(
        "/couples",
        data={"name": "Us", "partner_a": "Sam", "partner_b": "Alex", "csrf_token": "forged"},
    )
    assert r.status_code == 403


def test_form_field_token_is_accepted(client: TestClient) -> None:
    token = client.headers.pop("X-CSRF-Token")
    r = client.post(
        "/couples",
        data={"name": "Us", "partner_a": "Sam", "partner_b": "Alex", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_api_create_list_get_delete(client: TestClient, couple_id: str) -> None:
    listed = client.get("/api/couples").json()
    assert listed["total"] == 1
    assert listed["items"][0] == {
        "id": couple_id,
        "name": "Sam & Alex",
        "partner_a": "Sam",
        "partner_b": "Alex",
        "access": "owner",
    }
    assert client.get(f"/api/couples/{couple_id}").json()["access"] == "owner"
    assert client.delete(f"/api/couples/{couple_id}").status_code == 204
    r = client.get(f"/api/couples/{couple_id}")
    assert r.status_code == 404
    assert r.json() == {"detail": NOT_FOUND}
    page = client.get(f"/couples/{couple_id}")
    assert page.status_code == 404
    assert NOT_FOUND in page.text


def test_api_validation_names_the_field(client: TestClient) -> None:
    r = client.post("/api/couples", json={"name": "Us", "partner_a": "Sam"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "partner_b"]


def test_delete_from_the_page_removes_everything(client: TestClient, couple_id: str) -> None:
    r = client.post(f"/couples/{couple_id}/delete", follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/couples").json()["total"] == 0


def test_single_user_mode_has_no_accounts(client: TestClient) -> None:
    r = client.get("/login")
    assert r.status_code == 404
    assert "no account is needed" in r.text
    assert client.get("/api/auth/me").json()["id"] == "local"


def test_who_can_see_names_the_linked_partner_and_revoke_asks_first(world: World) -> None:
    page = world.clients["owner"].get(f"/couples/{world.couple_id}").text
    section = page.split("Who can see this couple")[1]
    assert "linked to the account Alex (alex@example.org)" in section
    assert "Dr Lee (dr.lee@example.org)" in section
    assert 'data-confirm="Stop Dr Lee from seeing this couple?' in section


def test_a_missing_page_does_not_offer_log_in_to_someone_logged_in(world: World) -> None:
    missing = world.clients["owner"].get("/couples/nope")
    assert missing.status_code == 404
    assert "Log out" in missing.text and 'href="/login"' not in missing.text
    stranger = world.clients["anonymous"].get("/no-such-page")
    assert stranger.status_code == 404 and 'href="/login"' in stranger.text


def test_every_page_has_an_icon(client: TestClient) -> None:
    assert 'rel="icon"' in client.get("/").text
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/static/favicon.svg").status_code == 200
