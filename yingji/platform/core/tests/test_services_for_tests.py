"""The private broker and database really start, stop and come back, on ports of their own."""

import socket

import psycopg

from yingji.platform.core.services_for_tests import private_mosquitto, private_postgres, wait_for_port


def test_private_mosquitto_restarts_on_its_own_port():
    with private_mosquitto() as broker:
        assert broker.port != 1883
        socket.create_connection(("127.0.0.1", broker.port), timeout=1).close()
        broker.stop()
        wait_for_port(broker.port, closed=True, timeout=5)
        broker.start()
        socket.create_connection(("127.0.0.1", broker.port), timeout=1).close()


def test_private_postgres_keeps_committed_rows_across_a_restart():
    with private_postgres() as pg:
        assert pg.port != 5432
        with psycopg.connect(pg.url.replace("postgres://", "postgresql://"), autocommit=True) as c:
            c.execute("CREATE TABLE t (v int)")
            c.execute("INSERT INTO t VALUES (7)")
        pg.restart()
        with psycopg.connect(pg.url.replace("postgres://", "postgresql://")) as c:
            assert c.execute("SELECT v FROM t").fetchall() == [(7,)]
