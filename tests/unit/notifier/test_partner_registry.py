"""Partner validation gives a clear error naming the field; seeds use env: secret references."""

import base64
from pathlib import Path

import pytest

from services.notifier.adapters.seeds import SeedError, read_seed
from services.notifier.domain.partner_url import UrlPolicy
from services.notifier.domain.partners import InvalidPartner, check_fields, check_id

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def _fields(**overrides: object) -> dict[str, object]:
    raw = {
        "name": "警察署",
        "kind": "police",
        "url": "https://partner.example/alerts",
        "secret": SECRET,
        "alerts": ["*"],
    }
    raw.update(overrides)
    return raw


def _check(raw: dict[str, object], loopback: bool = False) -> dict[str, object]:
    return check_fields(raw, urls=UrlPolicy(allow_loopback=loopback), partial=False)


def test_a_valid_partner_passes() -> None:
    assert _check(_fields())["kind"] == "police"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"url": "http://partner.example/alerts"}, "url", "HTTPS"),
        ({"url": "not a url"}, "url", "absolute"),
        ({"url": "https://host:99999/x"}, "url", "parse"),
        ({"url": ""}, "url", "required"),
        ({"secret": ""}, "secret", "required"),
        ({"secret": "abc"}, "secret", "whsec_"),
        ({"secret": "whsec_!!!notbase64"}, "secret", "base64"),
        ({"secret": "whsec_" + base64.b64encode(b"short").decode()}, "secret", "24 to 64"),
        ({"kind": "fire_brigade"}, "kind", "one of"),
        ({"alerts": "dv"}, "alerts", "list"),
        ({"alerts": [1]}, "alerts", "list"),
        ({"name": " "}, "name", "required"),
        ({"colour": "red"}, "body", "not a partner field"),  # a key the client made up is not named back
    ],
)
def test_invalid_fields_are_named(overrides: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InvalidPartner) as caught:
        _check(_fields(**overrides))
    assert caught.value.field == field
    assert words in caught.value.message


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9000/a", "http://localhost/a", "http://[::1]:8080/a", "http://127.5.0.1/"]
)
def test_plain_http_only_to_loopback_and_only_when_allowed(url: str) -> None:
    assert _check(_fields(url=url), loopback=True)["url"] == url
    with pytest.raises(InvalidPartner):
        _check(_fields(url=url), loopback=False)


def test_loopback_allowance_does_not_open_other_hosts() -> None:
    with pytest.raises(InvalidPartner):
        _check(_fields(url="http://10.0.0.5/alerts"), loopback=True)


def test_ids_are_slugs() -> None:
    assert check_id("police-1") == "police-1"
    for bad in ("", "Police", "a:b", "x" * 65, None):
        with pytest.raises(InvalidPartner):
            check_id(bad)


def test_seed_secrets_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "partners.yaml").write_text(
        "- {id: police, name: 警察, kind: police, url: 'https://p.invalid/a', secret: 'env:SEED_TEST_SECRET'}\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("SEED_TEST_SECRET", raising=False)
    with pytest.raises(SeedError, match="SEED_TEST_SECRET is not set"):
        read_seed(tmp_path / "partners.yaml", urls=UrlPolicy())
    monkeypatch.setenv("SEED_TEST_SECRET", SECRET)
    [(partner_id, fields)] = read_seed(tmp_path / "partners.yaml", urls=UrlPolicy())
    assert partner_id == "police"
    assert fields["secret"] == "env:SEED_TEST_SECRET"  # the reference is stored, never the secret
    assert fields["alerts"] == ["*"]


def test_the_project_seed_file_is_valid_and_holds_no_literal_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(__file__).parents[3] / "seeds" / "partners.yaml"
    import yaml

    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        assert str(entry["secret"]).startswith("env:")
        monkeypatch.setenv(entry["secret"][4:], SECRET)
    kinds = {fields["kind"] for _, fields in read_seed(path, urls=UrlPolicy())}
    assert len(kinds) == 8
