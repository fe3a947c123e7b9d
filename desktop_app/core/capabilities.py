"""What a model can take: images (vision) and how long a context.

Known from the server where it says (Ollama's ``/api/show`` capabilities and
model_info, llama.cpp's ``/props`` modalities and ``n_ctx``, LM Studio's
``/api/v0/models`` type and ``max_context_length``), else from the profile's
per-model override, else unknown. Unknown never blocks: only a model known
not to see makes sending an image ask first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Vision(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    vision: Vision = Vision.UNKNOWN
    context_length: int | None = None

    def merged(self, fallback: ModelInfo) -> ModelInfo:
        """Ours where known, else ``fallback``'s (server first, then the override)."""
        return ModelInfo(
            self.vision if self.vision is not Vision.UNKNOWN else fallback.vision,
            self.context_length or fallback.context_length,
        )


@dataclass(frozen=True, slots=True)
class ModelOverride:
    """A profile's word about one model, used where the server says nothing."""

    model: str
    vision: Vision = Vision.UNKNOWN
    context_length: int | None = None

    @property
    def info(self) -> ModelInfo:
        return ModelInfo(self.vision, self.context_length)


def _positive_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def from_ollama_show(payload: Mapping[str, Any]) -> ModelInfo:
    """``POST /api/show {"model": …}``: ``capabilities`` and ``model_info.*.context_length``."""
    capabilities = payload.get("capabilities")
    vision = Vision.UNKNOWN
    if isinstance(capabilities, list):
        vision = Vision.YES if "vision" in capabilities else Vision.NO
    context = None
    info = payload.get("model_info")
    if isinstance(info, Mapping):
        for key, value in info.items():
            if str(key).endswith(".context_length"):
                context = _positive_int(value)
                break
    return ModelInfo(vision, context)


def from_llamacpp_props(payload: Mapping[str, Any]) -> ModelInfo:
    """``GET /props``: ``modalities.vision`` and ``default_generation_settings.n_ctx``."""
    vision = Vision.UNKNOWN
    modalities = payload.get("modalities")
    if isinstance(modalities, Mapping) and isinstance(modalities.get("vision"), bool):
        vision = Vision.YES if modalities["vision"] else Vision.NO
    settings = payload.get("default_generation_settings")
    context = _positive_int(settings.get("n_ctx")) if isinstance(settings, Mapping) else None
    return ModelInfo(vision, context)


def from_lmstudio_model(payload: Mapping[str, Any]) -> ModelInfo:
    """``GET /api/v0/models/{id}``: ``type`` ``vlm`` / ``llm`` and ``max_context_length``."""
    kind = payload.get("type")
    vision = {"vlm": Vision.YES, "llm": Vision.NO}.get(str(kind), Vision.UNKNOWN)
    return ModelInfo(vision, _positive_int(payload.get("max_context_length")))


def override_for(overrides: tuple[ModelOverride, ...], model: str) -> ModelInfo:
    for override in overrides:
        if override.model == model:
            return override.info
    return ModelInfo()


def parse_overrides(text: str) -> tuple[tuple[ModelOverride, ...], int]:
    """``model | yes/no | context`` a line → overrides, and the first bad line (0 if none).

    The vision and context columns may each be left out or empty; a line
    that cannot be read is reported, never guessed at.
    """
    out: list[ModelOverride] = []
    bad = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        model = cells[0]
        vision_text = cells[1].lower() if len(cells) > 1 else ""
        context_text = cells[2].replace(",", "").replace("_", "") if len(cells) > 2 else ""
        vision = {"yes": Vision.YES, "no": Vision.NO, "": Vision.UNKNOWN}.get(vision_text)
        context = int(context_text) if context_text.isdigit() else None
        if not model or len(cells) > 3 or vision is None or (context_text and not context):
            bad = bad or number
            continue
        out.append(ModelOverride(model, vision, context))
    return tuple(out), bad


def format_overrides(overrides: tuple[ModelOverride, ...]) -> str:
    lines = []
    for o in overrides:
        vision = "" if o.vision is Vision.UNKNOWN else o.vision.value
        lines.append(f"{o.model} | {vision} | {o.context_length or ''}".rstrip(" |"))
    return "\n".join(lines)
