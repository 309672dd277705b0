"""End to end in a real browser: a couple's whole flow, and a therapist's invite and revoke.

Each page's screenshot is saved to ``docs/screenshots/`` (the README links them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tandem.assessment import load_items
from tests.e2e.conftest import accept_next_dialog, answer_quiz, open_page, shoot
from tests.web.conftest import PASSWORD, write_chat

pytestmark = pytest.mark.browser

BANK = load_items()


def _answer_quiz(page: Any, partner: str, name: str, high: set[str], low: set[str]) -> None:
    page.select_option("#partner", partner)
    by_id = {item.id: item for item in BANK.items}

    def rating(item_id: str) -> int:
        item = by_id[item_id]
        keyed = 8 if item.scale in high else 2 if item.scale in low | {"safety"} else 5
        return BANK.low + BANK.high - keyed if item.reverse else keyed

    answer_quiz(page, name, rating)


def test_couple_goes_from_quiz_to_trends(
    browser: Any, start_server: Callable[..., str], tmp_path: Path
) -> None:
    base = start_server()
    page = open_page(browser)

    page.goto(base + "/")
    shoot(page, "01-start")
    page.fill("#name", "Sam & Alex")
    page.fill("#partner_a", "Sam")
    page.click(
        "button:has-text('Create')"
    )  # the second name is missing: the form says so by the field
    assert page.inner_text("#partner_b-error") == "Write the second partner's name."
    page.fill("#partner_b", "Alex")
    page.click("button:has-text('Create')")
    page.wait_for_url(re.compile(r"/couples/[0-9a-f]{32}$"))
    couple_url = page.url
    shoot(page, "02-couple-overview")

    # Quiz: each partner privately; the combined view only after both.
    page.click("nav.couple >> text=Quiz")
    page.wait_for_selector("#partner")
    _answer_quiz(
        page, "A", "Sam", {"self_pursue", "partner_withdraw"}, {"self_withdraw", "partner_pursue"}
    )
    assert "The combined picture appears when both of you have answered." in page.inner_text(
        "#quiz"
    )
    _answer_quiz(
        page, "B", "Alex", {"self_withdraw", "partner_pursue"}, {"self_pursue", "partner_withdraw"}
    )
    assert "Pattern under strain" in page.inner_text("#quiz")
    assert page.locator('#quiz input[type="radio"]:checked').count() == 0  # answers not shown
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "03-quiz")

    # Upload: a wrong type first, then the chat (htmx, with a progress bar).
    page.click("nav.couple >> text=Upload a chat")
    page.wait_for_selector("#upload-form")
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.set_input_files("#file", str(picture))
    page.click("button:has-text('Upload and read')")
    page.wait_for_selector("#file-error")
    assert "is not a chat export Tandem can read" in page.inner_text("#file-error")
    assert page.locator("#upload-progress").count() == 1  # htmx fills it while sending
    chat = write_chat(tmp_path / "WhatsApp Chat with Alex.txt", days=40)
    page.set_input_files("#file", str(chat))
    assert page.is_checked("#coder-choice input[value=default]")  # the quick reading unless asked
    page.check("#coder-choice input[value=contextual]")
    page.click("button:has-text('Upload and read')")
    page.wait_for_selector(".flash:has-text('Read 320 messages')")
    assert "careful" in page.inner_text("table")  # the chat keeps the reading chosen for it
    shoot(page, "04-upload")

    page.click("nav.couple >> text=Cycle report")
    page.wait_for_selector("#report svg")
    assert "read by the careful coder" in page.inner_text("#report")
    shoot(page, "05-report")

    page.click("nav.couple >> text=What if")
    page.wait_for_selector("#simulate svg")
    page.select_option("#change", "soften")
    page.wait_for_selector("text=Change tried: the pursuer keeps a level tone")
    shoot(page, "06-what-if")

    page.click("nav.couple >> text=Plan")
    page.wait_for_selector("#plan")
    page.click("button:has-text('Make our plan')")
    page.wait_for_selector("ol.steps li")
    shoot(page, "07-plan")
    first_step = page.inner_text("ol.steps li h3 >> nth=0")

    # Journal: a mistake is named next to its field, then the entry and a check-in are saved.
    page.click("nav.couple >> text=Journal")
    page.wait_for_selector("#entry-form")
    form = page.locator("#entry-form")
    form.locator("#occurred_at").fill(f"{date.today() - timedelta(days=2)}T21:00")
    form.locator("#topic").fill("who forgot the keys")
    form.locator("#raised_by").select_option("A")
    form.locator("#intensity").fill("14")
    form.locator('input[name="moves_a"][value="pressure"]').check()
    form.locator('input[name="moves_b"][value="withdrawal"]').check()
    form.locator("#ending").select_option("paused")
    form.locator("#author").select_option("A")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#intensity-error")
    assert "from 1 (calm) to 10" in page.inner_text("#intensity-error")
    page.locator("#entry-form #intensity").fill("6")
    page.locator("#entry-form #minutes_to_reconnect").fill("40")
    page.locator("#entry-form button[type=submit]").click()
    page.wait_for_selector("#journal .flash")
    page.wait_for_selector("#journal >> text=who forgot the keys")
    checkin = page.locator("#checkin-form")
    checkin.locator("#occurred_at").fill(f"{date.today() - timedelta(days=1)}T09:00")
    checkin.locator("#partner").select_option("B")
    checkin.locator("#step_title").select_option(first_step)
    checkin.locator('input[name="done"][value="true"]').check()
    checkin.locator("#went").fill("4")
    checkin.locator("button[type=submit]").click()
    page.wait_for_selector("text=Check-in saved. Every try counts.")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "08-journal")

    # Five more weeks of entries through the JSON API (same session): calmer week by week.
    token = page.request.get(base + "/api/session").json()["csrf_token"]
    couple_id = couple_url.rsplit("/", 1)[1]
    today = date.today()
    for week in range(5, 0, -1):
        calmer = week <= 2
        body = {
            "occurred_at": f"{today - timedelta(weeks=week)}T20:00:00",
            "topic": "plans for the weekend",
            "raised_by": "A",
            "intensity": 3 if calmer else 7,
            "moves_a": ["vulnerability", "request"]
            if calmer
            else ["pressure", "criticism", "contempt"][: 4 - week % 2],
            "moves_b": ["validation"] if calmer else ["withdrawal"],
            "ending": "resolved" if calmer else "unresolved",
            "minutes_to_reconnect": 15 * (6 - week) if not calmer else 20,
        }
        r = page.request.post(
            f"{base}/api/couples/{couple_id}/journal/entries",
            data=body,
            headers={"X-CSRF-Token": token},
        )
        assert r.status == 201, r.text()
    page.click("nav.couple >> text=Progress")
    page.wait_for_selector("#trends svg")
    assert page.locator("#trends svg").count() == 3
    shoot(page, "09-progress")
    page.goto(couple_url)
    assert "6 conflicts and 1 check-in written down." in page.inner_text("#couple")
    page.context.close()


def _register(page: Any, base: str, name: str, email: str, *, therapist: bool) -> None:
    page.goto(base + "/register")
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    if therapist:
        page.check('input[name="is_therapist"]')
    page.click("button:has-text('Create account')")
    page.wait_for_url(lambda url: not url.endswith("/register"))


def test_therapist_sees_the_couple_after_invite_and_not_after_revoke(
    browser: Any, start_server: Callable[..., str]
) -> None:
    base = start_server(multi_user=True)
    dr, sam = open_page(browser), open_page(browser)

    sam.goto(base + "/")
    shoot(sam, "10-welcome")
    _register(dr, base, "Dr Lee", "dr.lee@example.org", therapist=True)
    assert dr.url.endswith("/therapist")
    assert "No couple has invited you yet." in dr.inner_text("#therapist")

    _register(sam, base, "Sam", "sam@example.org", therapist=False)
    sam.fill("#name", "Sam & Alex")
    sam.fill("#partner_a", "Sam")
    sam.fill("#partner_b", "Alex")
    sam.click("button:has-text('Create')")
    sam.wait_for_url(re.compile(r"/couples/[0-9a-f]{32}$"))
    couple_url = sam.url
    sam.fill("#therapist_email", "nobody@example.org")
    sam.click("button:has-text('Invite')")
    assert "There is no therapist account with this e-mail" in sam.inner_text(
        "#therapist_email-error"
    )
    sam.fill("#therapist_email", "dr.lee@example.org")
    sam.click("button:has-text('Invite')")
    sam.wait_for_selector("text=Revoke access")
    shoot(sam, "11-couple-with-therapist")

    dr.goto(base + "/therapist")
    assert "Sam & Alex" in dr.inner_text("#therapist")
    shoot(dr, "12-therapist-dashboard")
    dr.goto(couple_url + "/journal")
    assert "Journal" in dr.inner_text("h1")
    assert dr.locator("#entry-form").count() == 0  # a therapist reads, never writes

    # The page asks first: dismissing keeps the access, accepting revokes it.
    sam.once("dialog", lambda dialog: dialog.dismiss())
    sam.click("button:has-text('Revoke access')")
    assert "Dr Lee" in sam.inner_text("#couple")
    questions = accept_next_dialog(sam)
    sam.click("button:has-text('Revoke access')")
    sam.wait_for_selector("text=No therapist can see this couple.")
    assert questions and questions[0].startswith("Stop Dr Lee from seeing this couple?")
    dr.goto(base + "/therapist")
    assert "Sam & Alex" not in dr.inner_text("#therapist")
    response = dr.goto(couple_url + "/journal")
    assert response is not None and response.status == 404
    assert "No couple with this id is shared with you." in dr.inner_text("#error")
    dr.context.close()
    sam.context.close()
