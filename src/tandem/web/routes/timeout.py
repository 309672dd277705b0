"""The break helper: the message for an announced break, and a calendar reminder to come back.

Nothing here is stored; the page writes the message from what the person types, in their
words, and the reminder is a download (``.ics``) for their own calendar.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from tandem.coaching.timeout import DEFAULT_FEELING, BreakPlan, plan_break, to_ics
from tandem.errors import InvalidChoice
from tandem.web.deps import CoupleContext, CoupleDep, CsrfDep, render
from tandem.web.schemas import BreakCreate, validate_form

router = APIRouter(
    prefix="/couples/{couple_id}/timeout",
    tags=["timeout"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
ROUTERS = (router,)


def _now() -> datetime:
    """The local time with its zone: the one place the page reads the clock."""
    return datetime.now().astimezone()


async def _form_values(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _plan(data: dict[str, Any], now: datetime) -> tuple[BreakPlan | None, dict[str, str]]:
    """The break from the form, or the message to show beside each wrong field."""
    body, errors = validate_form(BreakCreate, data)
    if body is None:
        return None, errors
    try:
        plan = plan_break(
            body.need,
            now=now,
            minutes=body.minutes,
            back_at=body.back_at,
            feeling=body.feeling or DEFAULT_FEELING,
        )
    except InvalidChoice as error:
        return None, {error.where or "need": error.what[0].upper() + error.what[1:] + "."}
    return plan, {}


def _page(
    request: Request,
    couple: CoupleContext,
    values: dict[str, Any],
    *,
    plan: BreakPlan | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "title": "Take a break",
        "viewer": couple.viewer,
        "couple": couple,
        "active": "plan",
        "values": values,
        "errors": errors or {},
        "plan": plan,
        "default_feeling": DEFAULT_FEELING,
    }
    return render(request, "timeout.html", context, status_code=status_code)


@router.get("")
def timeout_page(request: Request, couple: CoupleDep) -> Response:
    """The form: what you need, and how long or until when."""
    return _page(request, couple, {"feeling": DEFAULT_FEELING, "minutes": "30"})


@router.post("")
async def timeout_submit(request: Request, couple: CoupleDep) -> Response:
    """The message to send or say, with a button for the reminder."""
    values = await _form_values(request)
    plan, errors = _plan(values, _now())
    if plan is None:
        return _page(request, couple, values, errors=errors, status_code=422)
    return _page(request, couple, values, plan=plan)


@router.post("/reminder.ics")
async def timeout_reminder(request: Request, couple: CoupleDep) -> Response:
    """The calendar reminder for the return time, as a file to open in a calendar."""
    values = await _form_values(request)
    now = _now()
    plan, errors = _plan(values, now)
    if plan is None:
        return _page(request, couple, values, errors=errors, status_code=422)
    return Response(
        to_ics(plan, now=now),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="come-back.ics"'},
    )
