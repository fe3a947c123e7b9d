"""A scripted OpenAI-compatible HTTP server for tests (stdlib only).

Run ``python -m tests.fakeserver --port 0 --log FILE``; see ``server.py`` for
the directives (``[slow:50]``, ``[429once]``, ``[drop]`` …) that script a
reply from the text of the last user message, and ``harness.py`` to start it
from a test.
"""
