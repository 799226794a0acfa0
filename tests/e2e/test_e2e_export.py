"""A background export as its user sees it in headless Chromium: 导出Excel on a list above the threshold leads to
the job's page, whose progress bar shows the rows written of the total while the worker writes, without the page
reloading, and ends with the download of the whole file."""

import re
import threading
import time

import pytest
from django.db import connections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 5_000


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def test_a_background_export_shows_its_progress_without_reloading_and_downloads(world, live_server, page, login,
                                                                                tmp_path, settings, monkeypatch):
    from openpyxl import load_workbook

    from yingji.platform.core import exporting
    from yingji.platform.core.models import ExportJob
    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    settings.YINGJI_EXPORT_SYNC_ROWS = 100
    settings.YINGJI_EXPORT_DIR = str(tmp_path / "exports")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # the worker is below
    Region.objects.bulk_create([Region(code=f"3310997{i:05d}", name=f"测试村{i}", level=Level.VILLAGE,
                                       parent=world.regions.township_a) for i in range(ROWS)], batch_size=2000)
    total = Region.objects.filter(level=Level.VILLAGE).count()

    login(world.users.admin)
    page.goto(f"{live_server.url}/regions/?level=5")
    page.locator("#export-xlsx").click()
    page.wait_for_url(re.compile(r"/exports/\d+/$"))
    page.evaluate("window.notReloaded = true")
    bar = page.locator("#export-job .progress-bar")
    expect(bar).to_have_text(f"0 / {total}")
    expect(page.locator("#export-job")).to_contain_text("排队中")
    # the worker thread below shares the one in-memory SQLite connection with the live server
    from .conftest import wait_for_notification_count

    wait_for_notification_count(page)
    job = ExportJob.objects.get()

    # the worker: the real job, its rows slowed to about 1.5 s per 2,000 (one progress report) so the page is
    # seen between two reports
    real_rows = exporting.iter_rows

    def slow_rows(columns, records):
        for i, row in enumerate(real_rows(columns, records)):
            if i % 100 == 0:
                time.sleep(0.07)
            yield row

    monkeypatch.setattr(exporting, "iter_rows", slow_rows)
    shared = connections["default"]

    def work():
        if shared.vendor == "sqlite":  # the in-memory test database: the one connection the live server uses too
            connections["default"] = shared
        try:
            exporting.run_job(job.pk)
        finally:
            if shared.vendor != "sqlite":
                connections["default"].close()

    if shared.vendor == "sqlite":
        shared.inc_thread_sharing()  # as Django's live server does with the test's connection
    worker = threading.Thread(target=work)
    worker.start()
    try:
        expect(bar).to_have_text(re.compile(rf"^[1-9]\d* / {total}$"))  # part-way: 2,000 or 4,000 rows written
        expect(page.locator("#export-job")).to_contain_text("导出中")
        assert 0 < int(bar.inner_text().split(" / ")[0]) < total
        download_link = page.locator("#export-download")
        expect(download_link).to_be_visible()
    finally:
        worker.join(60)
        if shared.vendor == "sqlite":
            shared.dec_thread_sharing()
    expect(bar).to_have_text(f"{total} / {total}")
    assert page.evaluate("window.notReloaded") is True  # HTMX swapped the progress in; the page never reloaded
    with page.expect_download() as info:
        download_link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    info.value.save_as(tmp_path / "downloaded.xlsx")
    ws = load_workbook(tmp_path / "downloaded.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _r in ws.iter_rows(values_only=True)) == total + 1
    assert not page.js_errors
