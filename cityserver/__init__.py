"""Yishi city server: receives every street's sync batches (docs/sync-protocol.md)."""

__version__ = "0.1.0"
PROTOCOL_VERSION = 1
