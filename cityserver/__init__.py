"""City/district server (FastAPI): receives every street's sealed batches.

Sync protocol v1 (push) and v2 (adds pull): docs/sync-protocol.md.
"""

__version__ = "0.1.0"
PROTOCOL_VERSION = 2
#: The oldest protocol still served: v1 clients push exactly as before.
PROTOCOL_MIN = 1
#: Batches, batch files and ack files keep the format (and "protocol" value) of v1.
BATCH_PROTOCOL = 1
