"""Outreach's adapters: the only code touching MongoDB (repositories, reservations, the outbox) and the seeds."""
