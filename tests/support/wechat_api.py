"""A stand-in for https://api.weixin.qq.com/cgi-bin/ on loopback, for the tests and the load
benchmark: hands out an access token and records every call, customer-service messages among
them (the answers that missed WeChat's passive reply, the patients' visit messages). Point
WECHAT_API_BASE_URL at `base_url`. GET /sent?touser=OPENID lists the texts sent to that user,
for a client in another process (the benchmark's Locust users)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SEND = "/cgi-bin/message/custom/send"


class FakeWeChatAPI:
    def __init__(self):
        self.calls: list[tuple[str, dict, dict | None]] = []
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, payload) -> None:
                body = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlparse(self.path)
                query = parse_qs(url.query)
                if url.path == "/sent":  # not WeChat's: what the stand-in received, for other processes
                    self._answer(api.sent_to(query.get("touser", [""])[0]))
                    return
                with api.lock:
                    api.calls.append((url.path, query, None))
                if url.path == "/cgi-bin/token":
                    self._answer({"access_token": "ACCESS_TOKEN_1", "expires_in": 7200})
                else:
                    self._answer({"errcode": 40001, "errmsg": "unknown"})

            def do_POST(self):
                url = urlparse(self.path)
                data = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                with api.lock:
                    api.calls.append((url.path, parse_qs(url.query), data))
                self._answer({"errcode": 0, "errmsg": "ok"})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/cgi-bin/"

    def sent(self) -> list[dict]:
        """Every customer-service message, as WeChat's API received it."""
        with self.lock:
            return [data for path, _, data in self.calls if path == SEND and data is not None]

    def sent_to(self, open_id: str) -> list[str]:
        return [m.get("text", {}).get("content", "") for m in self.sent() if m.get("touser") == open_id]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
