"""One entity mention while the entities stage builds it (token offsets into the `Doc`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Mention:
    start: int
    end: int
    label: str  # PER | LOC | ORG | MISC
    type: str  # one of schemas.ENTITY_TYPES
    canonical_id: str | None
    canonical_name: str | None
    form: str  # one of schemas.ENTITY_FORMS
    method: str  # model | gazetteer | rule
