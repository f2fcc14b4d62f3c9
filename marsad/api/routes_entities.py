"""``/api/entities``: canonical entities, most mentioned first."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from marsad.api.deps import EntityDep, PagingDep, StoreDep
from marsad.api.errors import INVALID, MOVED, NOT_FOUND
from marsad.api.schemas import EntityOut, Page

router = APIRouter(prefix="/api/entities", tags=["entities"])


@router.get("", response_model=Page[EntityOut], responses=INVALID)
def list_entities(store: StoreDep, paging: PagingDep) -> dict[str, Any]:
    """Canonical entities, most mentioned first."""
    found = store.list_entities(limit=paging.limit, offset=paging.offset)
    return {"data": [e.as_dict() for e in found], "count": store.count_entities(),
            "limit": paging.limit, "offset": paging.offset}


@router.get("/{entity_id:path}", response_model=EntityOut, responses={**MOVED, **NOT_FOUND, **INVALID})
def get_entity(entity: EntityDep) -> dict[str, Any]:
    """One entity, with every spelling seen and the evidence for each merge.  The id of an entity merged
    into another answers 301 with `Location` and `moved_to`: the entity that absorbed it."""
    return entity.as_dict()
