"""The quiz: each partner answers privately; only the shared picture is shown to others.

Who sees what (docs/quiz.md, "Who sees what"): the partner who answered sees their own scale
scores and, if their answers point to fear, a note with where to find help; the other partner and
a therapist see only the shared picture (``QuizResult.shared``), once both have answered. Single
answers are never shown to anyone. API under ``/api/couples/{couple_id}/quiz``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from sqlalchemy.orm import Session
from starlette.responses import Response

from tandem.errors import TandemError
from tandem.store import repository
from tandem.web import services
from tandem.web.deps import CoupleContext, CoupleDep, CsrfDep, SessionDep, WritableCoupleDep, render
from tandem.web.schemas import QuizStatus, QuizSubmit

router = APIRouter(
    prefix="/couples/{couple_id}/quiz",
    tags=["quiz"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
api = APIRouter(prefix="/api/couples/{couple_id}/quiz", tags=["quiz"], dependencies=[CsrfDep])
ROUTERS = (router, api)

ONLY_YOURSELF = "You can answer the quiz only as yourself."
"""Detail of a 403 when a partner tries to answer for the other (therapist mode)."""
PAGE_SIZE = 8
"""Statements per page of the quiz form; each page is kept as soon as it is sent."""
DRAFTS = "quiz_drafts"
"""Session key of the answers sent so far, per couple and partner, until the last page."""


def status_of(session: Session, couple: CoupleContext, *, own: str | None = None) -> QuizStatus:
    """Who has answered, the shared picture when both have, and the viewer's own part.

    ``own`` is the label whose own part to include: the logged-in partner's, or in single-user
    mode the partner who has just saved (the next page view no longer shows it).
    """
    rows = repository.list_quiz_answers(session=session, couple_id=couple.couple_id)
    answered = {label: any(r.partner_label == label for r in rows) for label in ("A", "B")}
    own = couple.my_label or own
    try:
        combined = services.combined_quiz(session, couple.couple_id)
        mine = services.own_quiz(session, couple.couple_id, own) if own else None
    except services.Unavailable as missing:
        return QuizStatus(answered=answered, combined=None, available=False, message=missing.what)
    except TandemError as error:
        return QuizStatus(answered=answered, combined=None, available=True, message=str(error))
    return QuizStatus(answered=answered, combined=combined, available=True, mine=mine)


def _items() -> tuple[Any, list[dict[str, Any]]]:
    bank = services.quiz_bank()
    items = [{"id": i.id, "text": i.text, "arena": i.arena} for i in bank.items]
    return bank, items


def submit(
    session: Session, couple: CoupleContext, partner: str, answers: dict[str, int | None]
) -> tuple[str, dict[str, str]]:
    """Check and store one partner's answers; the partner's name, or errors by item id."""
    if couple.my_label is not None and partner != couple.my_label:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=ONLY_YOURSELF)
    name = couple.name_of(partner)
    other = couple.name_of("B" if partner == "A" else "A")
    try:
        services.quiz_sheet({"partner": name, "other": other, "answers": answers})
    except TandemError as error:
        where = (error.where or "").rsplit(".", 1)[-1]
        return name, {where or "form": error.what}
    repository.add_quiz_answers(
        session=session,
        couple_id=couple.couple_id,
        partner_label=partner,
        respondent_name=name,
        answers={"partner": name, "other": other, "answers": answers},
    )
    return name, {}


def pages_for(n_items: int) -> int:
    """Pages of the quiz form for ``n_items`` statements (at least one)."""
    return max(1, -(-n_items // PAGE_SIZE))


def draft_of(request: Request, couple_id: str, label: str) -> dict[str, int | None]:
    """The answers this browser has sent so far for ``label``, kept in the signed session.

    They are never shown again (a page left half-way may be opened by the other partner on the
    same computer); the form only says how many are kept.
    """
    drafts = request.session.get(DRAFTS) or {}
    return dict((drafts.get(couple_id) or {}).get(label) or {})


def _keep_draft(
    request: Request, couple_id: str, label: str, answers: dict[str, int | None] | None
) -> None:
    drafts = dict(request.session.get(DRAFTS) or {})
    mine = dict(drafts.get(couple_id) or {})
    if answers is None:
        mine.pop(label, None)
    else:
        mine[label] = answers
    drafts[couple_id] = mine
    request.session[DRAFTS] = drafts


def _page(
    request: Request,
    session: Session,
    couple: CoupleContext,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    thanks: str = "",
    own: str | None = None,
    page: int = 0,
    partner: str = "",
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "title": "Quiz",
        "viewer": couple.viewer,
        "couple": couple,
        "active": "quiz",
        "status": status_of(session, couple, own=own),
        "values": values or {},
        "errors": errors or {},
        "thanks": thanks,
    }
    try:
        bank, items = _items()
        n_pages = pages_for(len(items))
        page = min(max(page, 0), n_pages - 1)
        label = couple.my_label or partner
        kept = draft_of(request, couple.couple_id, label) if label else {}
        context.update(
            all_items=items,
            items=items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE],
            first_number=page * PAGE_SIZE + 1,
            page=page,
            n_pages=n_pages,
            partner=label,
            kept=kept,
            n_kept=sum(v is not None for v in kept.values()),
            n_seen=len(kept),
            low=bank.low,
            high=bank.high,
            low_label=bank.low_label,
            high_label=bank.high_label,
        )
    except services.Unavailable as missing:
        context.update(items=[], missing=missing.what)
    return render(request, "quiz.html", context, status_code=status_code)


@router.get("")
def quiz_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """The quiz form (one partner at a time) and the combined result once both answered.

    A partner who left half-way comes back on the first page with a statement not yet sent.
    """
    page = 0
    if couple.my_label is not None:
        kept = draft_of(request, couple.couple_id, couple.my_label)
        ids = [item["id"] for item in _items()[1]] if kept else []
        page = next((k // PAGE_SIZE for k, i in enumerate(ids) if i not in kept), 0)
    return _page(request, session, couple, page=page)


@router.post("")
async def quiz_submit(request: Request, session: SessionDep, couple: WritableCoupleDep) -> Response:
    """Store one partner's answers; missing or odd answers are named next to their item."""
    form = await request.form()
    values = {k: str(v) for k, v in form.items()}
    return _page_submit(request, session, couple, values)


