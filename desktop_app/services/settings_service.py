"""Settings and API keys as one use case, without Qt, files or the network.

The settings window and the main window both need the same answers: which
server is in effect for this run, which key goes with it, whether that key is
safe on disk, and whether the server answers. Keeping the rules here (and
not in a widget) lets them be tested with plain fakes and keeps the two
windows from disagreeing.

Environment overrides exist for scripted and CI runs: they win for the active
profile for this run only and are *never* written back, so a key exported in
a shell never ends up in the keyring or the settings file by accident.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop_app.core.errors import ChatError, ConfigError
from desktop_app.core.ports import SecretStore
from desktop_app.core.settings import Profile, Settings
from desktop_app.services.profile_secrets import (
    entries_of,
    header_entry,
    is_secret_header,
    merge_secrets,
    proxy_entry,
    split_secrets,
)
from desktop_app.services.secret_writes import in_daemon_thread, memory_notice

if TYPE_CHECKING:
    import asyncio  # loads after the window's first paint

log = logging.getLogger(__name__)

#: Checked in order; the first one set wins.
API_KEY_ENV = ("AFARENSIS_API_KEY", "OPENAI_API_KEY")
BASE_URL_ENV = ("AFARENSIS_BASE_URL", "OPENAI_BASE_URL")
MODEL_ENV = ("AFARENSIS_MODEL",)

TestConnection = Callable[[Profile, str | None], Awaitable[list[str]]]


def _has_proxy_password(profile: Profile) -> bool:
    return (
        bool(profile.proxy) and split_secrets(profile)[1].get(proxy_entry(profile.id)) is not None
    )


def _entries_merged(profile: Profile) -> list[str]:
    """The secret-store entries :func:`merge_secrets` reads for ``profile``."""
    asked: list[str] = []

    def record(entry: str) -> None:
        asked.append(entry)

    merge_secrets(profile, record)
    return asked


def _first_env(env: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of ``names`` set to a non-blank value, as ``(name, value)``."""
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return name, value
    return None


