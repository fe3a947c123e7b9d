"""Vulture whitelist: names vulture reports unused that we keep on purpose.

A baseline taken when vulture joined CI (2026-12-01). Most are Qt or
Python-Markdown overrides, enum members and dataclass fields read by
reflection; the entries were not each reviewed yet, so an entry is a
candidate to delete, not a promise it is needed. New dead code fails CI.
Regenerate: ``.venv/bin/vulture desktop_app --min-confidence 60 --make-whitelist``
(then restore this docstring).
"""

# ruff: noqa: F821, B018

retry  # unused variable (desktop_app/api/sse.py:46)
_.discarded_partial_line  # unused attribute (desktop_app/api/sse.py:89)
_.discarded_partial_line  # unused attribute (desktop_app/api/sse.py:151)
_.logs_dir  # unused property (desktop_app/app/paths.py:43)
_.running_names  # unused method (desktop_app/app/tasks.py:45)
partial_text  # unused variable (desktop_app/core/events.py:66)
partial_text  # unused variable (desktop_app/core/events.py:72)
OLDER  # unused variable (desktop_app/core/grouping.py:19)
FUNCTION_CALL  # unused variable (desktop_app/core/models.py:51)
DEFAULT_CONNECT_TIMEOUT_S  # unused variable (desktop_app/core/settings.py:20)
needs_key  # unused variable (desktop_app/core/settings.py:52)
_.handleMatch  # unused method (desktop_app/render/inline.py:33)
_.handleMatch  # unused method (desktop_app/render/inline.py:45)
_.extendMarkdown  # unused method (desktop_app/render/markdown.py:126)
_.handle_starttag  # unused method (desktop_app/render/plaintext.py:49)
_.handle_endtag  # unused method (desktop_app/render/plaintext.py:85)
_.handle_data  # unused method (desktop_app/render/plaintext.py:100)
SAFE_SCHEMES  # unused variable (desktop_app/render/sanitize.py:20)
_.new_conversation  # unused method (desktop_app/services/chat_service.py:85)
_.has_fts  # unused property (desktop_app/store/conversations.py:64)
_.pending_writes  # unused property (desktop_app/store/conversations.py:68)
_.list_folders  # unused method (desktop_app/store/conversations.py:133)
_.healthy  # unused property (desktop_app/store/probe.py:31)
_.building  # unused property (desktop_app/ui/chat_view.py:154)
_.summary  # unused method (desktop_app/ui/conversations_model.py:74)
_.canFetchMore  # unused method (desktop_app/ui/conversations_model.py:88)
_.fetchMore  # unused method (desktop_app/ui/conversations_model.py:91)
_.setData  # unused method (desktop_app/ui/conversations_model.py:128)
ERROR_SENTENCES  # unused variable (desktop_app/ui/error_strings.py:13)
remove_translator  # unused function (desktop_app/ui/i18n.py:149)
_.actualSize  # unused method (desktop_app/ui/icons.py:118)
_.clone  # unused method (desktop_app/ui/icons.py:122)
_.closeEvent  # unused method (desktop_app/ui/main_window.py:227)
_.loadResource  # unused method (desktop_app/ui/message_view.py:67)
_._versions  # unused attribute (desktop_app/ui/message_view.py:183)
_._versions  # unused attribute (desktop_app/ui/message_view.py:201)
_.set_defaults  # unused method (desktop_app/ui/params_editor.py:108)
_.set_font_size  # unused method (desktop_app/ui/style.py:185)
_.prefill  # unused method (desktop_app/ui/welcome.py:84)

# Added at the merge of the render, store and UI work (2026-12-01):
_.validateLink  # markdown-it's link validator hook, assigned not called (render/mdit.py)
_.paintEvent  # Qt override (ui/elided_label.py)
_.full_text  # read by the walk tests; the label's whole text behind the "…"
UNKNOWN  # enum member: no outcome yet this run (ui/server_status.py)
_.import_conversation  # the one-conversation import the tests and older callers use
open_external  # the synchronous opener; open_link (with failure watch) is what cards use
_.blob_stats  # stored attachment bytes: tests and bench/history_scale.py (issue 15)

# Math and footnotes (issue 13):
_.svg2  # ziamath's config switch, assigned for Qt's SVG renderer (render/formula.py)
_.__cache__  # markdown-it's ruler cache, reset after wrapping rules (render/math_rules.py)

# Tools (issue 16):
_.data_received  # asyncio.Protocol callback (tools/manager.py: a server's stderr to the log)
_.eof_received  # asyncio.Protocol callback (tools/manager.py)
_.open_transports  # read by tests/integration/test_connection_reuse.py (clients close once idle)
_.actions_for_chat  # ui/tools_switch.py: read by tests/gui/test_tools_switch.py
_.actions_everywhere  # ui/tools_switch.py (same)
TOOL_SENTENCES  # for pyside6-lupdate, like ERROR_SENTENCES (desktop_app/ui/error_strings.py)
