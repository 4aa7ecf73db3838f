"""Typed application keys shared by the simulator's modules."""

from aiohttp import web

from services.simulator.config import SimulatorSettings
from services.simulator.state import SimulatorState
from services.simulator.webhooks import WebhookSender

SETTINGS_KEY = web.AppKey("simulator_settings", SimulatorSettings)
STATE_KEY = web.AppKey("simulator_state", SimulatorState)
SENDER_KEY = web.AppKey("simulator_webhook_sender", WebhookSender)
