"""Shop API: the app, the two routers, and the health check."""

from fastapi import FastAPI

from routers import items, users

app = FastAPI(title="Shop")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


app.include_router(users.router)
app.include_router(items.router)
