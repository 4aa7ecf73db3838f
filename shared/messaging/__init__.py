"""RabbitMQ plumbing shared by the services: topology, confirmed publishing, consuming."""

from shared.messaging.connection import connect
from shared.messaging.consumer import EventConsumer, Handler, Rejected
from shared.messaging.inbox import Inbox, MemoryInbox, MongoInbox
from shared.messaging.publisher import EventPublisher, PublishFailed, Unpublishable
from shared.messaging.topology import (
    DEAD_EXCHANGE,
    EVENTS_EXCHANGE,
    SERVICE_QUEUES,
    QueueSpec,
    Topology,
    service_queue,
)

__all__ = [
    "DEAD_EXCHANGE",
    "EVENTS_EXCHANGE",
    "SERVICE_QUEUES",
    "EventConsumer",
    "EventPublisher",
    "Handler",
    "Inbox",
    "MemoryInbox",
    "MongoInbox",
    "PublishFailed",
    "QueueSpec",
    "Rejected",
    "Topology",
    "Unpublishable",
    "connect",
    "service_queue",
]
