"""The what-if simulator: sliders re-simulate; a value out of range is named by its slider."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import write_chat


def test_page_shows_the_model_with_and_without_the_change(
    client: TestClient, couple_id: str
) -> None:
    r = client.get(f"/couples/{couple_id}/simulate")
    assert r.status_code == 200
    assert r.text.count("<svg") == 2
    assert "Sam&#39;s need for closeness" in r.text
    assert (
        "Change tried: the pursuer softens and the distancer announces breaks, from day 14."
        in r.text
    )


def test_slider_change_returns_only_the_partial(client: TestClient, couple_id: str) -> None:
    r = client.post(
        f"/couples/{couple_id}/simulate",
        data={"preset": "secure", "change": "validate", "start_day": "30", "need_a": "0.8"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200
    assert r.text.lstrip().startswith('<section id="simulate">')
    assert "from day 30." in r.text
    assert 'value="0.8"' in r.text


def test_out_of_range_values_are_named_next_to_their_slider(
    client: TestClient, couple_id: str
) -> None:
    r = client.post(
        f"/couples/{couple_id}/simulate",
        data={"need_a": "5", "start_day": "900", "change": "hug"},
    )
    assert (
        '<p class="error" id="need_a-error" role="alert">Choose a value from 0 to 1.</p>' in r.text
    )
    assert (
        '<p class="error" id="start_day-error" role="alert">Choose a day from 0 to 120.</p>'
        in r.text
    )
    assert (
        '<p class="error" id="change-error" role="alert">Choose one of the changes.</p>' in r.text
    )


def test_api_simulates_and_names_unknown_settings(client: TestClient, couple_id: str) -> None:
    url = f"/api/couples/{couple_id}/simulate"
    r = client.post(url, json={"preset": "classic", "params": {"need_a": 0.7}, "n_steps": 30})
    assert r.status_code == 200
    assert r.json()["available"] is True
    r = client.post(url, json={"preset": "classic", "params": {"charm": 1.0}})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("params: unknown setting 'charm'; known: need_a, need_b")
    r = client.post(url, json={"preset": "soulmates"})
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "preset: unknown preset 'soulmates'; choose one of: classic, two-pursuers, "
        "two-distancers, secure, role-reversal"
    )


def test_starts_from_the_couples_own_roles_and_resets_sliders_on_a_new_start(
    client: TestClient, couple_id: str
) -> None:
    from tandem.store import repository
    from tandem.store.db import session_scope

    with session_scope(client.app.state.engine) as s:  # type: ignore[attr-defined]
        repository.add_analysis(
            session=s,
            couple_id=couple_id,
            result={"partners": {"Sam": {"role": "distancer"}, "Alex": {"role": "pursuer"}}},
        )
    r = client.get(f"/couples/{couple_id}/simulate")
    assert (
        '<option value="yours" selected>yours: Sam distancer, Alex pursuer '
        "(from your cycle report)</option>" in r.text
    )
    # Coming from "yours" with Sam's need at 0.9, switching to "secure" shows secure's 0.5.
    r = client.post(
        f"/couples/{couple_id}/simulate",
        data={"preset": "secure", "shown_preset": "yours", "need_a": "0.9"},
    )
    assert 'id="need_a" name="need_a" min="0.0" max="1.0" step="0.01" value="0.5"' in r.text
    # Staying on "secure", the slider's value is kept.
    r = client.post(
        f"/couples/{couple_id}/simulate",
        data={"preset": "secure", "shown_preset": "secure", "need_a": "0.9"},
    )
    assert 'id="need_a" name="need_a" min="0.0" max="1.0" step="0.01" value="0.9"' in r.text


def _heat(page: str) -> float:
    return float(page.split("Average heat of a conflict: ")[1].split(" ")[0])


def test_every_page_names_the_same_person_for_the_same_role(
    client: TestClient, tmp_path: Path
) -> None:
    # Partner B (Tom) is the one who presses in the chat; A (Lena) pulls away.
    chat = write_chat(tmp_path / "chat.txt", names=("Tom", "Lena"))
    couple = client.post(
        "/api/couples", json={"name": "Lena & Tom", "partner_a": "Lena", "partner_b": "Tom"}
    ).json()["id"]
    with chat.open("rb") as handle:
        assert client.post(f"/couples/{couple}/upload", files={"file": handle}).status_code == 201
    report = client.get(f"/couples/{couple}/report").text
    assert "Tom" in report.split("pursuer")[0].rsplit("<h3>", 1)[1]  # Tom's card says pursuer
    what_if = client.get(f"/couples/{couple}/simulate").text
    assert "yours: Lena distancer, Tom pursuer (from your cycle report)" in what_if
    assert "How alarmed Tom gets when Lena pulls away" in what_if
    assert "How flooded Lena gets when Tom presses" in what_if
    plan = client.post(f"/couples/{couple}/plan").text
    assert "For Tom" in plan.split("pursuer pattern")[0].rsplit("<h2>", 1)[1]
    assert "For Lena" in plan.split("distancer pattern")[0].rsplit("<h2>", 1)[1]


def test_the_pursuers_alarm_moves_the_heat(client: TestClient, couple_id: str) -> None:
    # The model's own response: in the classic couple the pursuer's alarm drives the loop, so
    # going from 0.2 to 2.0 should raise the average heat by far more than noise (measured
    # +85%); 30% leaves room for changes to the model's defaults.
    low = client.post(f"/couples/{couple_id}/simulate", data={"anxiety_a": "0.2"}).text
    high = client.post(f"/couples/{couple_id}/simulate", data={"anxiety_a": "2.0"}).text
    assert _heat(high) > 1.3 * _heat(low)
