"""API keys: the keyring when it works, memory (and is_secure False) when it does not."""

from __future__ import annotations

import logging

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError

from desktop_app.core.ports import SecretStore
from desktop_app.store.secrets import SERVICE_NAME, KeyringSecretStore


class MemoryKeyring(KeyringBackend):
    """A working keyring that keeps passwords in a dict (like keyring's test backends)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


def test_keys_go_to_the_keyring_under_our_service_name() -> None:
    backend = MemoryKeyring()
    store: SecretStore = KeyringSecretStore(backend)
    store.set_key("work", "sk-123")
    assert backend.saved == {(SERVICE_NAME, "work"): "sk-123"}
    assert store.get_key("work") == "sk-123" and store.is_secure
    store.delete_key("work")
    store.delete_key("never-set")
    assert store.get_key("work") is None


def test_without_a_keyring_keys_live_in_memory_and_say_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    store = KeyringSecretStore(fail.Keyring())
    assert not store.is_secure and "memory" in store.backend_name
    store.set_key("work", "sk-very-secret")
    assert store.get_key("work") == "sk-very-secret"
    assert "sk-very-secret" not in caplog.text


def test_a_locked_keyring_falls_back_for_the_session(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = KeyringSecretStore(LockedKeyring())
    secure_before = store.is_secure
    store.set_key("work", "sk-locked-out")
    assert secure_before and not store.is_secure
    assert store.get_key("work") == "sk-locked-out"
    assert "sk-locked-out" not in caplog.text


class DeniedKeyring(MemoryKeyring):
    """The macOS backend raises plain ``KeyringError`` when a Keychain prompt is denied."""

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import KeyringError

        raise KeyringError("User interaction is not allowed.")


def test_a_plain_keyring_error_falls_back_to_memory_instead_of_crashing() -> None:
    store = KeyringSecretStore(DeniedKeyring())
    assert store.get_key("work") is None  # at start-up this once ended the app
    assert not store.is_secure and store.problem == "failed"
    store.set_key("work", "sk-typed")
    assert store.get_key("work") == "sk-typed"


def test_a_plaintext_backend_is_never_given_a_key() -> None:
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    backend = plaintext()
    store = KeyringSecretStore(backend)
    store.set_key("work", "sk-would-be-on-disk")
    assert backend.saved == {}  # nothing written unencrypted
    assert not store.is_secure and store.problem == "plaintext"
    assert store.get_key("work") == "sk-would-be-on-disk"


def test_a_chainer_with_a_plaintext_member_is_not_secure() -> None:
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})

    class Chain(MemoryKeyring):
        backends: tuple[KeyringBackend, ...] = (MemoryKeyring(), plaintext())

    assert not KeyringSecretStore(Chain()).is_secure


def test_preload_reads_on_a_worker_thread_and_later_reads_come_from_memory() -> None:
    import asyncio
    import threading

    class CountingKeyring(MemoryKeyring):
        def __init__(self) -> None:
            super().__init__()
            self.threads: list[str] = []

        def get_password(self, service: str, username: str) -> str | None:
            self.threads.append(threading.current_thread().name)
            return super().get_password(service, username)

    backend = CountingKeyring()
    backend.saved[(SERVICE_NAME, "work")] = "sk-stored"
    store = KeyringSecretStore(backend)
    asyncio.run(asyncio.to_thread(store.preload, ["work"]))
    assert backend.threads and threading.main_thread().name not in backend.threads
    assert store.get_key("work") == "sk-stored" and len(backend.threads) == 1
    store.set_key("work", "sk-new")
    assert store.get_key("work") == "sk-new" and len(backend.threads) == 1


def test_a_denied_keyring_at_start_up_is_said_in_a_sentence_not_a_traceback() -> None:
    import asyncio

    from desktop_app.core.errors import KeyringFailedError
    from desktop_app.core.settings import Settings
    from desktop_app.services.settings_service import SettingsService

    async def no_test(profile: object, key: object) -> list[str]:
        return []

    secrets = KeyringSecretStore(DeniedKeyring())
    service = SettingsService(Settings, lambda s: None, secrets, no_test, env={})
    asyncio.run(service.load_secrets())  # what start-up runs
    assert service.secure_notice() == KeyringFailedError.default_message
    service.set_api_key(service.settings.active_profile.id, "sk-typed")
    assert service.api_key(service.settings.active_profile.id) == "sk-typed"
