"""Translations read straight from Qt Linguist ``.ts`` files.

Widgets mark strings the usual Qt way (``self.tr("…")`` or
``QCoreApplication.translate(context, "…")``), so ``pyside6-lupdate`` finds
them and translators use Qt Linguist as normal. What differs is loading:
``.qm`` files are build output and nothing generated may be committed, so
:class:`TsTranslator` parses the ``.ts`` XML itself (a few hundred messages,
a few milliseconds) instead of needing an ``lrelease`` step in every build.

English is the source language and needs no file. ``Settings.language`` is
"" to follow the OS, or ``"en"`` / ``"zh_CN"``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

SUPPORTED = ("en", "zh_CN")
#: Translations that are not (yet) usable: Linguist marks them so.
_SKIPPED_TYPES = {"unfinished", "vanished", "obsolete"}

Key = tuple[str, str, str]  # (context, source, disambiguation comment)


def parse_ts(path: Path) -> dict[Key, list[str]]:
    """The finished translations of a ``.ts`` file, keyed like Qt looks them up.

    A message maps to its forms: one string, or several numerus forms.
    Unfinished and obsolete entries are left out, so Qt falls back to English.
    """
    root = ET.parse(path).getroot()  # noqa: S314  # see the import
    messages: dict[Key, list[str]] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in _SKIPPED_TYPES:
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if not forms:
                forms = [translation.text or ""]
            if not any(forms):
                continue
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            messages[key] = forms
    return messages


class TsTranslator(QTranslator):
    """A QTranslator fed from a parsed ``.ts`` file.

    Args:
        messages: What :func:`parse_ts` returns.
        language: The language code, e.g. ``"zh_CN"``.
        parent: Owner (the application, usually).

    Signals:
        None beyond QTranslator's.
    """

    def __init__(
        self, messages: dict[Key, list[str]], language: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._messages = messages
        self._language = language

    @classmethod
    def from_file(cls, path: Path, language: str, parent: QObject | None = None) -> TsTranslator:
        return cls(parse_ts(path), language, parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """Qt calls this for every tr(); None means "not mine, ask on / use the source".

        It must be None, not "": Qt stops at the first non-null answer, so an
        empty string would blank out every string this file lacks. Qt itself
        replaces ``%n`` in the result afterwards.
        """
        forms = self._messages.get((context, source_text, disambiguation or ""))
        if forms is None:
            return None
        # Chinese has a single plural form; languages with more use form 0 for one.
        index = 0 if n == 1 or len(forms) == 1 else min(1, len(forms) - 1)
        return forms[index]

    def isEmpty(self) -> bool:
        return not self._messages

    def language(self) -> str:
        return self._language


def resolve_language(setting: str, ui_languages: list[str] | None = None) -> str:
    """The language to use: the setting, or the first supported OS language.

    Only Simplified Chinese maps to ``zh_CN``; Traditional Chinese users get
    English rather than the wrong script.
    """
    if setting in SUPPORTED:
        return setting
    for tag in ui_languages if ui_languages is not None else QLocale.system().uiLanguages():
        tag = tag.replace("-", "_")
        if tag in ("zh", "zh_CN", "zh_SG") or tag.startswith(("zh_Hans", "zh_CN")):
            return "zh_CN"
        if tag.startswith(("en", "zh")):
            return "en"
    return "en"


def _qt_translator(language: str, parent: QObject) -> QTranslator | None:
    """Qt's own shipped translations (standard buttons such as OK/Cancel)."""
    translator = QTranslator(parent)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{language}", folder) else None


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translation for ``language`` ("" = the OS); None for English.

    Call before building windows: existing widgets keep their texts. The
    returned translator owns Qt's own translator too; pass it to
    :func:`remove_translator` to switch languages.
    """
    from desktop_app.resources_path import resource_path

    code = resolve_language(language)
    if code == "en":
        return None
    path = resource_path("i18n", f"{code}.ts")
    if not path.is_file():
        return None
    translator = TsTranslator.from_file(path, code, app)
    app.installTranslator(translator)
    qt = _qt_translator(code, translator)
    if qt is not None:
        app.installTranslator(qt)
    return translator


def remove_translator(app: QCoreApplication, translator: QTranslator) -> None:
    """Undo :func:`install_translator` (ours and Qt's own)."""
    for child in translator.findChildren(QTranslator):
        app.removeTranslator(child)
    app.removeTranslator(translator)