class SettingsService:
    """Owns the current settings, the keys and the connection test.

    Args:
        load: Reads the settings (the store's file reader; tolerant of junk).
        save: Writes the settings atomically (the store replaces the file).
        secrets: Where keys live: the keyring, or memory for this session.
        test_connection: Lists the models of a server; raises ``ChatError``.
        env: The process environment (a dict in tests).
    """

    def __init__(
        self,
        load: Callable[[], Settings],
        save: Callable[[Settings], None],
        secrets: SecretStore,
        test_connection: TestConnection,
        env: Mapping[str, str] = os.environ,
    ) -> None:
        self._save = save
        self._secrets = secrets
        self._test_connection = test_connection
        self._env = env
        loaded = load()
        # No keyring call here: this runs before the window exists, and a locked
        # keyring blocks. The profiles' stored secrets are merged in by
        # load_secrets(), once a worker thread has read them.
        self._settings = loaded
        #: An older version wrote header secrets or a proxy password in plain
        #: JSON: they move to the secret store once the keyring has been read.
        self._migrate = self._on_disk(loaded) != loaded
        self._secrets_read = False
        self._loading: asyncio.Future[None] | None = None

    # ------------------------------------------------------------ settings

    @property
    def settings(self) -> Settings:
        """The settings as saved (without environment overrides)."""
        return self._settings

    def update(self, settings: Settings) -> None:
        """Save new settings; the keys of profiles that were removed are forgotten.

        The file is written first, so if saving fails the service keeps the
        old settings and the caller sees the error.
        """
        on_disk, secrets = self._split(settings)
        self._save(on_disk)
        self._migrate = False
        for entry, value in secrets.items():
            self._secrets.set_key(entry, value)
        kept = {p.id for p in settings.profiles}
        removed = [p for p in self._settings.profiles if p.id not in kept]
        old = {p.id: p for p in self._settings.profiles}
        self._settings = settings
        for profile in removed:
            self._secrets.delete_key(profile.id)
            for entry in entries_of(profile):
                self._secrets.delete_key(entry)
        for profile in settings.profiles:
            before = old.get(profile.id)
            if before is None:
                continue  # only entries that existed can go (each keyring call may block)
            had = {header_entry(profile.id, n) for n, v in before.extra_headers if v}
            cleared = {header_entry(profile.id, n) for n, v in profile.extra_headers if not v}
            gone = set(entries_of(before)) - set(entries_of(profile))
            for entry in gone | (cleared & had):
                self._secrets.delete_key(entry)
            if _has_proxy_password(before) and not _has_proxy_password(profile):
                self._secrets.delete_key(proxy_entry(profile.id))

    def _split(self, settings: Settings) -> tuple[Settings, dict[str, str]]:
        """The settings for the file, and the secrets that go to the secret store."""
        secrets: dict[str, str] = {}
        profiles = []
        for profile in settings.profiles:
            clean, found = split_secrets(profile)
            profiles.append(clean)
            secrets.update(found)
        return replace(settings, profiles=tuple(profiles)), secrets

    def _on_disk(self, settings: Settings) -> Settings:
        return self._split(settings)[0]

    def _with_secrets(self, settings: Settings) -> Settings:
        profiles = tuple(merge_secrets(p, self._secrets.get_key) for p in settings.profiles)
        return replace(settings, profiles=profiles)

    def effective_profile(self) -> Profile:
        """The active profile with this run's environment overrides applied."""
        profile = self._settings.active_profile
        base_url = _first_env(self._env, BASE_URL_ENV)
        model = _first_env(self._env, MODEL_ENV)
        if base_url is not None:
            # The stored profile's secret headers (an Azure ``api-key``) are keys
            # too: like the API key, they never go to an environment URL.
            headers = tuple(h for h in profile.extra_headers if not is_secret_header(h[0]))
            profile = replace(profile, base_url=base_url[1], extra_headers=headers)
        if model is not None:
            profile = replace(profile, default_model=model[1])
        return profile

    def env_overrides(self) -> list[str]:
        """Names of the environment variables in effect, to tell the user why."""
        found = (_first_env(self._env, names) for names in (API_KEY_ENV, BASE_URL_ENV, MODEL_ENV))
        return [hit[0] for hit in found if hit is not None]

    # ---------------------------------------------------------------- keys

    @property
    def key_from_env(self) -> bool:
        """The active profile's key is decided by the environment (never stored).

        True with an environment key, and also with an environment base URL
        alone: that URL then runs without a key rather than with the stored one.
        """
        return any(_first_env(self._env, names) for names in (API_KEY_ENV, BASE_URL_ENV))

    def api_key(self, profile_id: str) -> str | None:
        """The key for a profile; an environment key wins for the active one.

        A stored key is never paired with an environment base URL: a user who
        exported ``OPENAI_BASE_URL`` for another tool must not have the keyring's
        key sent to that host. Such a URL gets the environment key or none.
        """
        if profile_id == self._settings.active_profile.id:
            from_env = _first_env(self._env, API_KEY_ENV)
            if from_env is not None:
                return from_env[1]
            if _first_env(self._env, BASE_URL_ENV) is not None:
                return None
        return self._secrets.get_key(profile_id) or None

    def _key_for_url(self, profile_id: str, url: str) -> str | None:
        """The key to test ``url`` with: the stored one only for a stored URL."""
        env_url = _first_env(self._env, BASE_URL_ENV)
        if env_url is not None and url.rstrip("/") == env_url[1].rstrip("/"):
            return self.api_key(profile_id)
        if profile_id == self._settings.active_profile.id and env_url is None:
            return self.api_key(profile_id)
        return self.stored_api_key(profile_id)

    def stored_api_key(self, profile_id: str) -> str | None:
        """The key kept in the secret store only (what the settings window edits)."""
        return self._secrets.get_key(profile_id) or None

    def set_api_key(self, profile_id: str, key: str) -> None:
        """Store a key (surrounding blanks dropped); an empty key deletes it."""
        key = key.strip()
        if key:
            self._secrets.set_key(profile_id, key)
        else:
            self._secrets.delete_key(profile_id)

    @property
    def keys_are_secure(self) -> bool:
        """True when keys survive a restart in the OS keyring."""
        return self._secrets.is_secure

    @property
    def secret_backend(self) -> str:
        """The keyring backend's name, for the settings window."""
        return self._secrets.backend_name

    def secure_notice(self) -> str | None:
        """The notice to show when keys are only kept in memory, else None.

        None until the keyring has been read at start-up (asking earlier would
        block the caller on it); start-up says it then.
        """
        if not self._secrets_read:
            return None
        return memory_notice(self._secrets)

    def preload_keys(self) -> None:
        """Read every stored key and profile secret now (for a worker thread at start-up).

        Keyring calls can block (a locked collection, a Keychain prompt); done
        on a worker thread, later reads on the loop thread come from memory:
        the API keys the settings window shows, and each header secret and
        proxy password :func:`merge_secrets` will ask for.
        """
        profiles = self._settings.profiles
        entries = [self._settings.active_profile.id, *(p.id for p in profiles)]
        for profile in profiles:
            entries.extend(_entries_merged(profile))
        preload = getattr(self._secrets, "preload", None)
        if callable(preload):
            preload(list(dict.fromkeys(entries)))
        else:
            for entry in dict.fromkeys(entries):
                self._secrets.get_key(entry)
        _ = self._secrets.is_secure

    async def load_secrets(self) -> None:
        """Start-up: read the keyring on a daemon thread, then merge on the loop thread.

        Until then the profiles hold what the settings file holds (secret
        header values empty); merging from memory never blocks, and a value
        the user typed meanwhile is kept (only empty secrets are filled).
        Every caller shares one read: start-up's, or the first send's.
        """
        import asyncio

        if self._loading is not None:  # another caller reads them: wait for that
            await asyncio.shield(self._loading)
            return
        self._loading = asyncio.get_running_loop().create_future()
        try:
            await in_daemon_thread(self.preload_keys)  # a prompt left open never blocks quitting
            self.apply_stored_secrets()
        finally:
            self._loading.set_result(None)  # failed or not: the others go on (reads retry)

    async def secrets_ready(self) -> None:
        """Return once the stored secrets are in memory (reading them if nobody has).

        The HTTP client awaits this before it is built: a send in the first
        moments after start-up waits for the worker thread's read instead of
        reading a locked keyring on the window's thread. A keyring that fails
        is not a reason to refuse the send: its reads are retried on use.
        """
        if self._secrets_read:
            return
        try:
            await self.load_secrets()
        except Exception as error:  # the backend's own failure (logged; the reads retry)
            log.warning("keyring read before a request failed: %s", type(error).__name__)

    def apply_stored_secrets(self) -> None:
        """Put the stored secrets into the profiles (after :meth:`preload_keys`)."""
        self._settings = self._with_secrets(self._settings)
        self._secrets_read = True
        if self._migrate:
            with contextlib.suppress(OSError):
                self.update(self._settings)

    # ---------------------------------------------------------- connection

    async def test(self, profile: Profile, key: str | None) -> list[str]:
        """Ask the server for its models; raise ``ChatError`` with a plain message.

        ``key`` may be None: the stored (or environment) key is used then.
        Failures that are not already user-facing are wrapped, so the window
        never has to show a traceback.
        """
        url = profile.base_url.strip()
        if not url.startswith(("http://", "https://")):
            raise ConfigError("The base URL must start with http:// or https://.")
        if key is None:
            key = self._key_for_url(profile.id, url)
        try:
            models = await self._test_connection(replace(profile, base_url=url), key)
        except ChatError:
            raise
        except Exception as exc:
            raise ChatError(
                "The connection test failed unexpectedly. Check the base URL and try again.",
                detail=type(exc).__name__,
            ) from exc
        return sorted(models)
