"""ChatClient against hostile modes of the real fake server process (issue 11, item 13)."""

from __future__ import annotations

import asyncio
import socket

import pytest

from desktop_app.core import errors as e
from tests.fakeserver.harness import FakeServer
from tests.integration.test_client_live import ask, client_for, stream

pytestmark = pytest.mark.integration


def test_a_302_with_a_reply_body_is_not_stored_as_the_reply(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    with pytest.raises(e.BadResponseError) as info:
        asyncio.run(stream(client, ask("hi [redirect]")))
    assert "redirected" in str(info.value) and "127.0.0.1:9/elsewhere" in str(info.value)
    assert "forged" not in str(info.value)


def test_header_overflow_names_the_cause_not_the_internet(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server, max_retries=0)
    with pytest.raises(e.BadResponseError) as info:
        asyncio.run(stream(client, ask("hi [bigheaders]")))
    assert "headers too large" in str(info.value)
    assert "internet" not in str(info.value)


def test_done_with_nothing_before_it_says_nothing_came_back(fake_server: FakeServer) -> None:
    client, _ = client_for(fake_server)
    with pytest.raises(e.BadResponseError) as info:
        asyncio.run(stream(client, ask("hi [done-only]")))
    assert "without sending anything back" in str(info.value)


def test_a_refused_proxy_is_named(fake_server: FakeServer) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proxy = f"http://user:hunter2@127.0.0.1:{port}"
    client, _ = client_for(fake_server, proxy=proxy, max_retries=0)
    with pytest.raises(e.NetworkError) as info:
        asyncio.run(stream(client, ask("hi")))
    assert f"proxy 127.0.0.1:{port}" in str(info.value)
    assert "internet" not in str(info.value) and "hunter2" not in str(info.value)
