"""Public user directory: /users."""

from fastapi import APIRouter, HTTPException

from data import USERS, User

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=list[User])
async def list_users():
    return sorted(USERS.values(), key=lambda u: u.id)


@router.get("/{user_id}", response_model=User)
async def get_user(user_id: int):
    try:
        return USERS[user_id]
    except KeyError:
        raise HTTPException(404, detail="User not found") from None
