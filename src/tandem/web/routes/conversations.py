"""Uploading a chat export, checked, parsed on this machine and stored in one transaction.

It is stored in one transaction, so a server stopped halfway leaves no half-written conversation.
API under ``/api/couples/{couple_id}/conversations``.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.responses import Response

from tandem.config import Settings
from tandem.errors import AmbiguousDateOrder, TandemError, TooManySenders
from tandem.ingest.senders import match_senders, rename_partners
from tandem.report.terms import quoted_list
from tandem.store import repository
from tandem.web import services
from tandem.web.deps import (
    CoupleContext,
    CoupleDep,
    CsrfDep,
    SessionDep,
    SettingsDep,
    WritableCoupleDep,
    megabytes,
    release,
    render,
    too_large_message,
)
from tandem.web.schemas import ConversationPublic

router = APIRouter(
    prefix="/couples/{couple_id}/upload",
    tags=["conversations"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
api = APIRouter(
    prefix="/api/couples/{couple_id}/conversations", tags=["conversations"], dependencies=[CsrfDep]
)
ROUTERS = (router, api)

ALLOWED_SUFFIXES = (".txt", ".zip", ".json", ".jsonl", ".csv")
"""File types a chat export comes as."""
CHUNK = 1024 * 1024
NO_FILE = "Choose the chat export to upload."
EMPTY_FILE = "This file is empty."
AMBIGUOUS = (
    "The dates in this file could be day/month or month/day. Choose the date order here and "
    "upload the file again."
)
ANALYSIS_LATER = "The cycle analysis is not available in this copy yet."
EXPIRED = "This upload is no longer waiting here; choose the file again."
UNKNOWN_CODER = "Choose one of the offered ways to read the chat."
TOKEN = re.compile(r"[0-9a-f]{32}")
"""Shape of a waiting upload's name (anything else is refused before touching the disk)."""


def wrong_type_message(filename: str) -> str:
    """The message for a file that is not a chat export.

    Examples
    --------
    >>> wrong_type_message("holiday.png").split(". ")[0]
    "'holiday.png' is not a chat export Tandem can read"
    """
    return (
        f"{filename!r} is not a chat export Tandem can read. Upload the .txt or .zip your chat "
        "app exported (also .json, .jsonl or .csv)."
    )


class UploadProblem(Exception):
    """A mistake in an upload, with the form field it belongs to and an HTTP status."""

    def __init__(self, field: str, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status_code = status_code
        self.values: dict[str, str] = {}  # the form's choices, shown again with the mistake


def _safe_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]+", "_", name).strip() or "chat.txt"
    return name[:120]


async def receive(upload: Any, settings: Settings, folder: Path) -> Path:
    """Copy the uploaded file to ``folder``, checking its type and size; the path written."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise UploadProblem("file", NO_FILE)
    name = _safe_name(upload.filename)
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise UploadProblem("file", wrong_type_message(upload.filename), 415)
    target = folder / name
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > settings.max_upload_bytes:
                raise UploadProblem("file", too_large_message(settings), 413)
            out.write(chunk)
    if size == 0:
        raise UploadProblem("file", EMPTY_FILE)
    return target


def _dayfirst(value: str) -> bool | None:
    return {"day": True, "month": False}.get(value)


def _coder(value: str) -> str:
    """The coder an upload asks for ("" is the default); anything not offered is refused."""
    chosen = value.strip() or "default"
    if chosen not in dict(services.CODER_CHOICES):
        raise UploadProblem("coder", UNKNOWN_CODER)
    return chosen


class NeedsSenders(Exception):
    """The chat's names do not settle who is who: ask, with a suggestion, keeping the file."""

    def __init__(
        self,
        token: str,
        senders: tuple[str, ...],
        suggested: tuple[str, str],
        problems: dict[str, str] | None = None,
        coder: str = "default",
    ) -> None:
        super().__init__("who is who")
        self.token = token
        self.senders = senders
        self.suggested = suggested
        self.problems = problems or {}
        self.coder = coder  # asked for with the file; sent again with the answer


