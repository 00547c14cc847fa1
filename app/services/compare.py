"""Candidates of one assessment side by side, the score distribution, and the CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from app.models import utcnow
from app.services import reviews, scorecard
from app.services.assessments import AssessmentView, get_assessment
from app.services.overview import InviteResult, results

SORTS = ("name", "score", "time", "submissions")
BUCKETS = 10


@dataclass(frozen=True)
class CandidateRow:
    result: InviteResult
    card: scorecard.Scorecard | None  # None until the candidate presses Start
    decisions: dict[str, int]

    @property
    def name(self) -> str:
        return self.result.invite.candidate_name

    @property
    def score(self) -> float | None:
        return self.card.overall if self.card else None

    @property
    def minutes(self) -> float | None:
        return self.card.time_used.total_seconds() / 60 if self.card else None

    @property
    def submissions(self) -> int:
        return sum(len(c.runs) for c in self.card.challenges) if self.card else 0


@dataclass(frozen=True)
class Comparison:
    view: AssessmentView
    rows: list[CandidateRow]

    def histogram(self) -> list[int]:
        """How many started candidates scored in each tenth (the last includes 100 %)."""
        counts = [0] * BUCKETS
        for row in self.rows:
            if row.score is not None:
                counts[min(BUCKETS - 1, int(row.score * BUCKETS))] += 1
        return counts


async def compare(*, session: AsyncSession, assessment_id: int, sort: str = "score",
                  descending: bool = True) -> Comparison:
    view = await get_assessment(session=session, assessment_id=assessment_id)
    rows = []
    for result in await results(session=session, view=view, now=utcnow()):
        card = None
        decided: dict[str, int] = {}
        if result.attempt is not None:
            card = await scorecard.build(session=session, attempt_id=result.attempt.id)
            found = await reviews.reviews_of(session=session, attempt_id=result.attempt.id)
            for r in found:
                decided[r.review.decision] = decided.get(r.review.decision, 0) + 1
        rows.append(CandidateRow(result, card, decided))
    key = {"name": lambda r: r.name.lower(), "score": lambda r: r.score or -1.0,
           "time": lambda r: r.minutes if r.minutes is not None else -1.0,
           "submissions": lambda r: r.submissions}[sort if sort in SORTS else "score"]
    rows.sort(key=key, reverse=descending)  # type: ignore[arg-type]
    return Comparison(view, rows)


def results_csv(comparison: Comparison) -> str:
    """One row per invite; scores as fractions 0-1 with four decimals, blank when unknown."""
    slugs = [v.slug for v in comparison.view.versions]
    has_quiz = bool(comparison.view.assessment.knowledge_check)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["candidate", "email", "status", "started_at", "finished_at",
                     "minutes_used", "overall", *slugs,
                     *(["knowledge_check"] if has_quiz else []), "submissions", "decisions"])

    def figure(value: float | None) -> str:
        return "" if value is None else f"{value:.4f}"

    for row in sorted(comparison.rows, key=lambda r: r.result.invite.id):
        attempt, card = row.result.attempt, row.card
        scores = {c.version.slug: c.score for c in card.challenges} if card else {}
        quiz = [figure(card.quiz_section.score if card and card.quiz_section else None)]
        writer.writerow([
            _safe(row.name), _safe(row.result.invite.candidate_email), str(row.result.status),
            attempt.started_at.isoformat() if attempt else "",
            attempt.finished_at.isoformat() if attempt and attempt.finished_at else "",
            f"{row.minutes:.1f}" if row.minutes is not None else "", figure(row.score),
            *(figure(scores.get(s)) for s in slugs), *(quiz if has_quiz else []),
            row.submissions, "; ".join(f"{d} {n}" for d, n in sorted(row.decisions.items()))])
    return out.getvalue()


def _safe(text: str) -> str:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
