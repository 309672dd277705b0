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


def _page(
    request: Request,
    session: Session,
    couple: CoupleContext,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    thanks: str = "",
    own: str | None = None,
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
        context.update(
            items=items,
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
    """The quiz form (one partner at a time) and the combined result once both answered."""
    return _page(request, session, couple)


@router.post("")
async def quiz_submit(request: Request, session: SessionDep, couple: WritableCoupleDep) -> Response:
    """Store one partner's answers; missing or odd answers are named next to their item."""
    form = await request.form()
    values = {k: str(v) for k, v in form.items()}
    partner = couple.my_label or values.get("partner", "")
    errors: dict[str, str] = {}
    if partner not in ("A", "B"):
        errors["partner"] = "Choose who is answering."
    try:
        bank, _ = _items()
    except services.Unavailable:
        return _page(request, session, couple, status_code=503)
    answers: dict[str, int | None] = {}
    for item in bank.items:
        raw = values.get(f"item-{item.id}", "")
        if raw == "skip":
            answers[item.id] = None
        elif raw.isdigit() and bank.low <= int(raw) <= bank.high:
            answers[item.id] = int(raw)
        else:
            errors[item.id] = f"Choose a number from {bank.low} to {bank.high}, or skip it."
    if not errors:
        name, errors = submit(session, couple, partner, answers)
        if not errors:
            thanks = (
                f"Thank you, {name}. Your answers are saved and stay private: nobody else sees "
                "them, only the shared picture once you have both answered."
            )
            return _page(request, session, couple, thanks=thanks, own=partner, status_code=201)
    return _page(request, session, couple, values=values, errors=errors, status_code=422)


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
