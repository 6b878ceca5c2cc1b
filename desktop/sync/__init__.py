"""Client half of sync protocol v1 (DESIGN.md §7, docs/sync-protocol.md).

``seal`` groups outbox rows into signed batches, ``client`` pushes them over HTTP with
retries by error class, ``results`` records the server's per-op answers, ``batchfile`` carries
batches on a USB stick, ``enrol`` gets this installation its key and token, ``schema`` seals
pending ops before a migration. No Qt here; the UI runs these on a worker thread.
"""

PROTOCOL_VERSION = 1
