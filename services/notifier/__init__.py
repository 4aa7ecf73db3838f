"""Notifier: sends LINE messages to consulters and signed alerts to partner agencies."""
