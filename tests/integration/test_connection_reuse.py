"""One HTTP connection serves many turns: counted by a real server (issue 11 item 20).

A reply read up to ``[DONE]`` and then closed before the body's last chunk
was read made httpx drop the connection, so every turn paid a new TCP (and,
on a real server, TLS) handshake.
"""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.api.client import ChatClient, ClientConfig
from desktop_app.core.events import TurnFinished
from tests.fakeserver.harness import FakeServer
from tests.integration.conftest import TEST_KEY
from tests.integration.test_client_live import ask

pytestmark = pytest.mark.integration


def test_turns_and_model_lists_reuse_one_connection(fake_server: FakeServer) -> None:
    async def session() -> None:
        client = ChatClient(ClientConfig(base_url=fake_server.base_url, api_key=TEST_KEY))
        try:
            await client.list_models()
            for i in range(4):
                events = [e async for e in client.stream_chat(ask(f"turn {i}"))]
                assert isinstance(events[-1], TurnFinished)
            await client.list_models()
        finally:
            await client.aclose()

    asyncio.run(session())
    assert len(fake_server.requests()) == 6
    assert len(fake_server.events("connection")) == 1


def test_a_new_proxy_setting_does_not_pile_up_clients(fake_server: FakeServer) -> None:
    """Replaced transports are closed once idle, not kept until quit."""

    async def session() -> int:
        config = ClientConfig(base_url=fake_server.base_url, api_key=TEST_KEY)
        client = ChatClient(config)
        try:
            for i in range(5):
                from dataclasses import replace

                client.configure(replace(config, ca_bundle=None, proxy=f"http://127.0.0.1:{9 + i}"))
                client.configure(config)
                await asyncio.sleep(0)  # the loop closes the idle ones
            events = [e async for e in client.stream_chat(ask("after"))]
            assert isinstance(events[-1], TurnFinished)
            return client.open_transports
        finally:
            await client.aclose()

    assert asyncio.run(session()) == 1
