"""Secrets inside a profile (header values, proxy passwords) live in the keyring.

An Azure-style ``api-key`` header or ``Authorization: Bearer …`` is as much a
key as the API key, and ``http://user:password@proxy`` holds a password; the
settings file is plain JSON, so these values are split off before it is
written and put back when it is read. Pure functions over ``Profile``: the
service decides when to call them and where the secrets go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from desktop_app.core.settings import Profile

SECRET_HEADER_WORDS = (
    "key",
    "token",
    "secret",
    "auth",
    "password",
    "passwd",
    "cookie",
    "signature",
)
SEP = "\x1f"  # keyring entry names: "<profile id>\x1fheader:<name>", never a real id


def is_secret_header(name: str) -> bool:
    """True for headers whose name suggests a credential (api-key, Authorization…)."""
    lowered = name.lower()
    return any(word in lowered for word in SECRET_HEADER_WORDS)


def header_entry(profile_id: str, name: str) -> str:
    return f"{profile_id}{SEP}header:{name.lower()}"


def proxy_entry(profile_id: str) -> str:
    return f"{profile_id}{SEP}proxy"


def split_secrets(profile: Profile) -> tuple[Profile, dict[str, str]]:
    """The profile as it may be written to disk, and the secrets taken out of it.

    A secret header keeps its name with an empty value; a proxy keeps its
    user name but not its password.
    """
    secrets: dict[str, str] = {}
    headers: list[tuple[str, str]] = []
    for name, value in profile.extra_headers:
        if is_secret_header(name) and value:
            secrets[header_entry(profile.id, name)] = value
            value = ""
        headers.append((name, value))
    proxy = profile.proxy
    if proxy:
        parts = urlsplit(proxy)
        if parts.password is not None:
            secrets[proxy_entry(profile.id)] = unquote(parts.password)
            host = parts.hostname or ""
            if parts.port is not None:
                host = f"{host}:{parts.port}"
            user = parts.username or ""
            proxy = urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))
    return replace(profile, extra_headers=tuple(headers), proxy=proxy), secrets


def merge_secrets(profile: Profile, get: Callable[[str], str | None]) -> Profile:
    """Put the stored secrets back into a profile read from disk."""
    headers = tuple(
        (name, get(header_entry(profile.id, name)) or "")
        if is_secret_header(name) and not value
        else (name, value)
        for name, value in profile.extra_headers
    )
    proxy = profile.proxy
    if proxy:
        password = get(proxy_entry(profile.id))
        parts = urlsplit(proxy)
        if password and parts.password is None and parts.username is not None:
            netloc = f"{parts.username}:{quote(password, safe='')}@{parts.netloc.split('@', 1)[1]}"
            proxy = urlunsplit(parts._replace(netloc=netloc))
    return replace(profile, extra_headers=headers, proxy=proxy)


def entries_of(profile: Profile) -> list[str]:
    """Every keyring entry a profile may own besides its API key (to forget it)."""
    names = [header_entry(profile.id, n) for n, _ in profile.extra_headers if is_secret_header(n)]
    return [*names, proxy_entry(profile.id)]
