"""Notifier's HTTP API: the partner registry, its delivery log and the final failures (`/api/partners`)."""
