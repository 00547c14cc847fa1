"""Seeded attempts for the interviewer pages: graded submissions, snapshots, events and a
finished knowledge check, written through the services where they exist (grading itself is
not under test here, so results are recorded as a worker would record them)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from app.grading.contract import GradeResult, TestOutcome, Verdict
from app.models import AttemptEvent, QuizItem, QuizSection, Snapshot, Submission, utcnow
from app.runtime import Runtime
from app.services import assessments, attempts, invites, knowledge_check

SLUG = "health-and-typed-path-params"
COPIED = '''
@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/items/featured")
def featured() -> list[Item]:
    chosen = [item for key, item in sorted(ITEMS.items()) if item.featured]
    if not chosen:
        raise HTTPException(status_code=404, detail="none")
    return chosen


@app.get("/items/{item_id}")
def read(item_id: Annotated[int, Path(ge=1, le=1_000_000)]) -> Item:
    found = ITEMS.get(item_id)
    if found is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return found
'''


def result(passed: list[bool]) -> dict[str, object]:
    tests = [TestOutcome(id=f"test_{i}", title=f"Hidden behaviour {i}", weight=1.0,
                         passed=p, message="" if p else f"expected 200, got 404 ({i})")
             for i, p in enumerate(passed, start=1)]
    score = sum(passed) / len(passed)
    verdict = Verdict.PASSED if all(passed) else Verdict.FAILED
    return GradeResult(verdict=verdict, score=score, tests=tests).model_dump(mode="json")


async def seed_candidate(runtime: Runtime, assessment_id: int, name: str, *,
                         scores: list[list[bool]], code: str, quiz_right: int,
                         minutes: int) -> int:
    """A started, finished attempt; returns its id."""
    async with runtime.sessions() as session:
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment_id, candidate_name=name,
            candidate_email=f"{name.lower()}@example.com", now=utcnow())
        ctx = await attempts.load(session=session, token=token, now=utcnow())
        started = utcnow() - timedelta(minutes=minutes + 1)
        attempt = await attempts.start(session=session, ctx=ctx, now=started)
        version = ctx.view.versions[0]
        starter = version.content["starter"]["solution.py"]
        for step, passed in enumerate(scores, start=1):
            moment = started + timedelta(minutes=step)
            files = {"solution.py": starter + code[: len(code) * step // len(scores)]}
            session.add(Snapshot(attempt_id=attempt.id, challenge_version_id=version.id,
                                 files=files, created_at=moment))
            session.add(Submission(attempt_id=attempt.id, challenge_version_id=version.id,
                                   files=files, status="done", kind="submit",
                                   verdict=result(passed)["verdict"],
                                   score=result(passed)["score"], result=result(passed),
                                   created_at=moment, graded_at=moment))
        session.add(AttemptEvent(attempt_id=attempt.id, challenge_version_id=version.id,
                                 kind="paste", detail="120 characters",
                                 created_at=started + timedelta(minutes=1, seconds=-20)))
        session.add(AttemptEvent(attempt_id=attempt.id, kind="blur",
                                 created_at=started + timedelta(minutes=2)))
        await session.commit()
        assessment = ctx.view.assessment
        section = await knowledge_check.start_section(session=session, attempt=attempt,
                                                      assessment=assessment, now=started)
        items = (await session.exec(select(QuizItem).where(
            QuizItem.section_id == section.id).order_by(QuizItem.position))).all()
        for index, item in enumerate(items):
            item.answer = [2] if index < quiz_right else [1]
            session.add(item)
        await session.commit()
        await knowledge_check.close_section(session=session, section=section,
                                            assessment=assessment,
                                            when=started + timedelta(minutes=minutes))
        await attempts.finish(session=session, attempt=attempt,
                              now=started + timedelta(minutes=minutes))
        return attempt.id


async def seed_assessment(runtime: Runtime) -> tuple[int, list[int]]:
    """Three candidates: two with the same (copied) code, one different."""
    async with runtime.sessions() as session:
        assessment = await assessments.create_assessment(
            session=session, title="Review me", challenges=[runtime.library[SLUG]],
            time_limit_min=60, knowledge_check={"count": 4, "time_limit_min": 10,
                                                "difficulty": "junior"})
    ada = await seed_candidate(runtime, assessment.id, "Ada", scores=[[True, False], [True, True]],
                               code=COPIED, quiz_right=4, minutes=20)
    bob = await seed_candidate(runtime, assessment.id, "Bob", scores=[[False, False]],
                               code=COPIED.replace("found", "hit").replace("chosen", "picked"),
                               quiz_right=1, minutes=35)
    other = '\n@app.get("/health")\nasync def h():\n    return {"status": "ok"}\n'
    cy = await seed_candidate(runtime, assessment.id, "Cy", scores=[[True, False]],
                              code=other, quiz_right=2, minutes=10)
    return assessment.id, [ada, bob, cy]


__all__ = ["SLUG", "QuizSection", "seed_assessment"]
