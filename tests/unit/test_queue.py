"""The durable queue's rules, with a scripted grader (the sandbox itself is tested elsewhere)."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from app.grading import queue
from app.grading.contract import GradeRequest, GradeResult, Verdict
from app.grading.worker import Worker
from app.models import ChallengeVersion, GradingJob, Submission, utcnow
from app.runtime import Runtime
from app.services import attempts, submissions
from app.services.versions import ensure_version
from tests.candidates import invite_link

SLUG = "health-and-typed-path-params"


def scripted(*verdicts: Verdict, delay: float = 0.0):  # type: ignore[no-untyped-def]
    """A grade function returning the given verdicts in turn, counting its calls."""
    calls: list[GradeRequest] = []

    async def grade(request: GradeRequest, *, on_phase=None) -> GradeResult:  # type: ignore[no-untyped-def]
        calls.append(request)
        if on_phase is not None:
            await on_phase("tests")
        await asyncio.sleep(delay)
        verdict = verdicts[min(len(calls), len(verdicts)) - 1]
        return GradeResult(verdict=verdict, score=1.0 if verdict is Verdict.PASSED else 0.0)

    grade.calls = calls  # type: ignore[attr-defined]
    return grade


def make_worker(runtime: Runtime, grade, lease_s: float = 3.0) -> Worker:  # type: ignore[no-untyped-def]
    return Worker(runtime.sessions, grade, lease_s=lease_s, max_attempts=3, poll_s=0.01)


async def new_submission(runtime: Runtime) -> int:
    challenge = runtime.library[SLUG]
    async with runtime.sessions() as session:
        sub = await submissions.submit_challenge(session=session, challenge=challenge,
                                       files={"solution.py": "app = None\n"})
    return sub.id


async def job_of(runtime: Runtime, submission_id: int) -> GradingJob:
    async with runtime.sessions() as session:
        return (await session.exec(select(GradingJob).where(
            GradingJob.submission_id == submission_id))).one()


async def test_submission_and_job_are_written_together(runtime: Runtime) -> None:
    sub_id = await new_submission(runtime)
    job = await job_of(runtime, sub_id)
    assert job.state == "queued"
    async with runtime.sessions() as session:
        status = await submissions.get_status(session=session, submission_id=sub_id)
    assert status.status == "queued" and status.queue_position == 1


async def test_queue_positions_follow_priority_then_submission_order(runtime: Runtime) -> None:
    ids = [await new_submission(runtime) for _ in range(3)]
    async with runtime.sessions() as session:
        positions = [(await submissions.get_status(session=session, submission_id=i))
                     .queue_position for i in ids]
        assert positions == [1, 2, 3]
        job = (await session.exec(select(GradingJob).where(
            GradingJob.submission_id == ids[0]))).one()
        job.priority = submissions.REGRADE_PRIORITY  # a regrade waits behind live work
        session.add(job)
        await session.commit()
        positions = [(await submissions.get_status(session=session, submission_id=i))
                     .queue_position for i in ids]
    assert positions == [3, 1, 2]


async def test_worker_grades_and_records_the_request_of_the_pinned_version(
        runtime: Runtime) -> None:
    sub_id = await new_submission(runtime)
    grade = scripted(Verdict.PASSED)
    assert await make_worker(runtime, grade).run_once()
    assert not await make_worker(runtime, grade).run_once()  # nothing left
    request = grade.calls[0]
    assert request.files["solution.py"] == "app = None\n"
    assert request.tests == runtime.library[SLUG].hidden
    async with runtime.sessions() as session:
        sub = await session.get(Submission, sub_id)
    assert (sub.status, sub.verdict, sub.score) == ("done", "passed", 1.0)
    assert sub.phase == "tests"  # the phase the grading reported while it ran


async def test_sandbox_errors_are_retried_and_never_scored(runtime: Runtime) -> None:
    sub_id = await new_submission(runtime)
    grade = scripted(Verdict.SANDBOX_ERROR, Verdict.SANDBOX_ERROR, Verdict.SANDBOX_ERROR)
    worker = make_worker(runtime, grade)
    for _ in range(3):
        async with runtime.sessions() as session:  # skip the retry back-off
            await session.exec(GradingJob.__table__.update().values(available_at=queue.utcnow()))
            await session.commit()
        assert await worker.run_once()
    job = await job_of(runtime, sub_id)
    async with runtime.sessions() as session:
        sub = await session.get(Submission, sub_id)
    assert len(grade.calls) == 3 and job.attempts == 3 and job.state == "done"
    assert sub.verdict == "sandbox_error" and sub.score is None


async def test_sandbox_error_then_success_counts_the_success(runtime: Runtime) -> None:
    sub_id = await new_submission(runtime)
    worker = make_worker(runtime, scripted(Verdict.SANDBOX_ERROR, Verdict.FAILED))
    assert await worker.run_once()
    async with runtime.sessions() as session:
        await session.exec(GradingJob.__table__.update().values(available_at=queue.utcnow()))
        await session.commit()
    assert await worker.run_once()
    async with runtime.sessions() as session:
        sub = await session.get(Submission, sub_id)
    assert (sub.verdict, sub.score) == ("failed", 0.0)


async def test_expired_lease_is_claimed_again_and_the_result_recorded_once(
        runtime: Runtime) -> None:
    sub_id = await new_submission(runtime)
    slow = make_worker(runtime, scripted(Verdict.FAILED, delay=0.6), lease_s=0.2)
    slow._renew = lambda job_id: asyncio.sleep(3600)  # type: ignore[method-assign]  # a stalled worker
    fast = make_worker(runtime, scripted(Verdict.PASSED))
    slow_run = asyncio.create_task(slow.run_once())
    await asyncio.sleep(0.35)  # the slow worker's lease has expired
    assert await fast.run_once()
    await slow_run
    job = await job_of(runtime, sub_id)
    async with runtime.sessions() as session:
        sub = await session.get(Submission, sub_id)
    assert job.attempts == 2 and job.lease_owner == fast.owner
    assert sub.verdict == "passed"  # the stalled worker's late "failed" was discarded


async def test_two_workers_never_grade_the_same_job(runtime: Runtime) -> None:
    ids = [await new_submission(runtime) for _ in range(6)]
    grade = scripted(Verdict.PASSED, delay=0.02)
    workers = [make_worker(runtime, grade) for _ in range(3)]

    async def drain(worker: Worker) -> None:
        while await worker.run_once():
            pass

    await asyncio.gather(*(drain(w) for w in workers))
    assert len(grade.calls) == len(ids)
    async with runtime.sessions() as session:
        done = (await session.exec(select(Submission).where(Submission.status == "done"))).all()
    assert len(done) == len(ids)


async def test_a_job_whose_tries_keep_dying_is_given_up_not_looped(runtime: Runtime) -> None:
    sub_id = await new_submission(runtime)
    async with runtime.sessions() as session:  # three earlier claims that never came back
        await session.exec(GradingJob.__table__.update().values(attempts=3))
        await session.commit()
    grade = scripted(Verdict.PASSED)
    assert await make_worker(runtime, grade).run_once()
    async with runtime.sessions() as session:
        sub = await session.get(Submission, sub_id)
    assert grade.calls == []
    assert (sub.status, sub.verdict, sub.score) == ("done", "sandbox_error", None)


async def started_attempt(runtime: Runtime, name: str) -> int:
    token = (await invite_link(runtime, slugs=[SLUG], name=name)).removeprefix("/a/")
    async with runtime.sessions() as session:
        ctx = await attempts.load(session=session, token=token, now=utcnow())
        return (await attempts.start(session=session, ctx=ctx, now=utcnow())).id


@pytest.mark.parametrize("finish_each", [False, True], ids=["many-workers", "one-worker"])
async def test_one_candidates_burst_delays_another_by_at_most_one_grading(
        runtime: Runtime, finish_each: bool) -> None:
    """Candidate A queues 30 jobs, then candidate B queues 1: B's job is among the first 2
    claims, whether the claimed jobs keep running (many workers) or finish one by one."""
    a, b = await started_attempt(runtime, "Ann"), await started_attempt(runtime, "Bob")
    version = await current_version(runtime)
    async with runtime.sessions() as session:
        for n in range(30):
            await submissions.submit(session=session, version=version, attempt_id=a,
                                     files={"solution.py": f"app = {n}\n"})
        bobs = await submissions.submit(session=session, version=version, attempt_id=b,
                                        files={"solution.py": "app = None\n"})
    order: list[int] = []
    for n in range(31):
        async with runtime.sessions() as session:
            job = await queue.claim(session, f"w{n}", 30.0)
            assert job is not None
            order.append(job.submission_id)
            if finish_each:
                assert await queue.complete(session, job, f"w{n}", GradeResult(
                    verdict=Verdict.PASSED, score=1.0))
    position = order.index(bobs.id) + 1
    print(f"fairness ({'one worker' if finish_each else 'many workers'}): "
          f"B's job claimed {position} of 31, behind {position - 1} of A's 30")
    assert position <= 2
    assert sorted(order) == sorted(set(order))  # every job claimed once


async def test_graded_submissions_go_before_example_runs_and_regrades(runtime: Runtime) -> None:
    a = await started_attempt(runtime, "Ann")
    version = await current_version(runtime)
    async with runtime.sessions() as session:
        regrade = await submissions.submit(session=session, version=version,
                                           files={"solution.py": "x = 1\n"},
                                           priority=submissions.REGRADE_PRIORITY)
        examples = await submissions.submit(session=session, version=version, attempt_id=a,
                                            kind="examples", files={"solution.py": "x = 2\n"},
                                            priority=submissions.EXAMPLES_PRIORITY)
        graded = await submissions.submit(session=session, version=version, attempt_id=a,
                                          files={"solution.py": "x = 3\n"})
    claimed = []
    for n in range(3):
        async with runtime.sessions() as session:
            claimed.append((await queue.claim(session, f"w{n}", 30.0)).submission_id)
    assert claimed == [graded.id, examples.id, regrade.id]


async def current_version(runtime: Runtime) -> ChallengeVersion:
    async with runtime.sessions() as session:
        return await ensure_version(session=session, challenge=runtime.library[SLUG])
