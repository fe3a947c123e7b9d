"""The "Servers" page of the settings window: provider profiles and their keys.

Edits happen on a working copy; nothing is saved until the window's Apply or
OK. API keys typed here are held in ``pending_keys`` and handed to the
service (the keyring) on apply — they never enter :class:`Settings`, so they
cannot reach the settings file.
"""

from __future__ import annotations

import asyncio
import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import ChatError
from desktop_app.core.models import new_id
from desktop_app.core.settings import PROVIDER_PRESETS, Profile, ProviderPreset
from desktop_app.services.settings_service import SettingsService
from desktop_app.ui.profile_form import ProfileForm
from desktop_app.ui.style import set_style_property

_SHOWN_MODELS = 3


class ProfilesPage(QWidget):
    """A list of server profiles with an editor for the selected one.

    Args:
        service: Gives the stored keys, the secure-keyring state and the test.
        parent: The owning widget.

    Signals:
        edited: the user changed something (enables Apply).
    """

    edited = Signal()

    def __init__(self, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._profiles: list[Profile] = []
        self.pending_keys: dict[str, str] = {}
        self.test_task: asyncio.Future[None] | None = None
        self._loading = False
        self._build()

    # ---------------------------------------------------------------- API

    def load(self, profiles: tuple[Profile, ...], active_id: str) -> None:
        """Show these profiles (a fresh working copy; pending keys are dropped)."""
        self._loading = True
        self._profiles = list(profiles)
        self.pending_keys.clear()
        self.list.clear()
        self.list.addItems([p.name for p in self._profiles])
        self._refill_active(active_id)
        self._loading = False
        self.list.setCurrentRow(0 if self._profiles else -1)

    def profiles(self) -> tuple[Profile, ...]:
        """The profiles as edited.

        Raises:
            ValueError: a field cannot be saved (the message says which).
        """
        for profile in self._profiles:
            if not profile.base_url.startswith(("http://", "https://")):
                msg = self.tr('The base URL of "%1" must start with http:// or https://.')
                raise ValueError(msg.replace("%1", profile.name))
        if self.form.header_error():
            raise ValueError(self.form.header_error())
        return tuple(self._profiles)

    def active_id(self) -> str:
        index = self.active.currentIndex()
        return self._profiles[index].id if 0 <= index < len(self._profiles) else ""

    def cancel_test(self) -> None:
        """Stop a running connection test (the window is closing)."""
        if self.test_task is not None and not self.test_task.done():
            self.test_task.cancel()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.active = QComboBox(self)
        self.active.setAccessibleName(self.tr("Server used for new chats"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Server profiles"))
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add a server profile"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setMenu(self._preset_menu())
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected server profile"))
        self.form = ProfileForm(self._service, self)
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setAccessibleName(self.tr("Test the connection to this server"))
        self.test_result = QLabel(self)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)  # may show server text
        self.test_result.setObjectName("TestResult")
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(self.tr("Connection test result"))
        self._lay_out()
        self.list.currentRowChanged.connect(self._row_changed)
        self.remove_button.clicked.connect(self._remove)
        self.form.edited.connect(self._form_edited)
        self.test_button.clicked.connect(self._start_test)
        self.active.currentIndexChanged.connect(self._active_changed)

    def _lay_out(self) -> None:
        top = QFormLayout()
        top.addRow(self.tr("Use for &new chats:"), self.active)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        right = QVBoxLayout()
        right.addWidget(self.form)
        right.addLayout(test_row)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        for first, second in (
            (self.active, self.list),
            (self.list, self.add_button),
            (self.add_button, self.remove_button),
            (self.remove_button, self.form.name),
            (self.form.last_field(), self.test_button),
        ):
            QWidget.setTabOrder(first, second)

    def _preset_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.tr("Blank profile"), lambda: self._add(None))
        menu.addSeparator()
        for preset in PROVIDER_PRESETS:
            menu.addAction(preset.name, functools.partial(self._add, preset))
        return menu

    # -------------------------------------------------------------- editing

    def _add(self, preset: ProviderPreset | None) -> None:
        """Add a profile filled from a preset (or blank) and select it."""
        if preset is None:
            profile = Profile(id=new_id(), name=self.tr("New server"), base_url="https://")
        else:
            profile = Profile(
                id=new_id(),
                name=preset.name,
                base_url=preset.base_url,
                default_model=preset.default_model,
            )
        active = self.active_id()
        self._profiles.append(profile)
        self.list.addItem(profile.name)
        self._refill_active(active)
        self.list.setCurrentRow(len(self._profiles) - 1)
        self.form.name.setFocus()
        self.edited.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row < 0 or len(self._profiles) <= 1:
            return  # the app always needs one server to talk to
        active = self.active_id()
        removed = self._profiles.pop(row)
        self.pending_keys.pop(removed.id, None)
        self._loading = True
        self.list.takeItem(row)
        self._loading = False
        self._refill_active(active)
        self._row_changed(self.list.currentRow())
        self.edited.emit()

    def _row_changed(self, row: int) -> None:
        if self._loading:
            return
        self.remove_button.setEnabled(len(self._profiles) > 1)
        self._set_result("", "")
        if 0 <= row < len(self._profiles):
            profile = self._profiles[row]
            self.form.show_profile(profile, self.pending_keys.get(profile.id))

    def _form_edited(self) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._profiles):
            return
        old = self._profiles[row]
        profile = self.form.edited_profile(old)
        self._profiles[row] = profile
        if self.form.key_was_edited():
            self.pending_keys[profile.id] = self.form.key_text()
        if profile.name != old.name:
            self.list.item(row).setText(profile.name)
            self.active.setItemText(row, profile.name)
        self.edited.emit()

    def _refill_active(self, active_id: str) -> None:
        was_loading, self._loading = self._loading, True
        self.active.clear()
        self.active.addItems([p.name for p in self._profiles])
        ids = [p.id for p in self._profiles]
        self.active.setCurrentIndex(ids.index(active_id) if active_id in ids else 0)
        self._loading = was_loading

    def _active_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    # ------------------------------------------------------ connection test

    def _start_test(self) -> None:
        """Run the test as a task on the running (qasync) loop; never block."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._profiles):
            return
        self.cancel_test()
        profile = self._profiles[row]
        key = self.pending_keys.get(profile.id)
        self._set_result("", self.tr("Testing…"))
        self.test_button.setEnabled(False)
        self.test_task = asyncio.ensure_future(self._run_test(profile, key))

    async def _run_test(self, profile: Profile, key: str | None) -> None:
        try:
            models = await self._service.test(profile, key)
        except ChatError as exc:
            self._set_result("error", exc.message)
        else:
            self._show_models(models)
        finally:
            self.test_button.setEnabled(True)

    def _show_models(self, models: list[str]) -> None:
        shown = ", ".join(models[:_SHOWN_MODELS]) + ("…" if len(models) > _SHOWN_MODELS else "")
        if not models:
            text = self.tr("Connected — the server lists no models.")
        else:  # %n: Qt picks the plural form (resources/i18n/en.ts holds English's)
            text = self.tr("Connected — %n model(s): %1", "", len(models)).replace("%1", shown)
        self._set_result("ok", text)
        self.form.offer_models(models)

    def _set_result(self, kind: str, text: str) -> None:
        self.test_result.setText(text)
        set_style_property(self.test_result, "kind", kind)
