"""Shop API assembled from its routers."""

from fastapi import FastAPI

import routers.items
import routers.users

app = FastAPI(title="Shop")

for module in (routers.users, routers.items):
    app.include_router(module.router)


@app.get("/health", tags=[])
async def health():
    return {"status": "ok"}
