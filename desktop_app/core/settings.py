"""User settings, declared once: defaults, validation, version and upgrades.

Window geometry and splitter state are *not* settings (they live in a
separate state file) so resetting or syncing settings never moves windows.
The API key is never a setting: it lives in the keyring (see
``store/secrets.py``); ``Profile`` only names the keyring entry by its id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from desktop_app.core.capabilities import ModelOverride, Vision
from desktop_app.core.codec import FieldError, decode, encode
from desktop_app.core.models import REASONING_EFFORTS, GenerationParams
from desktop_app.core.tools import DEFAULT_CALL_TIMEOUT_S, DEFAULT_ROUND_LIMIT

SETTINGS_VERSION = 1

DEFAULT_READ_TIMEOUT_S = 120.0
DEFAULT_CONNECT_TIMEOUT_S = 10.0


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class SendKey(StrEnum):
    ENTER = "enter"  # Enter sends, Shift+Enter is a newline
    CTRL_ENTER = "ctrl_enter"  # Ctrl+Enter sends, Enter is a newline


@dataclass(frozen=True, slots=True)
class Profile:
    """A server to talk to. ``id`` is the keyring entry's name for its key."""

    id: str
    name: str
    base_url: str
    default_model: str = ""
    extra_headers: tuple[tuple[str, str], ...] = ()
    proxy: str | None = None
    ca_bundle: str | None = None
    # Per-model vision and context length, where the server does not say (issue 15).
    model_overrides: tuple[ModelOverride, ...] = ()


@dataclass(frozen=True, slots=True)
class ProviderPreset:
    name: str
    base_url: str
    default_model: str
    needs_key: bool = True


PROVIDER_PRESETS: tuple[ProviderPreset, ...] = (
    ProviderPreset("Afarensis (hosted)", "https://api.afarensis.ai/v1", "afarensis-chat"),
    ProviderPreset("OpenAI", "https://api.openai.com/v1", "gpt-4o-mini"),
    ProviderPreset("Ollama", "http://localhost:11434/v1", "llama3.2", needs_key=False),
    ProviderPreset("LM Studio", "http://localhost:1234/v1", "", needs_key=False),
    ProviderPreset("llama.cpp server", "http://localhost:8080/v1", "", needs_key=False),
    ProviderPreset("OpenRouter", "https://openrouter.ai/api/v1", "openrouter/auto"),
    ProviderPreset("DeepSeek", "https://api.deepseek.com/v1", "deepseek-chat"),
)

DEFAULT_PROFILE = Profile(
    id="default",
    name=PROVIDER_PRESETS[0].name,
    base_url=PROVIDER_PRESETS[0].base_url,
    default_model=PROVIDER_PRESETS[0].default_model,
)


@dataclass(frozen=True, slots=True)
class PromptPreset:
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Settings:
    version: int = SETTINGS_VERSION
    profiles: tuple[Profile, ...] = (DEFAULT_PROFILE,)
    active_profile_id: str = DEFAULT_PROFILE.id
    theme: Theme = Theme.SYSTEM
    font_size: int = 0  # 0 = the platform's default
    send_key: SendKey = SendKey.ENTER
    language: str = ""  # "" = follow the OS
    auto_title: bool = True
    model_titles: bool = False  # ask the model for a short title in the background
    default_system_prompt: str = ""
    prompt_presets: tuple[PromptPreset, ...] = ()
    default_params: GenerationParams = field(default_factory=GenerationParams)
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S
    backup_daily: bool = True
    backup_keep: int = 7
    #: A reply's thinking stays open after the answer starts (else one line).
    thinking_expanded: bool = False
    #: Search looks inside the models' thinking too (else answers only).
    search_reasoning: bool = False
    #: Markdown export shows thinking as a collapsible ``details`` or a ``quote``.
    markdown_reasoning: str = "details"
    # Attachments (issue 15): an image's longest side after downscaling, the cap
    # on a file's text (KB, cut with a visible notice), and how many recent user
    # turns still send their images (0 = all).
    attach_image_max_px: int = 2048
    attach_text_max_kb: int = 200
    attach_image_turns: int = 0
    #: Tools (issue 16): rounds of tool calls in one turn, and one call's time limit.
    tool_round_limit: int = DEFAULT_ROUND_LIMIT
    tool_timeout_s: float = DEFAULT_CALL_TIMEOUT_S

    @property
    def active_profile(self) -> Profile:
        for profile in self.profiles:
            if profile.id == self.active_profile_id:
                return profile
        return self.profiles[0] if self.profiles else DEFAULT_PROFILE

    def with_profile(self, profile: Profile) -> Settings:
        """Insert or replace a profile (by id), keeping the list's order."""
        if any(p.id == profile.id for p in self.profiles):
            profiles = tuple(profile if p.id == profile.id else p for p in self.profiles)
        else:
            profiles = (*self.profiles, profile)
        return replace(self, profiles=profiles)


#: Inclusive bounds of numeric settings; a value outside (a hand-edited
#: file, a newer version's meaning) falls back to the default, never used as is:
#: a negative font size, ``backup_keep=0`` (deletes every backup) or a zero
#: read timeout would each break something the user did not ask to change.
RANGES: dict[str, tuple[float, float]] = {
    "font_size": (0, 32),  # 0 = the platform's default, as in the settings window
    "backup_keep": (1, 365),
    "read_timeout_s": (1.0, 3600.0),
    "tool_round_limit": (1, 100),
    "tool_timeout_s": (1.0, 3600.0),
}


