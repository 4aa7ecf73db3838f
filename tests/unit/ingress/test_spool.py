"""The disk spool: durable appends, oldest first, cap, and recovery after a crash."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.ingress.adapters.spool import DiskSpool, SpoolFull, UnreadableSpoolFile
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


async def test_quarantine_keeps_events_aside_durably_and_counts_files(tmp_path: Path) -> None:
    spool = DiskSpool(tmp_path, 1_000_000)
    spool.open()
    path = await spool.append([envelope(1), envelope(2)])
    refused = [
        (envelope(3), "correlation_id_too_long"),
        (envelope(4), "too_large"),
        (envelope(5), "too_large"),
    ]

    counts = await spool.quarantine(path.stem, refused)
    again = await spool.quarantine(path.stem, refused)  # a drain retried after a crash

    assert counts == again == {"correlation_id_too_long": 1, "too_large": 2}
    assert spool.quarantined_files == 2
    assert sorted(p.name.split(".")[1] for p in spool.quarantine_dir.glob("*.jsonl")) == [
        "correlation_id_too_long",
        "too_large",
    ]
    assert spool.file_count == 1  # quarantine is not the spool: nothing there is drained
    assert DiskSpool(tmp_path, 1_000_000).pending() == [path]


async def test_an_unreadable_file_moves_whole_and_stops_counting_as_waiting(tmp_path: Path) -> None:
    spool = DiskSpool(tmp_path, 1_000_000)
    spool.open()
    damaged = tmp_path / "00000000000000000001-00000000-1.jsonl"
    damaged.write_bytes(b"\x00\x01 not an envelope\n")
    spool.open()
    with pytest.raises(UnreadableSpoolFile):
        spool.read(damaged)

    target = await spool.quarantine_file(damaged, "unreadable")

    assert spool.is_empty() and spool.size_bytes == 0 and spool.quarantined_files == 1
    assert target.read_bytes() == b"\x00\x01 not an envelope\n"
    reopened = DiskSpool(tmp_path, 1_000_000)
    reopened.open()
    assert reopened.is_empty() and reopened.quarantined_files == 1
