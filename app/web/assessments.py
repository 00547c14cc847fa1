"""Admins' pages: assessments and their invites (interviewers may look, not change)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import RuntimeDep, SessionDep
from app.errors import DomainError
from app.library.loader import Challenge
from app.library.topics import topic_map
from app.models import User, utcnow
from app.security import AdminUser, CsrfChecked, StaffUser, csrf_token
from app.services import assessments, audit, invites, overview
from app.services.reviews import DEFAULT_RUBRIC
from app.templating import render

router = APIRouter(prefix="/admin/assessments", tags=["admin"], include_in_schema=False)


def candidate_link(request: Request, token: str) -> str:
    """The absolute link a candidate opens (shown once: only the token's hash is stored)."""
    return f"{str(request.base_url).rstrip('/')}/a/{token}"


def whole_number(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise DomainError(f"{what} must be a whole number") from None


def utc_moment(text: str, what: str) -> datetime | None:
    """A datetime-local field, read as UTC; empty means none."""
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"{what} is not a date and time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


QUIZ_FIELDS = ("count", "time_limit_min", "difficulty", "draw", "scoring")


@dataclass
class AssessmentForm:
    """What was typed, kept as typed so a refused form comes back intact."""

    title: str = ""
    description: str = ""
    time_limit_min: str = "60"
    scoring: str = "best"
    max_submissions: str = "10"
    opens_at: str = ""
    closes_at: str = ""
    chosen: list[str] = field(default_factory=list)  # ticked slugs
    order: dict[str, str] = field(default_factory=dict)  # slug -> order number as typed
    quiz: dict[str, str] = field(default_factory=dict)  # knowledge-check fields as typed
    quiz_topics: list[str] = field(default_factory=list)
    rubric: str = "\n".join(DEFAULT_RUBRIC)

    def knowledge_check(self) -> dict[str, object] | None:
        """The section's settings, or None when no question count was given."""
        if not self.quiz.get("count", "").strip():
            return None
        return {
            "count": whole_number(self.quiz["count"], "the number of questions"),
            "time_limit_min": whole_number(self.quiz.get("time_limit_min", ""),
                                           "the knowledge check's time limit"),
            "topics": [whole_number(t, "a topic") for t in self.quiz_topics],
            "difficulty": self.quiz.get("difficulty", ""),
            "draw": self.quiz.get("draw", "same"),
            "scoring": self.quiz.get("scoring", "all_or_nothing"),
        }

    def challenges(self, library: dict[str, Challenge]) -> list[Challenge]:
        """The ticked challenges by their order numbers (blank last, then library order)."""
        keyed = []
        for index, slug in enumerate(library):
            if slug not in self.chosen:
                continue
            typed = self.order.get(slug, "").strip()
            position = whole_number(typed, f"the order of {slug}") if typed else None
            keyed.append((position is None, position or 0, index, library[slug]))
        unknown = set(self.chosen) - set(library)
        if unknown:
            raise DomainError(f"no challenge {sorted(unknown)[0]!r} in the library")
        return [challenge for *_, challenge in sorted(keyed, key=lambda k: k[:3])]


@dataclass
class InviteForm:
    candidate_name: str = ""
    candidate_email: str = ""
    valid_days: str = "7"
    extra_minutes: str = "0"


async def _list_page(request: Request, user: User, session: SessionDep) -> Response:
    rows = await overview.summaries(session=session)
    return render(request, "admin/assessments.html", {
        "user": user, "rows": rows, "csrf": csrf_token(request)})


async def _form_page(request: Request, user: User, runtime: RuntimeDep, form: AssessmentForm,
                     *, error: str = "", status_code: int = 200) -> Response:
    return render(request, "admin/assessments_new.html", {
        "user": user, "form": form, "library": await runtime.current_library(), "error": error,
        "topics": topic_map().values(), "csrf": csrf_token(request)}, status_code=status_code)


async def _detail_page(request: Request, user: User, session: SessionDep, assessment_id: int,
                       *, invite: InviteForm | None = None, link: str = "", error: str = "",
                       status_code: int = 200) -> Response:
    view = await assessments.get_assessment(session=session, assessment_id=assessment_id)
    rows = await overview.results(session=session, view=view, now=utcnow())
    return render(request, "admin/assessments_detail.html", {
        "user": user, "view": view, "rows": rows, "invite": invite or InviteForm(),
        "link": link, "error": error, "csrf": csrf_token(request)}, status_code=status_code)


@router.get("", name="admin_assessments")
async def list_assessments(request: Request, user: StaffUser, session: SessionDep) -> Response:
    return await _list_page(request, user, session)


@router.get("/new", name="admin_new_assessment")
async def new_assessment(request: Request, user: AdminUser, runtime: RuntimeDep) -> Response:
    return await _form_page(request, user, runtime, AssessmentForm())


@router.post("", name="admin_create_assessment", dependencies=[CsrfChecked])
async def create_assessment(
        request: Request, user: AdminUser, runtime: RuntimeDep, session: SessionDep,
        title: Annotated[str, Form()] = "", description: Annotated[str, Form()] = "",
        time_limit_min: Annotated[str, Form()] = "", scoring: Annotated[str, Form()] = "best",
        max_submissions: Annotated[str, Form()] = "",
        opens_at: Annotated[str, Form()] = "", closes_at: Annotated[str, Form()] = "",
        challenge: Annotated[list[str] | None, Form()] = None) -> Response:
    typed = await request.form()
    chosen = list(dict.fromkeys(challenge or []))
    form = AssessmentForm(title, description, time_limit_min, scoring, max_submissions,
                          opens_at, closes_at, chosen,
                          {slug: str(typed.get(f"order.{slug}", ""))
                           for slug in await runtime.current_library()},
                          {key: str(typed.get(f"quiz_{key}", "")) for key in QUIZ_FIELDS},
                          [str(t) for t in typed.getlist("quiz_topic")],
                          str(typed.get("rubric", "")))
    try:
        assessment = await assessments.create_assessment(
            session=session, title=title, description=description.strip(),
            challenges=form.challenges(runtime.library),
            time_limit_min=whole_number(time_limit_min, "the time limit"),
            scoring=scoring,
            max_submissions=whole_number(max_submissions, "submissions per challenge"),
            opens_at=utc_moment(opens_at, "opens at"),
            closes_at=utc_moment(closes_at, "closes at"), created_by=user.id,
            knowledge_check=form.knowledge_check(), rubric=form.rubric.splitlines())
    except DomainError as exc:  # shown on the form, with everything typed still there
        return await _form_page(request, user, runtime, form, error=exc.message,
                                status_code=exc.status_code)
    await audit.record(session=session, action="assessment_created", actor=user,
                       target=f"assessment {assessment.id}", detail={"title": assessment.title})
    return RedirectResponse(request.app.url_path_for(
        "admin_assessment", assessment_id=str(assessment.id)), status_code=303)


@router.get("/{assessment_id}", name="admin_assessment")
async def assessment(request: Request, assessment_id: int, user: StaffUser,
                     session: SessionDep) -> Response:
    return await _detail_page(request, user, session, assessment_id)


@router.post("/{assessment_id}/invites", name="admin_create_invite", dependencies=[CsrfChecked])
async def create_invite(
        request: Request, assessment_id: int, user: AdminUser, session: SessionDep,
        candidate_name: Annotated[str, Form()] = "", candidate_email: Annotated[str, Form()] = "",
        valid_days: Annotated[str, Form()] = "7",
        extra_minutes: Annotated[str, Form()] = "0") -> Response:
    form = InviteForm(candidate_name, candidate_email, valid_days, extra_minutes)
    try:
        invite, token = await invites.create_invite(
            session=session, assessment_id=assessment_id, candidate_name=candidate_name,
            candidate_email=candidate_email, now=utcnow(),
            valid_days=whole_number(valid_days, "valid days"),
            extra_minutes=whole_number(extra_minutes, "extra minutes"), created_by=user.id)
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        return await _detail_page(request, user, session, assessment_id, invite=form,
                                  error=exc.message, status_code=exc.status_code)
    await audit.record(session=session, action="invite_created", actor=user,
                       target=f"assessment {assessment_id}",
                       detail={"invite": invite.id, "candidate": invite.candidate_email})
    # The one response that holds the token: the database keeps only its hash.
    return await _detail_page(request, user, session, assessment_id,
                              link=candidate_link(request, token), status_code=201)


CONFIRMED = "yes"  # the `confirm` field's value that revoking needs


@router.get("/{assessment_id}/invites/{invite_id}/revoke", name="admin_revoke_invite_confirm")
async def revoke_invite_confirm(request: Request, assessment_id: int, invite_id: int,
                                user: AdminUser, session: SessionDep) -> Response:
    """The confirmation step: a page without JavaScript, the dialog's content with it."""
    invite = await overview.invite_of(session=session, assessment_id=assessment_id,
                                      invite_id=invite_id)
    from_script = request.headers.get("X-Requested-With") == "fetch"
    return render(request, "admin/invite_revoke.html", {
        "user": user, "invite": invite, "assessment_id": assessment_id,
        "csrf": csrf_token(request)}, block="confirm" if from_script else None)


@router.post("/{assessment_id}/invites/{invite_id}/revoke", name="admin_revoke_invite",
             dependencies=[CsrfChecked])
async def revoke_invite(request: Request, assessment_id: int, invite_id: int, user: AdminUser,
                        session: SessionDep,
                        confirm: Annotated[str, Form()] = "") -> Response:
    """Revoking needs `confirm=yes` (sent by the confirmation step); without it the admin is
    shown the confirmation and nothing changes."""
    if confirm != CONFIRMED:
        await overview.invite_of(session=session, assessment_id=assessment_id,
                                 invite_id=invite_id)
        return RedirectResponse(request.app.url_path_for(
            "admin_revoke_invite_confirm", assessment_id=str(assessment_id),
            invite_id=str(invite_id)), status_code=303)
    await overview.revoke(session=session, assessment_id=assessment_id, invite_id=invite_id,
                          now=utcnow())
    await audit.record(session=session, action="invite_revoked", actor=user,
                       target=f"assessment {assessment_id}", detail={"invite": invite_id})
    return RedirectResponse(request.app.url_path_for(
        "admin_assessment", assessment_id=str(assessment_id)), status_code=303)


@router.post("/{assessment_id}/invites/{invite_id}/restore", name="admin_restore_invite",
             dependencies=[CsrfChecked])
async def restore_invite(request: Request, assessment_id: int, invite_id: int,
                         user: AdminUser, session: SessionDep) -> Response:
    """A revoked link works again (audited like the revocation)."""
    await overview.restore(session=session, assessment_id=assessment_id, invite_id=invite_id)
    await audit.record(session=session, action="invite_restored", actor=user,
                       target=f"assessment {assessment_id}", detail={"invite": invite_id})
    return RedirectResponse(request.app.url_path_for(
        "admin_assessment", assessment_id=str(assessment_id)), status_code=303)
