"""``load_table`` (the columnar path) gives exactly ``to_table(load(...))``, errors included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.errors import AmbiguousDateOrder, ParseError, TandemError, TooManySenders
from tandem.ingest import columns as col
from tandem.ingest import load, load_table, to_table, whatsapp

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDENS = sorted(FIXTURES.rglob("*.expected.json"))


def _case_id(golden: Path) -> str:
    return str(golden.relative_to(FIXTURES)).removesuffix(".expected.json")


def _fixture_and_options(golden: Path) -> tuple[Path, dict[str, Any]]:
    options = json.loads(golden.read_text(encoding="utf-8")).get("options", {})
    kwargs: dict[str, Any] = {}
    if "dayfirst" in options:
        kwargs["dayfirst"] = options["dayfirst"]
    if "partners" in options:
        kwargs["partners"] = tuple(options["partners"])
    return golden.with_name(golden.name.removesuffix(".expected.json")), kwargs


def _outcome(read: Callable[..., pa.Table], path: Path, **kwargs: Any) -> Any:
    """The table as rows, or the error's type and message: what a user of either path sees."""
    try:
        table = read(path, **kwargs)
    except TandemError as error:
        return (type(error).__name__, str(error))
    assert table.schema.names == list(col.COLUMNS)
    assert all(field.type == pa.string() for field in table.schema)
    return table.to_pylist()


def _via_objects(path: Path, **kwargs: Any) -> pa.Table:
    return to_table(load(path, **kwargs))


@pytest.mark.parametrize("golden", GOLDENS, ids=_case_id)
def test_every_fixture_gives_the_same_table_both_ways(golden: Path) -> None:
    path, options = _fixture_and_options(golden)
    direct = load_table(path, **options)
    assert direct.equals(_via_objects(path, **options))
    assert direct.num_rows == len(load(path, **options).messages) > 0


@pytest.mark.parametrize("golden", GOLDENS, ids=_case_id)
def test_every_fixture_without_options_fails_or_succeeds_alike(golden: Path) -> None:
    path, _ = _fixture_and_options(golden)
    assert _outcome(load_table, path) == _outcome(_via_objects, path)


def _chat(tmp_path: Path, text: str, name: str = "chat.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "error", "where"),
    [
        (
            "03/04/2024, 08:00 - Sam: a\n04/04/2024, 08:00 - Alex: b\n",
            AmbiguousDateOrder,
            "choose the date order",
        ),
        (
            "".join(f"25/12/2023, 09:0{i} - {n}: hi\n" for i, n in enumerate("XYZ")),
            TooManySenders,
            "'Z'.*choose which two",
        ),
        ("25/12/2023, 09:00 - Sam: a\n31/02/2023, 09:00 - Sam: b\n", ParseError, "line 2"),
        ("25/12/2023, 9:00 PM - Sam: a\n25/12/2023, 13:00 PM - Sam: b\n", ParseError, "line 2"),
        ("hello\n25/12/2023, 09:00 - Sam: a\n", ParseError, "first line"),
    ],
    ids=["ambiguous order", "three senders", "impossible date", "hour 13 pm", "text first"],
)
def test_refusals_are_the_same_on_both_paths(
    tmp_path: Path, text: str, error: type[Exception], where: str
) -> None:
    path = _chat(tmp_path, text)
    with pytest.raises(error, match=where) as caught:
        load_table(path, fmt="whatsapp")
    assert _outcome(load_table, path) == _outcome(_via_objects, path)
    assert "chat.txt" in str(caught.value)


def test_chunk_edges_anywhere_give_the_same_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        f"{1 + i % 28:02}/03/2024, 10:{i % 60:02} - {'Sam' if i % 3 else 'Alex'}: m{i}\nmore"
        for i in range(5_000)
    ]
    path = _chat(tmp_path, "\n".join(lines) + "\n")
    whole = load_table(path)
    monkeypatch.setattr(whatsapp, "_SCAN_CHUNK", 997)  # chunk edges fall anywhere in a line
    chunked = load_table(path)
    assert chunked.equals(whole) and chunked.equals(_via_objects(path))
    assert chunked.column(col.TEXT).num_chunks > 1


