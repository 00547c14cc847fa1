"""Shop API: the app only wires the routers together (reference solution)."""

from fastapi import FastAPI

from routers import items, users

app = FastAPI(title="Shop")
app.include_router(users.router)
app.include_router(items.router)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
