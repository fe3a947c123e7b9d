"""SettingsService: keys go to the secret store, env overrides are never saved."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import pytest

from desktop_app.core.errors import AuthError, ChatError, ConfigError
from desktop_app.core.settings import Profile, Settings, settings_to_dict
from desktop_app.services.settings_service import SettingsService


class DictSecrets:
    """A SecretStore kept in a dict (the real one is the keyring)."""

    def __init__(self, *, secure: bool = True) -> None:
        self.keys: dict[str, str] = {}
        self._secure = secure

    @property
    def is_secure(self) -> bool:
        return self._secure

    @property
    def backend_name(self) -> str:
        return "dict"

    def get_key(self, profile_id: str) -> str | None:
        return self.keys.get(profile_id)

    def set_key(self, profile_id: str, key: str) -> None:
        self.keys[profile_id] = key

    def delete_key(self, profile_id: str) -> None:
        self.keys.pop(profile_id, None)


def _read_secrets(service: SettingsService) -> None:
    """What start-up's ``load_secrets`` does, without running a loop of its own."""
    service.preload_keys()  # on a worker thread in the app
    service.apply_stored_secrets()


class Harness:
    def __init__(self, env: dict[str, str] | None = None, *, secure: bool = True) -> None:
        self.saved: list[Settings] = []
        self.secrets = DictSecrets(secure=secure)
        self.tested: list[tuple[Profile, str | None]] = []
        self.models = ["b-model", "a-model"]
        self.error: Exception | None = None
        self.service = SettingsService(
            load=Settings,
            save=self.saved.append,
            secrets=self.secrets,
            test_connection=self._test,
            env=env or {},
        )
        _read_secrets(self.service)

    async def _test(self, profile: Profile, key: str | None) -> list[str]:
        self.tested.append((profile, key))
        if self.error is not None:
            raise self.error
        return list(self.models)


def test_update_saves_and_replaces_settings() -> None:
    h = Harness()
    new = replace(h.service.settings, font_size=14)
    h.service.update(new)
    assert h.saved == [new]
    assert h.service.settings.font_size == 14


def test_failed_save_keeps_old_settings() -> None:
    def broken(_: Settings) -> None:
        raise OSError("disk full")

    service = SettingsService(Settings, broken, DictSecrets(), Harness()._test, env={})
    with pytest.raises(OSError):
        service.update(replace(service.settings, font_size=20))
    assert service.settings.font_size == 0


def test_key_goes_to_secret_store_not_settings() -> None:
    h = Harness()
    h.service.set_api_key("default", "  sk-secret  ")
    h.service.update(h.service.settings)
    assert h.secrets.keys == {"default": "sk-secret"}
    assert "sk-secret" not in repr(settings_to_dict(h.saved[-1]))
    assert h.service.api_key("default") == "sk-secret"


def test_empty_key_deletes_it() -> None:
    h = Harness()
    h.service.set_api_key("default", "sk-1")
    h.service.set_api_key("default", "")
    assert h.service.api_key("default") is None


def test_removing_a_profile_forgets_its_key() -> None:
    h = Harness()
    other = Profile(id="p2", name="Local", base_url="http://localhost:1234/v1")
    h.service.update(h.service.settings.with_profile(other))
    h.service.set_api_key("p2", "sk-2")
    h.service.update(replace(h.service.settings, profiles=h.service.settings.profiles[:1]))
    assert "p2" not in h.secrets.keys


def test_env_key_wins_for_active_profile_only_and_is_never_stored() -> None:
    h = Harness({"OPENAI_API_KEY": "sk-openai", "AFARENSIS_API_KEY": "sk-afa"})
    h.service.set_api_key("default", "sk-stored")
    h.service.set_api_key("other", "sk-other")
    assert h.service.api_key("default") == "sk-afa"
    assert h.service.api_key("other") == "sk-other"
    assert h.service.stored_api_key("default") == "sk-stored"
    assert "sk-afa" not in h.secrets.keys.values()
    assert h.service.key_from_env


