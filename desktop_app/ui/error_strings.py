"""Error sentences from ``core.errors``, marked for Qt's translation tools.

``core`` is Qt-free, so its English sentences cannot call ``tr()``. They are
listed here for ``pyside6-lupdate`` and looked up at display time with
:func:`translate_error` (context ``"errors"``); a sentence built at run time
(with numbers or a server's words) is shown as it is, unless it was made
from a template of ``core.tool_sentences`` (see :data:`TOOL_SENTENCES`).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.core.tool_sentences import recognise, say

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


#: The tool loop's sentences (``core.tool_sentences``), with their ``%1`` places:
#: a sentence made from one is shown translated with the same values put back.
TOOL_SENTENCES: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("errors", 'The tool server "%1" was not started.'),
    QT_TRANSLATE_NOOP(
        "errors",
        "The tool servers offer %1 tools; only the first %2 are offered to the model (%3 left out).",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "Stopped after %1 rounds of tool calls (the limit is in Settings → Tools)."
    ),
    QT_TRANSLATE_NOOP("errors", 'The tool server "%1" did not list its tools.'),
    QT_TRANSLATE_NOOP("errors", 'The tool server "%1" did not get ready within %2 s.'),
    QT_TRANSLATE_NOOP(
        "errors",
        'The tool server "%1" could not start: the command "%2" was not found. Install it, or give its full path in Settings → Tools.',
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        'The tool server "%1" could not start: "%2" is not allowed to run (check that it is executable).',
    ),
    QT_TRANSLATE_NOOP("errors", 'The tool server "%1" was stopped.'),
    QT_TRANSLATE_NOOP(
        "errors",
        'The tool server "%1" (%2) stopped before it was ready: %3. Its messages are in the log.',
    ),
    QT_TRANSLATE_NOOP("errors", 'The tool server "%1" has not been allowed to start.'),
    QT_TRANSLATE_NOOP(
        "errors", 'The tool "%1" of "%2" gave no answer within %3 s; it was stopped.'
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        'The tool server "%1" stopped while running "%2" (it may have crashed; its messages are in the log).',
    ),
    QT_TRANSLATE_NOOP("errors", 'The tool "%1" of "%2" failed: %3'),
    QT_TRANSLATE_NOOP("errors", 'The tool server "%1" was removed.'),
    QT_TRANSLATE_NOOP(
        "errors",
        "Error: the arguments were not valid JSON (%1 at position %2). Call the tool again with a JSON object.",
    ),
)


def translate_error(text: str) -> str:
    """The sentence in the UI language when it is one of ours, else as it is."""
    translated = QCoreApplication.translate("errors", text)
    if translated != text:
        return translated
    found = recognise(text)
    if found is None:
        return text
    template, values = found
    return say(QCoreApplication.translate("errors", template), *values)
