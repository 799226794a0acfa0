"""Test configuration for the whole tree: fast hashing, immediate tasks, a scratch media folder, personas."""

import tempfile

import pytest
from django.conf import settings


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="yingji-media-")
    settings.YINGJI_DOC_TEMPLATES_DIR = tempfile.mkdtemp(prefix="yingji-doctemplates-")  # the shipped ones
    settings.YINGJI_2FA_REQUIRED_ROLES = []  # the 2FA tests switch it on where they test it
    settings.SECURE_SSL_REDIRECT = False


def pytest_collection_modifyitems(config, items):
    """Tests marked `slow` (each runs for a minute or more) run first, so that xdist's workers share them out while
    the many short tests fill the gaps, instead of one worker running the demo build alone at the end while the
    other has finished (the suite's wall time). pytest-django has already put the tests in its order (database
    tests, then transactional ones, then those without a database: a transactional test's flush must not come
    before a test that expects the migrations' seed rows); a transactional test stays where it is.

    Tests marked `postgres` need PostgreSQL as the test database: they run in `make test-postgres` (DATABASE_URL)
    and are skipped, saying so, on SQLite."""
    items.sort(key=lambda item: not (item.get_closest_marker("slow") and not _transactional(item)))
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL as the test database (make test-postgres)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
                or "transactional_db" in fixtures or "live_server" in fixtures)


def pytest_sessionstart(session):
    """Import every app's testing.py before collection, so that its sample_factory registrations exist when a test
    module parametrizes over them (the export, list and write matrices), whichever files are collected."""
    from yingji.platform.core.discovery import autodiscover

    autodiscover("testing")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test databases are built from the models (`--no-migrations` in pyproject.toml: 2 s instead of 70 s of
    rendering historical models per database), then given the migrations' seed rows (core/seeding.py;
    tests/integration/test_migrations.py proves the result equals a migrated database)."""
    if request.config.option.nomigrations:
        from yingji.platform.core.seeding import replay_seeds

        with django_db_blocker.unblock():
            replay_seeds()


@pytest.fixture
def world(db):
    from yingji.platform.core.testing import build_world

    return build_world()


@pytest.fixture
def client_for(client):
    """client_for(user): a test client logged in as user (second factor already passed)."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for():
    """api_for(user): a DRF APIClient authenticated as user."""
    from rest_framework.test import APIClient

    def make(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _empty_map_tile_cache():
    """The map's tile cache lives in the process: a test starts with it empty (a rolled-back test database would
    otherwise meet the tiles of the test before it under the same scope and data version)."""
    from django.core.cache import caches

    caches["map"].clear()
