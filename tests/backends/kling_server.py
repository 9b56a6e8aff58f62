"""A local stand-in for Kling's API: checks the JWT and the request schema, runs the task state machine.

Each task answers "submitted" on its first poll, "processing" on the next, then "succeed" with a
video URL served by the same server (or "failed" when the prompt asks for it). `fail_next` makes
the next calls answer an HTTP status (429, 503, …) to exercise the client's retries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cinemotion.backends.kling_schema import validate_request
from cinemotion.backends.kling_v2 import v2, validate_v2
from cinemotion.errors import InputError

ACCESS_KEY, SECRET_KEY = "ak-test", "sk-test"
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42 fake video"
STATES = ("submitted", "processing", "succeed")
V2_STATES = ("submitted", "processing", "succeeded")


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def token_error(header: str | None) -> str | None:
    """Why a Bearer token is not a valid Kling JWT for our keys (None when it is)."""
    if not header or not header.startswith("Bearer "):
        return "missing Bearer token"
    try:
        head, body, signature = header.removeprefix("Bearer ").split(".")
    except ValueError:
        return "malformed token"
    expected = hmac.new(SECRET_KEY.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _b64decode(signature)):
        return "bad signature"
    claims, now = json.loads(_b64decode(body)), time.time()
    if json.loads(_b64decode(head)).get("alg") != "HS256" or claims.get("iss") != ACCESS_KEY:
        return "wrong algorithm or issuer"
    if not claims["nbf"] <= now < claims["exp"]:
        return "token not valid now"
    return None


class KlingServer:
    def __init__(self) -> None:
        self.tasks: dict[str, dict] = {}
        self.fail_next: list[int] = []
        self.calls: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, payload: dict | bytes) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _answer(self, method: str) -> None:
                server.calls.append((method, self.path))
                if self.path == "/video.mp4":
                    return self._send(200, VIDEO_BYTES)
                if server.fail_next:
                    return self._send(server.fail_next.pop(0), {"code": 1302, "message": "rate limited"})
                reason = token_error(self.headers.get("Authorization"))
                if reason:
                    return self._send(401, {"code": 1000, "message": f"authentication failed: {reason}"})
                if not self.path.startswith("/v1/"):
                    return self._answer_v2(method)
                parts = self.path.strip("/").split("/")  # v1 videos <endpoint> [task_id]
                if method == "POST":
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    try:
                        validate_request(parts[2], body)
                    except InputError as error:
                        return self._send(400, {"code": 1201, "message": f"invalid parameter {error}"})
                    task_id = f"task{len(server.tasks) + 1}"
                    fails = "please fail" in body.get("prompt", "")
                    server.tasks[task_id] = {"polls": 0, "fails": fails}
                    return self._send(200, {"code": 0, "message": "SUCCEED", "request_id": "r",
                                            "data": {"task_id": task_id, "task_status": "submitted"}})
                task = server.tasks.get(parts[-1])
                if task is None:
                    return self._send(404, {"code": 1203, "message": "task not found"})
                state = STATES[min(task["polls"], 2)]
                task["polls"] += 1
                data = {"task_id": parts[-1], "task_status": state}
                if state == "succeed" and task["fails"]:
                    data = {"task_id": parts[-1], "task_status": "failed", "task_status_msg": "content moderation"}
                elif state == "succeed":
                    port = self.server.server_address[1]
                    data["task_result"] = {"videos": [{"id": "v1", "url": f"http://127.0.0.1:{port}/video.mp4",
                                                       "duration": "5"}]}
                return self._send(200, {"code": 0, "message": "SUCCEED", "data": data})

            def _answer_v2(self, method: str) -> None:
                """API 2.0: POST /<task>/<model>; GET /tasks/<id>; GET /tasks?external_task_id=…"""
                path, _, query = self.path.partition("?")
                parts = path.strip("/").split("/")
                if method == "POST":
                    kinds = {task: kind for kind, task in v2()["tasks"].items()}
                    if len(parts) != 2 or parts[0] not in kinds:
                        return self._send(404, {"code": 1203, "message": f"no endpoint {path}"})
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    try:
                        validate_v2(kinds[parts[0]], body)
                    except InputError as error:
                        return self._send(400, {"code": 1201, "message": f"invalid parameter {error}"})
                    external = body["options"]["external_task_id"]
                    task_id = f"task{len(server.tasks) + 1}"
                    text = next(c["text"] for c in body["contents"] if c["type"] == "text")
                    server.tasks[task_id] = {"polls": 0, "fails": "please fail" in text, "external": external}
                    return self._send(200, {"code": 0, "message": "SUCCEED",
                                            "data": {"id": task_id, "status": "submitted"}})
                if parts == ["tasks"] and query.startswith("external_task_id="):
                    external = query.split("=", 1)[1]
                    found = [{"id": k, "status": V2_STATES[min(t["polls"], 2)]}
                             for k, t in server.tasks.items() if t["external"] == external]
                    return self._send(200, {"code": 0, "message": "SUCCEED", "data": {"tasks": found}})
                task = server.tasks.get(parts[-1]) if parts[0] == "tasks" else None
                if task is None:
                    return self._send(404, {"code": 1203, "message": "task not found"})
                state = V2_STATES[min(task["polls"], 2)]
                task["polls"] += 1
                data = {"id": parts[-1], "status": state}
                if state == "succeeded" and task["fails"]:
                    data = {"id": parts[-1], "status": "failed", "message": "content moderation"}
                elif state == "succeeded":
                    port = self.server.server_address[1]
                    data["result"] = {"videos": [{"url": f"http://127.0.0.1:{port}/video.mp4"}]}
                return self._send(200, {"code": 0, "message": "SUCCEED", "data": data})

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "KlingServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
