"""Throughput of the risk assessment on one core.

Run from the repository root: ``.venv/bin/python benchmarks/risk.py [n_messages]``.
Repeats the labelled set to about 20,000 messages (recent lists included), assesses them one
by one in this single process and prints messages/s (by wall-clock and by this process's CPU
time, which other jobs on the machine disturb less), peak RSS, the tokenizer's load time and
the load average. The machine is shared: run it several times and take the median.
The assessor caches the analysis of recent texts, so each pass varies the text slightly
(a trailing counter) to measure real work rather than cache hits.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.triage.risk import RiskAssessor


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rows = [
        json.loads(line)
        for line in (ROOT / "tests/data/risk/dev/d0_project.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    t0 = time.perf_counter()
    assessor = RiskAssessor()
    build = time.perf_counter() - t0
    messages: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while len(messages) < n:
        row = rows[i % len(rows)]
        suffix = f" {i // len(rows)}" if i >= len(rows) else ""
        messages.append((row["text"] + suffix, tuple(row.get("recent", []))))
        i += 1
    for text, recent in messages[:200]:  # warm-up
        assessor.assess(text, recent=recent)
    t1 = time.perf_counter()
    c1 = time.process_time()
    for text, recent in messages:
        assessor.assess(text, recent=recent)
    elapsed = time.perf_counter() - t1
    cpu = time.process_time() - c1
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"messages: {len(messages)}")
    print(f"throughput: {len(messages) / elapsed:,.0f} messages/s (single process)")
    print(f"throughput by CPU time: {len(messages) / cpu:,.0f} messages/s")
    print(f"mean latency: {elapsed / len(messages) * 1e6:,.0f} us/message")
    print(f"tokenizer load: {assessor.tokenizer_load_seconds * 1000:,.0f} ms")
    print(f"assessor build (tokenizer + rules): {build * 1000:,.0f} ms")
    print(f"peak RSS: {rss_kb / 1024:,.1f} MiB")
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
