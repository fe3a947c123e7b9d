"""What servers say about vision and context, and what the profile says where they do not."""

from __future__ import annotations

import asyncio
import json

import httpx

from desktop_app.api.model_info import probe_model
from desktop_app.core.capabilities import (
    ModelInfo,
    ModelOverride,
    Vision,
    from_llamacpp_props,
    from_lmstudio_model,
    from_ollama_show,
    override_for,
)
from desktop_app.services.model_caps import ModelCapabilities


def test_ollama_capabilities_and_context() -> None:
    show = {
        "capabilities": ["completion", "vision"],
        "model_info": {"general.architecture": "gemma3", "gemma3.context_length": 131072},
    }
    assert from_ollama_show(show) == ModelInfo(Vision.YES, 131072)
    assert from_ollama_show({"capabilities": ["completion", "tools"]}).vision is Vision.NO
    assert from_ollama_show({}).vision is Vision.UNKNOWN  # an older Ollama says nothing


def test_llamacpp_props_modalities() -> None:
    props = {"modalities": {"vision": False}, "default_generation_settings": {"n_ctx": 8192}}
    assert from_llamacpp_props(props) == ModelInfo(Vision.NO, 8192)


def test_lmstudio_model_type() -> None:
    assert from_lmstudio_model({"type": "vlm", "max_context_length": 4096}) == ModelInfo(
        Vision.YES, 4096
    )
    assert from_lmstudio_model({"type": "embeddings"}).vision is Vision.UNKNOWN


def test_the_server_wins_and_the_override_fills_the_gaps() -> None:
    overrides = (ModelOverride("m", Vision.YES, 32000),)
    assert override_for(overrides, "other") == ModelInfo()

    async def server_says(model: str) -> ModelInfo:
        return ModelInfo(Vision.NO, None)

    caps = ModelCapabilities(server_says, lambda: overrides)
    assert caps.known("m") == ModelInfo(Vision.YES, 32000)  # nothing asked yet
    assert asyncio.run(caps.refresh("m")) == ModelInfo(Vision.NO, 32000)


def _probe(handler: httpx.MockTransport) -> ModelInfo:
    async def go() -> ModelInfo:
        async with httpx.AsyncClient(transport=handler) as http:
            return await probe_model(http, "http://127.0.0.1:11434/v1", "llama3.2", {})

    return asyncio.run(go())


def test_the_probe_asks_ollama_first_and_stops_when_it_knows() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.url.path == "/api/show":
            assert json.loads(request.content) == {"model": "llama3.2"}
            return httpx.Response(200, json={"capabilities": ["completion"]})
        return httpx.Response(404)

    assert _probe(httpx.MockTransport(handle)).vision is Vision.NO
    assert seen == ["POST /api/show"]


def test_a_server_that_answers_none_of_the_probes_is_unknown() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/props":
            return httpx.Response(200, text="<html>not json</html>")
        return httpx.Response(404, json={"error": "not found"})

    assert _probe(httpx.MockTransport(handle)) == ModelInfo()


def test_profile_overrides_round_trip_through_settings() -> None:
    from desktop_app.core.settings import (
        Profile,
        Settings,
        settings_from_dict,
        settings_to_dict,
    )

    profile = Profile(
        "p", "Local", "http://x/v1", model_overrides=(ModelOverride("llava", Vision.YES, 4096),)
    )
    data = json.loads(json.dumps(settings_to_dict(Settings(profiles=(profile,)))))
    back = settings_from_dict(data)
    assert back.profiles[0].model_overrides == profile.model_overrides
    data["profiles"][0]["model_overrides"] = [{"model": "x", "vision": "maybe"}, "junk"]
    junk = settings_from_dict(data).profiles[0].model_overrides
    assert junk == (ModelOverride("x", Vision.UNKNOWN, None),)


def test_override_lines_parse_and_format_back() -> None:
    from desktop_app.core.capabilities import format_overrides, parse_overrides

    parsed, bad = parse_overrides("llava:13b | yes | 4,096\n\nllama3 | no\nqwen |  | 32768\n")
    assert bad == 0
    assert parsed == (
        ModelOverride("llava:13b", Vision.YES, 4096),
        ModelOverride("llama3", Vision.NO, None),
        ModelOverride("qwen", Vision.UNKNOWN, 32768),
    )
    assert parse_overrides(format_overrides(parsed)) == (parsed, 0)
    kept, bad = parse_overrides("ok | yes\nbroken | maybe\n | yes | 10")
    assert kept == (ModelOverride("ok", Vision.YES),) and bad == 2
