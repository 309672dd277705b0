"""The fixture matrix: every export variant against its golden ``*.expected.json``."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tandem import errors
from tandem.domain import Conversation
from tandem.ingest import PARSERS, detect_format, load

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDENS = sorted(FIXTURES.rglob("*.expected.json"))
WHATSAPP = FIXTURES / "whatsapp"


def _case_id(golden: Path) -> str:
    return str(golden.relative_to(FIXTURES)).removesuffix(".expected.json")


def _fixture(golden: Path) -> Path:
    return golden.with_name(golden.name.removesuffix(".expected.json"))


def _options(spec: dict[str, Any]) -> dict[str, Any]:
    options = spec.get("options", {})
    kwargs: dict[str, Any] = {}
    if "dayfirst" in options:
        kwargs["dayfirst"] = options["dayfirst"]
    if "partners" in options:
        kwargs["partners"] = tuple(options["partners"])
    return kwargs


def _as_rows(conversation: Conversation) -> list[dict[str, Any]]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return [
        {
            "sender": m.sender,
            "partner": m.partner.value if m.partner else None,
            "timestamp": iso(m.timestamp),
            "kind": m.kind.value,
            "text": m.text,
            "edited": m.edited,
            "reply_to": m.reply_to,
            "read_at": iso(m.read_at),
        }
        for m in conversation.messages
    ]


@pytest.mark.parametrize("golden", GOLDENS, ids=_case_id)
def test_fixture_matches_its_golden_table(golden: Path) -> None:
    spec = json.loads(golden.read_text(encoding="utf-8"))
    conversation = load(_fixture(golden), **_options(spec))
    assert conversation.platform.value == spec["platform"]
    assert list(conversation.partners) == spec["partners"]
    assert conversation.title == spec["title"]
    assert _as_rows(conversation) == spec["messages"]


@pytest.mark.parametrize("golden", GOLDENS, ids=_case_id)
def test_detected_format_is_the_golden_one(golden: Path) -> None:
    spec = json.loads(golden.read_text(encoding="utf-8"))
    assert detect_format(_fixture(golden)) == spec["format"]


@pytest.mark.parametrize("golden", GOLDENS, ids=_case_id)
def test_explicit_format_equals_detected(golden: Path) -> None:
    spec = json.loads(golden.read_text(encoding="utf-8"))
    options = _options(spec)
    detected = load(_fixture(golden), **options)
    explicit = load(_fixture(golden), fmt=spec["format"], **options)
    assert explicit == detected


ERROR_CASES = [g for g in GOLDENS if "error" in json.loads(g.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("golden", ERROR_CASES, ids=_case_id)
def test_fixture_without_its_option_is_refused_with_the_way_out(golden: Path) -> None:
    spec = json.loads(golden.read_text(encoding="utf-8"))
    expected = getattr(errors, spec["error"]["type"])
    with pytest.raises(expected) as caught:
        load(_fixture(golden))
    assert spec["error"]["contains"] in str(caught.value)
    assert _fixture(golden).name in str(caught.value)


# Variants of one chat that must read to the same conversation (same text placeholders,
# minute precision): Android exports in English with every date order and clock style.
ANDROID_SAME_CHAT = [
    "android_ddmmyyyy_24h.txt",
    "android_mmddyy_12h.txt",
    "android_yyyymmdd_24h.txt",
    "android_12h_narrow_nbsp_bom.txt",
    "android_enus_a_m.txt",
    "android_zh_xiawu.txt",
    "android_ko_ohu.txt",
    "android_fr_a.txt",
]
IOS_SAME_CHAT = [
    "ios_ddmmyy_24h_seconds.txt",
    "ios_mmddyy_12h_seconds.txt",
    "ios_unsaved_contact_tilde.txt",
]


def _messages_without_source(conversation: Conversation) -> tuple[Any, ...]:
    return (conversation.messages, conversation.partners, conversation.platform)


@pytest.mark.parametrize("name", ANDROID_SAME_CHAT[1:], ids=lambda n: n.removesuffix(".txt"))
def test_android_variants_give_the_same_conversation(name: str) -> None:
    reference = load(WHATSAPP / ANDROID_SAME_CHAT[0])
    assert _messages_without_source(load(WHATSAPP / name)) == _messages_without_source(reference)


@pytest.mark.parametrize("name", IOS_SAME_CHAT[1:], ids=lambda n: n.removesuffix(".txt"))
def test_ios_variants_give_the_same_conversation(name: str) -> None:
    reference = load(WHATSAPP / IOS_SAME_CHAT[0])
    assert _messages_without_source(load(WHATSAPP / name)) == _messages_without_source(reference)


@pytest.mark.parametrize(
    "name", [*ANDROID_SAME_CHAT[:2], *IOS_SAME_CHAT[:1]], ids=lambda n: n.removesuffix(".txt")
)
def test_zip_export_equals_the_txt(name: str, tmp_path: Path) -> None:
    archive = tmp_path / "WhatsApp Chat with Alex.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("IMG-20231226-WA0003.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
        inner = "_chat.txt" if name.startswith("ios") else "WhatsApp Chat with Alex.txt"
        out.write(WHATSAPP / name, inner)
    from_zip = load(archive)
    assert detect_format(archive) == "whatsapp"
    assert from_zip.messages == load(WHATSAPP / name).messages


def test_messenger_folder_equals_its_first_file() -> None:
    thread = FIXTURES / "messenger" / "alexkim_10158"
    assert load(thread).messages == load(thread / "message_1.json").messages


def test_messenger_reads_every_numbered_file_oldest_first() -> None:
    conversation = load(FIXTURES / "messenger" / "alexkim_10158" / "message_1.json")
    stamps = [m.timestamp for m in conversation.messages]
    assert stamps == sorted(stamps)  # type: ignore[type-var]
    assert conversation.messages[0].text == "Are you still at Zoë's? 🙂"  # from message_2.json


def test_telegram_single_chat_equals_the_same_chat_inside_a_full_export() -> None:
    alone = load(FIXTURES / "telegram" / "personal_chat.json")
    inside = load(
        FIXTURES / "telegram" / "full_export_chats_list.json", partners=("Sam Rivera", "Alex Kim")
    )
    assert inside.messages == alone.messages


def test_whatsapp_title_comes_from_the_export_file_name(tmp_path: Path) -> None:
    target = tmp_path / "WhatsApp Chat with Alex 🌻.txt"
    shutil.copy(WHATSAPP / "android_ddmmyyyy_24h.txt", target)
    assert load(target).title == "Alex 🌻"


def test_every_registered_format_has_a_fixture() -> None:
    covered = {json.loads(g.read_text(encoding="utf-8"))["format"] for g in GOLDENS}
    assert set(PARSERS) <= covered
