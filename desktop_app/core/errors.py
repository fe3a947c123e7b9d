"""Typed, user-facing errors.

Every failure a person can meet is one of these, carrying a sentence they can
understand (``message``) and what to do about it (``action``). Deep code raises
them; the UI shows ``str(error)`` and offers the action, never a traceback or
a server's raw HTML. Messages must never contain the API key: the API layer
builds them from status codes and the server's JSON ``message`` only, after
redaction.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What the user can do next; the UI turns each into a button."""

    NONE = "none"
    RETRY = "retry"
    OPEN_SETTINGS = "open_settings"
    CHOOSE_MODEL = "choose_model"
    CHECK_BILLING = "check_billing"
    SHORTEN = "shorten"
    WAIT_AND_RETRY = "wait_and_retry"


class AfarensisError(Exception):
    """Base of every error the user may see."""

    default_message = "Something went wrong."
    default_action = Action.NONE

    def __init__(
        self,
        message: str | None = None,
        *,
        action: Action | None = None,
        detail: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.action = action or self.default_action
        # Technical detail for logs / "show details"; never raw HTML or secrets.
        self.detail = detail
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    @property
    def kind(self) -> str:
        """A stable machine name (stored with error rows, used in tests)."""
        return type(self).__name__


# --------------------------------------------------------------------- chat


class ChatError(AfarensisError):
    """A chat request failed. ``status`` is the HTTP status when there was one."""

    retryable = False

    def __init__(
        self,
        message: str | None = None,
        *,
        action: Action | None = None,
        detail: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message, action=action, detail=detail)
        self.status = status


class AuthError(ChatError):
    default_message = (
        "The server rejected the API key (401). Check the key in Settings, or paste a new one."
    )
    default_action = Action.OPEN_SETTINGS


class PermissionDeniedError(ChatError):
    default_message = (
        "This API key is not allowed to use this model or endpoint (403). "
        "Check the key's permissions or pick another model."
    )
    default_action = Action.OPEN_SETTINGS


class NotFoundError(ChatError):
    default_message = (
        "The server does not know this model or address (404). "
        "Choose another model, or check the base URL in Settings."
    )
    default_action = Action.CHOOSE_MODEL


class BadRequestError(ChatError):
    default_message = "The server refused the request (400)."
    default_action = Action.NONE


class ContextTooLongError(BadRequestError):
    default_message = (
        "This conversation is too long for the model's context window. "
        "Start a new chat, shorten your message, or pick a model with a larger context."
    )
    default_action = Action.SHORTEN


class ImageInputError(BadRequestError):
    """The server refused an image: this model cannot see (issue 15)."""

    default_message = (
        "This model does not accept images. Remove the images from your message, "
        "or choose a model that can see (a vision model)."
    )
    default_action = Action.CHOOSE_MODEL


class RateLimitedError(ChatError):
    retryable = True
    default_action = Action.WAIT_AND_RETRY

    def __init__(
        self,
        message: str | None = None,
        *,
        retry_after: float | None = None,
        action: Action | None = None,
        detail: str | None = None,
        status: int | None = 429,
    ) -> None:
        self.retry_after = retry_after
        if message is None:
            if retry_after is not None:
                message = (
                    f"The server is rate-limiting requests (429). "
                    f"Try again in {max(1, round(retry_after))} s."
                )
            else:
                message = "The server is rate-limiting requests (429). Wait a moment and retry."
        super().__init__(message, action=action, detail=detail, status=status)


class QuotaExceededError(ChatError):
    default_message = (
        "Your account has run out of credit or quota. Check your plan and billing "
        "with the provider; retrying will not help until then."
    )
    default_action = Action.CHECK_BILLING


class ServerError(ChatError):
    retryable = True
    default_message = "The server had an internal problem. Try again in a moment."
    default_action = Action.RETRY


class NetworkError(ChatError):
    retryable = True
    default_message = (
        "Could not reach the server. Check your internet connection and the base URL, then retry."
    )
    default_action = Action.RETRY


class RequestTimeoutError(ChatError):
    retryable = True
    default_message = "The server took too long to answer. Retry, or raise the timeout in Settings."
    default_action = Action.RETRY


class StreamInterruptedError(ChatError):
    """The connection broke after part of the reply arrived; never retried silently."""

    default_message = "Connection lost — the reply is partial. Retry to ask again."
    default_action = Action.RETRY


class BadResponseError(ChatError):
    default_message = (
        "The server sent a reply this app could not understand. "
        "Check that the base URL points to an OpenAI-compatible API."
    )
    default_action = Action.RETRY


class ResponseTooLargeError(BadResponseError):
    """A body past our size cap: read on, it would exhaust memory."""

    default_message = (
        "The server sent far more data than any reply needs, so the app stopped "
        "reading it. Check that the base URL points to an OpenAI-compatible API."
    )


class ConfigError(ChatError):
    default_message = "Afarensis Chat is not set up yet: add a server and API key in Settings."
    default_action = Action.OPEN_SETTINGS


# ------------------------------------------------------------------ storage


class StorageError(AfarensisError):
    default_message = "Your history could not be saved."


class StorageFullError(StorageError):
    default_message = (
        "Your history could not be saved: the disk is full or the folder is read-only. "
        "Free some space; nothing is lost, and the app will save again when it can."
    )
    default_action = Action.RETRY


class DatabaseTooNewError(StorageError):
    default_message = (
        "Your history was written by a newer version of Afarensis Chat. "
        "Update the app to open it; the file has not been changed."
    )


class DatabaseRecoveredError(StorageError):
    """Not fatal: the damaged file was moved aside and a fresh one created."""

    def __init__(self, moved_to: str) -> None:
        self.moved_to = moved_to
        super().__init__(
            "Your history file was damaged and could not be opened. It was kept, "
            f"unchanged, at {moved_to}, and a new empty history was started."
        )


class SecretStoreError(AfarensisError):
    default_message = (
        "No secure keyring is available, so your API key is kept in memory for this "
        "session only. You will need to enter it again next time."
    )


class KeyringFailedError(SecretStoreError):
    """The keyring exists but refused (locked, a denied prompt, a D-Bus error)."""

    default_message = (
        "The system keyring refused access (it may be locked, or the request was denied), "
        "so your API key is kept in memory for this session only."
    )


class PlaintextKeyringError(SecretStoreError):
    """The only keyring found writes secrets to disk unencrypted (keyrings.alt)."""

    default_message = (
        "The only keyring on this system stores passwords unencrypted on disk, so it is "
        "not used: your API key is kept in memory for this session only. Install a desktop "
        "keyring (GNOME Keyring, KWallet) to keep it safely."
    )
