"""Browser fixtures: one headless Debian chromium for the session, and real uvicorn servers.

Never runs ``playwright install``: the browser is the Debian ``chromium`` package. Each server
is ``uvicorn tandem.web.app:create_app`` on 127.0.0.1 with a temporary SQLite database.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ROOT, free_port, start_tandem_server

SCREENSHOTS = ROOT / "docs" / "screenshots"
"""Where each page's screenshot from the last run is kept (linked from the README)."""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One chromium for every browser test."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail(
            "Debian's chromium is missing: run `make system-deps` (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start a Tandem server; returns its base URL. Stopped when the test ends."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(*, multi_user: bool = False) -> str:
        port = free_port()
        data = tmp_path / f"data-{port}"
        data.mkdir()
        try:
            proc = start_tandem_server(
                data, port, env={"TANDEM_MULTI_USER": "1" if multi_user else "0"}
            )
        except RuntimeError as error:
            pytest.fail(str(error))
        procs.append(proc)
        return f"http://127.0.0.1:{port}"

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


VIEWPORT = {"width": 1100, "height": 800}
"""The window every browser test uses (the screenshots in docs/ are taken at this size)."""


def open_page(browser: object) -> Any:
    """A page in a fresh browser context (its own cookies) with the suite's window and timeout.

    Close it with ``page.context.close()``.
    """
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded 2-core machine renders slowly
    return page


def shoot(page: object, name: str) -> None:
    """Save a full-page screenshot as ``docs/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def answer_quiz(page: object, name: str, rating_of: Callable[[str], int]) -> None:
    """Answer the quiz page by page as a person would: each statement, then "Next page",
    until "Save my answers" brings this partner's thanks.

    ``rating_of`` gives the rating for an item id.
    """
    p: Any = page
    while True:
        p.wait_for_selector("#quiz-form fieldset")
        for box in p.locator("#quiz-form fieldset").all():
            item_id = str(box.get_attribute("id"))[len("q-") :]
            box.locator(f'input[value="{rating_of(item_id)}"]').check()
        last = p.locator("#quiz-form button:has-text('Save my answers')")
        if last.count():
            last.click()
            break
        number = p.inner_text("#quiz-progress").split(" of ")[0]
        p.click("#quiz-form button:has-text('Next page')")
        # Wait for htmx to swap in the next page before reading its statements.
        p.wait_for_function(
            "n => !document.querySelector('#quiz-progress').innerText.startsWith(n)", arg=number
        )
    # This partner's own thanks: the first partner's flash may still be on the page until htmx
    # swaps the section, so waiting for any ".flash" would race the response.
    p.wait_for_selector(f".flash:has-text('Thank you, {name}')")


def accept_next_dialog(page: object) -> list[str]:
    """Accept the next confirm() the page asks, and keep its question (returned list)."""
    asked: list[str] = []

    def accept(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)  # type: ignore[attr-defined]
    return asked
