"""Therapist mode: invite and revoke a therapist; the therapist's dashboard.

A couple invites its therapist by e-mail and can revoke; the therapist's dashboard lists their
couples with each couple's trend. APIs under ``/api/therapist`` and
``/api/couples/{couple_id}/therapists``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from tandem.store import repository
from tandem.web import services
from tandem.web.deps import (
    CoupleContext,
    CoupleDep,
    CsrfDep,
    SessionDep,
    SettingsDep,
    Viewer,
    ViewerDep,
    WritableCoupleDep,
    build_context,
    render,
)
from tandem.web.routes.couples import overview, render_overview
from tandem.web.schemas import EmailCreate, TherapistPublic, validate_form

dashboard = APIRouter(
    prefix="/therapist", tags=["therapist"], include_in_schema=False, dependencies=[CsrfDep]
)
router = APIRouter(
    prefix="/couples/{couple_id}/therapists",
    tags=["therapist"],
    include_in_schema=False,
    dependencies=[CsrfDep],
)
api = APIRouter(prefix="/api", tags=["therapist"], dependencies=[CsrfDep])
ROUTERS = (dashboard, router, api)

THERAPISTS_ONLY = "This page is for therapist accounts."
NO_THERAPIST = "There is no therapist account with this e-mail; ask your therapist to register."
NOT_INVITED = "This therapist is not invited to this couple."
SINGLE_USER = "Inviting a therapist needs therapist mode (tandem serve --multi-user)."


def _need_therapist(viewer: Viewer) -> None:
    if not viewer.is_therapist:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=THERAPISTS_ONLY)


def _need_multi(multi_user: bool) -> None:
    if not multi_user:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=SINGLE_USER)


def invite(session: Session, couple: CoupleContext, email: str) -> dict[str, str]:
    """Invite the therapist with this e-mail; errors by field."""
    user = repository.get_user_by_email(session=session, email=email)
    if user is None or not user.is_therapist:
        return {"email": NO_THERAPIST}
    repository.invite_therapist(session=session, couple_id=couple.couple_id, therapist_id=user.id)
    return {}


def couples_of(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """The therapist's couples with their overview and trend."""
    rows = repository.list_couples_for_user(session=session, user_id=viewer.user_id or "")
    found = []
    for row in rows:
        couple = build_context(session, viewer, row.id, multi_user=True)
        if couple is None or couple.access != "therapist":
            continue
        found.append(
            {
                "couple": couple,
                "summary": overview(session, couple),
                "trend": services.journal_trends(session, couple),
            }
        )
    return found


def therapists_of(session: Session, couple: CoupleContext) -> list[TherapistPublic]:
    """Active therapist links of the couple."""
    out = []
    for link in repository.list_therapist_links(session=session, couple_id=couple.couple_id):
        user = repository.get_user(session=session, user_id=link.therapist_id)
        if user is None:
            continue
        out.append(
            TherapistPublic(
                therapist_id=user.id,
                email=user.email,
                display_name=user.display_name,
                invited_at=link.invited_at,
                revoked_at=link.revoked_at,
            )
        )
    return out


# --- pages ----------------------------------------------------------------------------------


@dashboard.get("")
def dashboard_page(
    request: Request, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> Response:
    """Every couple that invited this therapist, with its trend."""
    _need_multi(settings.multi_user)
    _need_therapist(viewer)
    return render(
        request,
        "therapist.html",
        {"title": "My couples", "viewer": viewer, "items": couples_of(session, viewer)},
    )


@router.post("")
async def invite_submit(
    request: Request, session: SessionDep, couple: WritableCoupleDep, settings: SettingsDep
) -> Response:
    """Invite a therapist by e-mail."""
    _need_multi(settings.multi_user)
    data = dict(await request.form())
    form, errors = validate_form(EmailCreate, data)
    if form is not None:
        errors = invite(session, couple, form.email)
    if errors:
        return render_overview(
            request,
            session,
            couple,
            errors={f"therapist_{k}": v for k, v in errors.items()},
            values={"therapist_email": data.get("email", "")},
            status_code=422,
        )
    return RedirectResponse(f"/couples/{couple.couple_id}", status_code=303)


@router.post("/{therapist_id}/revoke")
def revoke_submit(
    therapist_id: str, session: SessionDep, couple: WritableCoupleDep, settings: SettingsDep
) -> Response:
    """End a therapist's access to the couple."""
    _need_multi(settings.multi_user)
    if not repository.revoke_therapist(
        session=session, couple_id=couple.couple_id, therapist_id=therapist_id
    ):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_INVITED)
    return RedirectResponse(f"/couples/{couple.couple_id}", status_code=303)


# --- API ------------------------------------------------------------------------------------


@api.get("/therapist/couples", summary="A therapist's couples with their trends")
def dashboard_api(
    session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> list[dict[str, Any]]:
    """Each couple that invited you: its id, name, overview and trend figures."""
    _need_multi(settings.multi_user)
    _need_therapist(viewer)
    return [
        {
            "id": item["couple"].couple_id,
            "name": item["couple"].name,
            "overview": services.to_jsonable(item["summary"]),
            "trend": {"available": item["trend"].available, "data": item["trend"].data},
        }
        for item in couples_of(session, viewer)
    ]


@api.get("/couples/{couple_id}/therapists", summary="Therapists who may see the couple")
def therapists_api(session: SessionDep, couple: CoupleDep) -> list[TherapistPublic]:
    """Active invitations."""
    return therapists_of(session, couple)


@api.post(
    "/couples/{couple_id}/therapists",
    status_code=status.HTTP_201_CREATED,
    summary="Invite a therapist",
)
def invite_api(
    session: SessionDep, couple: WritableCoupleDep, settings: SettingsDep, body: EmailCreate
) -> list[TherapistPublic]:
    """Let the therapist with this e-mail read the couple's pages."""
    _need_multi(settings.multi_user)
    errors = invite(session, couple, body.email)
    if errors:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=errors["email"])
    return therapists_of(session, couple)


@api.delete(
    "/couples/{couple_id}/therapists/{therapist_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a therapist",
)
def revoke_api(
    therapist_id: str, session: SessionDep, couple: WritableCoupleDep, settings: SettingsDep
) -> Response:
    """End the therapist's access at once."""
    _need_multi(settings.multi_user)
    if not repository.revoke_therapist(
        session=session, couple_id=couple.couple_id, therapist_id=therapist_id
    ):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_INVITED)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
