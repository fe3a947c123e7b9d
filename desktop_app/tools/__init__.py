"""Tools that run: the MCP client (the only package that imports the ``mcp`` SDK).

Importing this package imports nothing of the SDK: :mod:`.manager` loads it
on the first start of a server, so a user with no server enabled pays no
start-up time, memory or process for it (docs/ARCHITECTURE.md §1).
"""
