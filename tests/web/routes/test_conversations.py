"""Uploading chats: stored whole, type and size checked with clear messages, never half-written."""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tandem.store import repository
from tandem.store.db import make_engine, session_scope
from tandem.web.routes.conversations import AMBIGUOUS, EMPTY_FILE, NO_FILE
from tests.servers import free_port, start_tandem_server
from tests.web.conftest import make_app, with_csrf, write_chat

ROOT = Path(__file__).resolve().parents[3]


def upload(client: TestClient, couple_id: str, path: Path, **data: str) -> httpx.Response:
    with path.open("rb") as handle:
        return client.post(
            f"/couples/{couple_id}/upload",
            files={"file": (path.name, handle, "text/plain")},
            data=data,
        )


def test_upload_stores_every_message_and_makes_the_report(
    client: TestClient, couple_id: str, chat_file: Path
) -> None:
    r = upload(client, couple_id, chat_file)
    assert r.status_code == 201
    assert (
        "Read 240 messages from WhatsApp Chat with Alex.txt. The cycle report is ready." in r.text
    )
    [stored] = client.get(f"/api/couples/{couple_id}/conversations").json()
    assert stored["n_messages"] == 240
    assert (stored["partner_a"], stored["partner_b"]) == ("Sam", "Alex")
    analysis = client.get(f"/api/couples/{couple_id}/analysis").json()
    assert analysis["available"] is True
    assert analysis["result"]["n_messages"] == 240
    report = client.get(f"/couples/{couple_id}/report")
    assert report.status_code == 200
    assert "<svg" in report.text  # charts drawn
    full = client.get(f"/couples/{couple_id}/report/full")
    assert full.status_code == 200
    assert full.text.lstrip().lower().startswith("<!doctype html")


def test_wrong_file_type_is_named_next_to_the_field(
    client: TestClient, couple_id: str, tmp_path: Path
) -> None:
    picture = tmp_path / "holiday.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    r = upload(client, couple_id, picture)
    assert r.status_code == 415
    assert (
        '<p class="error" id="file-error" role="alert">&#39;holiday.png&#39; is not a chat export '
        "Tandem can read." in r.text
    )
    api = client.post(
        f"/api/couples/{couple_id}/conversations",
        files={"file": ("holiday.png", picture.read_bytes(), "image/png")},
    )
    assert api.status_code == 415
    assert api.json()["detail"].startswith("'holiday.png' is not a chat export Tandem can read.")


def test_too_large_upload_gets_a_clear_message(tmp_path: Path) -> None:
    app = make_app(tmp_path, max_upload_bytes=2048)
    chat = write_chat(tmp_path / "big.txt", days=30)  # about 10 kB
    with TestClient(app) as c:
        with_csrf(c)
        cid = c.post(
            "/api/couples", json={"name": "Us", "partner_a": "Sam", "partner_b": "Alex"}
        ).json()["id"]
        r = upload(c, cid, chat)
        assert r.status_code == 413
        assert (
            '<p class="error" id="file-error" role="alert">'
            "This file is larger than 2 kB, the largest upload Tandem accepts.</p>" in r.text
        )
        api = c.post(
            f"/api/couples/{cid}/conversations",
            files={"file": ("big.txt", chat.read_bytes(), "text/plain")},
        )
        assert api.status_code == 413
        assert api.json() == {
            "detail": "This file is larger than 2 kB, the largest upload Tandem accepts."
        }
        assert c.get(f"/api/couples/{cid}/conversations").json() == []


def test_missing_empty_and_unreadable_files(
    client: TestClient, couple_id: str, tmp_path: Path
) -> None:
    r = client.post(f"/couples/{couple_id}/upload", data={"dayfirst": ""})
    assert r.status_code == 422
    assert f'<p class="error" id="file-error" role="alert">{NO_FILE}</p>' in r.text
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = upload(client, couple_id, empty)
    assert r.status_code == 422
    assert EMPTY_FILE in r.text
    junk = tmp_path / "notes.txt"
    junk.write_text("just some words\nwith no chat in them\n")
    r = upload(client, couple_id, junk)
    assert r.status_code == 422
    assert "notes.txt" in r.text  # the parser's message names the file
    assert client.get(f"/api/couples/{couple_id}/conversations").json() == []


def test_ambiguous_dates_ask_for_the_order_next_to_that_field(
    client: TestClient, couple_id: str, tmp_path: Path
) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "01/03/2024, 20:01 - Sam: are you coming?\n02/03/2024, 20:30 - Alex: yes\n",
        encoding="utf-8",
    )
    r = upload(client, couple_id, chat)
    assert r.status_code == 422
    assert f'<p class="error" id="dayfirst-error" role="alert">{AMBIGUOUS}</p>' in r.text
    r = upload(client, couple_id, chat, dayfirst="day")
    assert r.status_code == 201
    assert "Read 2 messages" in r.text