# Generated exports: header styles, senders (unsaved contacts, names with colons), system
# lines, placeholders in several languages, edit marks, calls, polls, attachments with
# captions, invisible marks and free text that may itself look like a header.
STYLES = {
    "android dmy 24h": ("{d:02}/{m:02}/{y}, {H:02}:{M:02} - ", None),
    "android mdy 12h": ("{m}/{d}/{yy}, {h}:{M:02}\u202f{ap} - ", None),
    "android ymd": ("{y}-{m:02}-{d:02}, {H:02}:{M:02}:{S:02} - ", None),
    "ios dmy seconds": ("[{d:02}/{m:02}/{yy}, {H:02}:{M:02}:{S:02}] ", None),
    "ios mdy 12h": ("[{m}/{d}/{yy}, {h}:{M:02}:{S:02}\u202f{ap}] ", None),
}
SENDERS = ["Sam Rivera", "Alex 🌻", "~\u202fKim", "\u200eJo: Ann", "Kim"]
BODIES = [
    "<Media omitted>",
    "<Multimedia omitido>",
    "<Medien ausgelassen>",
    "\u200eimage omitted",
    "\u200esticker omitted",
    "This message was deleted",
    "Se eliminó este mensaje.",
    "\u200eYou deleted this message.",
    "\u200eVoice call, \u200e12 min",
    "Video call tonight?",
    "ok \u200e<This message was edited>",
    "genau <Diese Nachricht wurde bearbeitet.>",
    "POLL:\nDinner?\nOPTION: pizza (1 vote)",
    "location: https://maps.google.com/?q=1,2",
    "IMG-20231225-WA0001.jpg (file attached)\nthe view",
    "Report.pdf • 3 pages \u200edocument omitted",
    "(nice)\nreally",
    "\u200eAlex 🌻 changed their phone number",
    "",
]
SYSTEM_LINES = [
    "Messages and calls are end-to-end encrypted. Tap to learn more.",
    'Sam changed the subject from "a" to "b: c"',
    "Kim left",
]


@st.composite
def whatsapp_exports(draw: st.DrawFn) -> str:
    template, _ = STYLES[draw(st.sampled_from(sorted(STYLES)))]
    day_first = draw(st.booleans())
    out = []
    for _ in range(draw(st.integers(1, 25))):
        d = draw(st.integers(1, 28 if day_first else 12))
        m = draw(st.integers(1, 12))
        if "{m}/{d}" in template:
            d, m = m, d if d <= 12 else 12
        H, M, S = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
        y = draw(st.integers(2015, 2024))
        header = template.format(
            d=d, m=m, y=y, yy=y % 100, H=H, M=M, S=S, h=H % 12 or 12, ap="AM" if H < 12 else "PM"
        )
        roll = draw(st.integers(0, 9))
        if roll == 0:
            out.append(header + draw(st.sampled_from(SYSTEM_LINES)))
            continue
        if roll <= 4:
            body = draw(st.sampled_from(BODIES))
        else:
            body = draw(st.text(st.sampled_from("ab :\n()<>.,\u200e/0123456789-"), max_size=30))
        out.append(f"{header}{draw(st.sampled_from(SENDERS[:3]))}: {body}")
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=whatsapp_exports(),
    dayfirst=st.sampled_from([None, True, False]),
    partners=st.sampled_from([None, ("Sam Rivera", "Alex 🌻"), ("Kim", "Sam Rivera")]),
)
def test_generated_whatsapp_exports_give_the_same_table_or_error(
    tmp_path: Path,
    text: str,
    dayfirst: bool | None,
    partners: tuple[str, str] | None,
) -> None:
    path = _chat(tmp_path, text, name="WhatsApp Chat with Alex.txt")
    options: dict[str, Any] = {"dayfirst": dayfirst, "partners": partners}
    assert _outcome(load_table, path, **options) == _outcome(_via_objects, path, **options)
