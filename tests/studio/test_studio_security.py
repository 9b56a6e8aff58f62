"""The studio's open doors, closed: a real server on loopback (127.0.0.x only), raw sockets
where the timing of a body matters, bounded loops.

- a client that stalls its body never blocks other users' writes, and is cut off;
- no upload byte reaches disk before the caller is authenticated, and a chunked upload without
  a declared size is cut at the limit while it streams;
- sign-in is throttled per account and per address, sign-up per address, and strangers cannot
  lock the owner out;
- authenticated JSON is `no-store`; storyboards are capped before parsing; surrogates, deep
  nesting and NaN get a clean 4xx, never a 500.
"""

from __future__ import annotations

import json
import os
import select
import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from cinemotion.studio import create_app
from cinemotion.studio.middleware import MAX_JSON_DEPTH
from cinemotion.studio.settings import MAX_STORYBOARD_BYTES
from studio_support import LiveServer, make_settings, sign_up

PASSWORD = "correct horse"


def raw_connection(server: LiveServer, head: str) -> socket.socket:
    """A socket that has sent a request's head (and nothing of its body)."""
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
    return connection


def status_of(connection: socket.socket, timeout: float) -> int:
    """The status code of the response on `connection`, waiting at most `timeout` seconds."""
    connection.settimeout(timeout)
    reply = connection.recv(65536)
    return int(reply.split(b" ", 2)[1])


def create_workspace(server: LiveServer, headers: dict, name: str) -> tuple[int, float]:
    started = time.monotonic()
    response = httpx.post(server.url + "/api/workspaces", headers=headers, json={"name": name}, timeout=30)
    return response.status_code, time.monotonic() - started


def test_a_stalled_sign_in_body_blocks_no_other_users_write(tmp_path):
    settings = make_settings(tmp_path / "studio", body_timeout_s=2.0)
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        alice = sign_up(client, "alice@studio.test")
        stalled = raw_connection(server, "POST /api/auth/login HTTP/1.1\nHost: studio\n"
                                         "Content-Type: application/json\nContent-Length: 200\n")
        stalled.sendall(b'{"email": "alice@studio.test", "pass')  # … and nothing more
        time.sleep(0.3)  # the server has the head and has started on the body
        writes = [create_workspace(server, alice, f"while stalled {i}") for i in range(3)]
        print(f"\nwrites while a sign-in body stalls: {', '.join(f'{s * 1000:.0f} ms' for _, s in writes)}")
        assert all(status == 201 for status, _ in writes), writes
        assert max(seconds for _, seconds in writes) < 1.0, f"writes waited for the stalled body: {writes}"
        assert status_of(stalled, timeout=5) == 408, "a stalled body is cut off at body_timeout_s"
        stalled.close()


def test_a_stalled_upload_blocks_no_other_users_write(tmp_path):
    settings = make_settings(tmp_path / "studio", upload_idle_s=2.0)
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        alice = sign_up(client, "alice@studio.test")
        bob = sign_up(client, "bob@studio.test")
        workspace = client.get("/api/workspaces", headers=alice).json()[0]["id"]
        stalled = raw_connection(server, f"POST /api/workspaces/{workspace}/motions HTTP/1.1\nHost: studio\n"
                                         f"Authorization: {alice['Authorization']}\nContent-Length: 100000\n"
                                         "Content-Type: multipart/form-data; boundary=xyz\n")
        stalled.sendall(b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.bvh"\r\n\r\nHIER')
        time.sleep(0.3)
        status, seconds = create_workspace(server, bob, "while alice uploads")
        assert status == 201 and seconds < 1.0, (status, seconds)
        assert status_of(stalled, timeout=6) == 408, "an upload that pauses past upload_idle_s is cut off"
        stalled.close()


class DiskWatch:
    """Samples the bytes under some folders every few milliseconds, keeping the largest total.

    Temporary files may have no name (O_TMPFILE, or unlinked at once), so it also counts the
    files this process (the server runs in it) holds open there, through /proc/self/fd."""

    def __init__(self, *folders: Path):
        self.folders, self.peak, self._stop = folders, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _size(self) -> int:
        sizes = {}
        for folder in self.folders:
            for path in folder.rglob("*"):
                try:
                    sizes[str(path)] = path.stat().st_size if path.is_file() else 0
                except FileNotFoundError:
                    pass
        for fd in Path("/proc/self/fd").iterdir():
            try:
                target = os.readlink(fd)
                if any(target.startswith(str(folder)) for folder in self.folders):
                    sizes[target.removesuffix(" (deleted)")] = fd.stat().st_size
            except (FileNotFoundError, OSError):
                pass
        return sum(sizes.values())

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._size())

    def __enter__(self) -> "DiskWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def send_chunked(connection: socket.socket, chunks: int, chunk: bytes, pause_s: float = 0.0) -> None:
    """Send up to `chunks` chunks of a chunked body, stopping as soon as the server answers."""
    for _ in range(chunks):
        time.sleep(pause_s)
        if select.select([connection], [], [], 0)[0]:
            return  # the server has answered (and stopped reading)
        try:
            connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            return


