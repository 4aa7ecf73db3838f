"""The disk spool: durable appends, oldest first, cap, and recovery after a crash."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.ingress.adapters.spool import DiskSpool, SpoolFull
from shared.events import CaseOpened, envelope_for


def envelope(n: int):  # type: ignore[no-untyped-def]
    data = CaseOpened(case_id=f"k{n}", consulter_id="c", reopened=False, opened_at=datetime.now(UTC))
    return envelope_for(data, producer="t", correlation_id=str(n))


async def test_append_read_remove_in_order(tmp_path: Path) -> None:
    spool = DiskSpool(tmp_path, 1_000_000)
    spool.open()
    first = [envelope(1), envelope(2)]
    await spool.append(first)
    await spool.append([envelope(3)])
    assert spool.file_count == 2 and spool.size_bytes > 0

    oldest = spool.pending()[0]
    assert spool.read(oldest) == first
    spool.remove(oldest)
    assert spool.file_count == 1
    assert [e.data["case_id"] for e in spool.read(spool.pending()[0])] == ["k3"]


async def test_reopened_spool_finds_files_and_drops_half_written(tmp_path: Path) -> None:
    spool = DiskSpool(tmp_path, 1_000_000)
    spool.open()
    await spool.append([envelope(1)])
    (tmp_path / "99999999999999999999-00000000-1.tmp").write_bytes(b'{"half')

    again = DiskSpool(tmp_path, 1_000_000)
    again.open()
    assert again.file_count == 1
    assert not list(tmp_path.glob("*.tmp"))


async def test_cap_refuses_and_writes_nothing(tmp_path: Path) -> None:
    spool = DiskSpool(tmp_path, 600)
    spool.open()
    await spool.append([envelope(1)])
    with pytest.raises(SpoolFull):
        await spool.append([envelope(2), envelope(3)])
    assert spool.file_count == 1
