"""The fake server itself: routes other tests rely on to catch mistakes."""

from __future__ import annotations

import httpx
import pytest

from tests.fakeserver.harness import FakeServer
from tests.integration.conftest import TEST_KEY

pytestmark = pytest.mark.integration
AUTH = {"Authorization": f"Bearer {TEST_KEY}"}


def test_unknown_paths_and_images_are_404_and_logged(fake_server: FakeServer) -> None:
    assert httpx.get(f"{fake_server.root_url}/img/x.png").status_code == 404
    doubled = httpx.post(f"{fake_server.base_url}/v1/chat/completions", json={}, headers=AUTH)
    assert doubled.status_code == 404
    assert [r["path"] for r in fake_server.requests()] == ["/img/x.png", "/v1/v1/chat/completions"]


def test_images_reply_points_at_its_own_port_and_directives_are_not_echoed(
    fake_server: FakeServer,
) -> None:
    body = {
        "model": "m",
        "stream": False,
        "messages": [{"role": "user", "content": "pics [images]"}],
    }
    reply = httpx.post(f"{fake_server.base_url}/chat/completions", json=body, headers=AUTH).json()
    content = reply["choices"][0]["message"]["content"]
    assert f"http://127.0.0.1:{fake_server.port}/img/x.png" in content and "<script>" in content
    body["messages"] = [{"role": "user", "content": "hello [slow:1] there"}]
    echo = httpx.post(f"{fake_server.base_url}/chat/completions", json=body, headers=AUTH).json()
    assert "hello there" in echo["choices"][0]["message"]["content"]
    assert "[slow" not in echo["choices"][0]["message"]["content"]
