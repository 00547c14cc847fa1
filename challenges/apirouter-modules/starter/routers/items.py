"""Item catalogue: /items. Every route needs the API key.

TODO: move the /items routes here from solution.py, on this router.
"""

from fastapi import APIRouter

router = APIRouter()  # TODO: prefix, tags, the API-key dependency, the documented 401
