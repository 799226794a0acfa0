"""Channels behind one small transport interface (the model: healthchecks' Transport classes).

A transport sends a batch of messages and answers, per message, accepted / refused for good (PermanentError: a
number that does not exist) or raises for the whole batch:

- `TemporaryError`: the operator certainly did not take the batch (503, connection refused) → retried with back-off;
- `UnknownOutcome`: it may have (timeout after the request was written, connection cut) → the rows stay `sending`
  and are reconciled with `query()` before anything is sent again.

`query(keys)` asks the operator which idempotency keys it holds (None: this transport cannot say, e.g. SMTP; such
rows are sent again, at-least-once, and docs/release.md says so). `receipts(cursor)` pulls delivery reports and
replies (短信上行, 语音按键).

Which class serves which channel is configuration: settings.YINGJI_RELEASE_CHANNELS or the environment variable of
the same name (JSON), e.g.

    {"sms":   {"class": "yingji.warning.release.channels.HttpGatewayTransport", "url": "https://sms.example/api",
               "rate": 400, "batch": 200, "token": "…"},
     "email": {"class": "yingji.warning.release.channels.EmailTransport", "rate": 20}}

Channels not named there go to the loopback gateway (YINGJI_RELEASE_GATEWAY_URL, default http://127.0.0.1:8025).
"""

import abc
import http.client
import json
import os
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings
from django.utils.module_loading import import_string

from .choices import Channel


class TemporaryError(Exception):
    """The batch was certainly not taken; try again later."""


class UnknownOutcome(Exception):
    """The batch may or may not have been taken; reconcile before sending again."""


@dataclass
class Outgoing:
    key: str  # the delivery id: the idempotency key
    channel: str
    to: str
    text: str


@dataclass
class Result:
    key: str
    ok: bool
    error: str = ""  # why it was refused for good (ok=False)


@dataclass
class Receipt:
    key: str
    kind: str  # delivered | undeliverable | reply | keypress
    value: str = ""


class RateLimiter:
    """A token bucket: at most `rate` messages a second in this process (0 = unlimited)."""

    def __init__(self, rate):
        self.rate = float(rate or 0)
        self.allowance = self.rate
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def take(self, n):
        if self.rate <= 0:
            return
        with self.lock:
            while True:
                now = time.monotonic()
                self.allowance = min(self.rate, self.allowance + (now - self.last) * self.rate)
                self.last = now
                if self.allowance >= min(n, self.rate):
                    self.allowance -= n
                    return
                time.sleep((min(n, self.rate) - self.allowance) / self.rate)


class Transport(abc.ABC):
    """One channel's adapter. Subclasses implement send(); query() and receipts() when the operator offers them."""

    batch = 100
    rate = 0

    def __init__(self, channel, **options):
        self.channel = channel
        self.options = options
        self.batch = int(options.get("batch", self.batch))
        self.limiter = RateLimiter(options.get("rate", self.rate))

    @abc.abstractmethod
    def send(self, messages):
        """[Outgoing] -> [Result] (one per message); raises TemporaryError / UnknownOutcome for the batch."""

    def query(self, keys):
        """{key: Result} for the keys the operator holds; None when it cannot tell."""
        return None

    def receipts(self, cursor):
        """([Receipt], new cursor) after `cursor` (an int kept by the caller)."""
        return [], cursor


