"""API keys in the OS keyring, or in memory for this session when there is none.

There is deliberately no plaintext-file fallback: a key written to disk
unencrypted outlives the session and leaks with backups. Keys are never
logged; log lines name the profile and the backend only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

SERVICE_NAME = "afarensis-chat"
MEMORY_BACKEND_NAME = "memory (this session only)"


#: Modules of backends that keep secrets unencrypted (or ask for a master
#: password on a terminal the GUI does not have): keys are not given to them.
_INSECURE_MODULES = ("keyrings.alt",)


def _unusable_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "no usable keyring here", as opposed to a bug of ours.

    ``KeyringError`` is the base of them all: the macOS backend raises it
    plain (a denied Keychain prompt), and at start-up it once ended the app.
    """
    import keyring.errors

    return (keyring.errors.KeyringError,)


def is_plaintext(backend: object) -> bool:
    """True for a backend that would write keys to disk unencrypted (``keyrings.alt``).

    A chainer is as weak as its weakest member: it may write to any of them.
    """
    inner = getattr(backend, "backends", None)
    if isinstance(inner, list | tuple) and inner:
        return any(is_plaintext(b) for b in inner)
    module = type(backend).__module__
    return any(module == m or module.startswith(m + ".") for m in _INSECURE_MODULES)


def _is_unusable(backend: keyring.backend.KeyringBackend) -> bool:
    from keyring.backends import fail, null

    return isinstance(backend, fail.Keyring | null.Keyring) or is_plaintext(backend)


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
        #: What the keyring answered, so the loop thread asks it at most once
        #: per entry (a locked collection or a Keychain prompt blocks).
        self._cache: dict[str, str | None] = {}
        #: One keyring call at a time: start-up reads on a worker thread
        #: (:meth:`preload`) while the loop thread may already ask.
        self._lock = threading.RLock()
        #: Why the keyring is not used, for the notice (None: it is, or unknown yet).
        self.problem: str | None = None

    @property
    def _backend(self) -> keyring.backend.KeyringBackend:
        if self._resolved is None:
            with self._lock:
                if self._resolved is None:
                    self._resolved = self._given if self._given is not None else _discover()
        return self._resolved

    def preload(self, entries: Iterable[str]) -> None:
        """Resolve the backend and read ``entries`` now; meant for ``asyncio.to_thread``.

        Start-up calls this off the loop thread, so backend discovery (D-Bus,
        entry points) and a keyring that blocks never freeze the window;
        later :meth:`get_key` calls for these entries are answered from memory.
        """
        with self._lock:
            for entry in entries:
                self.get_key(entry)

    @property
    def _secure(self) -> bool:
        if self._secure_flag is None:
            backend = self._backend
            self._secure_flag = not _is_unusable(backend)
            if is_plaintext(backend):
                self.problem = "plaintext"
            elif not self._secure_flag and self.problem is None:
                self.problem = "missing"
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
        if profile_id in self._memory:
            return self._memory[profile_id]
        if profile_id in self._cache:
            return self._cache[profile_id]
        with self._lock:
            if self._secure:
                try:
                    value = self._backend.get_password(SERVICE_NAME, profile_id)
                except _unusable_errors() as exc:
                    self._fall_back(exc)
                else:
                    self._cache[profile_id] = value
                    return value
        return self._memory.get(profile_id)

    def set_key(self, profile_id: str, key: str) -> None:
        with self._lock:
            if self._secure:
                try:
                    self._backend.set_password(SERVICE_NAME, profile_id, key)
                except _unusable_errors() as exc:
                    self._fall_back(exc)
                else:
                    self._memory.pop(profile_id, None)
                    self._cache[profile_id] = key
                    return
            self._memory[profile_id] = key

    def delete_key(self, profile_id: str) -> None:
        self._memory.pop(profile_id, None)
        with self._lock:
            self._cache.pop(profile_id, None)
            if not self._secure:
                return
            import keyring.errors

            try:
                self._backend.delete_password(SERVICE_NAME, profile_id)
            except keyring.errors.PasswordDeleteError:
                pass  # nothing stored: already the state the caller wants
            except _unusable_errors() as exc:
                self._fall_back(exc)
            finally:
                self._cache[profile_id] = None

    def _fall_back(self, exc: Exception) -> None:
        self._secure = False
        self.problem = self.problem or "failed"
        # What the keyring did hand out stays usable for this session.
        self._memory.update({k: v for k, v in self._cache.items() if v is not None})
        # The exception text comes from the backend and never contains the key.
        log.warning("Keyring %s unusable (%s); using memory", self._backend_label(), type(exc))

    def _backend_label(self) -> str:
        cls = type(self._backend)
        return f"{cls.__module__.removeprefix('keyring.backends.')}.{cls.__name__}"


def _discover() -> keyring.backend.KeyringBackend:
    """keyring's choice of backend; a failing discovery means "no keyring"."""
    import keyring
    from keyring.backends import fail

    try:
        return keyring.get_keyring()
    except Exception as exc:  # a broken backend's import or init: not our bug to crash on
        log.warning("Keyring discovery failed (%s); using memory", type(exc).__name__)
        return fail.Keyring()  # type: ignore[no-untyped-call]