def who_is_who_message(couple: CoupleContext, senders: tuple[str, ...]) -> str:
    """The question asked when the senders' names do not say who is who."""
    a, b = couple.partner_names
    wrote = f"{len(senders)} people wrote in this chat: {quoted_list(senders)}." if senders else ""
    return f"{wrote} Say which of them is {a} and which is {b}.".strip()


def _chosen(form: Any) -> tuple[tuple[str, str] | None, dict[str, str]]:
    """The chat's names the user gave for partner A and B, or the mistake in them."""
    a, b = str(form.get("sender_a") or "").strip(), str(form.get("sender_b") or "").strip()
    if not a and not b:
        return None, {}
    if not a or not b:
        return (a, b), {"sender_b" if a else "sender_a": "Choose who this is."}
    if a == b:
        return (a, b), {"sender_b": "Choose two different people."}
    return (a, b), {}


def parse_and_store(
    session: Session,
    couple: CoupleContext,
    path: Path,
    dayfirst: bool | None,
    chosen: tuple[str, str] | None = None,
    token: str = "",
    problems: dict[str, str] | None = None,
    coder: str = "default",
) -> tuple[Any, str]:
    """Parse the whole file, check who is who, analyse it, and store both in one transaction.

    ``chosen`` is the chat's name of partner A and of partner B, as the user confirmed them;
    without it the names must settle the question, or :class:`NeedsSenders` asks (also when
    ``problems`` says the answer given was incomplete). ``coder`` is kept with the chat, so
    its later reports and plans are read the same way.
    """
    usable = chosen if chosen is not None and not problems else None
    try:
        conversation = services.load_chat_with(path, dayfirst=dayfirst, partners=usable)
    except services.Unavailable as missing:
        raise UploadProblem("file", missing.what, 503) from None
    except AmbiguousDateOrder:
        raise UploadProblem("dayfirst", AMBIGUOUS) from None
    except TooManySenders as many:
        raise NeedsSenders(token, many.senders, chosen or ("", ""), problems, coder) from None
    except TandemError as error:
        raise UploadProblem("file", str(error)) from None
    senders = tuple(s for s in conversation.partners if s)
    if problems:
        raise NeedsSenders(token, senders, chosen or ("", ""), problems, coder)
    if chosen is None:
        match = match_senders(senders, couple.partner_names)
        if not match.settled:
            raise NeedsSenders(token, senders, match.senders, coder=coder)
        chosen = match.senders
    conversation = rename_partners(conversation, chosen, couple.partner_names)
    result: dict[str, Any] | None = None
    try:
        result = services.analyze(conversation, coder)
        outcome = "The cycle report is ready."
    except services.Unavailable:
        outcome = ANALYSIS_LATER
    except TandemError as error:
        outcome = f"The analysis could not run: {error}"
    row = repository.add_conversation(
        session=session, couple_id=couple.couple_id, conversation=conversation, coder=coder
    )
    if result is not None:
        repository.add_analysis(
            session=session, couple_id=couple.couple_id, conversation_id=row.id, result=result
        )
    note = f"Read {row.n_messages} messages from {row.source or path.name}. {outcome}"
    if chosen != couple.partner_names:
        a, b = couple.partner_names
        note += f" In the chat, '{chosen[0]}' is {a} and '{chosen[1]}' is {b}."
    return row, note


def public(row: Any) -> ConversationPublic:
    """The API view of a stored conversation."""
    return ConversationPublic(
        id=row.id,
        platform=row.platform,
        source=row.source,
        title=row.title,
        partner_a=row.partner_a,
        partner_b=row.partner_b,
        uploaded_at=row.uploaded_at,
        n_messages=row.n_messages,
        coder=row.coder,
    )


