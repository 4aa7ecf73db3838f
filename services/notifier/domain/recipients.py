"""Who receives a partner alert.

- addressed by `partner_id`: that partner, whatever categories it takes (a counselor chose it), as
  long as it is active;
- addressed by `partner_kind`: every active partner of that kind that takes the alert's category
  (or takes `"*"`).
An alert that resolves to nobody is a final failure (`no_partner`) that supervisors see.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.notifier.domain.partners import Partner
from shared.events import PartnerKind


def resolve_recipients(
    partners: Iterable[Partner], *, partner_id: str | None, partner_kind: PartnerKind | None, category: str
) -> list[Partner]:
    if partner_id:
        return [p for p in partners if p.id == partner_id and p.active]
    if partner_kind is None:
        return []
    chosen = [p for p in partners if p.active and p.kind == partner_kind and p.takes(category)]
    return sorted(chosen, key=lambda p: p.id)
