"""Public user directory: /users.

TODO: move the /users routes here from solution.py, on this router.
"""

from fastapi import APIRouter

router = APIRouter()  # TODO: prefix and tags
