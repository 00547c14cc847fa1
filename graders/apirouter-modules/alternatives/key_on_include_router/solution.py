"""Shop API: the app, the two routers, and the health check."""

from fastapi import Depends, FastAPI

from dependencies import require_api_key

from routers import items, users

app = FastAPI(title="Shop")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


app.include_router(users.router)
app.include_router(items.router, dependencies=[Depends(require_api_key)])
