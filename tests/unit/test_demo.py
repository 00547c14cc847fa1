"""`make run`'s demo data: three challenges and a knowledge check, a working candidate link,
and an admin sign-in whose password changes at every start."""

from __future__ import annotations

import httpx

from app.services.assessments import get_assessment
from app.services.demo import DEMO_SLUGS, seed_demo


async def test_the_demo_link_opens_an_assessment_of_three_challenges(app, client: httpx.AsyncClient,
                                                                      capsys) -> None:  # type: ignore[no-untyped-def]
    runtime = app.state.runtime
    link = await seed_demo(runtime, base_url="http://testserver")
    printed = capsys.readouterr().out
    assert link in printed and "admin@crucible.local" in printed
    page = await client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200
    async with runtime.sessions() as session:
        view = await get_assessment(session=session, assessment_id=1)
    assert tuple(v.slug for v in view.versions) == DEMO_SLUGS
    assert view.assessment.knowledge_check["count"] == 10
    again = await seed_demo(runtime, base_url="http://testserver")
    assert again != link  # a fresh invite each start, the same assessment
    async with runtime.sessions() as session:
        assert (await get_assessment(session=session, assessment_id=1)).assessment.id == 1
