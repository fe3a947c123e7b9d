"""Ask the server what a model can take (vision, context length), where it says.

Three local servers answer beside the OpenAI API: Ollama (``POST /api/show``),
llama.cpp (``GET /props``) and LM Studio (``GET /api/v0/models/{id}``). Each
probe is short (3 s), capped in size, goes to the configured server's own
host only, and any failure just means "unknown": a hosted API answering 404
to all three is the normal case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from desktop_app.core.capabilities import (
    ModelInfo,
    Vision,
    from_llamacpp_props,
    from_lmstudio_model,
    from_ollama_show,
)

PROBE_TIMEOUT_S = 3.0
MAX_PROBE_BYTES = 1_000_000


def server_root(base_url: str) -> str:
    """``http://host:port`` of a normalised base URL (the probes live at the root)."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


async def _json(
    http: httpx.AsyncClient, method: str, url: str, headers: Mapping[str, str], body: Any = None
) -> dict[str, Any] | None:
    try:
        response = await http.request(
            method, url, headers=dict(headers), json=body, timeout=PROBE_TIMEOUT_S
        )
    except httpx.HTTPError:
        return None
    if response.status_code != 200 or len(response.content) > MAX_PROBE_BYTES:
        return None
    try:
        payload = json.loads(response.content)
    except (ValueError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


async def probe_model(
    http: httpx.AsyncClient, base_url: str, model: str, headers: Mapping[str, str]
) -> ModelInfo:
    """The first answer that knows the model's vision; else what was learned."""
    root = server_root(base_url)
    probes: list[tuple[str, str, Any, Callable[[Mapping[str, Any]], ModelInfo]]] = [
        ("POST", f"{root}/api/show", {"model": model}, from_ollama_show),
        ("GET", f"{root}/props", None, from_llamacpp_props),
        ("GET", f"{root}/api/v0/models/{quote(model, safe='')}", None, from_lmstudio_model),
    ]
    learned = ModelInfo()
    for method, url, body, parse in probes:
        payload = await _json(http, method, url, headers, body)
        if payload is None:
            continue
        learned = parse(payload).merged(learned)
        if learned.vision is not Vision.UNKNOWN:
            break
    return learned
