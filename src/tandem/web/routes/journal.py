"""The journal: conflict entries, practice check-ins and progress trends.

Forms, list, charts; and the same under ``/api/couples/{couple_id}/journal``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import Response

from tandem.domain import JournalEntry, Partner
from tandem.errors import TandemError
from tandem.store import repository
from tandem.web import services
from tandem.web.deps import (
    CoupleContext,
    CoupleDep,
    CsrfDep,
    SessionDep,
    WritableCoupleDep,
    render,
)
from tandem.web.schemas import (
    CODE_CHOICES,
    ENDING_CHOICES,
    CheckInCreate,
    CheckInPublic,
    JournalEntryCreate,
    JournalEntryPublic,
    JournalPage,
    validate_form,
)

router = APIRouter(
    prefix="/couples/{couple_id}", tags=["journal"], include_in_schema=False, dependencies=[CsrfDep]
)
api = APIRouter(prefix="/api/couples/{couple_id}/journal", tags=["journal"], dependencies=[CsrfDep])
ROUTERS = (router, api)

NO_ENTRY = "There is no such entry in this journal."
NOT_YOURS = "Each partner changes only the entries they wrote."


def journal_context(
    session: Session,
    couple: CoupleContext,
    *,
    entry_values: dict[str, Any] | None = None,
    entry_errors: dict[str, str] | None = None,
    checkin_values: dict[str, Any] | None = None,
    checkin_errors: dict[str, str] | None = None,
    flash: str = "",
) -> dict[str, Any]:
    """Everything the journal page shows."""
    entries = repository.list_journal_entries(session=session, couple_id=couple.couple_id)
    checkins = repository.list_checkins(session=session, couple_id=couple.couple_id)
    return {
        "title": "Journal",
        "viewer": couple.viewer,
        "couple": couple,
        "active": "journal",
        "entries": sorted(entries, key=lambda e: e.occurred_at.isoformat(), reverse=True),
        "checkins": sorted(checkins, key=lambda c: c.occurred_at.isoformat(), reverse=True),
        "codes": CODE_CHOICES,
        "endings": ENDING_CHOICES,
        "steps": services.plan_step_titles(session, couple.couple_id),
        "entry_values": entry_values or {},
        "entry_errors": entry_errors or {},
        "checkin_values": checkin_values or {},
        "checkin_errors": checkin_errors or {},
        "flash": flash,
    }


def _form_dict(form: FormData) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in form.items() if k not in ("moves_a", "moves_b")}
    data["moves_a"] = form.getlist("moves_a")
    data["moves_b"] = form.getlist("moves_b")
    return data


def save_entry(
    session: Session,
    couple: CoupleContext,
    body: JournalEntryCreate,
    *,
    replacing: JournalEntry | None = None,
) -> Any:
    """Store the entry, or what ``replacing`` now says.

    A partner's own entries carry their label as author; a changed entry keeps its author
    unless another is chosen.
    """
    if couple.my_label is not None:
        body = body.model_copy(update={"author": couple.my_label})
    elif not body.author and replacing is not None and replacing.author is not None:
        body = body.model_copy(update={"author": replacing.author.value})
    if replacing is None:
        return repository.add_journal_entry(
            session=session, couple_id=couple.couple_id, entry=body.to_domain()
        )
    return repository.update_journal_entry(
        session=session,
        couple_id=couple.couple_id,
        entry_id=str(replacing.id),
        entry=body.to_domain(),
    )


def save_checkin(session: Session, couple: CoupleContext, body: CheckInCreate) -> Any:
    """Store the check-in; in therapist mode a partner checks in only as themself."""
    if couple.my_label is not None:
        body = body.model_copy(update={"partner": couple.my_label})
    return repository.add_checkin(
        session=session, couple_id=couple.couple_id, checkin=body.to_domain()
    )


# --- pages ----------------------------------------------------------------------------------


@router.get("/journal")
def journal_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """The conflict form, the check-in form, and everything written so far."""
    return render(request, "journal.html", journal_context(session, couple))


@router.post("/journal/entries")
async def entry_submit(
    request: Request, session: SessionDep, couple: WritableCoupleDep
) -> Response:
    """Add a conflict entry; on a mistake, the form comes back with the message by the field."""
    data = _form_dict(await request.form())
    return _entry_form(
        request, session, couple, data, flash="Saved. Thank you for writing it down."
    )


def _entry_form(
    request: Request,
    session: Session,
    couple: CoupleContext,
    data: dict[str, Any],
    *,
    flash: str,
    replacing: JournalEntry | None = None,
) -> Response:
    """Validate and store the conflict form (new, or ``replacing`` an entry), then the page."""
    body, errors = validate_form(JournalEntryCreate, data)
    if body is not None:
        try:
            save_entry(session, couple, body, replacing=replacing)
        except TandemError as error:
            errors = {error.where or "topic": error.what}
    if errors:
        context = journal_context(session, couple, entry_values=data, entry_errors=errors)
        return render(request, "journal.html", context, status_code=422)
    context = journal_context(session, couple, flash=flash)
    return render(request, "journal.html", context, status_code=200 if replacing else 201)


def _own_entry(session: Session, couple: CoupleContext, entry_id: str) -> JournalEntry:
    """The couple's entry, if this viewer may change it (a partner changes only their own)."""
    entries = repository.list_journal_entries(session=session, couple_id=couple.couple_id)
    entry = next((e for e in entries if e.id == entry_id), None)
    if entry is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_ENTRY)
    if couple.my_label is not None and entry.author not in (None, Partner(couple.my_label)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=NOT_YOURS)
    return entry


