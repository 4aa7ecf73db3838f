"""Notifier's adapters: MongoDB stores, the LINE Messaging API client, the webhook sender."""
