"""Which RabbitMQ and MongoDB the tests use, decided once per run and reported in the header.

Order of preference: a throwaway container (testcontainers) where a Docker engine answers; else the
URL from the environment (AMQP_URL, MONGODB_URL); else, for MongoDB only, the in-process substitute.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


def docker_available() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=2)
    except Exception:
        return False
    try:
        return bool(client.ping())
    except Exception:
        return False
    finally:
        client.close()


@dataclass
class Backends:
    amqp_url: str
    amqp_source: str
    mongodb_url: str | None
    mongodb_source: str
    containers: list[Any] = field(default_factory=list)

    def describe(self) -> str:
        return f"RabbitMQ: {self.amqp_source}; MongoDB: {self.mongodb_source}"

    def stop(self) -> None:
        for container in self.containers:
            container.stop()


def select_backends() -> Backends:
    if os.environ.get("TSUNAGARI_TEST_CONTAINERS", "auto") != "never" and docker_available():
        from testcontainers.mongodb import MongoDbContainer
        from testcontainers.rabbitmq import RabbitMqContainer

        rabbit = RabbitMqContainer("rabbitmq:4-management").start()
        mongo = MongoDbContainer("mongo:8").start()
        amqp = f"amqp://guest:guest@{rabbit.get_container_host_ip()}:{rabbit.get_exposed_port(5672)}/"
        return Backends(
            amqp,
            "testcontainers rabbitmq:4",
            mongo.get_connection_url(),
            "testcontainers mongo:8",
            [rabbit, mongo],
        )
    amqp_url = os.environ.get("AMQP_URL", DEFAULT_AMQP_URL)
    mongodb_url = os.environ.get("MONGODB_URL") or None
    return Backends(
        amqp_url,
        f"AMQP_URL {amqp_url.split('@')[-1]}",
        mongodb_url,
        f"MONGODB_URL {mongodb_url.split('@')[-1]}"
        if mongodb_url
        else "in-process substitute (pymongo-async-mock)",
    )
