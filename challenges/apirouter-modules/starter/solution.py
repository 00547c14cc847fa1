"""Shop API. Everything is still in this one file: split it into routers (see the statement).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep data.py as it is: the grader's tests use exactly this data.
"""

from fastapi import FastAPI, HTTPException, status

from data import ITEMS, USERS, Item, ItemCreate, User, add_item

app = FastAPI(title="Shop")

# TODO: include the routers from routers/users.py and routers/items.py instead of the routes
# below, and protect every /items route with the X-API-Key check.


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/users")
def list_users() -> list[User]:
    return [USERS[user_id] for user_id in sorted(USERS)]


@app.get("/users/{user_id}")
def get_user(user_id: int) -> User:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


@app.get("/items")
def list_items() -> list[Item]:
    return [ITEMS[item_id] for item_id in sorted(ITEMS)]


@app.get("/items/{item_id}")
def get_item(item_id: int) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@app.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(payload: ItemCreate) -> Item:
    return add_item(payload)
