"""Who sees what, in a real browser (multi-user): partner A, partner B and their therapist.

Alex answers the fear questions high. Alex must be told where to find help; Sam and Dr Lee must
see nothing of it, on the quiz page or in the plan (docs/quiz.md, "Who sees what").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tandem.assessment import load_items
from tests.e2e.conftest import answer_quiz, open_page, shoot
from tests.e2e.test_flows import _register

pytestmark = pytest.mark.browser

BANK = load_items()
PRIVATE_WORDS = ("emergency", "helpline", "Only you see this", "Only for you, Alex", "of 9 to:")


def _answer(page: Any, name: str, high: set[str], low: set[str]) -> None:
    by_id = {item.id: item for item in BANK.items}

    def rating(item_id: str) -> int:
        item = by_id[item_id]
        keyed = 8 if item.scale in high else 2 if item.scale in low else 5
        return BANK.low + BANK.high - keyed if item.reverse else keyed

    answer_quiz(page, name, rating)


def test_quiz_and_plan_pages_differ_by_viewer(
    browser: Any, start_server: Callable[..., str]
) -> None:
    base = start_server(multi_user=True)
    pages = {who: open_page(browser) for who in ("dr", "sam", "alex")}
    dr, sam, alex = pages["dr"], pages["sam"], pages["alex"]
    _register(dr, base, "Dr Lee", "dr.lee@example.org", therapist=True)
    _register(alex, base, "Alex", "alex@example.org", therapist=False)
    _register(sam, base, "Sam", "sam@example.org", therapist=False)
    sam.fill("#name", "Sam & Alex")
    sam.fill("#partner_a", "Sam")
    sam.fill("#partner_b", "Alex")
    sam.click("button:has-text('Create')")
    sam.wait_for_url(lambda url: "/couples/" in url)
    couple_url = sam.url
    sam.fill("#partner_email", "alex@example.org")
    sam.click("button:has-text('Add my partner')")
    sam.fill("#therapist_email", "dr.lee@example.org")
    sam.click("button:has-text('Invite')")
    sam.wait_for_selector("text=Revoke access")

    sam.goto(couple_url + "/quiz")
    calm = {"self_withdraw", "partner_pursue", "safety"}  # Sam is not afraid
    _answer(sam, "Sam", {"self_pursue", "partner_withdraw"}, calm)
    alex.goto(couple_url + "/quiz")
    _answer(
        alex,
        "Alex",
        {"self_withdraw", "partner_pursue", "safety", "anxiety", "flooding"},
        {"self_pursue", "partner_withdraw"},
    )
    # The person who answered is told at once, in their own words, where to find help.
    assert "emergency number" in alex.inner_text("#own-safety")
    shoot(alex, "13-quiz-own-view")

    sam.goto(couple_url + "/plan")
    sam.click("button:has-text('Make our plan')")
    sam.wait_for_selector("text=Make a new plan")

    seen: dict[str, str] = {}
    for who, page in pages.items():
        text = ""
        for path in ("/quiz", "/plan", ""):
            page.goto(couple_url + path)
            text += page.inner_text("main")
        seen[who] = text
    shoot(sam, "14-plan-partner-view")
    for who in ("sam", "dr"):
        for word in PRIVATE_WORDS:
            assert word not in seen[who], (who, word)
        # The shared picture is the same for Sam and the therapist.
        assert "Pattern under strain" in seen[who]
        # How the plan used to quote Alex's private scales to Sam.
        for private in ("worry when you pull", "overwhelm when pressed", "need for space is"):
            assert private not in seen[who], (who, private)
        assert "rates your" not in seen[who]
    assert "Only you see this" in seen["alex"]
    assert "Only for you, Sam" in seen["sam"] and "Only for you" not in seen["dr"]
    for page in pages.values():
        page.context.close()