# --- a server killed in the middle of an upload ---------------------------------------------


def _multipart(path: Path, boundary: str, token: str) -> bytes:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()


def _stored_state(db: Path) -> tuple[int, int, list[tuple[int, int]]]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with session_scope(engine) as s:
            n_conv = s.execute(text("SELECT count(*) FROM conversations")).scalar_one()
            n_msg = s.execute(text("SELECT count(*) FROM messages")).scalar_one()
            pairs = [
                (
                    row.n_messages,
                    s.execute(
                        text("SELECT count(*) FROM messages WHERE conversation_id = :c"),
                        {"c": row.id},
                    ).scalar_one(),
                )
                for couple in repository.list_couples(session=s)
                for row in repository.list_conversations(session=s, couple_id=couple.id)
            ]
        return int(n_conv), int(n_msg), pairs
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("sent_fraction", [0.5, 1.0], ids=["mid-body", "after-body"])
def test_server_killed_mid_upload_leaves_no_half_written_chat(
    tmp_path: Path, sent_fraction: float
) -> None:
    """SIGKILL the server while it receives (or parses and stores) a large chat.

    Afterwards the database holds either nothing or the whole chat: never a conversation whose
    message count disagrees with its stored messages, and never messages without a conversation.
    """
    chat = write_chat(tmp_path / "long.txt", days=2500)  # 20 000 messages, about 0.8 MB
    port = free_port()
    proc = start_tandem_server(tmp_path, port, env={"TANDEM_SECRET_KEY": "kill-test"})
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            token = http.get("/api/session").json()["csrf_token"]
            cid = http.post(
                "/api/couples",
                json={"name": "Us", "partner_a": "Sam", "partner_b": "Alex"},
                headers={"X-CSRF-Token": token},
            ).json()["id"]
            cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        body = _multipart(chat, "tandemboundary", token)
        cut = int(len(body) * sent_fraction)
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                (
                    f"POST /couples/{cid}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Cookie: {cookie}\r\n"
                    "Content-Type: multipart/form-data; boundary=tandemboundary\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                + body[:cut]
            )
            time.sleep(0.6)  # mid-body: waiting for the rest; after-body: parsing or storing
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    n_conv, n_msg, pairs = _stored_state(tmp_path / "tandem.db")
    assert all(declared == stored for declared, stored in pairs), pairs
    assert n_msg == sum(stored for _, stored in pairs)
    if sent_fraction < 1:
        assert (n_conv, n_msg) == (0, 0)
    else:
        assert n_conv in (0, 1)
        assert n_msg in (0, 20_000)