def _page_submit(
    request: Request, session: Session, couple: CoupleContext, values: dict[str, str]
) -> Response:
    """One page of the form: keep its answers, then show the next page (or save them all).

    Every statement on the page needs a number or "rather not say", unless it was sent on an
    earlier visit (blank then keeps it) or the partner is going back. A form without ``page``
    holds every statement at once (as scripts and older pages send it).
    """
    partner = couple.my_label or values.get("partner", "")
    whole = "page" not in values
    page = int(values["page"]) if values.get("page", "").isdigit() else 0
    going_back = values.get("move") == "back"
    if partner not in ("A", "B"):
        who = {"partner": "Choose who is answering."}
        return _page(request, session, couple, values=values, errors=who, status_code=422)
    if couple.my_label is not None and partner != couple.my_label:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=ONLY_YOURSELF)
    try:
        bank, _ = _items()
    except services.Unavailable:
        return _page(request, session, couple, status_code=503)
    n_pages = pages_for(len(bank.items))
    page = n_pages - 1 if whole else min(page, n_pages - 1)
    draft = {} if whole else draft_of(request, couple.couple_id, partner)
    errors: dict[str, str] = {}
    for item in bank.items if whole else bank.items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        raw = values.get(f"item-{item.id}", "")
        if raw == "skip":
            draft[item.id] = None
        elif raw.isdigit() and bank.low <= int(raw) <= bank.high:
            draft[item.id] = int(raw)
        elif item.id not in draft and not going_back:
            errors[item.id] = f"Choose a number from {bank.low} to {bank.high}, or skip it."
    _keep_draft(request, couple.couple_id, partner, draft)
    if errors:
        if whole:  # show the page of the first statement still open
            page = next(k for k, i in enumerate(bank.ids) if i in errors) // PAGE_SIZE
        return _page(
            request,
            session,
            couple,
            values=values,
            errors=errors,
            page=page,
            partner=partner,
            status_code=422,
        )
    if going_back or page < n_pages - 1:
        step = -1 if going_back else 1
        return _page(request, session, couple, page=page + step, partner=partner)
    missing = [i for i in bank.ids if i not in draft]
    if missing:  # an earlier page was never sent (e.g. the session expired): ask for it again
        first = bank.ids.index(missing[0]) // PAGE_SIZE
        return _page(request, session, couple, page=first, partner=partner, status_code=422)
    name, errors = submit(session, couple, partner, {i: draft[i] for i in bank.ids})
    if errors:
        return _page(request, session, couple, errors=errors, partner=partner, status_code=422)
    _keep_draft(request, couple.couple_id, partner, None)
    thanks = (
        f"Thank you, {name}. Your answers are saved and stay private: nobody else sees "
        "them, only the shared picture once you have both answered."
    )
    return _page(request, session, couple, thanks=thanks, own=partner, status_code=201)


@api.get("", summary="Who answered, and the combined result")
def quiz_api(session: SessionDep, couple: CoupleDep) -> QuizStatus:
    """Never anyone's raw answers: only who has answered and, once both have, the couple view."""
    return status_of(session, couple)


@api.get("/items", summary="The quiz statements")
def items_api(couple: CoupleDep) -> dict[str, Any]:
    """Every item with its id, and the rating range."""
    del couple
    try:
        bank, items = _items()
    except services.Unavailable as missing:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=missing.what) from None
    return {"low": bank.low, "high": bank.high, "items": items}


@api.post("", status_code=status.HTTP_201_CREATED, summary="Submit one partner's answers")
def submit_api(session: SessionDep, couple: WritableCoupleDep, body: QuizSubmit) -> QuizStatus:
    """Answers as item id to rating (every item; ``null`` skips one)."""
    try:
        _, errors = submit(session, couple, body.partner, dict(body.answers))
    except services.Unavailable as missing:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=missing.what) from None
    if errors:
        where, what = next(iter(errors.items()))
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"{where}: {what}")
    return status_of(session, couple, own=body.partner)