@pytest.fixture
def spool(tmp_path, monkeypatch):
    """Where the server's temporary files go (the multipart parser spools there), watched by the tests."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_no_upload_byte_reaches_disk_before_sign_in(tmp_path, spool):
    settings = make_settings(tmp_path / "studio", max_upload_bytes=2_000_000)
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        alice = sign_up(client, "alice@studio.test")
        workspace = client.get("/api/workspaces", headers=alice).json()[0]["id"]
        with DiskWatch(spool, settings.scratch_dir) as disk:
            anonymous = raw_connection(server, f"POST /api/workspaces/{workspace}/motions HTTP/1.1\nHost: studio\n"
                                               "Transfer-Encoding: chunked\n"
                                               "Content-Type: multipart/form-data; boundary=xyz\n")
            send_chunked(anonymous, 64, b"x" * 65536)  # 4 MiB, no size declared, no credentials
            assert status_of(anonymous, timeout=5) == 401
            anonymous.close()
        assert disk.peak == 0, f"{disk.peak} bytes of an unauthenticated upload reached the disk"

        declared = raw_connection(server, f"POST /api/workspaces/{workspace}/motions HTTP/1.1\nHost: studio\n"
                                          f"Authorization: {alice['Authorization']}\nContent-Length: 900000000\n"
                                          "Content-Type: multipart/form-data; boundary=xyz\n")
        assert status_of(declared, timeout=5) == 413, "a declared size over the limit is refused unread"
        declared.close()


def test_a_chunked_upload_is_cut_at_the_limit_while_it_streams(tmp_path, spool):
    limit = 3_000_000  # past the parser's 1 MiB in-memory spool, so the file does reach the disk
    settings = make_settings(tmp_path / "studio", max_upload_bytes=limit)
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        alice = sign_up(client, "alice@studio.test")
        workspace = client.get("/api/workspaces", headers=alice).json()[0]["id"]
        with DiskWatch(spool, settings.scratch_dir) as disk:
            upload = raw_connection(server, f"POST /api/workspaces/{workspace}/motions HTTP/1.1\nHost: studio\n"
                                            f"Authorization: {alice['Authorization']}\nTransfer-Encoding: chunked\n"
                                            "Content-Type: multipart/form-data; boundary=xyz\n")
            head = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.bvh"\r\n\r\n'
            upload.sendall(b"%x\r\n%s\r\n" % (len(head), head))
            send_chunked(upload, 160, b"HIERARCHY " * 6554, pause_s=0.002)  # 10 MiB, no declared size
            assert status_of(upload, timeout=5) == 413
            upload.close()
        print(f"\n10 MiB chunked upload, {limit} byte limit: at most {disk.peak} bytes on disk")
        assert 0 < disk.peak <= limit + 128 * 1024, f"{disk.peak} bytes reached the disk for a {limit} byte limit"
        assert not any(spool.iterdir()) and not any((settings.scratch_dir / "uploads").glob("*"))


def test_sign_in_throttled_per_account_and_address_without_locking_out_the_owner(tmp_path):
    settings = make_settings(tmp_path / "studio", login_attempts=3, login_address_attempts=6,
                             login_account_attempts=8, signup_attempts=3)

    def client_at(host: str) -> httpx.Client:  # every 127.0.0.x is this machine's loopback
        return httpx.Client(base_url=server.url, transport=httpx.HTTPTransport(local_address=host), timeout=10)

    def sign_in(client: httpx.Client, email: str, password: str = "wrong password") -> int:
        return client.post("/api/auth/login", json={"email": email, "password": password}).status_code

    with LiveServer(settings) as server:
        owner = client_at("127.0.0.1")
        sign_up(owner, "owner@studio.test")
        assert sign_in(owner, "owner@studio.test", PASSWORD) == 200  # the owner's address is known

        # One stranger guessing the owner's password is stopped, and the owner still gets in.
        stranger = client_at("127.0.0.2")
        assert [sign_in(stranger, "owner@studio.test") for _ in range(4)] == [401, 401, 401, 429]
        assert sign_in(owner, "owner@studio.test", PASSWORD) == 200

        # One password sprayed over many accounts is stopped by the address's own budget.
        sprayer = client_at("127.0.0.3")
        sprayed = [sign_in(sprayer, f"user{i}@studio.test") for i in range(8)]
        assert sprayed[:6] == [401] * 6 and sprayed[6:] == [429, 429], sprayed

        # Guessing spread over many addresses closes the account to new addresses, not to the owner's.
        for host in ("127.0.0.4", "127.0.0.5", "127.0.0.6"):
            with client_at(host) as guesser:
                [sign_in(guesser, "owner@studio.test") for _ in range(2)]
        with client_at("127.0.0.7") as newcomer:
            assert sign_in(newcomer, "owner@studio.test", PASSWORD) == 429
        assert sign_in(owner, "owner@studio.test", PASSWORD) == 200

        # Mass sign-up from one address is throttled.
        with client_at("127.0.0.8") as farm:
            created = [farm.post("/api/auth/signup", json={"email": f"bot{i}@studio.test", "password": PASSWORD,
                                                          "name": "bot"}).status_code for i in range(4)]
        assert created == [201, 201, 201, 429], created
        for client in (owner, stranger, sprayer):
            client.close()


@pytest.fixture
def studio(tmp_path):
    app = create_app(make_settings(tmp_path / "studio"))
    with TestClient(app) as client:
        headers = sign_up(client, "alice@studio.test")
        workspace = client.get("/api/workspaces", headers=headers).json()[0]["id"]
        yield client, headers, f"/api/workspaces/{workspace}"
    app.state.engine.dispose()


def test_authenticated_json_is_not_stored_by_caches(studio):
    client, headers, api = studio
    for path in ("/api/auth/me", "/api/workspaces", f"{api}/assets"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store", path
    signed_in = client.post("/api/auth/login", json={"email": "alice@studio.test", "password": PASSWORD})
    assert signed_in.headers["cache-control"] == "no-store", "the CSRF token must not be cached"


def post_raw(client, path: str, headers: dict, body: bytes):
    return client.post(path, headers={**headers, "Content-Type": "application/json"}, content=body)


def assert_refused(response, status: int, *words: str) -> None:
    assert response.status_code == status, (response.status_code, response.text[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "Traceback" not in detail and "\n" not in detail, detail
    assert all(word in detail for word in words), detail


def storyboard_asset(title: str, **extra) -> dict:
    return {"kind": "storyboard", "name": "s", "data": {"title": title, "fps": 12, "width": 160, "height": 90,
                                                        "shots": [{"duration_s": 1.0, **extra}]}}


def test_storyboards_are_capped_before_parsing(studio):
    client, headers, api = studio
    actions = [{"kind": "idle", "start_s": 0.0}] * 20_000  # ~580 kB of actions
    body = json.dumps(storyboard_asset("big", actors=[{"id": "a", "actions": actions}])).encode()
    assert len(body) > MAX_STORYBOARD_BYTES
    assert_refused(post_raw(client, f"{api}/assets", headers, body), 413, str(MAX_STORYBOARD_BYTES))
    assert client.get(f"{api}/assets?kind=storyboard", headers=headers).json() == []


@pytest.mark.parametrize("body, words", [
    (b'{"name": "\\ud800"}', ("surrogate",)),
    (b'{"name": "ok \\udfff tail"}', ("surrogate",)),
    (b'{"name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", (str(MAX_JSON_DEPTH),)),
    (b'{"name": ' + b'{"a":' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1) + b"}",
     (str(MAX_JSON_DEPTH),)),
    (b'{"name": NaN}', ("NaN",)),
    (b'{"name": -Infinity}', ("Infinity",)),
    (b'{"name": 1e999}', ("finite",)),
])
def test_hostile_json_gets_a_clean_refusal(studio, body, words):
    client, headers, api = studio
    assert_refused(post_raw(client, "/api/workspaces", headers, body), 422, *words)


def test_hostile_storyboard_fields_get_a_clean_refusal(studio):
    client, headers, api = studio
    nan_move = json.dumps(storyboard_asset("nan", camera=[{"move": "dolly_in"}])).replace('"dolly_in"}',
                                                                                        '"dolly_in", "amount": NaN}')
    assert_refused(post_raw(client, f"{api}/assets", headers, nan_move.encode()), 422, "NaN")
    for text_nan in ('"nan"', '"-inf"', '"Infinity"'):
        coerced = json.dumps(storyboard_asset("nan", camera=[{"move": "dolly_in", "amount": 0.25}]))
        response = post_raw(client, f"{api}/assets", headers, coerced.replace("0.25", text_nan).encode())
        # the spec's models refuse "nan" text too; a storyboard's refusal names the path in its detail
        assert_refused(response, 422, "shots.0.camera.0.amount", "finite number")
        assert response.json()["field"] == "storyboard"
    surrogate = json.dumps(storyboard_asset("x")).replace('"x"', '"\\ud83d"').encode()
    assert_refused(post_raw(client, f"{api}/assets", headers, surrogate), 422, "surrogate")
    zero_move = storyboard_asset("zero", camera=[{"move": "crane_up", "duration_s": 0.0}])
    assert_refused(client.post(f"{api}/assets", headers=headers, json=zero_move), 422, "duration_s")
    # A prompt whose camera move rounds to no time at all: refused or performed, never a server error.
    for route in ("/api/parse", "/api/coach", f"{api}/renders"):
        field = "prompt" if route.endswith("renders") else "text"
        response = client.post(route, headers=headers, json={field: "0.0001 s craning up"})
        assert response.status_code in (200, 202) or response.json()["field"] == field, (route, response.text)
    signed = post_raw(client, "/api/parse", headers, b'{"text": "a man walks \\ud800"}')
    assert_refused(signed, 422, "surrogate")


def test_sign_up_closes_beyond_loopback_and_cookies_can_be_secure(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import cinemotion.cli as cli_module
    from cinemotion.cli import app as cli
    from cinemotion.studio import is_loopback

    started = []
    monkeypatch.setattr(cli_module, "serve", lambda **options: started.append(options))  # the CLI's own name
    runner = CliRunner()
    for flags in ([], ["--no-signup", "--secure-cookies"], ["--signup"]):
        assert runner.invoke(cli, ["studio", "--host", "0.0.0.0", "--no-browser", *flags]).exit_code == 0
    assert [(o["allow_signup"], o["secure_cookies"]) for o in started] == [(None, False), (False, True), (True, False)]
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::", "192.168.1.4", "studio.lan")] \
        == [True, True, True, False, False, False, False]

    settings = make_settings(tmp_path / "studio", allow_signup=False, secure_cookies=True)
    with TestClient(create_app(settings)) as remote:  # the test client calls from "testclient", not loopback
        refused = remote.post("/api/auth/signup", json={"email": "eve@studio.test", "password": PASSWORD,
                                                        "name": "eve"})
        assert_refused(refused, 403, "sign-up is closed")
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as local:
        opened = local.post("/api/auth/signup", json={"email": "admin@studio.test", "password": PASSWORD,
                                                      "name": "admin"})
        assert opened.status_code == 201, "the server machine's own operator may still create accounts"
        cookies = opened.headers.get_list("set-cookie")
        assert len(cookies) == 2 and all("Secure" in c and "SameSite=strict" in c for c in cookies), cookies