PENDING_HOURS = 24
"""How long an upload waiting for "who is who" is kept before it is removed."""


def _pending_root(settings: Settings) -> Path:
    root = settings.data_dir / "pending-uploads"
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o700)  # intimate data: readable by this user only
    return root


def _sweep_pending(root: Path) -> None:
    """Remove uploads nobody confirmed within :data:`PENDING_HOURS`."""
    limit = time.time() - PENDING_HOURS * 3600
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def _pending_file(root: Path, token: str) -> Path:
    folder = root / token
    files = sorted(folder.iterdir()) if TOKEN.fullmatch(token) and folder.is_dir() else []
    if not files:
        raise UploadProblem("file", EXPIRED)
    return files[0]


async def handle_upload(
    request: Request, session: Session, couple: CoupleContext, settings: Settings
) -> tuple[Any, str]:
    """Everything an upload does, for the page and the API alike.

    A new file is kept in a private folder until it is stored; when the chat's names do not say
    who is who, it stays there (for at most a day) while the user is asked, then goes.
    """
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > settings.max_upload_bytes + CHUNK:
        raise UploadProblem("file", too_large_message(settings), 413)
    release(session)  # nothing written yet; do not hold the database while the file arrives
    form = await request.form(max_files=1, max_fields=20)
    try:
        return await _receive_and_store(session, couple, settings, form)
    except UploadProblem as problem:
        # A mistake should not undo the choices made: they come back with it, if valid.
        offered = {"dayfirst": ("day", "month"), "coder": tuple(dict(services.CODER_CHOICES))}
        problem.values = {
            field: str(form.get(field))
            for field, choices in offered.items()
            if form.get(field) in choices
        }
        raise


async def _receive_and_store(
    session: Session, couple: CoupleContext, settings: Settings, form: Any
) -> tuple[Any, str]:
    """The file saved (or the waiting one found), then parsed, analysed and stored."""
    dayfirst = _dayfirst(str(form.get("dayfirst", "")))
    coder = _coder(str(form.get("coder", "")))
    root = _pending_root(settings)
    _sweep_pending(root)
    token = str(form.get("pending") or "")
    if token:
        path = _pending_file(root, token)
    else:
        token = secrets.token_hex(16)
        (root / token).mkdir()
        try:
            path = await receive(form.get("file"), settings, root / token)
        except UploadProblem:
            shutil.rmtree(root / token, ignore_errors=True)
            raise
    chosen, problems = _chosen(form)
    try:
        stored = await run_in_threadpool(
            parse_and_store, session, couple, path, dayfirst, chosen, token, problems, coder
        )
    except NeedsSenders:
        raise  # the file waits for the answer
    except BaseException:
        shutil.rmtree(root / token, ignore_errors=True)
        raise
    shutil.rmtree(root / token, ignore_errors=True)
    return stored


def _page(
    request: Request,
    session: Session,
    couple: CoupleContext,
    settings: Settings,
    *,
    errors: dict[str, str] | None = None,
    flash: str = "",
    values: dict[str, str] | None = None,
    ask: NeedsSenders | None = None,
    status_code: int = 200,
) -> Response:
    rows = repository.list_conversations(session=session, couple_id=couple.couple_id)
    who = None
    if ask is not None:
        who = {
            "token": ask.token,
            "question": who_is_who_message(couple, ask.senders),
            "options": [(name, name) for name in ask.senders],
            "values": {"sender_a": ask.suggested[0], "sender_b": ask.suggested[1]},
            "errors": ask.problems,
            "coder": ask.coder,
        }
    return render(
        request,
        "upload.html",
        {
            "title": "Upload a chat",
            "viewer": couple.viewer,
            "couple": couple,
            "active": "upload",
            "conversations": [public(r) for r in rows],
            "limit": megabytes(settings.max_upload_bytes),
            "errors": errors or {},
            "values": values or {},
            "flash": flash,
            "who": who,
            "coders": services.CODER_CHOICES,
            "coder_short": services.CODER_SHORT,
        },
        status_code=status_code,
    )


