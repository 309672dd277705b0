"""WhatsApp specifics: date order, clocks, marks, system lines, partners."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tandem.domain import MessageKind, Partner
from tandem.errors import AmbiguousDateOrder, InvalidChoice, ParseError, TooManySenders
from tandem.ingest import load


def _chat(tmp_path: Path, text: str, name: str = "chat.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_day_above_twelve_anywhere_settles_the_order(tmp_path: Path) -> None:
    lines = [f"0{d}/03/2024, 10:00 - Sam: line {d}" for d in range(1, 10)]
    lines.append("13/03/2024, 10:00 - Alex: thirteenth")
    conversation = load(_chat(tmp_path, "\n".join(lines) + "\n"))
    assert conversation.messages[0].timestamp == datetime(2024, 3, 1, 10, 0)
    assert conversation.messages[-1].timestamp == datetime(2024, 3, 13, 10, 0)


def test_month_first_file_is_read_month_first(tmp_path: Path) -> None:
    path = _chat(tmp_path, "03/01/24, 9:00 AM - Sam: a\n03/25/24, 9:00 PM - Alex: b\n")
    times = [m.timestamp for m in load(path).messages]
    assert times == [datetime(2024, 3, 1, 9, 0), datetime(2024, 3, 25, 21, 0)]


def test_ambiguous_dates_are_never_guessed(tmp_path: Path) -> None:
    path = _chat(tmp_path, "03/04/2024, 08:00 - Sam: a\n04/04/2024, 08:00 - Alex: b\n")
    with pytest.raises(AmbiguousDateOrder, match="choose the date order"):
        load(path)
    assert load(path, dayfirst=True).messages[0].timestamp == datetime(2024, 4, 3, 8, 0)
    assert load(path, dayfirst=False).messages[0].timestamp == datetime(2024, 3, 4, 8, 0)


def test_a_choice_that_contradicts_the_file_is_refused(tmp_path: Path) -> None:
    path = _chat(tmp_path, "25/04/2024, 08:00 - Sam: a\n")
    with pytest.raises(ParseError, match="month first was chosen, but"):
        load(path, dayfirst=False)


def test_dates_that_disagree_with_each_other_are_refused(tmp_path: Path) -> None:
    path = _chat(tmp_path, "25/04/2024, 08:00 - Sam: a\n04/25/2024, 08:00 - Alex: b\n")
    with pytest.raises(ParseError, match="disagree"):
        load(path)


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("25/12/2023, 12:05 AM", datetime(2023, 12, 25, 0, 5)),
        ("25/12/2023, 12:05 PM", datetime(2023, 12, 25, 12, 5)),
        ("25/12/2023, 1:05 p. m.", datetime(2023, 12, 25, 13, 5)),
        ("25/12/2023, 1:05\u202fa.m.", datetime(2023, 12, 25, 1, 5)),
        ("2023/12/25 下午1:05", datetime(2023, 12, 25, 13, 5)),
        ("2023/12/25 上午11:05", datetime(2023, 12, 25, 11, 5)),
        ("2023. 12. 25. 오후 1:05", datetime(2023, 12, 25, 13, 5)),
        ("25.12.23, 13:05:09", datetime(2023, 12, 25, 13, 5, 9)),
    ],
    ids=["12am", "12pm", "p. m.", "a.m. narrow space", "xiawu", "shangwu", "ohu", "dots seconds"],
)
def test_clock_styles(tmp_path: Path, stamp: str, expected: datetime) -> None:
    path = _chat(tmp_path, f"{stamp} - Sam: hi\n")
    assert load(path).messages[0].timestamp == expected


def test_hour_thirteen_on_a_twelve_hour_clock_names_the_line(tmp_path: Path) -> None:
    path = _chat(tmp_path, "25/12/2023, 9:00 PM - Sam: a\n25/12/2023, 13:00 PM - Sam: b\n")
    with pytest.raises(ParseError, match=r"chat\.txt, line 2"):
        load(path)


def test_impossible_date_names_the_line(tmp_path: Path) -> None:
    path = _chat(tmp_path, "25/12/2023, 09:00 - Sam: a\n31/02/2023, 09:00 - Sam: b\n")
    with pytest.raises(ParseError, match=r"line 2: impossible date"):
        load(path)


def test_text_before_the_first_header_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _chat(tmp_path, "\n25/12/2023, 09:00 - Sam: a\n")
    assert len(load(path).messages) == 1  # blank lines before the first header are harmless
    path = _chat(tmp_path, "25/12/2023, 09:00 - Sam: a\n", name="ok.txt")
    bad = _chat(tmp_path, "hello there\n" + path.read_text(encoding="utf-8"), name="bad.txt")
    with pytest.raises(ParseError, match=r"bad\.txt"):
        load(bad, fmt="whatsapp")


def test_system_lines_have_no_partner_and_do_not_count_as_senders(tmp_path: Path) -> None:
    text = (
        "25/12/2023, 09:00 - Messages and calls are end-to-end encrypted. Tap to learn more.\n"
        "25/12/2023, 09:01 - Sam: hi\n"
        '25/12/2023, 09:02 - Sam changed the subject from "a" to "b: c"\n'
        "25/12/2023, 09:03 - Alex: hey\n"
    )
    conversation = load(_chat(tmp_path, text))
    kinds = [m.kind for m in conversation.messages]
    assert kinds == [MessageKind.SYSTEM, MessageKind.TEXT, MessageKind.SYSTEM, MessageKind.TEXT]
    assert [m.partner for m in conversation.messages] == [None, Partner.A, None, Partner.B]
    assert conversation.message_counts == {"Sam": 1, "Alex": 1}


def test_partner_a_is_whoever_wrote_first(tmp_path: Path) -> None:
    path = _chat(tmp_path, "25/12/2023, 09:00 - Alex: first\n25/12/2023, 09:01 - Sam: second\n")
    assert load(path).partners == ("Alex", "Sam")
    assert load(path, partners=("Sam", "Alex")).partners == ("Sam", "Alex")


def test_more_than_two_senders_lists_them_and_the_option(tmp_path: Path) -> None:
    text = "".join(f"25/12/2023, 09:0{i} - {n}: hi\n" for i, n in enumerate(["A1", "B2", "C3"]))
    path = _chat(tmp_path, text)
    with pytest.raises(TooManySenders) as caught:
        load(path)
    message = str(caught.value)
    assert all(name in message for name in ("'A1'", "'B2'", "'C3'", "choose which two"))
    assert "--" not in message  # the ingest layer speaks to every surface, not only the CLI
    assert caught.value.senders == ("A1", "B2", "C3")
    chosen = load(path, partners=("C3", "A1"))
    assert [m.partner for m in chosen.messages] == [Partner.B, None, Partner.A]


def test_a_partner_who_never_wrote_is_an_invalid_choice(tmp_path: Path) -> None:
    path = _chat(tmp_path, "25/12/2023, 09:00 - Sam: a\n25/12/2023, 09:01 - Alex: b\n")
    with pytest.raises(InvalidChoice, match="'Kim' sent no message"):
        load(path, partners=("Sam", "Kim"))


def test_line_breaks_and_blank_lines_inside_a_message_are_kept(tmp_path: Path) -> None:
    path = _chat(
        tmp_path, "25/12/2023, 09:00 - Sam: one\n\nthree: 3\n25/12/2023, 09:01 - Alex: b\n"
    )
    assert load(path).messages[0].text == "one\n\nthree: 3"


def test_windows_line_endings_are_read_like_unix_ones(tmp_path: Path) -> None:
    unix = _chat(tmp_path, "25/12/2023, 09:00 - Sam: a\nb\n25/12/2023, 09:01 - Alex: c\n")
    dos = tmp_path / "dos.txt"
    dos.write_bytes(unix.read_bytes().replace(b"\n", b"\r\n"))
    assert load(dos).messages == load(unix).messages


def test_utf16_export_is_read(tmp_path: Path) -> None:
    path = tmp_path / "chat16.txt"
    path.write_text("25/12/2023, 09:00 - Sam: héllo\n", encoding="utf-16")
    assert load(path).messages[0].text == "héllo"


def test_latin1_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "25/12/2023, 09:00 - Sam: a\n25/12/2023, 09:01 - Sam: caf\xe9\n".encode("latin-1")
    )
    with pytest.raises(ParseError, match=r"latin\.txt, line 2: not UTF-8"):
        load(path)


@pytest.mark.parametrize(
    ("body", "kind", "text"),
    [
        ("\u200eVoice call, \u200e12 min", MessageKind.CALL, "Voice call, 12 min"),
        ("\u200eMissed group video call", MessageKind.CALL, "Missed group video call"),
        ("Video call tonight?", MessageKind.TEXT, "Video call tonight?"),
        ("Report.pdf • 3 pages \u200edocument omitted", MessageKind.MEDIA, None),
        ("\u200esticker omitted", MessageKind.STICKER, "sticker omitted"),
        ("\u200eContact card omitted", MessageKind.CONTACT, "Contact card omitted"),
        ("\u200eYou deleted this message.", MessageKind.DELETED, "You deleted this message."),
        ("POLL:\nDinner?\nOPTION: pizza (1 vote)", MessageKind.POLL, None),
        ("ok \u200e<This message was edited>", MessageKind.TEXT, "ok"),
        ("\u200eAlex 🌻 changed their phone number", MessageKind.SYSTEM, None),
    ],
    ids=[
        "voice call",
        "missed group call",
        "call typed as text",
        "document",
        "sticker",
        "contact",
        "deleted by me",
        "poll",
        "edited",
        "system with chat name",
    ],
)
def test_ios_bodies_get_their_kind(
    tmp_path: Path, body: str, kind: MessageKind, text: str | None
) -> None:
    first = "[25/12/23, 21:00:00] Sam: hi\n"
    path = _chat(tmp_path, f"{first}[25/12/23, 21:01:00] Alex 🌻: {body}\n")
    message = load(path).messages[1]
    assert message.kind is kind
    if text is not None:
        assert message.text == text
    if kind is MessageKind.SYSTEM:
        assert message.partner is None and message.sender == ""
    assert message.edited is (text == "ok")


def test_order_settled_only_after_the_first_megabyte_is_still_applied_to_all(
    tmp_path: Path,
) -> None:
    # About 1.6 MB of dates that could be either order, then one that settles it: the parser
    # reads 1 MB at a time, so the early chunks wait until the order is known.
    filler = "x" * 60
    lines = [
        f"0{1 + i % 9}/0{1 + i % 9}/2024, 10:{i % 60:02} - Sam: {filler}" for i in range(20_000)
    ]
    lines.append("13/01/2024, 10:00 - Alex: settled")
    conversation = load(_chat(tmp_path, "\n".join(lines) + "\n"))
    assert len(conversation.messages) == 20_001
    assert conversation.messages[-1].timestamp == datetime(2024, 1, 13, 10, 0)
    assert conversation.messages[1].timestamp == datetime(2024, 2, 2, 10, 1)


def test_a_body_longer_than_a_chunk_is_kept_whole(tmp_path: Path) -> None:
    long_body = "\n".join(f"line {i} of a very long message" for i in range(80_000))  # ~2.5 MB
    text = f"25/12/2023, 09:00 - Sam: {long_body}\n25/12/2023, 09:01 - Alex: short\n"
    conversation = load(_chat(tmp_path, text))
    assert [m.text for m in conversation.messages] == [long_body, "short"]


def test_many_chunks_give_the_same_messages_as_one(tmp_path: Path) -> None:
    from tandem.ingest import whatsapp

    lines = [
        f"{1 + i % 28:02}/03/2024, 10:{i % 60:02} - {'Sam' if i % 3 else 'Alex'}: m{i}\nmore"
        for i in range(40_000)
    ]
    path = _chat(tmp_path, "\n".join(lines) + "\n")
    whole = load(path)
    original = whatsapp._SCAN_CHUNK
    whatsapp._SCAN_CHUNK = 997  # odd size: chunk edges fall anywhere in a line
    try:
        assert load(path) == whole
    finally:
        whatsapp._SCAN_CHUNK = original


def test_android_attachment_with_a_caption_is_media_and_keeps_the_caption(tmp_path: Path) -> None:
    text = (
        "25/12/2023, 09:00 - Sam: IMG-20231225-WA0001.jpg (file attached)\nthe view from here\n"
        "25/12/2023, 09:01 - Alex: (nice)\nreally\n"
    )
    first, second = load(_chat(tmp_path, text)).messages
    assert first.kind is MessageKind.MEDIA
    assert first.text == "IMG-20231225-WA0001.jpg (file attached)\nthe view from here"
    assert second.kind is MessageKind.TEXT and second.text == "(nice)\nreally"


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "whatsapp"


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted(FIXTURES.glob("*.txt"))
        if "ambiguous" not in p.name and "group" not in p.name
    ],
    ids=lambda p: p.stem,
)
def test_shape_cut_scanner_reads_like_the_general_one(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.ingest import whatsapp

    fast = load(path)
    monkeypatch.setattr(whatsapp, "_specialise", lambda head, pattern: None)
    assert load(path) == fast
