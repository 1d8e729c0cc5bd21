"""The object-storage side of a deploy: any S3-compatible store (Aliyun OSS, Tencent COS, Huawei OBS, MinIO, AWS).

Credentials come only from the standard places boto3 reads (the environment variables AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY in CI); they are never printed: every message shown is ours, and any text a server sends
back is shown with the keys blanked out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .deploy import StoredObject, Upload
from .sitefiles import HostingError

T = TypeVar("T")
ADDRESSING = ("auto", "virtual", "path")
# Hosts whose S3 interface answers only virtual-hosted–style requests (bucket.endpoint/key).
VIRTUAL_ONLY = ("aliyuncs.com", "myqcloud.com", "myhuaweicloud.com")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_BATCH = 1000  # the most keys one DeleteObjects request may name


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str  # '' or 'folder/' (always ending in '/')

    @property
    def website_root(self) -> str:
        """Where the site starts on the bucket's website: '/' or '/folder/'."""
        return "/" + self.prefix


def parse_target(text: str) -> Target:
    """'s3://bucket[/prefix]' -> Target; a HostingError says what is wrong."""
    if not text.startswith("s3://"):
        raise HostingError(f"目标应写成 s3://存储桶名[/前缀]，实际写的是 {text!r} (target must be s3://BUCKET[/PREFIX])")
    bucket, _, prefix = text[len("s3://"):].partition("/")
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise HostingError(f"存储桶名 {bucket!r} 不合规：只能用小写字母、数字、. 和 -，3–63 个字符 (invalid bucket name)")
    parts = [p for p in prefix.split("/") if p]
    if any(p in (".", "..") or not p.isprintable() for p in parts):
        raise HostingError(f"前缀 {prefix!r} 不能含 . 或 .. 段和不可见字符 (invalid prefix)")
    return Target(bucket, "".join(p + "/" for p in parts))


def addressing_for(endpoint: str | None, choice: str) -> str:
    """'virtual' for OSS, COS and OBS endpoints, 'path' for other endpoints given (MinIO, a local server)."""
    if choice != "auto":
        return choice
    host = (urlsplit(endpoint).hostname or "") if endpoint else ""
    if not endpoint or host.endswith(VIRTUAL_ONLY):
        return "virtual" if endpoint else "auto"
    return "path"


def redact(text: str) -> str:
    """`text` with the access key and secret from the environment blanked out."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        secret = os.environ.get(name)
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


class S3Store:
    """The store of one bucket and prefix, through boto3."""

    def __init__(self, target: Target, endpoint: str | None = None, region: str | None = None,
                 addressing: str = "auto", timeout: float = 20, attempts: int = 3) -> None:
        import boto3
        from botocore.config import Config

        self.target = target
        self.endpoint = endpoint
        config = Config(
            s3={"addressing_style": addressing_for(endpoint, addressing)},
            connect_timeout=timeout, read_timeout=timeout * 3,
            retries={"max_attempts": attempts, "mode": "standard"},
            # Stores other than AWS do not all know the newer checksum headers: send them only when required.
            request_checksum_calculation="when_required", response_checksum_validation="when_required",
            max_pool_connections=16,
        )
        session = boto3.session.Session()
        self.client: Any = session.client(
            "s3", endpoint_url=endpoint or None, region_name=region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
            config=config,
        )

    def _call(self, what: str, action: Callable[[], T]) -> T:
        try:
            return action()
        except HostingError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure of the client becomes one message for the operator
            raise HostingError(explain(exc, what, self.target, self.endpoint)) from None

    def list(self) -> dict[str, StoredObject]:
        def listing() -> dict[str, StoredObject]:
            found: dict[str, StoredObject] = {}
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.target.bucket, Prefix=self.target.prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    key = item["Key"][len(self.target.prefix):]
                    found[key] = StoredObject(key, str(item.get("ETag", "")), int(item.get("Size", 0)))
            return found

        return self._call("列出存储桶里的文件 (listing the bucket)", listing)

    def put(self, upload: Upload) -> None:
        extra: dict[str, Any] = {}
        if upload.redirect is not None:
            extra["WebsiteRedirectLocation"] = upload.redirect
        key = self.target.prefix + upload.file.key
        self._call(f"上传 {key} (uploading)", lambda: self.client.put_object(
            Bucket=self.target.bucket, Key=key, Body=upload.file.path.read_bytes(),
            ContentType=upload.content_type, CacheControl=upload.cache_control, **extra,
        ))

    def delete(self, keys: Sequence[str]) -> None:
        full = [self.target.prefix + key for key in keys]
        for start in range(0, len(full), _BATCH):
            batch = full[start:start + _BATCH]
            try:
                answer = self.client.delete_objects(
                    Bucket=self.target.bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
                failed = [e["Key"] for e in answer.get("Errors", [])]
            except Exception:  # noqa: BLE001 - some stores refuse the batch request: delete one by one instead
                failed = batch
            for key in failed:
                self._delete_one(key)

    def _delete_one(self, key: str) -> None:
        self._call(f"删除 {key} (deleting)", lambda: self.client.delete_object(Bucket=self.target.bucket, Key=key))


_CREDENTIALS = ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurity", "InvalidToken", "ExpiredToken",
                "AuthorizationHeaderMalformed", "InvalidClientTokenId", "UnrecognizedClientException")


def explain(exc: BaseException, what: str, target: Target, endpoint: str | None) -> str:
    """A Chinese message (English gloss in brackets) for a failure of the storage client; never a traceback."""
    from botocore.exceptions import (
        ClientError,
        ConnectionError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
        ReadTimeoutError,
    )

    where = endpoint or "默认终端节点 (default endpoint)"
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return ("没有找到存储的访问密钥：请设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY "
                "(no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
    if isinstance(exc, EndpointConnectionError | ConnectionError | ReadTimeoutError):
        return (f"连不上存储服务 {where}：请检查网络和 --endpoint 地址；已上传的文件保留，网站仍是完整的旧版或新版，"
                f"网络恢复后重新运行即可 (network error while {what_en(what)}: cannot reach the storage endpoint)")
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in _CREDENTIALS:
            return (f"访问密钥无效：存储服务不认这组 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY（{code}）；"
                    f"请核对密钥和 --region (bad credentials: {code})")
        if code in ("NoSuchBucket",) or (status == 404 and "list" in what_en(what)):
            return (f"存储桶 {target.bucket} 不存在：请先在控制台创建，或核对桶名、--endpoint 和 --region "
                    f"(no such bucket: {target.bucket})")
        if code in ("AccessDenied", "AllAccessDisabled", "Forbidden") or status == 403:
            return (f"没有权限{what}：这组密钥不能读写存储桶 {target.bucket}，请在控制台给它读、写、删除和列出文件的权限 "
                    f"(access denied: {code or status})")
        message = redact(str(error.get("Message", "")))
        return f"存储服务拒绝了请求（{what}）：{code or status} {message} (the store refused the request)".rstrip()
    return redact(f"部署失败（{what}）：{type(exc).__name__}: {exc} (deploy failed)")


def what_en(what: str) -> str:
    """The English words in brackets at the end of a `what` ('上传 x (uploading)' -> 'uploading')."""
    return what[what.rfind("(") + 1:].rstrip(")") if "(" in what else what
