"""Error sentences from ``core.errors``, marked for Qt's translation tools.

``core`` is Qt-free, so its English sentences cannot call ``tr()``. They are
listed here for ``pyside6-lupdate`` and looked up at display time with
:func:`translate_error` (context ``"errors"``); a sentence built at run time
(with numbers or a server's words) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

ERROR_SENTENCES: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("errors", "Something went wrong."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The server rejected the API key (401). Check the key in Settings, or paste a new one.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "This API key is not allowed to use this model or endpoint (403). Check the key's permissions or pick another model.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The server does not know this model or address (404). Choose another model, or check the base URL in Settings.",
    ),
    QT_TRANSLATE_NOOP("errors", "The server refused the request (400)."),
    QT_TRANSLATE_NOOP(
        "errors",
        "This conversation is too long for the model's context window. Start a new chat, shorten your message, or pick a model with a larger context.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Your account has run out of credit or quota. Check your plan and billing with the provider; retrying will not help until then.",
    ),
    QT_TRANSLATE_NOOP("errors", "The server had an internal problem. Try again in a moment."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Could not reach the server. Check your internet connection and the base URL, then retry.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "The server took too long to answer. Retry, or raise the timeout in Settings."
    ),
    QT_TRANSLATE_NOOP("errors", "Connection lost — the reply is partial. Retry to ask again."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The server sent a reply this app could not understand. Check that the base URL points to an OpenAI-compatible API.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The server sent far more data than any reply needs, so the app stopped reading it. Check that the base URL points to an OpenAI-compatible API.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Afarensis Chat is not set up yet: add a server and API key in Settings."
    ),
    QT_TRANSLATE_NOOP("errors", "Your history could not be saved."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Your history could not be saved: the disk is full or the folder is read-only. Free some space; nothing is lost, and the app will save again when it can.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "Your history was written by a newer version of Afarensis Chat. Update the app to open it; the file has not been changed.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "No secure keyring is available, so your API key is kept in memory for this session only. You will need to enter it again next time.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "This model does not accept images. Remove the images from your message, or choose a model that can see (a vision model).",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The system keyring refused access (it may be locked, or the request was denied), so your API key is kept in memory for this session only.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The only keyring on this system stores passwords unencrypted on disk, so it is not used: your API key is kept in memory for this session only. Install a desktop keyring (GNOME Keyring, KWallet) to keep it safely.",
    ),
    QT_TRANSLATE_NOOP("errors", "Saving resumed: everything is in your history now."),
)


def translate_error(text: str) -> str:
    """The sentence in the UI language when it is one of ours, else as it is."""
    return QCoreApplication.translate("errors", text)
