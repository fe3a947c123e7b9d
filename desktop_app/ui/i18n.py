"""Translations the Qt way: ``.qm`` files compiled from Qt Linguist ``.ts``.

Widgets mark strings the usual Qt way (``self.tr("…")``,
``QCoreApplication.translate(context, "…")``, and ``tr("%n …", "", n)`` for
counts), so ``pyside6-lupdate`` finds them and translators use Qt Linguist as
normal. The ``.ts`` files are compiled by ``pyside6-lrelease`` into an
ignored folder (:mod:`desktop_app.translations` says when) and loaded here
with a plain :class:`QTranslator`, so plural forms follow Qt's numerus rules
for each language.

English is the source language; its translator holds only the plural forms
(``resources/i18n/en.ts``). ``Settings.language`` is "" to follow the OS, or
``"en"`` / ``"zh_CN"``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from desktop_app.translations import compiled_translation

log = logging.getLogger(__name__)

SUPPORTED = ("en", "zh_CN")


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


def load_translator(language: str, parent: QObject | None = None) -> QTranslator | None:
    """A translator holding the compiled ``.qm`` of ``language``; None if there is none."""
    path = compiled_translation(language)
    if path is None:
        return None
    translator = QTranslator(parent)
    if not translator.load(str(path)):
        log.warning("Qt could not load the translation %s; using English", path)
        return None
    return translator


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translation for ``language`` ("" = the OS); None when there is none.

    Call before building windows: existing widgets keep their texts. The
    returned translator owns Qt's own translator too; pass it to
    :func:`remove_translator` to switch languages. English gets only the
    plural forms of its source strings (and no Qt translator).
    """
    code = resolve_language(language)
    translator = load_translator(code, app)
    if translator is None:
        return None
    app.installTranslator(translator)
    qt = _qt_translator(code, translator) if code != "en" else None
    if qt is not None:
        app.installTranslator(qt)
    return translator


def remove_translator(app: QCoreApplication, translator: QTranslator) -> None:
    """Undo :func:`install_translator` (ours and Qt's own)."""
    for child in translator.findChildren(QTranslator):
        app.removeTranslator(child)
    app.removeTranslator(translator)