def test_a_long_upload_does_not_keep_the_partner_waiting(
    client: TestClient, couple_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a large chat is parsed and analysed, a journal entry is still saved at once.

    The upload is held inside its parsing step until the journal entry has come back,
    so the order does not depend on how fast this machine is: if the entry had to wait
    for the upload, it would only return after the hold times out, and the test fails.
    """
    import threading

    from tandem.web.routes import conversations
    from tests.web.conftest import entry_body

    chat = write_chat(tmp_path / "long.txt", days=1500)  # 12 000 messages
    parsing_started = threading.Event()
    entry_saved = threading.Event()
    released_by_entry: list[bool] = []
    real_parse_and_store = conversations.parse_and_store

    def held_parse_and_store(*args: Any, **kwargs: Any) -> Any:
        parsing_started.set()
        # 120 s: far longer than a journal entry takes even on a loaded machine.
        released_by_entry.append(entry_saved.wait(timeout=120))
        return real_parse_and_store(*args, **kwargs)

    monkeypatch.setattr(conversations, "parse_and_store", held_parse_and_store)
    responses: list[httpx.Response] = []
    worker = threading.Thread(target=lambda: responses.append(upload(client, couple_id, chat)))
    worker.start()
    assert parsing_started.wait(timeout=120)
    r = client.post(f"/api/couples/{couple_id}/journal/entries", json=entry_body())
    entry_saved.set()
    worker.join(timeout=300)
    assert r.status_code == 201
    assert released_by_entry == [True]  # the entry came back while the upload was still held
    assert responses[0].status_code == 201
    [stored] = client.get(f"/api/couples/{couple_id}/conversations").json()
    assert stored["n_messages"] == 12_000


# --- who is who -----------------------------------------------------------------------------


def _couple(client: TestClient, a: str, b: str) -> str:
    r = client.post("/api/couples", json={"name": f"{a} & {b}", "partner_a": a, "partner_b": b})
    return str(r.json()["id"])


def _pending_token(page: str) -> str:
    return page.split('name="pending" value="')[1].split('"')[0]


def test_a_chat_whose_names_are_not_the_couples_is_asked_about_before_storing(
    client: TestClient, chat_file: Path
) -> None:
    lena_tom = _couple(client, "Lena", "Tom")
    asked = upload(client, lena_tom, chat_file)
    assert asked.status_code == 200
    assert "Who is who in this chat?" in asked.text
    assert "2 people wrote in this chat: &#39;Sam&#39; and &#39;Alex&#39;" in asked.text
    assert client.get(f"/api/couples/{lena_tom}/conversations").json() == []  # nothing yet
    token = _pending_token(asked.text)
    done = client.post(
        f"/couples/{lena_tom}/upload",
        data={"pending": token, "sender_a": "Alex", "sender_b": "Sam"},
    )
    assert done.status_code == 201
    assert "In the chat, &#39;Alex&#39; is Lena and &#39;Sam&#39; is Tom." in done.text
    [stored] = client.get(f"/api/couples/{lena_tom}/conversations").json()
    assert (stored["partner_a"], stored["partner_b"]) == ("Lena", "Tom")
    # Sam presses in the chat (see write_chat), and Sam is Tom: the report says Tom pursues.
    report = client.get(f"/api/couples/{lena_tom}/analysis").json()["result"]
    assert report["partners"]["Tom"]["role"] == "pursuer"
    assert report["partners"]["Lena"]["role"] == "distancer"
    again = client.post(f"/couples/{lena_tom}/upload", data={"pending": token})
    assert again.status_code == 422 and "choose the file again" in again.text  # file is gone


def test_names_that_match_settle_it_even_in_another_order(
    client: TestClient, tmp_path: Path
) -> None:
    chat = write_chat(tmp_path / "chat.txt", names=("alex", "Sam Rivera"))
    couple = _couple(client, "Sam", "Alex")
    r = upload(client, couple, chat)
    assert r.status_code == 201
    [stored] = client.get(f"/api/couples/{couple}/conversations").json()
    assert (stored["partner_a"], stored["partner_b"]) == ("Sam", "Alex")
    report = client.get(f"/api/couples/{couple}/analysis").json()["result"]
    assert report["partners"]["Alex"]["role"] == "pursuer"  # "alex" pressed in the chat


def test_a_group_chat_offers_its_senders_to_pick_two(client: TestClient, tmp_path: Path) -> None:
    lines = write_chat(tmp_path / "two.txt").read_text(encoding="utf-8")
    lines += "23/04/2024, 10:00 - Kim: who is bringing the tent?\n"
    group = tmp_path / "group.txt"
    group.write_text(lines, encoding="utf-8")
    couple = _couple(client, "Sam", "Alex")
    asked = upload(client, couple, group)
    assert (
        "3 people wrote in this chat: &#39;Sam&#39;, &#39;Alex&#39; and &#39;Kim&#39;" in asked.text
    )
    assert "--partners" not in asked.text
    token = _pending_token(asked.text)
    same = client.post(
        f"/couples/{couple}/upload", data={"pending": token, "sender_a": "Kim", "sender_b": "Kim"}
    )
    assert "Choose two different people." in same.text and _pending_token(same.text) == token
    done = client.post(
        f"/couples/{couple}/upload", data={"pending": token, "sender_a": "Sam", "sender_b": "Alex"}
    )
    assert done.status_code == 201


def test_the_api_says_who_wrote_and_takes_the_answer_in_fields(
    client: TestClient, chat_file: Path
) -> None:
    couple = _couple(client, "Lena", "Tom")
    url = f"/api/couples/{couple}/conversations"
    with chat_file.open("rb") as handle:
        refused = client.post(url, files={"file": handle})
    assert refused.status_code == 409
    assert "'Sam' and 'Alex'" in refused.json()["detail"]
    assert "sender_a and sender_b" in refused.json()["detail"]
    with chat_file.open("rb") as handle:
        ok = client.post(url, files={"file": handle}, data={"sender_a": "Sam", "sender_b": "Alex"})
    assert ok.status_code == 201 and ok.json()["partner_a"] == "Lena"


def test_a_stored_chat_can_be_deleted_from_the_page(
    client: TestClient, couple_id: str, chat_file: Path
) -> None:
    page = upload(client, couple_id, chat_file).text
    assert 'data-confirm="Delete this chat' in page  # the page asks before deleting
    [chat] = client.get(f"/api/couples/{couple_id}/conversations").json()
    r = client.post(f"/couples/{couple_id}/upload/{chat['id']}/delete")
    assert "The chat, its messages and its cycle report were deleted." in r.text
    assert client.get(f"/api/couples/{couple_id}/conversations").json() == []
    assert client.get(f"/api/couples/{couple_id}/analysis").json()["available"] is False


def test_a_chat_in_another_language_says_so_and_names_no_roles(
    client: TestClient, couple_id: str, tmp_path: Path
) -> None:
    from tests.coding.test_language import CHATS

    lines = [
        f"{10 + k // 10:02d}/03/2024, {8 + k % 10:02d}:00 - {'Sam' if k % 2 else 'Alex'}: {text}"
        for k, text in enumerate(CHATS["de"] * 4)
    ]
    chat = tmp_path / "deutsch.txt"
    chat.write_text("25/02/2024, 07:00 - Sam: Hallo\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert upload(client, couple_id, chat).status_code == 201
    page = client.get(f"/couples/{couple_id}/report").text
    assert "These messages look written in German" in page
    assert "pursuer" not in page and "distancer" not in page and "<svg" not in page
    full = client.get(f"/couples/{couple_id}/report/full").text
    body = full.split("<main")[1].split("<footer")[0]  # the page, not its style sheet
    assert "Not a language Tandem reads yet" in body and "pursuer" not in body


# --- how the messages are read: chosen at upload, kept with the chat ------------------------


def test_the_reading_chosen_at_upload_is_kept_for_every_later_report(
    client: TestClient, chat_file: Path
) -> None:
    by_words = _couple(client, "Sam", "Alex")
    standard = _couple(client, "Sam", "Alex")
    assert upload(client, by_words, chat_file, coder="rules").status_code == 201
    assert upload(client, standard, chat_file).status_code == 201
    [stored] = client.get(f"/api/couples/{by_words}/conversations").json()
    assert stored["coder"] == "rules"
    first = client.get(f"/api/couples/{by_words}/analysis").json()["result"]
    other = client.get(f"/api/couples/{standard}/analysis").json()["result"]
    assert (first["coder"], other["coder"]) == ("rules", "learned")
    # The two readings code some lines of the chat differently, and the figures show it.
    assert first["conflict_ratio"] != other["conflict_ratio"]
    page = client.get(f"/couples/{by_words}/upload").text
    assert "<td>word list</td>" in page
    # Analysing again reads the chat the way it was chosen, not with the default.
    assert client.post(f"/couples/{by_words}/report").status_code == 201
    again = client.get(f"/api/couples/{by_words}/analysis").json()["result"]
    assert again["coder"] == "rules" and again["conflict_ratio"] == first["conflict_ratio"]
    assert "read by the word-list coder" in client.get(f"/couples/{by_words}/report").text
    full = client.get(f"/couples/{by_words}/report/full").text
    assert "read by the word-list coder" in full  # the stand-alone report reads it the same way


def test_the_careful_reading_runs_the_contextual_model(
    client: TestClient, couple_id: str, chat_file: Path
) -> None:
    r = upload(client, couple_id, chat_file, coder="contextual")
    assert r.status_code == 201 and "The cycle report is ready." in r.text
    result = client.get(f"/api/couples/{couple_id}/analysis").json()["result"]
    assert result["coder"] == "contextual"
    assert result["partners"]["Sam"]["role"] == "pursuer"  # Sam presses in the chat
    assert "read by the careful coder" in client.get(f"/couples/{couple_id}/report").text


def test_an_unknown_reading_is_refused_next_to_its_field_and_nothing_is_stored(
    client: TestClient, couple_id: str, chat_file: Path
) -> None:
    r = upload(client, couple_id, chat_file, coder="magic")
    assert r.status_code == 422
    assert 'id="coder-error" role="alert">Choose one of the offered ways' in r.text
    url = f"/api/couples/{couple_id}/conversations"
    with chat_file.open("rb") as handle:
        api = client.post(url, files={"file": handle}, data={"coder": "magic"})
    assert api.status_code == 422
    assert api.json()["detail"] == "Choose one of the offered ways to read the chat."
    assert client.get(url).json() == []


def test_the_reading_travels_with_the_who_is_who_question(
    client: TestClient, chat_file: Path
) -> None:
    lena_tom = _couple(client, "Lena", "Tom")
    asked = upload(client, lena_tom, chat_file, coder="rules")
    assert '<input type="hidden" name="coder" value="rules">' in asked.text
    done = client.post(
        f"/couples/{lena_tom}/upload",
        data={
            "pending": _pending_token(asked.text),
            "sender_a": "Alex",
            "sender_b": "Sam",
            "coder": "rules",
        },
    )
    assert done.status_code == 201
    [stored] = client.get(f"/api/couples/{lena_tom}/conversations").json()
    assert stored["coder"] == "rules"


def test_a_mistake_keeps_the_reading_and_date_order_chosen(
    client: TestClient, couple_id: str, tmp_path: Path
) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    r = upload(client, couple_id, picture, coder="contextual", dayfirst="month")
    assert r.status_code == 415 and 'id="file-error"' in r.text
    assert 'name="coder" value="contextual" checked' in r.text
    assert 'name="coder" value="default" checked' not in r.text
    assert '<option value="month" selected' in r.text
