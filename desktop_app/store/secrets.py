"""API keys in the OS keyring, or in memory for this session when there is none.

There is deliberately no plaintext-file fallback: a key written to disk
unencrypted outlives the session and leaks with backups. Keys are never
logged; log lines name the profile and the backend only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

SERVICE_NAME = "afarensis-chat"
MEMORY_BACKEND_NAME = "memory (this session only)"


def _unusable_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "no usable keyring here", as opposed to a bug of ours."""
    import keyring.errors

    return (keyring.errors.NoKeyringError, keyring.errors.KeyringLocked, keyring.errors.InitError)


def _is_unusable(backend: keyring.backend.KeyringBackend) -> bool:
    from keyring.backends import fail, null

    return isinstance(backend, fail.Keyring | null.Keyring)


class KeyringSecretStore:
    """Satisfies ``core.ports.SecretStore``.

    Falls back to a dict for the rest of the session the first time the
    keyring turns out to be missing or locked, and says so via
    :attr:`is_secure` so the UI can warn that the key will not be kept.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        # keyring's import and backend discovery (entry points, D-Bus) cost
        # ~100 ms, so they happen on first use, after the window is shown.
        self._given = backend
        self._resolved: keyring.backend.KeyringBackend | None = None
        self._memory: dict[str, str] = {}
        self._secure_flag: bool | None = None

    @property
    def _backend(self) -> keyring.backend.KeyringBackend:
        if self._resolved is None:
            import keyring

            self._resolved = self._given if self._given is not None else keyring.get_keyring()
        return self._resolved

    @property
    def _secure(self) -> bool:
        if self._secure_flag is None:
            self._secure_flag = not _is_unusable(self._backend)
            if not self._secure_flag:
                log.warning(
                    "No usable keyring (%s); API keys kept in memory", self._backend_label()
                )
        return self._secure_flag

    @_secure.setter
    def _secure(self, value: bool) -> None:
        self._secure_flag = value

    @property
    def is_secure(self) -> bool:
        return self._secure

    @property
    def backend_name(self) -> str:
        return self._backend_label() if self._secure else MEMORY_BACKEND_NAME

    def get_key(self, profile_id: str) -> str | None:
        if self._secure:
            try:
                value = self._backend.get_password(SERVICE_NAME, profile_id)
            except _unusable_errors() as exc:
                self._fall_back(exc)
            else:
                return value if value is not None else self._memory.get(profile_id)
        return self._memory.get(profile_id)

    def set_key(self, profile_id: str, key: str) -> None:
        if self._secure:
            try:
                self._backend.set_password(SERVICE_NAME, profile_id, key)
            except _unusable_errors() as exc:
                self._fall_back(exc)
            else:
                self._memory.pop(profile_id, None)
                return
        self._memory[profile_id] = key

    def delete_key(self, profile_id: str) -> None:
        self._memory.pop(profile_id, None)
        if not self._secure:
            return
        import keyring.errors

        try:
            self._backend.delete_password(SERVICE_NAME, profile_id)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already the state the caller wants
        except _unusable_errors() as exc:
            self._fall_back(exc)

    def _fall_back(self, exc: Exception) -> None:
        self._secure = False
        # The exception text comes from the backend and never contains the key.
        log.warning("Keyring %s unusable (%s); using memory", self._backend_label(), type(exc))

    def _backend_label(self) -> str:
        cls = type(self._backend)
        return f"{cls.__module__.removeprefix('keyring.backends.')}.{cls.__name__}"
