"""Uploading a chat export, checked, parsed on this machine and stored in one transaction.

It is stored in one transaction, so a server stopped halfway leaves no half-written conversation.
API under ``/api/couples/{couple_id}/conversations``.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.responses import Response

from tandem.config import Settings
from tandem.errors import AmbiguousDateOrder, TandemError
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


def parse_and_store(
    session: Session, couple: CoupleContext, path: Path, dayfirst: bool | None
) -> tuple[Any, str]:
    """Parse the whole file and analyse it, then store both in the request's one transaction."""
    try:
        conversation = services.load_chat_with(path, dayfirst=dayfirst)
    except services.Unavailable as missing:
        raise UploadProblem("file", missing.what, 503) from None
    except AmbiguousDateOrder:
        raise UploadProblem("dayfirst", AMBIGUOUS) from None
    except TandemError as error:
        raise UploadProblem("file", str(error)) from None
    result: dict[str, Any] | None = None
    try:
        result = services.analyze(conversation)
        outcome = "The cycle report is ready."
    except services.Unavailable:
        outcome = ANALYSIS_LATER
    except TandemError as error:
        outcome = f"The analysis could not run: {error}"
    row = repository.add_conversation(
        session=session, couple_id=couple.couple_id, conversation=conversation
    )
    if result is not None:
        repository.add_analysis(
            session=session, couple_id=couple.couple_id, conversation_id=row.id, result=result
        )
    return row, f"Read {row.n_messages} messages from {row.source or path.name}. {outcome}"


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
    )


async def handle_upload(
    request: Request, session: Session, couple: CoupleContext, settings: Settings
) -> tuple[Any, str]:
    """Everything an upload does, for the page and the API alike."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > settings.max_upload_bytes + CHUNK:
        raise UploadProblem("file", too_large_message(settings), 413)
    release(session)  # nothing written yet; do not hold the database while the file arrives
    form = await request.form(max_files=1, max_fields=20)
    dayfirst = _dayfirst(str(form.get("dayfirst", "")))
    with tempfile.TemporaryDirectory(prefix="tandem-upload-") as folder:
        path = await receive(form.get("file"), settings, Path(folder))
        return await run_in_threadpool(parse_and_store, session, couple, path, dayfirst)


def _page(
    request: Request,
    session: Session,
    couple: CoupleContext,
    settings: Settings,
    *,
    errors: dict[str, str] | None = None,
    flash: str = "",
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    rows = repository.list_conversations(session=session, couple_id=couple.couple_id)
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
    except UploadProblem as problem:
        return _page(
            request,
            session,
            couple,
            settings,
            errors={problem.field: problem.message},
            status_code=problem.status_code,
        )
    return _page(request, session, couple, settings, flash=note, status_code=201)


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
    """Multipart field ``file`` (and optionally ``dayfirst``: ``day`` or ``month``)."""
    try:
        row, _ = await handle_upload(request, session, couple, settings)
    except UploadProblem as problem:
        raise HTTPException(problem.status_code, detail=problem.message) from None
    return public(row)


@api.delete("/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a chat")
def delete_api(conversation_id: str, session: SessionDep, couple: WritableCoupleDep) -> Response:
    """Delete a stored chat with its messages and analyses."""
    rows = repository.list_conversations(session=session, couple_id=couple.couple_id)
    if all(r.id != conversation_id for r in rows):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="No such chat for this couple.")
    repository.delete_conversation(session=session, conversation_id=conversation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
