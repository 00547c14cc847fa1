"""Public user directory: /users."""

from fastapi import APIRouter, HTTPException, status

from data import USERS, User

router = APIRouter(prefix="/users", tags=["users"])


@router.get("")
def list_users() -> list[User]:
    return [USERS[user_id] for user_id in sorted(USERS)]


@router.get("/{user_id}")
def get_user(user_id: int) -> User:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user
