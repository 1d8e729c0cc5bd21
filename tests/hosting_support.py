"""Real servers for the hosting tests (issue 18): a local S3 server (moto, from the test extra) and Debian's nginx,
each started on 127.0.0.1 at a free port and stopped afterwards.

nginx is the distribution's package (`/usr/sbin/nginx`, override with the environment variable NGINX); scripts/test.sh
installs it when missing. Without it the tests fail and say how to get it (they are never skipped).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
# The line `gonghui deploy` ends with: uploaded files (bytes), unchanged, deleted.
DEPLOY_SUMMARY = re.compile(r"上传 (\d+) 个文件（([\d,]+) 字节），未变 (\d+) 个，删除 (\d+) 个")

# The first requests moto accepts without signatures: they make the deploy's IAM users (see `moto_server`).
_SETUP_REQUESTS = 5


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"server did not listen on 127.0.0.1:{port} within {seconds} s:\n{log.read_text(errors='replace')}")


@contextmanager
def running(cmd: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        wait_for_port(port, process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass(frozen=True)
class Keys:
    access_key: str
    secret_key: str

    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key}


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    keys: Keys  # may do anything
    denied: Keys  # a real user with no permission at all

    def client(self, keys: Keys | None = None):
        import boto3

        keys = keys or self.keys
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=keys.access_key, aws_secret_access_key=keys.secret_key)


@contextmanager
def moto_server(folder: Path) -> Iterator[S3Server]:
    """moto's S3 server with signature checking on: only the keys of the users it made are accepted."""
    import boto3

    port = free_port()
    env = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(_SETUP_REQUESTS)}
    cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with running(cmd, port, folder / "moto.log", env):
        endpoint = f"http://127.0.0.1:{port}"
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        made = []
        for user in ("deployer", "nobody"):
            iam.create_user(UserName=user)
            key = iam.create_access_key(UserName=user)["AccessKey"]
            made.append(Keys(key["AccessKeyId"], key["SecretAccessKey"]))
        allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
        iam.put_user_policy(UserName="deployer", PolicyName="deploy", PolicyDocument=json.dumps(allow))
        yield S3Server(endpoint, made[0], made[1])


def nginx_missing_message() -> str | None:
    if Path(NGINX).is_file() and os.access(NGINX, os.X_OK):
        return None
    return (f"nginx not found at {NGINX}. The nginx tests run Debian's nginx: install it with `apt-get install nginx` "
            "(scripts/test.sh does this when run as root on Debian/Ubuntu), or set the environment variable NGINX.")


@contextmanager
def nginx_server(server_conf: str, folder: Path, port: int) -> Iterator[str]:
    """Debian's nginx in the foreground with `server_conf` (from `gonghui nginx-config --listen 127.0.0.1:PORT`)
    inside a minimal http context; yields the base URL ending in '/'."""
    missing = nginx_missing_message()
    if missing:
        pytest.fail(missing, pytrace=False)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gonghui.conf").write_text(server_conf, encoding="utf-8")
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # the worker reads the test's private temporary folders
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {folder / 'access.log'};\n"
        f"    client_body_temp_path {temp['body']};\n    proxy_temp_path {temp['proxy']};\n"
        f"    fastcgi_temp_path {temp['fastcgi']};\n    uwsgi_temp_path {temp['uwsgi']};\n    scgi_temp_path {temp['scgi']};\n"
        f"    include {folder / 'gonghui.conf'};\n"
        "}\n", encoding="utf-8")
    base = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
    check = subprocess.run([*base, "-t"],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t rejected the configuration:\n{check.stderr}\n{server_conf}"
    with running([*base, "-g", "daemon off;"], port, folder / "nginx.out"):
        yield f"http://127.0.0.1:{port}/"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's signature
        return None


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    """One GET, redirects not followed; header names in lower case."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())