@pytest.mark.parametrize("var", ["OPENAI_BASE_URL", "AFARENSIS_BASE_URL"])
def test_stored_key_never_goes_to_an_environment_url(var: str) -> None:
    h = Harness({var: "http://other-tool.example/v1"})
    h.service.set_api_key("default", "sk-stored")
    assert h.service.api_key("default") is None
    assert h.service.key_from_env
    asyncio.run(h.service.test(h.service.effective_profile(), None))
    assert h.tested[-1][1] is None
    # The stored URL (the settings window's form) still tests with the stored key.
    asyncio.run(h.service.test(h.service.settings.active_profile, None))
    assert h.tested[-1][1] == "sk-stored"


def test_stored_secret_headers_never_go_to_an_environment_url() -> None:
    h = Harness({"OPENAI_BASE_URL": "http://other-tool.example/v1"})
    headers = (("api-key", "azure-secret"), ("X-Team", "blue"))
    profile = replace(h.service.settings.active_profile, extra_headers=headers)
    h.service.update(h.service.settings.with_profile(profile))
    assert h.service.effective_profile().extra_headers == (("X-Team", "blue"),)


def test_environment_url_uses_the_environment_key() -> None:
    h = Harness({"OPENAI_BASE_URL": "http://x/v1", "OPENAI_API_KEY": "sk-env"})
    h.service.set_api_key("default", "sk-stored")
    assert h.service.api_key("default") == "sk-env"


def test_openai_key_used_when_afarensis_key_absent() -> None:
    h = Harness({"OPENAI_API_KEY": "sk-openai", "AFARENSIS_API_KEY": " "})
    assert h.service.api_key("default") == "sk-openai"
    assert h.service.env_overrides() == ["OPENAI_API_KEY"]


def test_env_overrides_profile_for_this_run_without_saving() -> None:
    h = Harness(
        {
            "OPENAI_BASE_URL": "http://openai.example/v1",
            "AFARENSIS_BASE_URL": "http://afa.example/v1",
            "AFARENSIS_MODEL": "tiny",
        }
    )
    profile = h.service.effective_profile()
    assert (profile.base_url, profile.default_model) == ("http://afa.example/v1", "tiny")
    h.service.update(h.service.settings)
    assert "afa.example" not in repr(settings_to_dict(h.saved[-1]))
    assert h.service.settings.active_profile.base_url != "http://afa.example/v1"


def test_secure_notice_only_when_memory_only() -> None:
    assert Harness().service.secure_notice() is None
    insecure = Harness(secure=False).service
    assert not insecure.keys_are_secure
    notice = insecure.secure_notice()
    assert notice is not None and "memory" in notice


def test_connection_test_returns_sorted_models() -> None:
    h = Harness()
    profile = Profile(id="x", name="X", base_url="  http://localhost:11434/v1 ")
    assert asyncio.run(h.service.test(profile, "k")) == ["a-model", "b-model"]
    assert h.tested[0][0].base_url == "http://localhost:11434/v1"
    assert h.tested[0][1] == "k"


def test_connection_test_uses_stored_key_when_none_given() -> None:
    h = Harness()
    h.service.set_api_key("default", "sk-stored")
    asyncio.run(h.service.test(h.service.settings.active_profile, None))
    assert h.tested[0][1] == "sk-stored"


def test_connection_test_passes_chat_errors_through() -> None:
    h = Harness()
    h.error = AuthError()
    with pytest.raises(AuthError, match="rejected the API key"):
        asyncio.run(h.service.test(h.service.settings.active_profile, "bad"))


def test_connection_test_wraps_unexpected_errors_plainly() -> None:
    h = Harness()
    h.error = RuntimeError("Traceback internals sk-secret")
    with pytest.raises(ChatError) as info:
        asyncio.run(h.service.test(h.service.settings.active_profile, "sk-secret"))
    assert "sk-secret" not in info.value.message
    assert "connection test failed" in info.value.message


def test_connection_test_rejects_bad_url_without_calling_server() -> None:
    h = Harness()
    with pytest.raises(ConfigError, match="http://"):
        asyncio.run(h.service.test(Profile(id="x", name="X", base_url="localhost"), None))
    assert h.tested == []


