"""The loopback gateway: a real HTTP service that stands in for an SMS / voice / broadcast operator.

It speaks the small JSON protocol of `channels.HttpGatewayTransport` and keeps its own record in its own SQLite file,
keyed by the idempotency key (our delivery id), so a test can compare what we think we sent with what the
"operator" actually received:

    POST /send     {"messages": [{"key", "channel", "to", "text"}]}
                   → {"results": [{"key", "status": "accepted"|"duplicate"|"rejected", "error"}]}
                   every message received is counted (`receives`); a key seen before is answered "duplicate" and not
                   delivered again (an operator's idempotency), but the count shows that it was sent twice
    POST /query    {"keys": [...]} → {"found": {key: "accepted"|"rejected"}}   (reconciliation of unknown outcomes)
    GET  /receipts?after=N&limit=M → {"items": [{"seq", "key", "kind", "value", "at"}], "last": N}
                   kinds: delivered, undeliverable, reply (SMS 上行), keypress (voice DTMF)
    POST /reply    {"key", "kind": "reply"|"keypress", "value"}   simulate a person replying / pressing a key
    GET  /stats    {"messages", "receives", "duplicates"}     GET /health

Simulated failures (options): numbers matching --reject (default: ending in 0000, "空号") are refused permanently;
--flaky F answers a fraction F of /send calls with 503 before storing anything (a temporary failure).

Run: `yingji loopback-gateway --port 8025 --db var/loopback.sqlite3`, or `python -m yingji.warning.release.gateway`.
Standard library only, so it starts instantly and needs no Django.
"""

import argparse
import json
import random
import re
import sqlite3
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (key TEXT PRIMARY KEY, channel TEXT, recipient TEXT, text TEXT,
                                     status TEXT, error TEXT, first_at TEXT, receives INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS receipts (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT, kind TEXT, value TEXT, at TEXT);
"""


class Store:
    def __init__(self, path, *, reject=r"0000$", undeliverable=r"^$"):
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.lock = threading.Lock()
        self.reject = re.compile(reject) if reject else None
        self.undeliverable = re.compile(undeliverable) if undeliverable else None

    @staticmethod
    def now():
        return datetime.now(UTC).isoformat(timespec="seconds")

    def send(self, messages):
        results = []
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for m in messages:
                    key = str(m["key"])
                    row = self.db.execute("SELECT status FROM messages WHERE key=?", (key,)).fetchone()
                    if row is not None:
                        self.db.execute("UPDATE messages SET receives = receives + 1 WHERE key=?", (key,))
                        results.append({"key": key, "status": "duplicate", "error": ""})
                        continue
                    to = str(m.get("to", ""))
                    if self.reject and self.reject.search(to):
                        status, error = "rejected", "空号或号码无效"
                    else:
                        status, error = "accepted", ""
                    self.db.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,1)",
                                    (key, m.get("channel", ""), to, m.get("text", ""), status, error, self.now()))
                    if status == "accepted":
                        kind = ("undeliverable" if self.undeliverable and self.undeliverable.pattern != "^$"
                                and self.undeliverable.search(to) else "delivered")
                        self.db.execute("INSERT INTO receipts (key, kind, value, at) VALUES (?,?,?,?)",
                                        (key, kind, "", self.now()))
                    results.append({"key": key, "status": status, "error": error})
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return results

    def query(self, keys):
        keys = [str(k) for k in keys]
        found = {}
        with self.lock:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for key, status in self.db.execute(f"SELECT key, status FROM messages WHERE key IN ({marks})", chunk):
                    found[key] = status
        return found

    def receipts(self, after, limit):
        with self.lock:
            rows = self.db.execute("SELECT seq, key, kind, value, at FROM receipts WHERE seq > ? ORDER BY seq LIMIT ?",
                                   (after, limit)).fetchall()
        items = [{"seq": s, "key": k, "kind": kind, "value": v, "at": at} for s, k, kind, v, at in rows]
        return {"items": items, "last": items[-1]["seq"] if items else after}

    def reply(self, key, kind, value):
        with self.lock:
            if self.db.execute("SELECT 1 FROM messages WHERE key=?", (str(key),)).fetchone() is None:
                return False
            self.db.execute("INSERT INTO receipts (key, kind, value, at) VALUES (?,?,?,?)",
                            (str(key), kind, str(value), self.now()))
        return True

    def stats(self):
        with self.lock:
            n, receives, dups = self.db.execute(
                "SELECT COUNT(*), COALESCE(SUM(receives), 0), COALESCE(SUM(receives > 1), 0) FROM messages").fetchone()
        return {"messages": n, "receives": receives, "duplicates": dups}


def make_handler(store, flaky=0.0):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _json(self, code, payload):
            body = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"{}")

        def do_GET(self):
            url = urlparse(self.path)
            q = parse_qs(url.query)
            if url.path == "/health":
                return self._json(200, {"ok": True})
            if url.path == "/stats":
                return self._json(200, store.stats())
            if url.path == "/receipts":
                after = int((q.get("after") or ["0"])[0])
                limit = min(int((q.get("limit") or ["1000"])[0]), 5000)
                return self._json(200, store.receipts(after, limit))
            return self._json(404, {"error": "not found"})

        def do_POST(self):
            url = urlparse(self.path)
            try:
                data = self._body()
            except (ValueError, UnicodeDecodeError):
                return self._json(400, {"error": "bad json"})
            if url.path == "/send":
                if flaky and random.random() < flaky:
                    return self._json(503, {"error": "busy"})
                return self._json(200, {"results": store.send(data.get("messages") or [])})
            if url.path == "/query":
                return self._json(200, {"found": store.query(data.get("keys") or [])})
            if url.path == "/reply":
                ok = store.reply(data.get("key"), data.get("kind", "reply"), data.get("value", "1"))
                return self._json(200 if ok else 404, {"ok": ok})
            return self._json(404, {"error": "not found"})

    return Handler


def serve(port, db, *, host="127.0.0.1", flaky=0.0, reject=r"0000$", ready=None):
    store = Store(db, reject=reject)
    server = ThreadingHTTPServer((host, port), make_handler(store, flaky))
    server.daemon_threads = True
    if ready:
        ready(server)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def add_arguments(parser):
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--db", default="loopback-gateway.sqlite3", help="its own SQLite file (its record)")
    parser.add_argument("--flaky", type=float, default=0.0, help="fraction of /send answered 503 (temporary)")
    parser.add_argument("--reject", default=r"0000$", help="regex of numbers refused permanently (空号)")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Yingji loopback gateway")
    add_arguments(parser)
    args = parser.parse_args(argv)
    print(f"loopback gateway on http://{args.host}:{args.port}/ recording in {args.db}", flush=True)
    serve(args.port, args.db, host=args.host, flaky=args.flaky, reject=args.reject)


if __name__ == "__main__":
    main()
