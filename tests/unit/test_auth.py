"""Staff sign-in, sessions, CSRF, throttling and API tokens."""

from __future__ import annotations

import httpx
import pytest
from bs4 import BeautifulSoup

from app.services import accounts
from app.services.accounts import Role

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
async def staff(app):  # type: ignore[no-untyped-def]
    """The accounts these tests sign in with."""
    async with app.state.runtime.sessions() as session:
        await accounts.create_user(session=session, email="ada@example.com",
                                   role=Role.INTERVIEWER, password=PASSWORD)
        await accounts.create_user(session=session, email="root@example.com",
                                   role=Role.ADMIN, password=PASSWORD)


async def csrf_of(client: httpx.AsyncClient) -> str:
    page = BeautifulSoup((await client.get("/login")).text, "html.parser")
    return page.find("input", {"name": "csrf"})["value"]


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD,
                csrf: str | None = None) -> httpx.Response:
    token = csrf if csrf is not None else await csrf_of(client)
    return await client.post("/login", data={"email": email, "password": password,
                                             "csrf": token, "next": "/review"})


async def test_sign_in_sets_a_hardened_session_cookie_and_opens_review(
        client: httpx.AsyncClient) -> None:
    response = await login(client, "Ada@Example.com")
    assert response.status_code == 303 and response.headers["location"] == "/review"
    cookie = response.headers["set-cookie"].lower()
    assert "crucible_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    page = await client.get("/review")
    assert page.status_code == 200
    assert BeautifulSoup(page.text, "html.parser").find("h1").get_text() == "Submissions"


async def test_wrong_password_and_unknown_email_get_the_same_answer(
        client: httpx.AsyncClient) -> None:
    wrong = await login(client, "ada@example.com", "not the password")
    unknown = await login(client, "nobody@example.com", "not the password")
    for response in (wrong, unknown):
        assert response.status_code == 401
        alert = BeautifulSoup(response.text, "html.parser").find(class_="error")
        assert alert.get_text(strip=True) == "wrong email or password"


async def test_sign_in_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    await client.get("/login")
    response = await login(client, "ada@example.com", csrf="forged")
    assert response.status_code == 403
    assert (await client.get("/review")).status_code == 303  # still signed out


async def test_failed_logins_are_throttled_per_account(client: httpx.AsyncClient) -> None:
    for _ in range(5):
        assert (await login(client, "ada@example.com", "bad password!")).status_code == 401
    blocked = await login(client, "ada@example.com")  # even the right password now
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    other = await login(client, "root@example.com")  # another account is not affected
    assert other.status_code == 303


async def test_failed_logins_are_throttled_per_address(client: httpx.AsyncClient) -> None:
    for i in range(20):
        await login(client, f"user{i}@example.com", "bad password!")
    assert (await login(client, "root@example.com")).status_code == 429


async def test_pages_redirect_to_sign_in_and_back(client: httpx.AsyncClient) -> None:
    response = await client.get("/review/submissions/1")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Freview%2Fsubmissions%2F1"


async def test_next_cannot_send_you_to_another_site(client: httpx.AsyncClient) -> None:
    csrf = await csrf_of(client)
    response = await client.post("/login", data={"email": "ada@example.com", "password": PASSWORD,
                                                 "csrf": csrf, "next": "//evil.example/x"})
    assert response.headers["location"] == "/review"


async def test_sign_out_ends_the_session(client: httpx.AsyncClient) -> None:
    await login(client, "ada@example.com")
    csrf = await csrf_of(client)
    assert (await client.post("/logout", data={"csrf": csrf})).status_code == 303
    assert (await client.get("/review")).status_code == 303


async def test_interviewer_cannot_manage_users_admin_can(client: httpx.AsyncClient) -> None:
    await login(client, "ada@example.com")
    assert (await client.get("/admin/users")).status_code == 403
    client.cookies.clear()
    await login(client, "root@example.com")
    csrf = await csrf_of(client)
    created = await client.post("/admin/users", data={
        "email": "new@example.com", "role": "interviewer", "password": "long enough pw",
        "csrf": csrf})
    assert created.status_code == 303
    short = await client.post("/admin/users", data={
        "email": "x@example.com", "role": "admin", "password": "short", "csrf": csrf})
    assert short.status_code == 400
    assert "12 characters" in BeautifulSoup(short.text, "html.parser").find(
        class_="error").get_text()
    emails = [td.get_text() for td in BeautifulSoup(
        (await client.get("/admin/users")).text, "html.parser").select("tbody td:first-child")]
    assert emails == ["ada@example.com", "new@example.com", "root@example.com"]


async def test_api_tokens_authenticate_until_revoked(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    async with app.state.runtime.sessions() as session:
        row, token = await accounts.issue_token(session=session, email="ada@example.com")
    ok = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json() == {"id": 1, "email": "ada@example.com",
                                                   "role": "interviewer"}
    async with app.state.runtime.sessions() as session:
        await accounts.revoke_token(session=session, token_id=row.id)
    revoked = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401 and revoked.headers["www-authenticate"] == "Bearer"
    assert revoked.json() == {"error": {"status": 401, "message": "the API token is not valid"}}
    missing = await client.get("/api/v1/me")
    assert missing.status_code == 401


async def test_tokens_are_stored_hashed(app) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from app.models import ApiToken, User

    async with app.state.runtime.sessions() as session:
        _, token = await accounts.issue_token(session=session, email="ada@example.com")
        stored = (await session.exec(select(ApiToken))).one()
        user = (await session.exec(select(User).where(User.email == "ada@example.com"))).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
