"""Couples: the start page, a couple's overview, linking the second partner, deleting.

Also a couple; and the same under ``/api/couples``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from tandem.store import repository
from tandem.web.deps import (
    CoupleContext,
    CoupleDep,
    CsrfDep,
    OptionalViewerDep,
    OwnerCoupleDep,
    SessionDep,
    SettingsDep,
    Viewer,
    ViewerDep,
    build_context,
    render,
)
from tandem.web.schemas import CoupleCreate, CoupleList, CouplePublic, EmailCreate, validate_form

home = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[CsrfDep])
router = APIRouter(
    prefix="/couples", tags=["couples"], include_in_schema=False, dependencies=[CsrfDep]
)
api = APIRouter(prefix="/api/couples", tags=["couples"], dependencies=[CsrfDep])
ROUTERS = (home, router, api)


def visible_couples(session: Session, viewer: Viewer, multi_user: bool) -> list[CoupleContext]:
    """The couples ``viewer`` may see, with their access."""
    if viewer.local or not multi_user:
        rows = repository.list_couples(session=session)
    else:
        rows = repository.list_couples_for_user(session=session, user_id=viewer.user_id or "")
    found = (build_context(session, viewer, row.id, multi_user=multi_user) for row in rows)
    return [c for c in found if c is not None]


def create(session: Session, viewer: Viewer, form: CoupleCreate) -> str:
    """Create the couple; in therapist mode its creator is the owner and partner A."""
    row = repository.create_couple(
        session=session,
        name=form.name,
        owner_id=viewer.user_id,
        partner_names=(form.partner_a, form.partner_b),
    )
    if viewer.user_id is not None:
        repository.link_partner_user(
            session=session, couple_id=row.id, label="A", user_id=viewer.user_id
        )
    return str(row.id)


def public(couple: CoupleContext) -> CouplePublic:
    """The API view of a couple."""
    return CouplePublic(
        id=couple.couple_id,
        name=couple.name,
        partner_a=couple.partner_names[0],
        partner_b=couple.partner_names[1],
        access=couple.access,
    )


def overview(session: Session, couple: CoupleContext) -> dict[str, Any]:
    """What the overview page shows: what has been done so far, as counts and dates."""
    answered = {
        row.partner_label
        for row in repository.list_quiz_answers(session=session, couple_id=couple.couple_id)
    }
    analysis = repository.latest_analysis(session=session, couple_id=couple.couple_id)
    plan = repository.latest_plan(session=session, couple_id=couple.couple_id)
    links = repository.list_therapist_links(session=session, couple_id=couple.couple_id)
    therapists = []
    for link in links:
        user = repository.get_user(session=session, user_id=link.therapist_id)
        if user is not None:
            therapists.append({"id": user.id, "name": user.display_name, "email": user.email})
    partner_b = repository.get_partner(session=session, couple_id=couple.couple_id, label="B")
    partner_user = None
    if partner_b is not None and partner_b.user_id is not None:
        found = repository.get_user(session=session, user_id=partner_b.user_id)
        if found is not None:
            partner_user = {"name": found.display_name, "email": found.email}
    return {
        "quiz_answered": sorted(answered),
        "n_conversations": len(
            repository.list_conversations(session=session, couple_id=couple.couple_id)
        ),
        "analysis_at": None if analysis is None else analysis.created_at,
        "plan_at": None if plan is None else plan.created_at,
        "n_entries": repository.count_journal_entries(session=session, couple_id=couple.couple_id),
        "n_checkins": len(repository.list_checkins(session=session, couple_id=couple.couple_id)),
        "therapists": therapists,
        "partner_b_linked": partner_b is not None and partner_b.user_id is not None,
        "partner_user": partner_user,
    }


# --- pages ----------------------------------------------------------------------------------


@home.get("/")
def home_page(
    request: Request, session: SessionDep, viewer: OptionalViewerDep, settings: SettingsDep
) -> Response:
    """The start page: your couples and a form to add one."""
    if viewer is None:
        return render(request, "welcome.html", {"title": "Welcome"})
    couples = visible_couples(session, viewer, settings.multi_user)
    return render(
        request,
        "home.html",
        {"title": "Your couples", "viewer": viewer, "couples": couples, "values": {}, "errors": {}},
    )


@router.post("")
async def create_page(
    request: Request, session: SessionDep, viewer: ViewerDep, settings: SettingsDep
) -> Response:
    """Create a couple from the start page form."""
    data = dict(await request.form())
    errors = CoupleCreate.errors_of(data)
    if errors:
        couples = visible_couples(session, viewer, settings.multi_user)
        return render(
            request,
            "home.html",
            {
                "title": "Your couples",
                "viewer": viewer,
                "couples": couples,
                "values": data,
                "errors": errors,
            },
            status_code=422,
        )
    couple_id = create(session, viewer, CoupleCreate.model_validate(data))
    return RedirectResponse(f"/couples/{couple_id}", status_code=303)


def render_overview(
    request: Request,
    session: Session,
    couple: CoupleContext,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The overview page, with a form's errors next to their fields when there are any."""
    return render(
        request,
        "couple.html",
        {
            "title": couple.name,
            "viewer": couple.viewer,
            "couple": couple,
            "active": "overview",
            "summary": overview(session, couple),
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@router.get("/{couple_id}")
def couple_page(request: Request, session: SessionDep, couple: CoupleDep) -> Response:
    """A couple's overview: what is done, what comes next, who else can see it."""
    return render_overview(request, session, couple)


@router.post("/{couple_id}/partner")
async def link_partner_page(
    request: Request, session: SessionDep, couple: OwnerCoupleDep
) -> Response:
    """Let the second partner's account see the couple (therapist mode)."""
    data = dict(await request.form())
    form, errors = validate_form(EmailCreate, data)
    if form is not None:
        errors = _link_partner(session, couple, form.email)
    if errors:
        return render_overview(
            request,
            session,
            couple,
            errors={f"partner_{k}": v for k, v in errors.items()},
            values={"partner_email": data.get("email", "")},
            status_code=422,
        )
    return RedirectResponse(f"/couples/{couple.couple_id}", status_code=303)


def _link_partner(session: Session, couple: CoupleContext, email: str) -> dict[str, str]:
    user = repository.get_user_by_email(session=session, email=email)
    if user is None or user.is_therapist:
        return {"email": "There is no partner account with this e-mail; ask them to register."}
    if user.id == couple.viewer.user_id:
        return {"email": "That is your own account; enter your partner's e-mail."}
    repository.link_partner_user(
        session=session, couple_id=couple.couple_id, label="B", user_id=user.id
    )
    return {}


@router.post("/{couple_id}/delete")
def delete_page(session: SessionDep, couple: OwnerCoupleDep) -> Response:
    """Delete the couple and everything recorded about it."""
    repository.delete_couple(session=session, couple_id=couple.couple_id)
    return RedirectResponse("/", status_code=303)


# --- API ------------------------------------------------------------------------------------


@api.get("", summary="List the couples you may see")
def list_api(session: SessionDep, viewer: ViewerDep, settings: SettingsDep) -> CoupleList:
    """Couples you own, belong to, or (as a therapist) were invited to."""
    items = [public(c) for c in visible_couples(session, viewer, settings.multi_user)]
    return CoupleList(items=items, total=len(items))


@api.post("", status_code=status.HTTP_201_CREATED, summary="Create a couple")
def create_api(session: SessionDep, viewer: ViewerDep, body: CoupleCreate) -> CouplePublic:
    """Create a couple; you become its owner (and partner A in therapist mode)."""
    couple_id = create(session, viewer, body)
    return CouplePublic(
        id=couple_id,
        name=body.name,
        partner_a=body.partner_a,
        partner_b=body.partner_b,
        access="owner",
    )


@api.get("/{couple_id}", summary="One couple")
def get_api(couple: CoupleDep) -> CouplePublic:
    """The couple's names and your access to it."""
    return public(couple)


@api.get("/{couple_id}/overview", summary="What has been done so far")
def overview_api(session: SessionDep, couple: CoupleDep) -> dict[str, Any]:
    """Who answered the quiz, how many chats, entries and check-ins, latest analysis and plan."""
    return overview(session, couple)


@api.post("/{couple_id}/partner", summary="Link the second partner's account")
def link_partner_api(
    session: SessionDep, couple: OwnerCoupleDep, body: EmailCreate
) -> CouplePublic:
    """Therapist mode: partner B's account may then see and change the couple's data."""
    errors = _link_partner(session, couple, body.email)
    if errors:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=errors["email"])
    return public(couple)


@api.delete("/{couple_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a couple")
def delete_api(session: SessionDep, couple: OwnerCoupleDep) -> Response:
    """Delete the couple and all of its data (quiz, chats, analyses, plans, journal)."""
    repository.delete_couple(session=session, couple_id=couple.couple_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
