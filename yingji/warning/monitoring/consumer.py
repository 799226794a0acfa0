"""The MQTT consumer behind `yingji ingest`: paho-mqtt 2.2, MQTT v5, a shared subscription so several processes
split the stream, a persistent session (the broker keeps QoS 1 messages while we are away) and manual
acknowledgement: a message is acknowledged only after the transaction that stored its readings has committed.

Two threads, so that the database's work overlaps ours: paho's network thread decodes each message as it arrives
(JSON, shape: ingest.parse_message, no database) and queues it; the main thread takes what is parsed — up to `batch` messages, waiting at most `wait` seconds after the first for more: while it is busy with
one transaction the next batch forms by itself, so the batch grows with the load and the latency stays low — runs
ingest.Pipeline.process (one transaction) and on success acks the batch's messages. A database error leaves the
batch unacknowledged and is retried with backoff (the process never exits on it); the broker redelivers what we
could not ack after a reconnect, and the readings' unique (sensor, ts) makes the redelivery harmless. Counters go
to the heartbeat row.
"""

import collections
import gc
import logging
import os
import socket
import threading
import time

import paho.mqtt.client as mqtt
from django.db import close_old_connections, connection
from django.utils import timezone
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from .choices import RejectReason
from .ingest import Pipeline, Rejection, parse_message

log = logging.getLogger("yingji.monitoring.ingest")

DEFAULT_TOPIC = "yingji/readings/#"
DEFAULT_GROUP = "yingji"
HEARTBEAT_EVERY = 1.0


