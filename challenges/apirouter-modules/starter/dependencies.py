"""Dependencies shared by the routers."""

API_KEY = "shop-items-4f9a"


def require_api_key() -> None:
    """TODO: read the `X-API-Key` header and answer 401 unless it equals API_KEY."""
