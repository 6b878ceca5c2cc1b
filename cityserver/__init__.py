"""City/district server (FastAPI): receives every street's sealed batches.

Sync protocol v1: docs/sync-protocol.md.
"""

__version__ = "0.1.0"
PROTOCOL_VERSION = 1
