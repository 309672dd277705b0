"""The what-if simulator: sliders re-simulate through htmx.

API under
``/api/couples/{couple_id}/simulate``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from tandem.errors import TandemError
from tandem.web import services
from tandem.web.deps import CoupleContext, CoupleDep, CsrfDep, SessionDep, release, render
from tandem.web.schemas import SimulateCreate

router = APIRouter(
    prefix="/couples/{couple_id}/simulate",
    tags=["dynamics"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
api = APIRouter(
    prefix="/api/couples/{couple_id}/simulate", tags=["dynamics"], dependencies=[CsrfDep]
)
ROUTERS = (router, api)


def _page(
    request: Request,
    couple: CoupleContext,
    values: dict[str, Any],
    roles: tuple[str, str] | None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "title": "What if",
        "viewer": couple.viewer,
        "couple": couple,
        "active": "simulate",
    }
    try:
        context["sim"] = services.simulator_view(values, couple.partner_names, roles)
    except services.Unavailable as missing:
        context["missing"] = missing.what
    except TandemError as error:
        context["error"] = str(error)
        status_code = 422
    return render(request, "simulate.html", context, status_code=status_code)


@router.get("")
def simulate_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """Sliders for the model's settings and the two partners' simulated course."""
    roles = services.roles_from_report(session, couple.couple_id, couple.partner_names)
    release(session)
    return _page(request, couple, dict(request.query_params), roles)


@router.post("")
async def simulate_submit(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """Re-simulate with the sliders' values (htmx swaps in the new chart)."""
    roles = services.roles_from_report(session, couple.couple_id, couple.partner_names)
    release(session)
    form = await request.form()
    return _page(request, couple, {k: str(v) for k, v in form.items()}, roles)


@api.post("", summary="Simulate a what-if")
def simulate_api(
    session: SessionDep, couple: CoupleDep, body: SimulateCreate
) -> services.FeatureResult:
    """A preset with parameter overrides, simulated for ``n_steps`` days."""
    del couple
    release(session)
    try:
        result = services.simulate(body.preset, body.params, body.n_steps)
    except (services.Unavailable, TandemError) as failure:
        raise services.as_problem(failure) from None
    return services.FeatureResult(available=True, result=result)
