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
