"""Hidden tests: settings through a cached, overridable dependency (black box, plus probes).

overrides.py replaces `get_settings` with a proxy of the grader's service (service.py): the
tests choose there which settings the app gets (`service.use(**values)`, `service.use_env(env)`
for `Settings()` from environment variables, `service.use_real(env, ...)` for the app's own
`get_settings()`); the app's next request that needs settings builds them from the candidate's
own code and the outcome (the settings, or the validation error) is recorded in the service.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body

TOKEN = "test-admin-token-0123456789abcdefXYZ"  # 36 characters
MASK = "**********"
SETTINGS_ROUTES = ("/info", "/items", "/admin/config")


def settle(client: httpx.Client, service: Any, generation: int) -> dict[str, Any]:
    """Sends requests until one of them built the chosen settings; returns the outcome."""
    for path in SETTINGS_ROUTES:
        client.get(path)
        outcome = service.outcome(generation)
        if outcome is not None:
            return outcome
    pytest.fail("no request to GET /info, /items or /admin/config asked get_settings for "
                "its settings", pytrace=False)


def use(client: httpx.Client, service: Any, **values: Any) -> dict[str, Any]:
    values.setdefault("admin_token", TOKEN)
    return settle(client, service, service.use(**values))


def use_ok(client: httpx.Client, service: Any, **values: Any) -> None:
    result = use(client, service, **values)
    assert result["ok"], f"Settings({values}) should be valid, got {result['error']}"


def from_env(client: httpx.Client, service: Any, env: dict[str, str]) -> dict[str, Any]:
    return settle(client, service, service.use_env(env))


def items(client: httpx.Client, **params: Any) -> httpx.Response:
    return client.get("/items", params=params)


@pytest.mark.weight(1)
def test_app_starts_without_configuration(client: httpx.Client) -> None:
    """The app starts and serves /health with no INVENTORY_* variables set"""
    r = client.get("/health")
    assert r.status_code == 200, f"GET /health: expected 200, got {r.status_code}"
    assert json_body(r) == {"status": "ok"}, f"expected {{'status': 'ok'}}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_info_follows_settings(client: httpx.Client, service: Any) -> None:
    """GET /info reports the settings of the request (get_settings can be overridden)"""
    use_ok(client, service, app_name="Crucible Test Shop", environment="staging", debug=True)
    r = client.get("/info")
    assert r.status_code == 200, f"GET /info: expected 200, got {r.status_code}"
    expected = {"app_name": "Crucible Test Shop", "environment": "staging", "debug": True}
    assert json_body(r) == expected, (
        f"expected {expected} (from the overridden get_settings), got {r.text[:300]}"
    )


@pytest.mark.weight(2)
def test_default_page_size_from_settings(client: httpx.Client, service: Any) -> None:
    """Without limit, GET /items returns default_page_size items"""
    use_ok(client, service, default_page_size=7, max_page_size=50)
    r = items(client)
    assert r.status_code == 200, f"GET /items: expected 200, got {r.status_code}: {r.text}"
    page = json_body(r)
    ids = [item.get("id") for item in page.get("items", [])]
    assert page.get("limit") == 7 and ids == list(range(1, 8)), (
        f"expected limit 7 and ids 1..7, got limit {page.get('limit')!r} and ids {ids}"
    )


@pytest.mark.weight(3)
def test_limit_bounds_follow_settings(client: httpx.Client, service: Any) -> None:
    """limit must lie between 1 and max_page_size of the current settings, else 422"""
    use_ok(client, service, default_page_size=3, max_page_size=5)
    r = items(client, limit=5)
    assert r.status_code == 200, f"limit=5 with max_page_size=5: expected 200, got {r.status_code}"
    assert len(json_body(r)["items"]) == 5, f"expected 5 items, got {r.text[:300]}"
    for limit in (6, 0):
        r = items(client, limit=limit)
        assert r.status_code == 422, (
            f"limit={limit} with max_page_size=5: expected 422, got {r.status_code}"
        )
    use_ok(client, service, max_page_size=400)
    r = items(client, limit=300)
    assert r.status_code == 200, (
        f"limit=300 with max_page_size=400: expected 200, got {r.status_code}"
    )
    assert len(json_body(r)["items"]) == 250, "expected all 250 items"
    r = items(client, limit=1)
    assert r.status_code == 200, f"limit=1: expected 200, got {r.status_code}"
    r = items(client, limit=10, offset=245)
    got = json_body(r).get("items", [])
    expected = [{"id": i, "name": f"item-{i}"} for i in range(246, 251)]
    assert got == expected, f"offset=245, limit=10: expected {expected}, got {got}"


@pytest.mark.weight(2)
def test_admin_config_requires_token(client: httpx.Client, service: Any) -> None:
    """GET /admin/config without the right X-Admin-Token is a 401"""
    use_ok(client, service)
    for headers in ({}, {"X-Admin-Token": "wrong"}, {"X-Admin-Token": TOKEN[:-1]}):
        r = client.get("/admin/config", headers=headers)
        assert r.status_code == 401, f"headers {headers}: expected 401, got {r.status_code}"


@pytest.mark.weight(2)
def test_admin_config_masks_secret(client: httpx.Client, service: Any) -> None:
    """GET /admin/config shows every setting, with the admin token masked"""
    use_ok(client, service, app_name="Masked", max_page_size=60)
    r = client.get("/admin/config", headers={"X-Admin-Token": TOKEN})
    assert r.status_code == 200, f"right token: expected 200, got {r.status_code}: {r.text}"
    expected = {
        "app_name": "Masked",
        "environment": "development",
        "debug": False,
        "admin_token": MASK,
        "default_page_size": 20,
        "max_page_size": 60,
    }
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:400]}"
    for path in ("/info", "/items"):
        assert TOKEN not in client.get(path).text, f"GET {path} leaks the admin token"


@pytest.mark.weight(3)
def test_settings_are_validated(client: httpx.Client, service: Any) -> None:
    """Settings rejects invalid values when it is built"""
    invalid: list[dict[str, Any]] = [
        {"admin_token": "x" * 31},
        {"environment": "prod"},
        {"max_page_size": 0},
        {"max_page_size": 1001},
        {"default_page_size": 0},
    ]
    for number, values in enumerate(invalid):
        result = use(client, service, **values)
        assert not result["ok"], f"Settings({values}) should be rejected, but it was accepted"
        if number < 4:
            field = next(iter(values))
            assert [field] in result["locs"], (
                f"Settings({values}): expected an error located at {field!r}, got {result['error']}"
            )
    use(client, service, max_page_size=0)
    r = client.get("/info")
    assert r.status_code != 200, "GET /info answered 200 with settings that failed validation"
    use_ok(client, service, admin_token="y" * 32, max_page_size=1000, default_page_size=1)


@pytest.mark.weight(2)
def test_settings_cross_field_rules(client: httpx.Client, service: Any) -> None:
    """default_page_size above max_page_size, or debug in production, is rejected"""
    result = use(client, service, default_page_size=30, max_page_size=20)
    assert not result["ok"], "default_page_size=30 with max_page_size=20 should be rejected"
    result = use(client, service, environment="production", debug=True)
    assert not result["ok"], "debug=True in production should be rejected"
    use_ok(client, service, environment="production", debug=False, default_page_size=20, max_page_size=20)


@pytest.mark.weight(3)
def test_settings_from_environment(client: httpx.Client, service: Any) -> None:
    """Settings reads INVENTORY_* environment variables and converts their types"""
    env = {
        "INVENTORY_ADMIN_TOKEN": TOKEN,
        "INVENTORY_APP_NAME": "Env Shop",
        "INVENTORY_ENVIRONMENT": "staging",
        "INVENTORY_DEBUG": "true",
        "INVENTORY_MAX_PAGE_SIZE": "250",
    }
    result = from_env(client, service, env)
    assert result["ok"], f"Settings() with {sorted(env)} set: expected valid, got {result['error']}"
    expected = {
        "app_name": "Env Shop",
        "environment": "staging",
        "debug": True,
        "admin_token": MASK,
        "default_page_size": 20,
        "max_page_size": 250,
    }
    assert result["settings"] == expected, f"expected {expected}, got {result['settings']}"
    assert result["admin_token_value"] == TOKEN, "admin_token was not read from the environment"


@pytest.mark.weight(2)
def test_environment_needs_prefix_and_token(client: httpx.Client, service: Any) -> None:
    """Variables without the INVENTORY_ prefix are ignored, and the admin token is required"""
    result = from_env(client, service, {"ADMIN_TOKEN": TOKEN, "APP_NAME": "No Prefix"})
    assert not result["ok"], "Settings() without INVENTORY_ADMIN_TOKEN should fail"
    assert ["admin_token"] in result["locs"], (
        f"expected a missing admin_token error, got {result['error']}"
    )
    result = from_env(client, service, {"INVENTORY_ADMIN_TOKEN": TOKEN, "APP_NAME": "No Prefix"})
    assert result["ok"], f"expected valid settings, got {result['error']}"
    assert result["settings"]["app_name"] == "Inventory", (
        f"APP_NAME (no prefix) must be ignored, got app_name {result['settings']['app_name']!r}"
    )


@pytest.mark.weight(2)
def test_get_settings_is_cached(client: httpx.Client, service: Any) -> None:
    """get_settings() builds Settings once and returns the same object afterwards"""
    first_env = {"INVENTORY_ADMIN_TOKEN": TOKEN, "INVENTORY_APP_NAME": "First Build"}
    first = settle(client, service, service.use_real(first_env, clear_cache=True))
    assert first["ok"], f"get_settings() with INVENTORY_ADMIN_TOKEN set failed: {first['error']}"
    assert first["settings"].get("app_name") == "First Build", (
        f"get_settings() should read the environment, got {first['settings']}"
    )
    second_env = {"INVENTORY_ADMIN_TOKEN": TOKEN, "INVENTORY_APP_NAME": "Second Build"}
    second = settle(client, service, service.use_real(second_env, clear_cache=False))
    assert second["ok"], f"the second get_settings() call failed: {second['error']}"
    assert second["object_id"] == first["object_id"], (
        "get_settings() returned a new Settings on the second call "
        f"(app_name {second['settings'].get('app_name')!r})"
    )
