"""An incremental, ordered deploy of a built site to object storage, whatever the store (see `s3` for the real one).

Only files whose content hash differs from the stored object's go up; they go up in tiers (`policy.upload_tier`):
hashed assets and media first, then scripts and styles, then the files that name other files (search entry points,
feeds), then pages, the home page last; objects the site no longer has are deleted only after every upload is done.
A deploy stopped at any point leaves pages that only point at files already stored, and the next deploy finishes
the work, because it compares contents again.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .policy import cache_control, content_type, upload_tier
from .sitefiles import SiteFile


@dataclass(frozen=True)
class StoredObject:
    key: str  # inside the prefix
    etag: str
    size: int


@dataclass(frozen=True)
class Upload:
    file: SiteFile
    content_type: str
    cache_control: str
    redirect: str | None  # the website redirect location header, when the store is to answer with a redirect


class Store(Protocol):
    def list(self) -> dict[str, StoredObject]: ...

    def put(self, upload: Upload) -> None: ...

    def delete(self, keys: Sequence[str]) -> None: ...


@dataclass
class Plan:
    tiers: list[list[Upload]]  # each tier finishes before the next starts
    unchanged: int
    deletes: list[str]

    @property
    def uploads(self) -> list[Upload]:
        return [upload for tier in self.tiers for upload in tier]


@dataclass
class Outcome:
    uploaded: int = 0
    uploaded_bytes: int = 0
    unchanged: int = 0
    deleted: int = 0
    dry_run: bool = False
    actions: list[str] = field(default_factory=list)


def same_content(file: SiteFile, stored: StoredObject | None) -> bool:
    """The stored object has this content: its ETag is the MD5 of the bytes (single-part uploads, as we make them)."""
    if stored is None or stored.size != file.size:
        return False
    return stored.etag.strip('"').lower() == file.md5


def plan_deploy(files: Iterable[SiteFile], stored: dict[str, StoredObject], redirect_prefix: str = "/",
                force: bool = False, redirect_header: bool = True) -> Plan:
    """What to upload (in tiers) and delete so that the store holds exactly `files`.

    `redirect_prefix` is where the site starts on the store's website ('/' or '/prefix/'): redirect locations are
    made absolute with it, as S3 requires.
    """
    by_tier: dict[int, list[Upload]] = {}
    unchanged = 0
    keys = set()
    for file in files:
        keys.add(file.key)
        if not force and same_content(file, stored.get(file.key)):
            unchanged += 1
            continue
        location = None
        if redirect_header and file.redirect is not None:
            location = file.redirect if file.redirect.startswith(("http://", "https://")) else (
                redirect_prefix.rstrip("/") + "/" + file.redirect.lstrip("/"))
        upload = Upload(file, content_type(file.key), cache_control(file.key), location)
        by_tier.setdefault(upload_tier(file.key), []).append(upload)
    deletes = sorted(key for key in stored if key not in keys)
    return Plan([by_tier[t] for t in sorted(by_tier)], unchanged, deletes)


def run_deploy(store: Store, files: list[SiteFile], *, redirect_prefix: str = "/", dry_run: bool = False,
               force: bool = False, redirect_header: bool = True, workers: int = 8,
               progress: Callable[[str], None] | None = None) -> Outcome:
    """Deploy `files` to `store`; raises what the store raises (a `HostingError` for the operator)."""
    plan = plan_deploy(files, store.list(), redirect_prefix, force, redirect_header)
    outcome = Outcome(unchanged=plan.unchanged, dry_run=dry_run)
    if dry_run:
        outcome.actions = [f"上传 (upload) {u.file.key}" for u in plan.uploads] + [f"删除 (delete) {k}" for k in plan.deletes]
        outcome.uploaded = len(plan.uploads)
        outcome.uploaded_bytes = sum(u.file.size for u in plan.uploads)
        outcome.deleted = len(plan.deletes)
        return outcome
    if progress and plan.uploads:
        progress(f"上传 {len(plan.uploads)} 个文件 (uploading {len(plan.uploads)} file(s)) …")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for tier in plan.tiers:
            # The whole tier is up before the next one starts; the first failure stops the deploy.
            for future in [pool.submit(store.put, upload) for upload in tier]:
                future.result()
            outcome.uploaded += len(tier)
            outcome.uploaded_bytes += sum(u.file.size for u in tier)
    if plan.deletes:
        if progress:
            progress(f"删除 {len(plan.deletes)} 个网站里已没有的文件 (deleting {len(plan.deletes)} file(s)) …")
        store.delete(plan.deletes)
        outcome.deleted = len(plan.deletes)
    return outcome


def summary(outcome: Outcome) -> str:
    """One line: what was (or, with --dry-run, would be) uploaded, left and deleted."""
    verb = "将上传" if outcome.dry_run else "上传"
    head = "试运行，未改动存储" if outcome.dry_run else "部署完成"
    gloss = "dry run: would upload" if outcome.dry_run else "uploaded"
    return (
        f"{head}：{verb} {outcome.uploaded} 个文件（{outcome.uploaded_bytes:,} 字节），未变 {outcome.unchanged} 个，"
        f"{'将删除' if outcome.dry_run else '删除'} {outcome.deleted} 个 ({gloss} {outcome.uploaded}, "
        f"{outcome.uploaded_bytes} bytes; unchanged {outcome.unchanged}; deleted {outcome.deleted})"
    )
