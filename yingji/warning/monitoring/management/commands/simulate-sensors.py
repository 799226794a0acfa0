"""`yingji simulate-sensors`: publish realistic readings of the registered sensors to MQTT, as the county's
gateways would (one message per station and tick, several readings per message), with a storm that crosses the
alarm thresholds, a flickering gas detector, a leak, dropouts and a sensor that falls silent."""

import json
import random
import signal
import threading
import time

import paho.mqtt.client as mqtt
from django.conf import settings
from django.core.management.base import BaseCommand

from yingji.warning.monitoring import simulate


class Command(BaseCommand):
    help = "向MQTT发布模拟监测数据（日变化、噪声、漏报、一场越过阈值的暴雨），演示报警实时产生。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=getattr(settings, "MQTT_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=getattr(settings, "MQTT_PORT", 1883))
        parser.add_argument("--topic-prefix", default="yingji/readings")
        parser.add_argument("--storm-in", type=float, default=2.0, help="minutes until the storm's peak")
        parser.add_argument("--storm-minutes", type=float, default=20.0,
                            help="the storm's width (compressed: a real storm lasts hours)")
        parser.add_argument("--peak", type=float, default=180.0,
                            help="rain intensity at the peak, mm/h (a short cloudburst: its 1 h sum reaches 红色)")
        parser.add_argument("--speed", type=float, default=1.0, help="ticks faster than each sensor's interval")
        parser.add_argument("--duration", type=float, default=0, help="seconds to run (0: until stopped)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        from yingji.warning.monitoring.models import Sensor

        sensors = list(Sensor.objects.active().select_related("station").order_by("code"))
        if not sensors:
            self.stderr.write("没有登记的传感器（先运行 yingji demo）")
            return
        rnd = random.Random(opts["seed"])
        trouble = {sensors[i].code: t for i, t in ((1, "flicker"), (len(sensors) - 1, "silent")) if i < len(sensors)}
        profiles = {s.code: simulate.profile_for(s.code, s.kind, s.interval_seconds / opts["speed"], rnd,
                                                 trouble.get(s.code, ""), s.range_max) for s in sensors}
        station_of = {s.code: s.station.code for s in sensors}
        start = time.time()
        # a short, intense storm (短时强降水): its sums over 1 and 3 hours cross the rain thresholds
        storm = simulate.Storm(centre=start + opts["storm_in"] * 60, width=opts["storm_minutes"] * 60 / 2,
                               peak=opts["peak"])
        gas = [s.code for s in sensors if s.kind == "combustible_gas" and trouble.get(s.code) != "flicker"]
        leak = {gas[0]: (storm.centre, storm.centre + 300)} if gas else {}

        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"simulator-{opts['seed']}",
                             protocol=mqtt.MQTTv5)
        retry, lock = [], threading.Lock()
        pending = {}

        def on_publish(c, u, mid, rc, props):
            with lock:
                sent = pending.pop(mid, None)
                if sent is not None and (rc.is_failure or rc.value == 16):  # no ingest subscribed: send again
                    retry.append(sent)

        client.on_publish = on_publish
        client.max_queued_messages_set(0)
        client.connect(opts["host"], opts["port"], clean_start=False)
        client.loop_start()
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_a: stop.set())
        due = {code: start for code in profiles}
        sent = 0
        self.stdout.write(f"模拟 {len(sensors)} 个传感器 → {opts['host']}:{opts['port']} {opts['topic_prefix']}/<站点编码>；"
                          f"暴雨峰值约 {opts['storm_in']} 分钟后")
        while not stop.is_set() and not (opts["duration"] and time.time() - start > opts["duration"]):
            now = time.time()
            batches = {}
            for code, p in profiles.items():
                if due[code] > now:
                    continue
                due[code] = now + p.interval
                m = simulate.measure(p, now, storm, rnd, leak=leak.get(code), dropout=0.03)
                if m is not None:
                    batches.setdefault(station_of[code], []).append(
                        {"sensor": code, "ts": round(now, 3), "value": m[0]})
            with lock:
                again, retry[:] = list(retry), []
            for topic, payload in again:
                info = client.publish(topic, payload, qos=1)
                with lock:
                    pending[info.mid] = (topic, payload)
            for station, readings in batches.items():
                topic = f"{opts['topic_prefix']}/{station}"
                payload = json.dumps({"gateway": station, "readings": readings})
                info = client.publish(topic, payload, qos=1)
                with lock:
                    pending[info.mid] = (topic, payload)
                sent += len(readings)
            time.sleep(0.2)
        client.loop_stop()
        client.disconnect()
        self.stdout.write(f"已发布 {sent} 条")
