# WRONG: the prefix is given again at include time, so the users routes end up at /users/users ('the route decorators inside them only give the rest of the path'; 'at the same paths')
"""Shop API: the app, the two routers, and the health check."""

from fastapi import FastAPI

from routers import items, users

app = FastAPI(title="Shop")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


app.include_router(users.router, prefix="/users")
app.include_router(items.router)
