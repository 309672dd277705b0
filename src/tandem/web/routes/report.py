"""The cycle report of the couple's latest analysed chat, with charts.

Analysing again; API under ``/api/couples/{couple_id}/analysis``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from tandem.errors import TandemError
from tandem.store import repository
from tandem.web import services
from tandem.web.deps import (
    CoupleContext,
    CoupleDep,
    CsrfDep,
    SessionDep,
    WritableCoupleDep,
    release,
    render,
)

router = APIRouter(
    prefix="/couples/{couple_id}/report",
    tags=["analysis"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
api = APIRouter(
    prefix="/api/couples/{couple_id}/analysis", tags=["analysis"], dependencies=[CsrfDep]
)
ROUTERS = (router, api)

NO_CHAT = "Upload a chat export first; the report is made from it."
NO_ANALYSIS = "There is no analysis yet. Upload a chat, or analyse the latest one again."


def run_latest(session: Session, couple: CoupleContext) -> dict[str, Any]:
    """Analyse the couple's most recent chat again and store the result."""
    rows = repository.list_conversations(session=session, couple_id=couple.couple_id)
    if not rows:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=NO_CHAT)
    latest = rows[-1]
    conversation = repository.get_conversation(session=session, conversation_id=latest.id)
    if conversation is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=NO_CHAT)
    release(session)
    result = services.analyze(conversation, latest.coder)
    repository.add_analysis(
        session=session, couple_id=couple.couple_id, conversation_id=latest.id, result=result
    )
    return result


def _page(
    request: Request,
    session: Session,
    couple: CoupleContext,
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    row = repository.latest_analysis(session=session, couple_id=couple.couple_id)
    has_chat = bool(repository.list_conversations(session=session, couple_id=couple.couple_id))
    context: dict[str, Any] = {
        "title": "Cycle report",
        "viewer": couple.viewer,
        "couple": couple,
        "active": "report",
        "report": None if row is None else services.report_view(row.result),
        "analysed_at": None if row is None else row.created_at,
        "has_chat": has_chat,
        "error": error,
        "missing": "",
    }
    if row is None:
        context["missing"] = services.analysis_missing()
    return render(request, "report.html", context, status_code=status_code)


@router.get("")
def report_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """Roles, loop strength, escalation episodes and charts, from the latest analysis."""
    return _page(request, session, couple)


@router.post("")
def analyse_submit(request: Request, session: SessionDep, couple: WritableCoupleDep) -> Response:
    """Analyse the latest chat again."""
    try:
        run_latest(session, couple)
    except (services.Unavailable, TandemError, HTTPException) as failure:
        problem = services.as_problem(failure)
        return _page(
            request, session, couple, error=str(problem.detail), status_code=problem.status_code
        )
    return _page(request, session, couple, status_code=201)


@router.get("/full", response_class=HTMLResponse)
def full_report(session: SessionDep, couple: CoupleDep) -> Response:
    """The stand-alone HTML report of the latest analysed chat (as ``tandem analyze`` writes)."""
    row = repository.latest_analysis(session=session, couple_id=couple.couple_id)
    if row is None or row.conversation_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_ANALYSIS)
    try:
        return HTMLResponse(services.report_html(session, row.conversation_id))
    except services.Unavailable as missing:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=missing.what) from None


@api.get("", summary="The latest cycle analysis")
def analysis_api(session: SessionDep, couple: CoupleDep) -> services.FeatureResult:
    """Every figure of the latest analysis (``available`` is false when there is none)."""
    row = repository.latest_analysis(session=session, couple_id=couple.couple_id)
    if row is None:
        return services.FeatureResult(available=False, message=NO_ANALYSIS)
    return services.FeatureResult(available=True, result=row.result)


@api.post("", status_code=status.HTTP_201_CREATED, summary="Analyse the latest chat again")
def analyse_api(session: SessionDep, couple: WritableCoupleDep) -> services.FeatureResult:
    """Code and analyse the most recent chat, store and return the result."""
    try:
        result = run_latest(session, couple)
    except (services.Unavailable, TandemError) as failure:
        raise services.as_problem(failure) from None
    return services.FeatureResult(available=True, result=result)
