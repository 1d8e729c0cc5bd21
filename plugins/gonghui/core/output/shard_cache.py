"""Search shards kept between builds: a shard whose pages did not change is not indexed again.

A shard's key is a hash of everything Pagefind's files for it come from: the Pagefind binary, the code
that cuts the text into tokens and feeds it, and the shard's pages in order (each URL and search
document). Its files are stored in one file `<key>.shard`: a JSON line listing each file's name, size
and SHA-256, then the files' bytes. A stored shard whose files do not match their hashes is a miss and
is noted, never used. Shards no build used are removed when a build's index is complete.
Standard library only: the search feeder imports it (`search_feeder`), and it must start fast.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from gonghui.core.cachefiles import write_whole

FORMAT = "gonghui-shard-cache 1"
SUFFIX = ".shard"
# The code whose changes change the index: the feeder and the tokenizer it runs on every page.
CODE_FILES = ("search_feeder.py", "pagefind_service.py", "search_text.py", "shard_cache.py")

ShardFiles = list[tuple[str, bytes]]


def code_key(executable: str) -> str:
    """What every shard depends on: the Pagefind binary and our feeding code."""
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=20)
    here = Path(__file__).resolve().parent
    for path in [Path(executable), *(here / name for name in CODE_FILES)]:
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "blake2b").digest())
    return digest.hexdigest()


class ShardKey:
    """The running hash of one shard's pages."""

    def __init__(self, base: str, kind: str) -> None:
        self._digest = hashlib.blake2b(f"{base}\n{kind}\n".encode(), digest_size=20)

    def add(self, document: bytes, url: str) -> None:
        """One page: its search document as UTF-8 (surrogates passed through), and its URL."""
        for data in (url.encode("utf-8", "surrogatepass"), document):
            self._digest.update(len(data).to_bytes(8, "little"))
            self._digest.update(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class ShardCache:
    """The folder of stored shards for one build: what was reused, what was stored, what it noticed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.reused = 0
        self.notes: list[str] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.writable = True
        except OSError as exc:
            self.notes.append(f"搜索分片缓存 {folder} 不可用（{exc.strerror or exc}）")
            self.writable = False

    def load(self, key: str, count: bool = True) -> tuple[ShardFiles, int] | None:
        """A stored shard's files and word count, each file checked against its hash; None if absent or damaged.

        `count`: a shard taken from the cache (not one read back when the index is written)."""
        path = self.folder / f"{key}{SUFFIX}"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            header, _, body = data.partition(b"\n")
            listing = json.loads(header)
            if listing.get("format") != FORMAT or listing.get("key") != key:
                raise ValueError("header")
            files: ShardFiles = []
            offset = 0
            for name, size, sha in listing["files"]:
                content = body[offset:offset + size]
                offset += size
                if len(content) != size or hashlib.sha256(content).hexdigest() != sha:
                    raise ValueError(name)
                files.append((str(name), content))
            if offset != len(body):
                raise ValueError("length")
            words = int(listing["words"])
        except (ValueError, KeyError, TypeError):
            self.notes.append(f"搜索分片缓存里的 {path.name} 已损坏，已忽略并重新建索引")
            return None
        self.used.add(key)
        self.reused += count
        return files, words

    def store(self, key: str, files: ShardFiles, words: int) -> bool:
        """Keep a shard's files; False when they could not be written (the caller keeps them itself)."""
        self.used.add(key)
        if not self.writable:
            return False
        listing = {"format": FORMAT, "key": key, "words": words,
                   "files": [[name, len(content), hashlib.sha256(content).hexdigest()] for name, content in files]}
        header = json.dumps(listing).encode("utf-8") + b"\n"
        try:
            write_whole(self.folder / f"{key}{SUFFIX}",
                        lambda out: out.writelines([header, *(content for _, content in files)]))
        except OSError as exc:
            self.notes.append(f"搜索分片缓存写不进 {self.folder}（{exc.strerror or exc}）")
            self.writable = False
            return False
        return True

    def prune(self) -> None:
        """Remove the shards (and half-written files) this build did not use."""
        if not self.writable:
            return
        for path in self.folder.iterdir():
            if path.is_file() and not (path.name.endswith(SUFFIX) and path.name[: -len(SUFFIX)] in self.used):
                try:
                    path.unlink()
                except OSError:
                    pass
