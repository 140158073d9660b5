"""A real Radicale server for the tests, and a proxy in front of it that counts requests and can kill it."""

from __future__ import annotations

import collections
import http.client
import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int) -> None:
    for _ in range(100):  # up to 10 s for the server to listen
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@contextmanager
def radicale(store: Path, users: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Radicale on a free port of 127.0.0.1, storing in `store`; with `users`, htpasswd (plain) auth."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "radicale",
        f"--storage-filesystem-folder={store}",
        f"--server-hosts=127.0.0.1:{port}",
        "--logging-level=error",
    ]
    if users is None:
        args.append("--auth-type=none")
    else:
        htpasswd = store.parent / f"{store.name}.htpasswd"
        htpasswd.write_text("".join(f"{u}:{p}\n" for u, p in users.items()), encoding="utf-8")
        args += [
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={htpasswd}",
            "--auth-htpasswd-encryption=plain",
            "--auth-delay=0",
        ]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(port)
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.kill()
        server.wait(timeout=10)


class Proxy(http.server.ThreadingHTTPServer):
    """Forwards every request to `upstream`, counting them by method.

    After `kill_after_puts` PUT requests it kills the upstream server and
    drops every later connection, as a server that died half-way would.
    """

    daemon_threads = True

    def __init__(self, upstream: str, server: subprocess.Popen, kill_after_puts: int | None = None):
        super().__init__(("127.0.0.1", 0), _Forward)
        self.upstream = upstream.removeprefix("http://").rstrip("/")
        self.upstream_server = server
        self.kill_after_puts = kill_after_puts
        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Forward(http.server.BaseHTTPRequestHandler):
    server: Proxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _forward(self) -> None:
        proxy = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with proxy.lock:
            proxy.counts[self.command] += 1
            limit = proxy.kill_after_puts
            dead = limit is not None and proxy.counts["PUT"] > limit
            if dead and proxy.upstream_server.poll() is None:
                proxy.upstream_server.kill()
                proxy.upstream_server.wait(timeout=10)
        if dead:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        conn = http.client.HTTPConnection(proxy.upstream, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn.request(self.command, self.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_OPTIONS = _forward
    do_PROPFIND = do_PROPPATCH = do_REPORT = do_MKCALENDAR = do_MKCOL = _forward


@contextmanager
def proxy(upstream: str, server: subprocess.Popen, kill_after_puts: int | None = None) -> Iterator[Proxy]:
    running = Proxy(upstream, server, kill_after_puts)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()
        thread.join(timeout=10)
