"""Pages speak to people: no command line, option or repository path on any page.

Every page a couple sees is rendered with real data behind it (quiz, chat, report, what-if,
plan, journal, break helper, the stand-alone report), and its visible text is scanned for the
words of the terminal: ``tandem <command>``, ``--option``, ``docs/...md``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.routes.test_journal import FORM
from tests.web.routes.test_quiz import ALEX, SAM

ROOT = Path(__file__).resolve().parents[3]
TERMINAL_WORDS = re.compile(r"\btandem [a-z]+\b|(?<![\w-])--[a-z][a-z-]+|\bdocs/\S+\.md\b")
"""A command (``tandem quiz``), an option (``--need``) or a path into the repository."""


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, scripts, styles or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's readable text, whitespace folded."""
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def full_couple(client: TestClient, couple_id: str) -> str:
    """Sam and Alex with both quizzes, the bundled example chat renamed to them, a plan, and a
    journal entry: every page has something to show."""
    from tests.web.routes.test_quiz import _form

    client.post(f"/couples/{couple_id}/quiz", data=_form("A", SAM))
    client.post(f"/couples/{couple_id}/quiz", data=_form("B", ALEX))
    example = ROOT / "examples" / "maya_jonas_whatsapp.txt"
    with example.open("rb") as handle:
        stored = client.post(
            f"/couples/{couple_id}/upload",
            files={"file": (example.name, handle, "text/plain")},
            data={"sender_a": "Maya", "sender_b": "Jonas"},
        )
    assert stored.status_code == 201, visible_text(stored.text)[:300]
    assert client.post(f"/couples/{couple_id}/plan").status_code == 201
    client.post(f"/couples/{couple_id}/journal/entries", data=FORM)
    return couple_id


PAGES = (
    "",
    "/quiz",
    "/upload",
    "/report",
    "/report/full",
    "/simulate",
    "/plan",
    "/journal",
    "/trends",
    "/timeout",
)


@pytest.mark.parametrize("page", PAGES, ids=[p or "/overview" for p in PAGES])
def test_no_page_speaks_command_line(client: TestClient, full_couple: str, page: str) -> None:
    r = client.get(f"/couples/{full_couple}{page}")
    assert r.status_code == 200
    found = TERMINAL_WORDS.findall(visible_text(r.text))
    assert found == [], f"terminal words on {page or '/'}: {found}"


def test_the_scan_would_catch_terminal_words() -> None:
    # The check itself can fail: these are the phrasings the issue found on pages.
    for text in (
        "the quiz (tandem quiz) would help",
        "run tandem timeout --need 'to calm down'",
        "Definitions are in docs/analysis.md.",
    ):
        assert TERMINAL_WORDS.search(visible_text(f"<p>{text}</p>"))
    assert not TERMINAL_WORDS.search(visible_text("<p>Tandem can write it — for you</p>"))


def test_each_figure_has_one_name_and_one_definition_everywhere(
    client: TestClient, full_couple: str
) -> None:
    from tandem.report.terms import LOOP_STRENGTH

    card = visible_text(client.get(f"/couples/{full_couple}/report").text)
    full = visible_text(client.get(f"/couples/{full_couple}/report/full").text)
    plan = visible_text(client.get(f"/couples/{full_couple}/plan").text)
    for text in (card, full, plan):
        assert "confidence" not in text.lower() and "How clear:" not in text
    on_card = re.findall(r"Clarity (\d+)%", card)
    in_report = re.findall(r"clarity (\d+)%", full)
    assert len(on_card) == 2 and on_card == in_report[:2]  # the same figure, the same words
    assert LOOP_STRENGTH.definition in card and LOOP_STRENGTH.definition in full
    assert "Above 1" not in card  # the model's loop gain is a different figure
