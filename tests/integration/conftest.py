"""Fixtures that start the real fake server process (tests/fakeserver)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeserver.harness import FakeServer

TEST_KEY = "sk-integration-KEY-0123456789abcdef"


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    """A fresh server (own log) that requires ``TEST_KEY``."""
    with FakeServer(require_key=TEST_KEY, models=["fake-model", "fake-model-large"]) as server:
        yield server