class Consumer:
    def __init__(self, *, host="127.0.0.1", port=1883, topic=DEFAULT_TOPIC, group=DEFAULT_GROUP, name=None,
                 batch=500, wait=0.01, session_expiry=3600, on_batch=None):
        self.name = name or f"{socket.gethostname()}-ingest"
        self.host, self.port, self.topic, self.group = host, port, topic, group
        self.batch, self.wait = batch, wait
        self.session_expiry = session_expiry
        self.pipeline = Pipeline(self.name)
        # (item, good readings, rejections) from paho's thread; item: (generation, mid, qos, topic, payload, receive
        # time)
        self.parsed = collections.deque()
        self.ready = threading.Condition()
        self.generation = 0  # a new one per connection: acks of an older connection are dropped (mids are reused)
        self.stopping = threading.Event()
        self.connected = threading.Event()
        self.on_batch = on_batch
        self.received = 0  # messages the broker delivered (network thread)
        self.unsettled = {}  # id(batch) -> oldest receive time
        self.last_beat = 0.0
        self.last_error = ""
        self.last_stored_at = None  # when the last transaction that stored readings committed
        self.started_at = timezone.now()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self.name, protocol=mqtt.MQTTv5,
                                  manual_ack=True)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(0.2, 5)

    # --- paho callbacks (network thread) -------------------------------------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("MQTT connect refused: %s", reason_code)
            return
        self.generation += 1
        client.subscribe(f"$share/{self.group}/{self.topic}", qos=1)
        self.connected.set()
        log.info("connected to %s:%s, subscribed to $share/%s/%s (session present: %s)", self.host, self.port,
                 self.group, self.topic, flags.session_present)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.connected.clear()
        log.warning("MQTT disconnected (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, msg):
        """Decode the message here, in paho's thread (a separate parsing thread cost two thread switches a message,
        for no more overlap: this thread runs while the main one waits on PostgreSQL just the same), and wake the
        main thread only when it may be waiting for this message: the first of an empty queue, or a full batch
        (_take waits for either, else for its deadline)."""
        self.received += 1
        topic, payload = msg.topic, msg.payload
        item = (self.generation, msg.mid, msg.qos, topic, payload, time.time())
        try:
            good, bad = parse_message(topic, payload)
        except Exception as e:  # parse_message refuses bad input itself; this is a bug: count it, keep going
            log.exception("parsing a message failed")
            good, bad = [], [Rejection(RejectReason.BAD_SHAPE, f"{type(e).__name__}: {e}"[:120], topic=topic)]
        with self.ready:
            self.parsed.append((item, good, bad))
            n = len(self.parsed)
            if n == 1 or n >= self.batch:
                self.ready.notify()

    # --- the main loop ------------------------------------------------------------------------------------------------
    def connect(self):
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = self.session_expiry
        props.ReceiveMaximum = 1000
        self.client.connect_async(self.host, self.port, keepalive=30, clean_start=False, properties=props)
        self.client.loop_start()

    def run(self, *, until=None):
        """Consume until stop() (or `until()` returns True)."""
        try:  # the sensors before the messages (Pipeline.preload); without the database the batches load them
            log.info("%s sensors loaded", self.pipeline.preload())
        except Exception as e:
            log.warning("sensors not loaded before the first batch (%s): the batches will load them", e)
            self.pipeline.forget()
            close_old_connections()
            try:
                connection.close()
            except Exception:
                pass
        # what is loaded by now (Django, the models, the modules) lives as long as the process: out of the
        # collector's sight, so that a full collection — triggered by the batches' short-lived tuples — does not walk
        # it (measured: 0.2 s a pause on the loaded machine, 10× less frozen)
        gc.freeze()
        self.connect()
        try:
            while not self.stopping.is_set() and not (until and until()):
                items = self._take()
                if items:
                    self._settle(items)
                self._heartbeat()
        finally:
            self.stopping.set()
            self.client.loop_stop()
            self.client.disconnect()
            self._heartbeat(force=True, stopped=True)

    def stop(self):
        self.stopping.set()

    def _take(self):
        """Up to `batch` parsed messages: what is there, or what arrives within `wait` seconds of the first."""
        with self.ready:
            if not self.parsed and not self.ready.wait_for(lambda: self.parsed, timeout=0.2):
                return []
            if len(self.parsed) < self.batch:
                deadline = self.parsed[0][0][-1] + self.wait  # the first message's receive time
                self.ready.wait_for(lambda: len(self.parsed) >= self.batch,
                                    timeout=max(0.0, deadline - time.time()))
            n = min(len(self.parsed), self.batch)
            return [self.parsed.popleft() for _ in range(n)]

    def _settle(self, parsed):
        items = [item for item, _good, _bad in parsed]
        messages = [(topic, payload) for _g, _mid, _q, topic, payload, _t in items]
        good = [(item[3], rows) for item, rows, _bad in parsed if rows]
        bad = [r for _item, _good, b in parsed for r in b]
        oldest = min(t for *_rest, t in items)
        self.unsettled[id(items)] = oldest
        delay = 0.2
        while not self.stopping.is_set():
            try:
                result = self.pipeline.process(messages, parsed=(good, bad))
                break
            except Exception as e:  # the database is down or restarting: keep the batch, retry, never exit
                self.last_error = f"{type(e).__name__}: {e}"[:300]
                log.error("storing a batch failed (%s); retrying in %.1f s", self.last_error, delay)
                close_old_connections()
                try:
                    connection.close()
                except Exception:
                    pass
                self._heartbeat()
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
        else:
            return  # stopping: unacknowledged, the broker redelivers to the next process
        del self.unsettled[id(items)]
        if result.stored:
            self.last_stored_at = timezone.now()
        for gen, mid, qos, *_rest in items:
            if qos and gen == self.generation:
                self.client.ack(mid, qos)
        if self.on_batch is not None:
            self.on_batch(result, items)

    def _heartbeat(self, force=False, stopped=False):
        now = time.monotonic()
        if not force and now - self.last_beat < HEARTBEAT_EVERY:
            return
        self.last_beat = now
        from .models import IngestHeartbeat

        t = self.pipeline.totals
        waiting = list(self.unsettled.values())
        try:
            waiting.append(self.parsed[0][0][-1])
        except IndexError:  # empty (or emptied by another thread meanwhile)
            pass
        oldest = min(waiting) if waiting else None
        values = {"host": socket.gethostname()[:100], "pid": os.getpid(), "started_at": self.started_at,
                  "updated_at": timezone.now(), "stopped_at": timezone.now() if stopped else None,
                  "messages": self.received, "settled_messages": t["messages"], "delivered": t["readings"],
                  "stored": t["stored"], "duplicates": t["duplicates"], "rejected": t["rejected"],
                  "rejected_by_reason": dict(self.pipeline.rejected_by_reason),
                  "oldest_unsettled_at": _aware(oldest), "last_error": self.last_error}
        if self.last_stored_at is not None:
            values["last_stored_at"] = self.last_stored_at
        try:
            IngestHeartbeat.objects.update_or_create(consumer=self.name, defaults=values)
        except Exception as e:  # the database is down: the watchdog sees the heartbeat age
            log.warning("heartbeat not written: %s", e)
            close_old_connections()


def _aware(ts):
    if ts is None:
        return None
    import datetime

    return datetime.datetime.fromtimestamp(ts, datetime.UTC)
