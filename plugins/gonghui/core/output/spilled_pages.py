"""A search shard's pages parked in a temporary file while the shard waits for a Pagefind (used by `search_feeder`).

A cold build at 100,000 articles makes pages faster than Pagefind indexes them: near the end of the articles
some 30,000 pages wait for their shard's turn, about 0.5 GB of the feeder's memory even compressed, beside the
build's own process and a Pagefind of 1.4 GB. Parked in an unnamed temporary file they cost the operating
system's file cache instead, which it may drop. The file has no name (`tempfile.TemporaryFile`), so nothing
is left behind whatever way the feeder ends. Standard library only: the feeder must start fast.
"""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Iterable, Iterator

# Each page: the compressed document's length and the URL's, then both.
HEADER = struct.Struct("<II")


class SpilledPages:
    """(compressed search document, url) pairs written to a temporary file, read back once, in order."""

    def __init__(self, pages: Iterable[tuple[bytes, str]]) -> None:
        self._file = tempfile.TemporaryFile(prefix="gonghui-shard-")
        self.count = 0
        try:
            for packed, url in pages:
                address = url.encode("utf-8", "surrogatepass")
                self._file.write(HEADER.pack(len(packed), len(address)) + packed + address)
                self.count += 1
            self._file.flush()
        except BaseException:
            self._file.close()
            raise

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[bytes, str]]:
        """The pages in the order they were written; the file is closed (and gone) after the last."""
        try:
            self._file.seek(0)
            for _ in range(self.count):
                packed_length, address_length = HEADER.unpack(self._read(HEADER.size))
                packed = self._read(packed_length)
                yield packed, self._read(address_length).decode("utf-8", "surrogatepass")
        finally:
            self.close()

    def _read(self, size: int) -> bytes:
        data = self._file.read(size)
        if len(data) != size:
            raise OSError(f"a search shard's parked pages were cut short ({len(data)} of {size} bytes)")
        return data

    def close(self) -> None:
        self._file.close()
