"""The catalogue of places where a visit may happen (seeds/outreach_places.yaml): ward facilities,
partner offices, quiet public places, and her home — only when she asked for it and the counselor
confirmed it is safe (`OutreachConsent.home`).

Each place has the staff's name for it and, separately, `line_label`: the only wording of the place
that may appear in a message to her, neutral (no word of support, violence or visits; triage checks
it again when it writes the message). A place without one is never named to her (her home, a
shelter's office): the message gives the date and time only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

PlaceKind = Literal["ward_facility", "partner_office", "public", "home"]
KINDS: tuple[PlaceKind, ...] = ("ward_facility", "partner_office", "public", "home")
HOME = "home"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str  # for staff (Japanese)
    kind: PlaceKind
    area: str | None = None
    line_label: str | None = None  # what she may be told; None: not named to her
    note: str | None = None  # for staff: how to meet there (a room, an entrance)

    @property
    def is_home(self) -> bool:
        return self.kind == "home"


@dataclass(frozen=True, slots=True)
class PlaceCatalogue:
    places: tuple[Place, ...]

    def get(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.places)


def parse_places(doc: Mapping[str, Any]) -> PlaceCatalogue:
    """From the loaded YAML (`places: [...]`); a duplicate id, an unknown kind or a missing name stops
    start-up. The home entry is always there, whatever the file says."""
    raw: Sequence[Mapping[str, Any]] = doc.get("places") or ()
    places: list[Place] = []
    for entry in raw:
        kind: Any = str(entry["kind"])
        if kind not in KINDS:
            raise ValueError(f"place {entry.get('id')}: unknown kind {kind!r}")
        label = entry.get("line_label")
        places.append(
            Place(
                id=str(entry["id"]),
                name=str(entry["name"]),
                kind=kind,
                area=str(entry["area"]) if entry.get("area") else None,
                line_label=str(label) if label and kind != "home" else None,
                note=str(entry["note"]) if entry.get("note") else None,
            )
        )
    if not any(p.id == HOME for p in places):
        places.append(Place(HOME, "ご本人の自宅（希望があり安全が確認できた場合のみ）", "home"))
    ids = [p.id for p in places]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate place ids: {', '.join(duplicates)}")
    return PlaceCatalogue(tuple(places))