@router.get("")
def upload_page(
    request: Request, session: SessionDep, couple: CoupleDep, settings: SettingsDep
) -> Response:
    """The upload form and the chats stored so far."""
    return _page(request, session, couple, settings)


@router.post("")
async def upload_submit(
    request: Request, session: SessionDep, couple: WritableCoupleDep, settings: SettingsDep
) -> Response:
    """Receive, parse and store a chat export; mistakes are shown next to the file field."""
    try:
        _, note = await handle_upload(request, session, couple, settings)
    except NeedsSenders as ask:
        return _page(request, session, couple, settings, ask=ask, status_code=200)
    except UploadProblem as problem:
        return _page(
            request,
            session,
            couple,
            settings,
            errors={problem.field: problem.message},
            values=problem.values,
            status_code=problem.status_code,
        )
    return _page(request, session, couple, settings, flash=note, status_code=201)


@router.post("/{conversation_id}/delete")
def delete_submit(
    request: Request,
    session: SessionDep,
    couple: WritableCoupleDep,
    settings: SettingsDep,
    conversation_id: str,
) -> Response:
    """Delete a stored chat with its messages and analyses (the page asks first)."""
    _delete(session, couple, conversation_id)
    flash = "The chat, its messages and its cycle report were deleted."
    return _page(request, session, couple, settings, flash=flash)


def _delete(session: Session, couple: CoupleContext, conversation_id: str) -> None:
    rows = repository.list_conversations(session=session, couple_id=couple.couple_id)
    if all(r.id != conversation_id for r in rows):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No such chat for this couple.")
    repository.delete_conversation(session=session, conversation_id=conversation_id)


@api.get("", summary="The couple's stored chats")
def list_api(session: SessionDep, couple: CoupleDep) -> list[ConversationPublic]:
    """Stored chats with their message counts (messages themselves stay on the server)."""
    rows = repository.list_conversations(session=session, couple_id=couple.couple_id)
    return [public(r) for r in rows]


@api.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Upload a chat export",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "dayfirst": {"type": "string", "enum": ["", "day", "month"]},
                            "sender_a": {"type": "string"},
                            "sender_b": {"type": "string"},
                            "coder": {
                                "type": "string",
                                "enum": ["", *(name for name, _ in services.CODER_CHOICES)],
                            },
                        },
                    }
                }
            },
            "required": True,
        }
    },
)
async def upload_api(
    request: Request, session: SessionDep, couple: WritableCoupleDep, settings: SettingsDep
) -> ConversationPublic:
    """Multipart field ``file``; optionally ``dayfirst``, ``sender_a``, ``sender_b``, ``coder``.

    ``dayfirst`` is ``day`` or ``month``; ``sender_a`` and ``sender_b`` are the chat's names of
    partner A and partner B; ``coder`` is ``default``, ``contextual`` (slower, English only) or
    ``rules``, kept with the chat for its later reports and plans.

    When the chat's names do not say who is who (and neither field is given), the answer is 409
    with the senders listed; nothing is stored.
    """
    try:
        row, _ = await handle_upload(request, session, couple, settings)
    except NeedsSenders as ask:
        shutil.rmtree(_pending_root(settings) / ask.token, ignore_errors=True)
        detail = who_is_who_message(couple, ask.senders)
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=f"{detail} Send the chat's names as sender_a and sender_b.",
        ) from None
    except UploadProblem as problem:
        raise HTTPException(problem.status_code, detail=problem.message) from None
    return public(row)


@api.delete("/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a chat")
def delete_api(conversation_id: str, session: SessionDep, couple: WritableCoupleDep) -> Response:
    """Delete a stored chat with its messages and analyses."""
    _delete(session, couple, conversation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
