"""A real stdio MCP server for the tests, written with the SDK's own server API."""