class HttpGatewayTransport(Transport):
    """The JSON-over-HTTP protocol of the loopback gateway (gateway.py); a real operator's HTTP API is a subclass
    overriding `send`/`query`/`receipts` (or a gateway speaking this protocol in front of it). 500 messages a call
    by default (`batch` in the configuration): one claim, one request and one recorded outcome serve them all."""

    batch = 500

    def __init__(self, channel, **options):
        super().__init__(channel, **options)
        url = urlparse(options.get("url") or gateway_url())
        self.host, self.port = url.hostname, url.port or (443 if url.scheme == "https" else 80)
        self.https = url.scheme == "https"
        self.prefix = url.path.rstrip("/")
        self.timeout = float(options.get("timeout", 10))
        self.token = options.get("token", "")
        self._conn = None

    def _connection(self):
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def _close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _call(self, method, path, payload=None, *, idempotent):
        body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        conn = self._connection()
        try:
            conn.request(method, self.prefix + path, body=body, headers=headers)
        except (TimeoutError, ConnectionError, OSError, http.client.HTTPException) as e:
            # the request did not go out whole: nothing was taken
            self._close()
            raise TemporaryError(f"网关不可达：{e}") from e
        try:
            response = conn.getresponse()
            data = response.read()
        except (TimeoutError, ConnectionError, OSError, http.client.HTTPException) as e:
            self._close()
            if idempotent:
                raise TemporaryError(f"网关无应答：{e}") from e
            raise UnknownOutcome(f"网关无应答，结果不明：{e}") from e
        if response.status >= 500 or response.status == 429:
            raise TemporaryError(f"网关繁忙（HTTP {response.status}）")
        if response.status >= 400:
            raise TemporaryError(f"网关拒绝请求（HTTP {response.status}）")
        return json.loads(data or b"{}")

    def send(self, messages):
        self.limiter.take(len(messages))
        data = self._call("POST", "/send", {"messages": [
            {"key": m.key, "channel": m.channel, "to": m.to, "text": m.text} for m in messages]}, idempotent=False)
        by_key = {str(r["key"]): r for r in data.get("results", [])}
        out = []
        for m in messages:
            r = by_key.get(m.key)
            if r is None:
                raise UnknownOutcome("网关应答缺少部分消息")
            out.append(Result(m.key, r["status"] in ("accepted", "duplicate"), r.get("error", "")))
        return out

    def query(self, keys):
        found = self._call("POST", "/query", {"keys": list(keys)}, idempotent=True).get("found", {})
        return {k: Result(k, status != "rejected", "" if status != "rejected" else "空号或号码无效")
                for k, status in found.items()}

    def receipts(self, cursor):
        data = self._call("GET", f"/receipts?after={int(cursor)}&limit=2000", idempotent=True)
        return [Receipt(str(i["key"]), i["kind"], i.get("value", "")) for i in data.get("items", [])], data["last"]


class EmailTransport(Transport):
    """E-mail through Django's mail backend (EMAIL_* settings). SMTP cannot be asked what it took: query() is None."""

    batch = 20

    def send(self, messages):
        from django.core.mail import get_connection
        from django.core.mail.message import EmailMessage

        self.limiter.take(len(messages))
        try:
            conn = get_connection()
            conn.open()
        except OSError as e:
            raise TemporaryError(f"邮件服务器不可达：{e}") from e
        results = []
        try:
            for m in messages:
                try:
                    EmailMessage(subject=m.text[:40], body=m.text, to=[m.to], connection=conn).send()
                    results.append(Result(m.key, True))
                except OSError as e:
                    raise UnknownOutcome(str(e)) from e
        finally:
            conn.close()
        return results


def gateway_url():
    return getattr(settings, "YINGJI_RELEASE_GATEWAY_URL", None) or os.environ.get(
        "YINGJI_RELEASE_GATEWAY_URL", "http://127.0.0.1:8025")


def configuration():
    conf = getattr(settings, "YINGJI_RELEASE_CHANNELS", None)
    if conf is None:
        raw = os.environ.get("YINGJI_RELEASE_CHANNELS", "")
        conf = json.loads(raw) if raw else {}
    return conf


_cache = {}


def transport(channel):
    """The configured transport of `channel`, one instance per process (it keeps its connection and rate)."""
    conf = configuration().get(channel) or {}
    key = (channel, json.dumps(conf, sort_keys=True), gateway_url())
    if key not in _cache:
        options = dict(conf)
        cls = import_string(options.pop("class", "yingji.warning.release.channels.HttpGatewayTransport"))
        _cache[key] = cls(channel, **options)
    return _cache[key]


def reset():
    """Forget the transports (a forked worker, a test that changed the configuration)."""
    _cache.clear()


ALL = [c.value for c in Channel]
