"""Queue listing with N stored cases: the query behind `GET /api/queue` (waiting cases in queue
order over the `queue` index, 500 at most), timed `--repeat` times; target < 50 ms with 100,000 cases
and 1,000,000 messages, which needs a real MongoDB (`--mongodb-url`). With the in-process substitute
(no indexes: every query scans) keep N small and read the figure as a substitute figure.

    .venv/bin/python -m benchmarks.triage_queue --cases 10000 --messages-per-case 0
    .venv/bin/python -m benchmarks.triage_queue --mongodb-url mongodb://... --cases 100000 --messages-per-case 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from services.triage.adapters import INDEXES
from services.triage.domain.cases import new_case_document
from services.triage.domain.queue_order import MONGO_QUEUE_SORT, RISK_RANK
from shared.mongo import backend_name, create_client, ensure_indexes

BATCH = 5_000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def fill(db: object, cases: int, messages_per_case: int) -> None:
    now = datetime.now(UTC)
    statuses = ("waiting", "assigned", "closed", "closed")  # most stored cases are closed
    for start in range(0, cases, BATCH):
        docs, texts = [], []
        for i in range(start, min(cases, start + BATCH)):
            doc = new_case_document(f"bench-{i}", f"c_bench{i}", now - timedelta(seconds=i), "bench")
            level = random.choice(list(RISK_RANK))
            status = statuses[i % len(statuses)]
            doc |= {
                "risk_level": level,
                "risk_rank": RISK_RANK[level],
                "status": status,
                "open": status != "closed",
            }
            docs.append(doc)
            texts += [
                {
                    "_id": f"m-{i}-{k}",
                    "case_id": doc["_id"],
                    "direction": "in",
                    "kind": "text",
                    "at": now,
                    "text": {"kid": "k1", "n": os.urandom(12), "ct": os.urandom(80)},
                }
                for k in range(messages_per_case)
            ]
        await db["cases"].insert_many(docs)  # type: ignore[index]
        if texts:
            await db["messages"].insert_many(texts)  # type: ignore[index]


async def run(args: argparse.Namespace) -> None:
    client = create_client(args.mongodb_url, app_name="triage-queue-benchmark")
    name = f"bench_queue_{uuid.uuid4().hex[:6]}"
    db = client[name]
    await ensure_indexes(db, INDEXES)
    started = time.perf_counter()
    await fill(db, args.cases, args.messages_per_case)
    filled = time.perf_counter() - started
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        await db["cases"].find({"status": "waiting"}).sort(MONGO_QUEUE_SORT).limit(500).to_list(None)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"queue listing on {backend_name(args.mongodb_url)}: {args.cases} cases "
        f"({args.cases // 4} waiting), {args.cases * args.messages_per_case} messages, filled in {filled:.1f} s"
    )
    print(
        f"  GET /api/queue query (500 max): p50 {percentile(timings, 0.5):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms over {args.repeat} runs (target p95 < 50 ms)"
    )
    await client.drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000, help="cases stored (default 10,000)")
    parser.add_argument(
        "--messages-per-case", type=int, default=0, help="messages stored per case (default 0)"
    )
    parser.add_argument("--repeat", type=int, default=50, help="queries timed (default 50)")
    parser.add_argument("--mongodb-url", default=os.environ.get("MONGODB_URL") or None, help="real MongoDB")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
