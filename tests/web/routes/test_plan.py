"""The plan page: made from the couple's chat and quiz, with the model's expected effect."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.routes.test_quiz import ALEX, SAM


def test_without_data_the_page_says_what_to_do_first(client: TestClient, couple_id: str) -> None:
    r = client.post(f"/couples/{couple_id}/plan")
    assert r.status_code == 422
    assert "Take the quiz or upload a chat first; the plan is made from them." in r.text
    api = client.post(f"/api/couples/{couple_id}/plan")
    assert (api.status_code, api.json()) == (
        422,
        {"detail": "Take the quiz or upload a chat first; the plan is made from them."},
    )
    assert client.get(f"/api/couples/{couple_id}/plan").json() == {
        "available": False,
        "message": "There is no plan yet.",
        "result": None,
    }


def test_plan_from_quiz_and_chat_feeds_the_checkin_form(
    client: TestClient, couple_id: str, chat_file: Path
) -> None:
    client.post(f"/api/couples/{couple_id}/quiz", json={"partner": "A", "answers": SAM})
    client.post(f"/api/couples/{couple_id}/quiz", json={"partner": "B", "answers": ALEX})
    with chat_file.open("rb") as handle:
        client.post(f"/api/couples/{couple_id}/conversations", files={"file": handle})
    r = client.post(f"/couples/{couple_id}/plan", headers={"HX-Request": "true"})
    assert r.status_code == 201
    assert r.text.lstrip().startswith('<section id="plan">')
    assert "For Sam" in r.text and "pursuer pattern" in r.text
    assert "For Alex" in r.text and "distancer pattern" in r.text
    assert "<svg" in r.text  # the model's expected effect
    plan = client.get(f"/api/couples/{couple_id}/plan").json()["result"]
    assert plan["sources"] == ["chat", "quiz"]
    first = plan["partners"]["Sam"]["steps"][0]["title"]
    journal = client.get(f"/couples/{couple_id}/journal").text
    assert f'<option value="{first}"' in journal.replace("&#39;", "'")


def test_the_break_helper_writes_the_message_and_the_reminder(
    client: TestClient, couple_id: str
) -> None:
    page = client.get(f"/couples/{couple_id}/timeout")
    assert page.status_code == 200 and "Nothing you type here is stored" in page.text
    form = {"need": "a walk", "minutes": "25", "back_at": "", "feeling": "I'm too upset"}
    r = client.post(f"/couples/{couple_id}/timeout", data=form)
    assert r.status_code == 200
    assert "I&#39;m too upset. I need a walk for 25 minutes." in r.text
    ics = client.post(f"/couples/{couple_id}/timeout/reminder.ics", data=form)
    assert ics.headers["content-type"].startswith("text/calendar")
    assert (
        ics.text.startswith("BEGIN:VCALENDAR")
        and "come-back.ics" in ics.headers["content-disposition"]
    )


def test_the_break_helper_says_what_is_missing_beside_the_field(
    client: TestClient, couple_id: str
) -> None:
    r = client.post(f"/couples/{couple_id}/timeout", data={"need": "a walk", "minutes": ""})
    assert r.status_code == 422
    assert "Give how long the break is or when you will be back." in r.text
    assert 'id="minutes-error"' in r.text
    r = client.post(f"/couples/{couple_id}/timeout", data={"need": "", "minutes": "20"})
    assert r.status_code == 422 and 'id="need-error"' in r.text
    assert "--" not in r.text.split('id="need-error"')[1].split("</p>")[0]
