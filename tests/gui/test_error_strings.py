"""Every error sentence the core can show is translatable, and is translated."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core import errors
from desktop_app.core.notices import Notice, NoticeAction
from desktop_app.ui.error_strings import ERROR_SENTENCES, translate_error
from desktop_app.ui.i18n import install_translator, remove_translator
from desktop_app.ui.notices import NoticeBar


def test_every_default_error_sentence_is_listed_for_translators() -> None:
    classes = [
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.AfarensisError)
    ]
    defaults = {c.__dict__["default_message"] for c in classes if "default_message" in c.__dict__}
    missing = defaults - set(map(str, ERROR_SENTENCES))
    assert not missing, f"add to desktop_app/ui/error_strings.py: {missing}"


def test_notice_shows_the_error_in_chinese(qtbot: QtBot, qapp: QApplication) -> None:
    translator = install_translator(qapp, "zh_CN")
    try:
        bar = NoticeBar()
        qtbot.addWidget(bar)
        bar.report(Notice.error(errors.AuthError().message, NoticeAction.OPEN_SETTINGS))
        assert "API 密钥" in bar.label.text()
        assert bar.action_button.text() != "Open Settings"
        dynamic = "The server returned an error page (502 Bad Gateway)."
        assert translate_error(dynamic) == dynamic  # built at run time: shown as is
    finally:
        if translator is not None:
            remove_translator(qapp, translator)
