"""The terminal summary and JSON of a cycle analysis."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import numpy as np
from rich.console import Console

from tandem.analysis import analyze_cycle
from tandem.analysis.cycle import CycleAnalysis
from tandem.domain import (
    Code,
    CodeAssignment,
    CodedMessage,
    Message,
    MessageKind,
    Partner,
    Platform,
)
from tandem.report.cycle import cycle_json, render_cycle

NAMES = ("Ana", "Ben")


def coded(lines: list[tuple[str, float, str, list[str]]]) -> tuple[CodedMessage, ...]:
    t = datetime(2026, 3, 2, 18, 0)
    out = []
    for who, minutes, text, codes in lines:
        t += timedelta(minutes=minutes)
        p = Partner.A if who == "A" else Partner.B
        msg = Message(
            NAMES[0] if p is Partner.A else NAMES[1],
            p,
            t,
            text,
            MessageKind.TEXT,
            Platform.WHATSAPP,
        )
        cs = tuple(CodeAssignment(Code(c), 0.9, c) for c in codes) or (
            CodeAssignment(Code.NEUTRAL, 1.0, ""),
        )
        out.append(CodedMessage(msg, cs))
    return tuple(out)


def cycle() -> CycleAnalysis:
    lines: list[tuple[str, float, str, list[str]]] = []
    for day in range(6):
        lines += [
            ("A", 60 * 20 if day else 0, "you never call", ["criticism"]),
            ("A", 1, "answer me", ["pressure"]),
            ("B", 5, "whatever", ["withdrawal"]),
            ("A", 2, "typical", ["contempt"]),
            ("B", 5, "not now", ["withdrawal"]),
            ("B", 5, "I need an hour, I'll call at 8", ["timeout"]),
            ("A", 70, "sorry, I was scared", ["responsibility", "vulnerability"]),
            ("B", 2, "dinner?", []),
            ("A", 2, "yes", []),
        ]
    return analyze_cycle(coded(lines), partners=NAMES, rng=np.random.default_rng(0), n_boot=100)


def text_of(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=110, color_system=None)
    console.print(renderable)
    # Join wrapped lines and drop panel borders, so a phrase can be searched whole.
    return " ".join(console.file.getvalue().replace("│", " ").split())


def test_summary_names_roles_loop_and_episodes() -> None:
    out = text_of(render_cycle(cycle()))
    assert "Ana mostly pursues" in out
    assert "Ben mostly distances" in out
    assert "loop strength" in out
    assert "Heated exchanges (6)" in out
    assert "an announced break (Ben)" in out
    assert "5 : 1 during conflict" in out
    assert "not people" in out


def test_me_speaks_to_the_reader() -> None:
    out = text_of(render_cycle(cycle(), me="Ben"))
    assert "You mostly distance" in out
    assert "Why: You" in out
    assert "Ben (you)" in out
    assert "Ben mostly" not in out


def test_safety_panel_replaces_roles() -> None:
    lines = [("A", 1, "hi", []), ("B", 1, "I'm scared of you", [])] * 8
    result = analyze_cycle(coded(lines), partners=NAMES, rng=np.random.default_rng(0))
    out = text_of(render_cycle(result))
    assert "Before anything else" in out
    assert "emergency number" in out
    assert "mostly" not in out and "loop strength" not in out
    assert "pursuer" not in out and "distancer" not in out


def test_too_little_signal_panel() -> None:
    result = analyze_cycle(
        coded([("A", 1, "hi", [])]), partners=NAMES, rng=np.random.default_rng(0)
    )
    out = text_of(render_cycle(result))
    assert "Too little to go on" in out and "Only Ana wrote" in out


def test_json_has_every_required_key_and_is_strict_json() -> None:
    data = json.loads(cycle_json(cycle()))
    for name in NAMES:
        assert {"role", "confidence", "pursue_rate", "distance_rate", "constructive_rate"} <= set(
            data["partners"][name]
        )
    assert data["partners"]["Ana"]["role"] == "pursuer"
    assert data["loop_gain"] is not None
    assert len(data["episodes"]) == 6
    assert data["safety_concern"] is None
    assert data["gottman_reference_ratio"] == 5.0
    assert "NaN" not in cycle_json(cycle())
