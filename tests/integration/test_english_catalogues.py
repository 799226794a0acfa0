"""English is available everywhere: every string makemessages finds in an app with its own catalogue has an English
msgstr in that app's compiled .mo, and one page of each new domain app renders with an English heading.

How an app gets its catalogue: docs/development/conventions.md (Translations).
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
#: the apps that must have an English catalogue of their own (any other app that has one is checked as well)
REQUIRED = ["yingji/warning/monitoring", "yingji/warning/alerts", "yingji/warning/release", "yingji/warning/response",
            "yingji/command/duty", "yingji/command/incidents", "yingji/command/resources"]
#: platform/core files whose strings live in the project catalogue (locale/en)
CORE_FILES = ["yingji/platform/core/" + f for f in ("oncall.py", "sweeper.py", "handoffs.py", "maplayers.py",
                                                     "planlevels.py", "exporting.py", "export_views.py")]
CORE_TEMPLATES = "templates/core/export*.html", "templates/core/_export*.html"
PROJECT = "locale"
#: not extracted: no UI strings there, and copying them would only slow the extraction
SKIP_DIRS = ("locale", "tests", "migrations", "static", "__pycache__", "doc_templates", "schemas")


def app_folders():
    """The installed apps under yingji/ that have locale/en/LC_MESSAGES/django.po, as paths relative to the root."""
    found = set()
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(ROOT / "yingji") and (path / "locale/en/LC_MESSAGES/django.po").exists():
            found.add(path.relative_to(ROOT).as_posix())
    return sorted(found)


def need_gettext():
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"GNU gettext is not installed ({', '.join(missing)}; Debian package gettext)")


def read_po(path):
    """[(key, [msgstr…], flags)] of a .po file, key as gettext's catalogue has it: msgid, "ctxt\\x04msgid", or
    (msgid, 0) for a plural. The header and obsolete (#~) entries are left out."""
    entries, cur, field = [], None, None

    def close():
        if cur and cur.get("msgid"):
            key = cur["msgid"] if cur.get("msgctxt") is None else f"{cur['msgctxt']}\x04{cur['msgid']}"
            if "msgid_plural" in cur:
                key = (key, 0)
            strs = [v for k, v in sorted(cur.items()) if k.startswith("msgstr")]
            entries.append((key, strs, cur["flags"]))

    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or (line.startswith("#") and cur and "msgid" in cur):
            close()
            cur, field = None, None
            if not line.strip():
                continue
        if cur is None:
            cur = {"flags": set()}
        if line.startswith("#,"):
            cur["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            cur[field] += ast.literal_eval(line)
        else:
            field, _space, value = line.partition(" ")
            cur[field] = ast.literal_eval(value)
    return entries


def catalogue(mo_path):
    with open(mo_path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """{folder: set of keys} found by one makemessages run over a copy of each app (and of the core files), each copy
    with an empty locale folder of its own, so nothing in the working tree is written."""
    need_gettext()
    work = tmp_path_factory.mktemp("makemessages")
    copies = {}
    for i, folder in enumerate([*app_folders(), PROJECT]):
        copy = work / f"app{i:03d}"
        if folder == PROJECT:
            copy.mkdir()
            for name in CORE_FILES:
                shutil.copy(ROOT / name, copy)
            (copy / "templates/core").mkdir(parents=True)
            for pattern in CORE_TEMPLATES:
                for t in ROOT.glob(pattern):
                    shutil.copy(t, copy / "templates/core")
        else:
            shutil.copytree(ROOT / folder, copy, ignore=shutil.ignore_patterns(*SKIP_DIRS, "*.pyc"))
        (copy / "locale").mkdir()
        copies[folder] = copy
    here = Path.cwd()
    try:
        os.chdir(work)
        with override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    found = {}
    for folder, copy in copies.items():
        po = copy / "locale/en/LC_MESSAGES/django.po"
        found[folder] = {key for key, _strs, _flags in read_po(po)} if po.exists() else set()
    return found


def test_the_new_domain_apps_have_a_catalogue_of_their_own():
    missing = [f for f in REQUIRED if f not in app_folders()]
    assert not missing, f"no locale/en/LC_MESSAGES/django.po in {missing} (docs/development/conventions.md)"


@pytest.mark.parametrize("folder", [*app_folders(), PROJECT])
def test_every_string_has_english(extracted, folder):
    """The compiled .mo (what Django reads) has a non-empty English for every string of a fresh extraction."""
    mo = catalogue(ROOT / folder / "en/LC_MESSAGES/django.mo" if folder == PROJECT
                   else ROOT / folder / "locale/en/LC_MESSAGES/django.mo")
    assert extracted[folder], f"makemessages found no strings in {folder}: is the extraction broken?"
    missing = sorted(str(k) for k in extracted[folder] if not mo.get(k))
    where = "the project catalogue (locale/en)" if folder == PROJECT else f"{folder}/locale/en"
    assert not missing, (f"{len(missing)} string(s) without English in {where}: {missing[:20]} — run makemessages, "
                         "translate, compile (docs/development/conventions.md, Translations)")


@pytest.mark.parametrize("folder", app_folders())
def test_the_catalogue_is_complete_and_compiled(folder, tmp_path):
    """No fuzzy or empty entry in the .po, and the committed .mo is the .po compiled (same catalogue)."""
    need_gettext()
    po = ROOT / folder / "locale/en/LC_MESSAGES/django.po"
    entries = read_po(po)
    fuzzy = [k for k, _strs, flags in entries if "fuzzy" in flags]
    empty = [k for k, strs, _flags in entries if not all(strs)]
    assert not fuzzy, f"fuzzy entries in {po}: {fuzzy[:20]}"
    assert not empty, f"entries without English in {po}: {empty[:20]}"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True, capture_output=True)
    assert catalogue(fresh) == catalogue(po.with_suffix(".mo")), f"{po.with_suffix('.mo')} is stale: run msgfmt"


@pytest.mark.parametrize("folder", [*app_folders(), PROJECT])
def test_no_english_is_written_twice(folder):
    """A msgstr continued with a copy of itself (83 entries of the project catalogue once read "…them hereRecord the
    hazards…" and the 403 page said its sentence four times)."""
    po = ROOT / folder / ("en" if folder == PROJECT else "locale/en") / "LC_MESSAGES/django.po"
    doubled = [k for k, strs, _flags in read_po(po) for s in strs
               if len(s) > 20 and any(len(s) % n == 0 and s == s[:len(s) // n] * n for n in (2, 3, 4))]
    assert not doubled, f"English repeated in {po}: {doubled[:10]}"


PAGES = [  # (URL name, the English heading, the Chinese one)
    ("monitoring:alarm_board", "Monitoring alarms", "监测报警"),
    ("alerts:warning_list", "Warnings", "预警信息"),
    ("release:release_list", "Warning release", "预警发布"),
    ("response:emergencyresponse_list", "Emergency response", "应急响应"),
    ("duty:home", "Duty desk", "值班台"),
    ("duty:roster", "Duty roster", "排班表"),
    ("incidents:incident_list", "Emergency incidents", "突发事件"),
    ("resources:shelter_list", "Emergency shelters", "应急避难场所"),
]


def heading(response):
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "english", "chinese"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_english(world, client_for, url_name, english, chinese):
    """The language switch's cookie (Accept-Language is ignored on purpose, core/locale.py) gives English."""
    client = client_for(world.users.leader)
    response = client.get(reverse(url_name))
    assert response.status_code == 200 and chinese in heading(response)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(url_name))
    assert response.status_code == 200 and response.headers["Content-Language"] == "en"
    assert english in heading(response), heading(response)
    assert chinese not in heading(response)



@pytest.mark.django_db
def test_what_is_published_stays_chinese_when_the_pages_are_english(world):
    """With English catalogues, choice labels are English in an English request; the CAP messages, the headline and
    the official report built in that request still speak Chinese (CAP info.language is zh-CN)."""
    from yingji.command.incidents import documents
    from yingji.command.incidents.models import Incident
    from yingji.warning.alerts import cap
    from yingji.warning.alerts.models import Warning

    warning, incident = world.sample(Warning), world.sample(Incident)
    with translation.override(settings.LANGUAGE_CODE):
        event, level, category = (warning.get_event_type_display(), warning.get_level_display(),
                                  incident.get_category_display())
    with translation.override("en"):
        assert warning.get_event_type_display() != event  # the pages do get English
        xml, national = cap.cap_xml(warning).decode(), cap.national_xml(warning).decode()
        headline = warning.default_headline()
        report = documents.context(incident, "report", world.users.duty)
    assert f"<event>{event}</event>" in xml and f"<value>{level}</value>" in xml
    assert f"<headline>{headline}</headline>" in national
    assert event in headline and level in headline
    assert report["category"] == category