def within_ranges(settings: Settings) -> Settings:
    """``settings`` with every out-of-range number back at its default."""
    defaults = Settings()
    fixed: dict[str, Any] = {}
    for name, (low, high) in RANGES.items():
        value = getattr(settings, name)
        if not low <= value <= high:  # NaN fails both comparisons: default too
            fixed[name] = getattr(defaults, name)
    return replace(settings, **fixed) if fixed else settings


# --------------------------------------------------------------- (de)serialise


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["profiles"] = [
        {
            **asdict(p),
            "extra_headers": [list(h) for h in p.extra_headers],
            "model_overrides": [
                {"model": o.model, "vision": o.vision.value, "context_length": o.context_length}
                for o in p.model_overrides
            ],
        }
        for p in settings.profiles
    ]
    data["default_params"] = encode(settings.default_params)
    data["theme"] = settings.theme.value
    data["send_key"] = settings.send_key.value
    data["prompt_presets"] = [asdict(p) for p in settings.prompt_presets]
    return data


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings dict to ``SETTINGS_VERSION``.

    Each step is ``if version == N: ...; version = N + 1`` so a file from any
    older release upgrades in order. Version 1 is the first.
    """
    version = int(data.get("version", 1) or 1)
    data["version"] = max(version, SETTINGS_VERSION)
    return data


def _clean(value: Any, default: Any) -> Any:
    """Keep ``value`` if it has the default's type, else fall back to the default."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if isinstance(default, int) and not isinstance(default, bool):
        return value if isinstance(value, int) and not isinstance(value, bool) else default
    if isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return default
    if isinstance(default, str):
        return value if isinstance(value, str) else default
    return value


def _params_from(data: Any) -> GenerationParams:
    """The default parameters; ones that cannot be read fall back to the defaults."""
    try:
        params = decode(GenerationParams, data)
    except FieldError:
        return GenerationParams()
    if params.reasoning_effort is not None and params.reasoning_effort not in REASONING_EFFORTS:
        params = replace(params, reasoning_effort=None)  # a hand-edited junk value
    return params


def _profile_from(data: Any) -> Profile | None:
    if not isinstance(data, dict) or not data.get("id") or not data.get("base_url"):
        return None
    headers = data.get("extra_headers") or []
    return Profile(
        id=str(data["id"]),
        name=str(data.get("name") or data["id"]),
        base_url=str(data["base_url"]),
        default_model=str(data.get("default_model") or ""),
        extra_headers=tuple(
            (str(h[0]), str(h[1])) for h in headers if isinstance(h, list | tuple) and len(h) == 2
        ),
        proxy=data.get("proxy") or None,
        ca_bundle=data.get("ca_bundle") or None,
        model_overrides=_overrides_from(data.get("model_overrides")),
    )


def _overrides_from(data: Any) -> tuple[ModelOverride, ...]:
    if not isinstance(data, list):
        return ()
    out = []
    for item in data:
        if not isinstance(item, dict) or not item.get("model"):
            continue
        vision = item.get("vision")
        context = item.get("context_length")
        out.append(
            ModelOverride(
                model=str(item["model"]),
                vision=Vision(str(vision))
                if vision in Vision._value2member_map_
                else Vision.UNKNOWN,
                context_length=context
                if isinstance(context, int) and not isinstance(context, bool) and context > 0
                else None,
            )
        )
    return tuple(out)


def settings_from_dict(raw: Any) -> Settings:
    """Build settings from a parsed JSON file, tolerating junk.

    Unknown keys are ignored here (``store.settings_file`` keeps them in the
    file for the newer version that wrote them), wrong types and out-of-range
    numbers fall back to defaults, and an API
    key found in an old or hand-edited file is dropped (keys belong in the
    keyring only).
    """
    defaults = Settings()
    if not isinstance(raw, dict):
        return defaults
    data = _upgrade(dict(raw))
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        default = getattr(defaults, f.name)
        value = data[f.name]
        if f.name == "profiles":
            profiles = tuple(p for p in map(_profile_from, value or []) if p is not None)
            if profiles:
                values["profiles"] = profiles
        elif f.name == "theme":
            values["theme"] = Theme(value) if value in Theme._value2member_map_ else default
        elif f.name == "send_key":
            values["send_key"] = SendKey(value) if value in SendKey._value2member_map_ else default
        elif f.name == "prompt_presets":
            values["prompt_presets"] = tuple(
                PromptPreset(str(p.get("name", "")), str(p.get("text", "")))
                for p in value or []
                if isinstance(p, dict)
            )
        elif f.name == "default_params":
            values["default_params"] = _params_from(value)
        else:
            values[f.name] = _clean(value, default)
    values["version"] = SETTINGS_VERSION
    settings = replace(defaults, **values)
    if not any(p.id == settings.active_profile_id for p in settings.profiles):
        settings = replace(settings, active_profile_id=settings.profiles[0].id)
    return within_ranges(settings)
