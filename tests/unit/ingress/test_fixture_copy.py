"""The vendored LINE fixture (for a clone on its own) is the project's shared one, byte for byte."""

from __future__ import annotations

import pytest

from tests.support.line import VENDORED_FIXTURES, shared_fixtures

SHARED = shared_fixtures()


@pytest.mark.skipif(SHARED is None, reason="the project's shared/ folder is not beside this clone")
def test_vendored_fixture_matches_shared() -> None:
    assert SHARED is not None
    assert (VENDORED_FIXTURES / "webhook-v3.json").read_bytes() == (SHARED / "webhook-v3.json").read_bytes()
