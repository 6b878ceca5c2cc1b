"""The desktop reads ``.yishiack`` files from USB sticks with bounded memory (issue 15 item 1).

An ack whose ``ack.json`` inflates to far more than an ack can be is refused while reading,
before the signature check, with the same Chinese message as any foreign file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.sync.batchfile import read_ack
from tests.bombs import MIB, bomb_zip

ROOT = Path(__file__).resolve().parents[2]
BOUND = 48 * MIB

READ_ACK = """
import base64, sys
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from desktop.errors import ValidationError
from desktop.sync.batchfile import read_ack
from tests.bombs import peak_rss_bytes
key = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
data = Path(sys.argv[1]).read_bytes()
before = peak_rss_bytes()
try:
    read_ack(data, base64.b64encode(key).decode())
except ValidationError as exc:
    print("refused", peak_rss_bytes() - before)
"""


@pytest.mark.parametrize("kind", ["zeros", "objects"])
def test_ack_bomb_is_refused_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    bomb = tmp_path / "bomb.yishiack"
    bomb.write_bytes(bomb_zip("ack.json", 128 * MIB, kind, {"signature": b"x"}))
    assert bomb.stat().st_size < 1 * MIB
    proc = subprocess.run(
        [sys.executable, "-c", READ_ACK, str(bomb)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    verdict, grown = proc.stdout.split()
    assert verdict == "refused", proc.stderr
    assert int(grown) < BOUND, f"peak RSS grew by {int(grown) / MIB:.0f} MiB"


def test_ack_bomb_names_the_problem_in_chinese() -> None:
    data = bomb_zip("ack.json", 32 * MIB, "zeros", {"signature": b"x"})
    with pytest.raises(ValidationError) as caught:
        read_ack(data, "A" * 44)
    assert "确认文件" in str(caught.value)