def _saved_text(h: Harness) -> str:
    return json.dumps(settings_to_dict(h.saved[-1]))


def test_secret_headers_and_proxy_password_go_to_the_secret_store() -> None:
    h = Harness()
    profile = replace(
        h.service.settings.active_profile,
        extra_headers=(
            ("api-key", "azure-secret-1"),
            ("Authorization", "Bearer tok-secret-2"),
            ("X-Api-Key", "x-secret-3"),
            ("X-Team", "blue"),
        ),
        proxy="http://me:p%40ss-secret@proxy.lan:3128",
    )
    h.service.update(h.service.settings.with_profile(profile))
    text = _saved_text(h)
    for secret in ("azure-secret-1", "tok-secret-2", "x-secret-3", "ss-secret"):
        assert secret not in text
    assert "blue" in text and "me@proxy.lan:3128" in text
    assert "azure-secret-1" in h.secrets.keys.values()
    # This run and the next one (reading the file back) see the real values.
    assert dict(h.service.settings.active_profile.extra_headers)["api-key"] == "azure-secret-1"
    again = SettingsService(
        load=lambda: h.saved[-1],
        save=h.saved.append,
        secrets=h.secrets,
        test_connection=h._test,
        env={},
    )
    _read_secrets(again)
    restored = again.settings.active_profile
    assert dict(restored.extra_headers)["Authorization"] == "Bearer tok-secret-2"
    assert restored.proxy == "http://me:p%40ss-secret@proxy.lan:3128"


def test_plaintext_header_secret_from_an_old_file_is_moved_out() -> None:
    old = Settings()
    profile = replace(old.active_profile, extra_headers=(("api-key", "legacy-secret"),))
    saved: list[Settings] = []
    secrets = DictSecrets()
    service = SettingsService(
        lambda: old.with_profile(profile), saved.append, secrets, Harness()._test, env={}
    )
    _read_secrets(service)
    assert saved and "legacy-secret" not in json.dumps(settings_to_dict(saved[-1]))
    assert dict(service.settings.active_profile.extra_headers)["api-key"] == "legacy-secret"


def test_removing_a_secret_header_forgets_it() -> None:
    h = Harness()
    with_header = replace(h.service.settings.active_profile, extra_headers=(("api-key", "s-1"),))
    h.service.update(h.service.settings.with_profile(with_header))
    assert "s-1" in h.secrets.keys.values()
    h.service.update(h.service.settings.with_profile(replace(with_header, extra_headers=())))
    assert "s-1" not in h.secrets.keys.values()


def test_clearing_a_secret_header_value_forgets_it() -> None:
    h = Harness()
    with_header = replace(h.service.settings.active_profile, extra_headers=(("api-key", "s-2"),))
    h.service.update(h.service.settings.with_profile(with_header))
    cleared = replace(with_header, extra_headers=(("api-key", ""),))
    h.service.update(h.service.settings.with_profile(cleared))
    assert "s-2" not in h.secrets.keys.values()


def test_removing_a_proxy_password_forgets_it() -> None:
    h = Harness()
    proxied = replace(h.service.settings.active_profile, proxy="http://me:pw-secret@p.lan:8080")
    h.service.update(h.service.settings.with_profile(proxied))
    assert "pw-secret" in h.secrets.keys.values()
    h.service.update(h.service.settings.with_profile(replace(proxied, proxy="http://p.lan:8080")))
    assert "pw-secret" not in h.secrets.keys.values()


def test_the_memory_notice_says_why_the_keyring_is_not_used() -> None:
    from desktop_app.core.errors import KeyringFailedError, PlaintextKeyringError

    h = Harness(secure=False)
    assert h.service.secure_notice() is not None
    h.secrets.problem = "plaintext"  # type: ignore[attr-defined]
    assert h.service.secure_notice() == PlaintextKeyringError.default_message
    h.secrets.problem = "failed"  # type: ignore[attr-defined]
    assert h.service.secure_notice() == KeyringFailedError.default_message
