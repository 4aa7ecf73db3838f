"""RabbitMQ definitions (exchanges, quorum queues, dead letters, bindings) generated from
`SERVICE_QUEUES`, so the broker compose starts with and the code's declarations never disagree.
`shared.broker_init` adds the vhost and user and writes the file the broker imports at boot.

    python -m shared.messaging.definitions   # the topology part, for reading
"""

from __future__ import annotations

import json
from typing import Any

from shared.messaging.topology import SERVICE_QUEUES, Topology


def definitions(topology: Topology | None = None) -> dict[str, Any]:
    topo = topology or Topology()
    exchanges = [
        {
            "name": name,
            "vhost": "/",
            "type": "topic",
            "durable": True,
            "auto_delete": False,
            "internal": False,
            "arguments": {},
        }
        for name in (topo.events_exchange, topo.dead_exchange)
    ]
    queues: list[dict[str, Any]] = []
    bindings: list[dict[str, Any]] = []
    for spec in SERVICE_QUEUES:
        name, dead = topo.queue_name(spec), topo.dead_queue_name(spec)
        queues.append(
            {
                "name": dead,
                "vhost": "/",
                "durable": True,
                "auto_delete": False,
                "arguments": {"x-queue-type": "quorum"},
            }
        )
        queues.append(
            {
                "name": name,
                "vhost": "/",
                "durable": True,
                "auto_delete": False,
                "arguments": {
                    "x-queue-type": "quorum",
                    "x-delivery-limit": topo.delivery_limit_of(spec),
                    "x-dead-letter-exchange": topo.dead_exchange,
                    "x-dead-letter-routing-key": name,
                },
            }
        )
        bindings.append(
            {
                "source": topo.dead_exchange,
                "vhost": "/",
                "destination": dead,
                "destination_type": "queue",
                "routing_key": name,
                "arguments": {},
            }
        )
        bindings.extend(
            {
                "source": topo.events_exchange,
                "vhost": "/",
                "destination": name,
                "destination_type": "queue",
                "routing_key": key,
                "arguments": {},
            }
            for key in spec.routing_keys
        )
    return {"exchanges": exchanges, "queues": queues, "bindings": bindings}


if __name__ == "__main__":
    print(json.dumps(definitions(), indent=2))
