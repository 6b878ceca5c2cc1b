"""A tiny test-only client for the sync protocol (the desktop has its own, in desktop/sync)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

STREET = "500103001000"
OTHER_STREET = "500103002000"


def uuid7() -> str:
    """A UUIDv7 string (time-ordered), as the desktop makes entity ids."""
    ms = int(time.time() * 1000)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64
    value |= 0b10 << 62 | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def canonical_ops(ops: list[dict[str, Any]]) -> bytes:
    return b"\n".join(
        json.dumps(op, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        for op in ops
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Device:
    street_code: str = STREET
    device_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    token: str | None = None
    next_seq: int = 1

    @property
    def public_key_b64(self) -> str:
        raw = self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return base64.b64encode(raw).decode()

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self.key.sign(data)).decode()

    def enrol_request(self, code: str, name: str = "工委电脑") -> tuple[bytes, dict[str, str]]:
        body = json.dumps(
            {
                "code": code,
                "device_id": self.device_id,
                "name": name,
                "public_key": self.public_key_b64,
            },
            ensure_ascii=False,
        ).encode()
        return body, {"Content-Type": "application/json", "X-Yishi-Signature": self.sign(body)}

    def op(
        self,
        entity: str = "opinion",
        entity_id: str | None = None,
        version: int = 1,
        base_version: int | None = None,
        kind: str = "upsert",
        schema_rev: int = 1,
        street_code: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """One outbox op with the next local seq."""
        eid = entity_id or uuid7()
        data = {"id": eid, "street_code": street_code or self.street_code, "version": version}
        data.update(fields)
        op = {
            "op_id": uuid7(),  # time-ordered, as docs §2 recommends
            "seq": self.next_seq,
            "entity": entity,
            "entity_id": eid,
            "op": kind,
            "version": version,
            "base_version": base_version,
            "data": data,
            "schema_rev": schema_rev,
            "created_at": now_iso(),
        }
        self.next_seq += 1
        return op

    def batch(self, ops: list[dict[str, Any]], first_seq: int | None = None) -> dict[str, Any]:
        return {
            "protocol": 1,
            "device_id": self.device_id,
            "street_code": self.street_code,
            "batch_id": str(uuid.uuid4()),
            "first_seq": ops[0]["seq"] if first_seq is None else first_seq,
            "last_seq": ops[-1]["seq"],
            "count": len(ops),
            "sha256": hashlib.sha256(canonical_ops(ops)).hexdigest(),
            "ops": ops,
        }

    def seal(self, batch: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        """gzip the batch JSON and sign the gzip bytes: (body, headers) for POST /batches."""
        body = gzip.compress(json.dumps(batch, ensure_ascii=False).encode(), mtime=0)
        return body, self.headers(body)

    def headers(self, body: bytes) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "X-Yishi-Signature": self.sign(body),
        }

    def batch_file(self, batch: dict[str, Any]) -> bytes:
        """The .yishibatch bytes for ``batch`` (docs/sync-protocol.md §7.1)."""
        manifest = {k: v for k, v in batch.items() if k != "ops"}
        manifest["kind"] = "yishi-batch"
        manifest["created_at"] = now_iso()
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("manifest.json", manifest_bytes)
            archive.writestr("ops.jsonl.gz", gzip.compress(canonical_ops(batch["ops"]), mtime=0))
            archive.writestr("signature", self.sign(manifest_bytes))
        return buf.getvalue()
