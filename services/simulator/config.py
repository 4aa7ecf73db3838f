"""Settings of the LINE simulator, read once from the environment."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SimulatorSettings(BaseSettings):
    """What the simulator needs to play the LINE platform for one channel."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    line_channel_secret: str = Field(description="Signs webhooks (the same secret ingress verifies with).")
    line_channel_access_token: str = Field(description="The Bearer token the Messaging API accepts.")
    ingress_webhook_url: str = Field(
        default="http://127.0.0.1:8081/line/webhook",
        validation_alias=AliasChoices("SIMULATOR_INGRESS_URL", "ingress_webhook_url"),
        description="Where webhooks are delivered.",
    )
    destination: str = Field(
        default="Usimulatorbot0000000000000000000",
        validation_alias=AliasChoices("SIMULATOR_DESTINATION", "destination"),
        description="The bot's user id, sent as the webhook body's `destination`.",
    )
    monthly_push_quota: int = Field(
        default=200,
        validation_alias=AliasChoices("SIMULATOR_MONTHLY_QUOTA", "monthly_push_quota"),
        description="Push messages per month (the Japanese free plan allows 200).",
    )
    reply_token_ttl_seconds: float = Field(
        default=60.0, description="How long a reply token stays usable (LINE asks for use within a minute)."
    )
