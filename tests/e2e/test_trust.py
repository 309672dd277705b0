"""What a new couple hits first, in a real browser (issue #10): the same person named for the
same role on every page, who-is-who on upload, pages in plain words, charts and kind flows.

Each check is what a user would notice on the page; screenshots go to ``docs/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tandem.report.charts import PALETTE
from tests.e2e.conftest import accept_next_dialog, open_page, shoot
from tests.servers import ROOT
from tests.web.routes.test_page_words import TERMINAL_WORDS

pytestmark = pytest.mark.browser

EXAMPLE = ROOT / "examples" / "maya_jonas_whatsapp.txt"


def _new_couple(page: Any, base: str, a: str, b: str) -> str:
    page.goto(base + "/")
    page.fill("#name", f"{a} & {b}")
    page.fill("#partner_a", a)
    page.fill("#partner_b", b)
    page.click("button:has-text('Create')")
    page.wait_for_url(re.compile(r"/couples/[0-9a-f]{32}$"))
    return str(page.url)


def _role_of(text: str, name: str) -> str:
    """The role printed right after a partner's name on a card ("Maya pursuer ...")."""
    found = re.search(rf"{name}\s+(pursuer|distancer|both|neither)", text)
    assert found, f"no role for {name} in: {text[:400]}"
    return found.group(1)


def test_a_couple_sees_one_story_in_plain_words(
    browser: Any, start_server: Callable[..., str], tmp_path: Path
) -> None:
    base = start_server()
    page = open_page(browser)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    couple = _new_couple(page, base, "Maya", "Jonas")

    # The chat's names are the couple's: it is read at once.
    page.click("nav.couple >> text=Upload a chat")
    page.set_input_files("#file", str(EXAMPLE))
    page.click("button:has-text('Upload and read')")
    page.wait_for_selector(".flash:has-text('The cycle report is ready')")

    page.click("nav.couple >> text=Cycle report")
    page.wait_for_selector("#report svg")
    report = page.inner_text("#report")
    maya, jonas = _role_of(report, "Maya"), _role_of(report, "Jonas")
    assert (maya, jonas) == ("pursuer", "distancer")  # what the example chat shows
    assert re.search(r"Clarity \d+%", report) and "How clear" not in report
    assert "heated exchange" in report and "heated stretch" not in report
    # Charts: the timeline draws the heated exchanges its legend names; ticks are plain numbers.
    svgs = page.locator("#report svg")
    markup = " ".join(svgs.nth(k).inner_html() for k in range(svgs.count()))
    assert markup.count(f'fill="{PALETTE["episode"]}"') >= 2
    ticks = page.locator("#report svg text.axis").all_text_contents()
    assert ticks and not [t for t in ticks if "e+" in t or re.fullmatch(r"0\.\d{3,}", t)]

    page.click("nav.couple >> text=What if")
    page.wait_for_selector("#simulate svg")
    what_if = page.inner_text("#simulate")
    assert f"Maya {maya}, Jonas {jonas} (from your cycle report)" in page.content()
    assert "How alarmed Maya gets when Jonas pulls away" in what_if

    page.click("nav.couple >> text=Plan")
    page.click("button:has-text('Make our plan')")
    page.wait_for_selector("ol.steps li")
    plan = page.inner_text("#plan")
    # Softer rewrites keep the writer's point, or the page says there is none: never one stock
    # sentence for different messages.
    softer = page.locator("#plan .pill:text-is('softer')").count()
    none = plan.count("No softer version")
    assert softer + none >= 2
    suggestions = re.findall(r"softer\s+“([^”]+)”", plan)
    assert len(suggestions) == len(set(suggestions))
    assert re.search(rf"For Maya\s*·\s*{maya} pattern", plan)
    assert re.search(rf"For Jonas\s*·\s*{jonas} pattern", plan)
    shoot(page, "15-plan-same-roles")

    # No page speaks terminal.
    for path in ("", "/quiz", "/upload", "/report", "/simulate", "/plan", "/journal", "/trends"):
        page.goto(couple + path)
        text = page.inner_text("main")
        assert TERMINAL_WORDS.findall(text) == [], path
    page.goto(couple + "/report/full")
    assert TERMINAL_WORDS.findall(page.inner_text("body")) == []
    assert "Loop strength" in page.inner_text("footer")  # the figures are defined here

    # The break helper writes the message; nothing needs a terminal.
    page.goto(couple + "/timeout")
    page.fill("#need", "a walk")
    page.fill("#minutes", "25")
    page.click("button:has-text('Write my message')")
    page.wait_for_selector("#break-message")
    assert "I need a walk for 25 minutes." in page.inner_text("#break-message")
    shoot(page, "16-break-helper")

    # A journal entry can be deleted, after the page asks.
    page.goto(couple + "/journal")
    form = page.locator("#entry-form")
    form.locator("#occurred_at").fill("2026-11-30T20:00")
    form.locator("#topic").fill("the dishes")
    form.locator("#raised_by").select_option("A")
    form.locator("#intensity").fill("5")
    form.locator("#ending").select_option("paused")
    form.locator("#author").select_option("A")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#journal >> text=the dishes")
    asked = accept_next_dialog(page)
    page.click("#journal button:has-text('Delete')")
    page.wait_for_selector("text=The entry was deleted.")
    assert asked and "cannot be brought back" in asked[0]
    assert not [url for url in missing if url.endswith("favicon.ico")]  # no missing icon
    page.context.close()


def test_a_chat_from_other_people_is_asked_about_first(
    browser: Any, start_server: Callable[..., str]
) -> None:
    base = start_server()
    page = open_page(browser)
    couple = _new_couple(page, base, "Lena", "Tom")
    page.goto(couple + "/upload")
    page.set_input_files("#file", str(EXAMPLE))
    page.click("button:has-text('Upload and read')")
    page.wait_for_selector("#who-is-who")
    question = page.inner_text("#who-is-who")
    assert "'Maya' and 'Jonas'" in question or "'Jonas' and 'Maya'" in question
    assert "Nothing is stored until you confirm" in question
    assert "None yet." in page.inner_text("#upload")  # nothing stored while asking
    shoot(page, "17-upload-who-is-who")
    page.select_option("#sender_a", "Maya")
    page.select_option("#sender_b", "Jonas")
    page.click("button:has-text('That is right, read the chat')")
    page.wait_for_selector(".flash:has-text('Maya') >> text=is Lena")
    assert "Lena and Tom" in page.inner_text("#upload")  # stored under the couple's names
    page.click("nav.couple >> text=Cycle report")
    page.wait_for_selector("#report svg")
    assert _role_of(page.inner_text("#report"), "Lena") == "pursuer"  # Maya's part, now Lena's
    page.context.close()
