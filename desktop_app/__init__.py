"""Afarensis Chat: a desktop client for OpenAI-compatible Chat Completions servers."""

__version__ = "0.1.0"
APP_NAME = "Afarensis Chat"
APP_ID = "afarensis-chat"