def entry_form_values(entry: JournalEntry) -> dict[str, Any]:
    """The entry as the form's fields hold it, to change it."""
    return {
        "id": entry.id,
        "occurred_at": entry.occurred_at.strftime("%Y-%m-%dT%H:%M"),
        "topic": entry.topic,
        "raised_by": entry.raised_by.value,
        "intensity": str(entry.intensity),
        "moves_a": [c.value for c in entry.moves_a],
        "moves_b": [c.value for c in entry.moves_b],
        "ending": entry.ending.value,
        "minutes_to_reconnect": ""
        if entry.minutes_to_reconnect is None
        else str(entry.minutes_to_reconnect),
        "notes": entry.notes,
        "author": "" if entry.author is None else entry.author.value,
    }


@router.get("/journal/entries/{entry_id}/edit")
def entry_edit_page(
    request: Request, session: SessionDep, couple: WritableCoupleDep, entry_id: str
) -> Response:
    """The conflict form holding one entry, to change it."""
    entry = _own_entry(session, couple, entry_id)
    context = journal_context(session, couple, entry_values=entry_form_values(entry))
    return render(request, "journal.html", context)


@router.post("/journal/entries/{entry_id}")
async def entry_change(
    request: Request, session: SessionDep, couple: WritableCoupleDep, entry_id: str
) -> Response:
    """Save the changed entry; on a mistake, the form comes back with the message by the field."""
    entry = _own_entry(session, couple, entry_id)
    data = {**_form_dict(await request.form()), "id": entry_id}
    return _entry_form(request, session, couple, data, flash="Changed and saved.", replacing=entry)


@router.post("/journal/entries/{entry_id}/delete")
def entry_delete(
    request: Request, session: SessionDep, couple: WritableCoupleDep, entry_id: str
) -> Response:
    """Delete one entry (the page asks first)."""
    _own_entry(session, couple, entry_id)
    repository.delete_journal_entry(session=session, couple_id=couple.couple_id, entry_id=entry_id)
    context = journal_context(session, couple, flash="The entry was deleted.")
    return render(request, "journal.html", context)


@router.post("/journal/checkins")
async def checkin_submit(
    request: Request, session: SessionDep, couple: WritableCoupleDep
) -> Response:
    """Add a practice check-in."""
    data = dict(await request.form())
    data["done"] = data.get("done", "")
    body, errors = validate_form(CheckInCreate, data)
    if body is not None:
        try:
            save_checkin(session, couple, body)
        except TandemError as error:
            errors = {error.where or "step_title": error.what}
    if errors:
        context = journal_context(session, couple, checkin_values=data, checkin_errors=errors)
        return render(request, "journal.html", context, status_code=422)
    context = journal_context(session, couple, flash="Check-in saved. Every try counts.")
    return render(request, "journal.html", context, status_code=201)


@router.get("/trends")
def trends_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """Progress charts from the journal, before and after the plan started."""
    trends = services.journal_trends(session, couple)
    return render(
        request,
        "trends.html",
        {
            "title": "Progress",
            "viewer": couple.viewer,
            "couple": couple,
            "active": "trends",
            "trends": trends,
        },
    )


# --- API ------------------------------------------------------------------------------------


@api.get("", summary="Journal entries and check-ins")
def journal_api(session: SessionDep, couple: CoupleDep) -> JournalPage:
    """Every conflict entry and practice check-in of the couple."""
    context = journal_context(session, couple)
    return JournalPage(
        entries=[JournalEntryPublic.of(e) for e in context["entries"]],
        checkins=[CheckInPublic.of(c) for c in context["checkins"]],
    )


@api.post("/entries", status_code=status.HTTP_201_CREATED, summary="Add a conflict entry")
def entry_api(
    session: SessionDep, couple: WritableCoupleDep, body: JournalEntryCreate
) -> JournalEntryPublic:
    """Store a conflict: when, topic, who raised it, intensity, moves, ending, reconnecting."""
    return JournalEntryPublic.of(save_entry(session, couple, body))


@api.delete(
    "/entries/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an entry"
)
def entry_delete_api(session: SessionDep, couple: WritableCoupleDep, entry_id: str) -> Response:
    """Delete one conflict entry (a partner deletes only their own)."""
    _own_entry(session, couple, entry_id)
    repository.delete_journal_entry(session=session, couple_id=couple.couple_id, entry_id=entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.post("/checkins", status_code=status.HTTP_201_CREATED, summary="Add a practice check-in")
def checkin_api(
    session: SessionDep, couple: WritableCoupleDep, body: CheckInCreate
) -> CheckInPublic:
    """Store a check-in: which plan step, done or not, how it went."""
    return CheckInPublic.of(save_checkin(session, couple, body))


@api.get("/trends", summary="Progress trends from the journal")
def trends_api(session: SessionDep, couple: CoupleDep) -> services.FeatureResult:
    """Per-week pursue and withdraw moves, constructive ratio, minutes to reconnect."""
    trends = services.journal_trends(session, couple)
    return services.FeatureResult(
        available=trends.available, message=trends.message, result=trends.data
    )
