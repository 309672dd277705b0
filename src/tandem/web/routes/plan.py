"""The couple's plan, made from their analysis and quiz.

Ordered by what their data shows. API under ``/api/couples/{couple_id}/plan``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from sqlalchemy.orm import Session
from starlette.responses import Response

from tandem.errors import TandemError
from tandem.store import repository
from tandem.web import services
from tandem.web.deps import CoupleContext, CoupleDep, CsrfDep, SessionDep, WritableCoupleDep, render

router = APIRouter(
    prefix="/couples/{couple_id}/plan",
    tags=["plan"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
api = APIRouter(prefix="/api/couples/{couple_id}/plan", tags=["plan"], dependencies=[CsrfDep])
ROUTERS = (router, api)

NO_PLAN = "There is no plan yet."


def build(session: Session, couple: CoupleContext) -> dict[str, Any]:
    """Make a plan from the latest chat and quiz, and store it."""
    plan = services.make_plan(session, couple.couple_id)
    repository.add_plan(session=session, couple_id=couple.couple_id, result=plan)
    return plan


def _page(
    request: Request,
    session: Session,
    couple: CoupleContext,
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    row = repository.latest_plan(session=session, couple_id=couple.couple_id)
    context: dict[str, Any] = {
        "title": "Plan",
        "viewer": couple.viewer,
        "couple": couple,
        "active": "plan",
        "plan": None if row is None else services.plan_view(row.result),
        "made_at": None if row is None else row.created_at,
        "error": error,
        "missing": services.plan_missing(),
    }
    return render(request, "plan.html", context, status_code=status_code)


@router.get("")
def plan_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """The latest plan, step by step."""
    return _page(request, session, couple)


@router.post("")
def plan_submit(request: Request, session: SessionDep, couple: WritableCoupleDep) -> Response:
    """Make a new plan from the latest analysis and quiz."""
    try:
        build(session, couple)
    except (services.Unavailable, TandemError) as failure:
        problem = services.as_problem(failure)
        return _page(
            request, session, couple, error=str(problem.detail), status_code=problem.status_code
        )
    return _page(request, session, couple, status_code=201)


@api.get("", summary="The latest plan")
def plan_api(session: SessionDep, couple: CoupleDep) -> services.FeatureResult:
    """The plan's steps (``available`` is false when there is none yet)."""
    row = repository.latest_plan(session=session, couple_id=couple.couple_id)
    if row is None:
        return services.FeatureResult(available=False, message=NO_PLAN)
    return services.FeatureResult(available=True, result=row.result)


@api.post("", status_code=status.HTTP_201_CREATED, summary="Make a new plan")
def plan_make_api(session: SessionDep, couple: WritableCoupleDep) -> services.FeatureResult:
    """Build and store a plan from the latest analysis and quiz."""
    try:
        plan = build(session, couple)
    except (services.Unavailable, TandemError) as failure:
        raise services.as_problem(failure) from None
    return services.FeatureResult(available=True, result=plan)
