"""desktop/boundedzip.py: a member is returned whole when it fits its cap and refused as
too large otherwise, whatever the zip headers claim (issue 15 item 1)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.boundedzip import ZipRefused, gunzip, open_archive, read_member


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


@given(
    data=st.binary(max_size=3000) | st.builds(lambda n: b"\0" * n, st.integers(0, 200_000)),
    limit=st.integers(0, 100_000),
    stored=st.booleans(),
)
def test_member_is_whole_within_its_cap_and_refused_beyond(
    data: bytes, limit: int, stored: bool
) -> None:
    raw = _zip({"a": data}, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    with open_archive(raw, ("a",)) as archive:
        if len(data) <= limit:
            assert read_member(archive, "a", limit) == data
        else:
            with pytest.raises(ZipRefused) as refused:
                read_member(archive, "a", limit)
            assert refused.value.too_large


def _lie_about_size(raw: bytes, size: int) -> bytes:
    """Set the uncompressed size in the local and the central header to ``size``."""
    out = bytearray(raw)
    local = out.find(b"PK\x03\x04")
    struct.pack_into("<I", out, local + 22, size)
    central = out.find(b"PK\x01\x02")
    struct.pack_into("<I", out, central + 24, size)
    return bytes(out)


def test_a_member_that_claims_to_be_small_cannot_inflate_beyond_its_claim() -> None:
    raw = _lie_about_size(_zip({"a": b"\0" * 5_000_000}), 100)
    with open_archive(raw, ("a",)) as archive, pytest.raises(ZipRefused) as refused:
        read_member(archive, "a", 1000)
    assert not refused.value.too_large  # a damaged file (CRC), read no further than the claim


def test_wrong_members_and_garbage_are_refused() -> None:
    with pytest.raises(ZipRefused):
        open_archive(b"not a zip", ("a",))
    with pytest.raises(ZipRefused):
        open_archive(_zip({"a": b"", "b": b""}), ("a",))
    with pytest.raises(ZipRefused):
        open_archive(_zip({"a": b""}), ("a", "b"))


@given(data=st.binary(max_size=5000), limit=st.integers(0, 6000))
def test_gunzip_within_and_beyond_its_cap(data: bytes, limit: int) -> None:
    import gzip

    packed = gzip.compress(data)
    if len(data) <= limit:
        assert gunzip(packed, limit) == data
    else:
        with pytest.raises(ZipRefused):
            gunzip(packed, limit)
