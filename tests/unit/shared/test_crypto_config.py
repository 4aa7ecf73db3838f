"""Encryption at rest with key rotation; configuration that stops start-up clearly."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from shared.config import CommonSettings, ConfigurationError, load_settings
from shared.crypto import Keyring, KeyringError, generate_key_spec
from shared.pseudonym import consulter_pseudonym


def test_seal_and_open_with_rotation() -> None:
    old = generate_key_spec("k1")
    ring_v1 = Keyring.from_spec(old)
    sealed = ring_v1.seal("今夜帰ってきたら殺される", context="case-1")
    assert "殺".encode() not in sealed.ciphertext

    rotated = Keyring.from_spec(f"{generate_key_spec('k2')},{old}")
    assert rotated.current == "k2"
    assert rotated.open(sealed, context="case-1") == "今夜帰ってきたら殺される"
    assert rotated.seal("x", context="c").key_id == "k2"


def test_value_moved_to_another_record_does_not_open() -> None:
    ring = Keyring.from_spec(generate_key_spec())
    sealed = ring.seal("secret", context="case-1")
    with pytest.raises(InvalidTag):
        ring.open(sealed, context="case-2")


@pytest.mark.parametrize("spec", ["", "k1", "k1:not-base64!", "k1:c2hvcnQ="])
def test_bad_key_specs_are_refused(spec: str) -> None:
    with pytest.raises(KeyringError):
        Keyring.from_spec(spec)


def test_missing_secret_stops_start_up(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PSEUDONYM_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        load_settings(CommonSettings)
    assert "PSEUDONYM_KEY" in capsys.readouterr().err


def test_pseudonym_is_keyed_and_stable() -> None:
    uid = "U" + "1" * 32
    assert consulter_pseudonym(uid, "k" * 16) == consulter_pseudonym(uid, "k" * 16)
    assert consulter_pseudonym(uid, "k" * 16) != consulter_pseudonym(uid, "j" * 16)
    assert uid not in consulter_pseudonym(uid, "k" * 16)
