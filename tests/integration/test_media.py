"""Uploaded files only through scoped views, in every mode (issue 16, item 9).

Under DEBUG the URL conf used to add Django's static /media/ route: an inspection photo or a hazard photo was
reachable anonymously at its storage URL, bypassing the scoped view, and an unknown address showed Django's
technical 404 page listing every URL pattern. Tested with DEBUG on and the URL conf loaded under it.
"""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches

from yingji.supervision.hazards.models import Hazard
from yingji.supervision.inspections.models import InspectionPhoto
from yingji.supervision.inspections.testing import PNG_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings):
    """The URL conf as it loads with DEBUG on (and again as it was afterwards)."""
    import yingji.urls

    settings.DEBUG = True
    importlib.reload(yingji.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(yingji.urls)
    clear_url_caches()


def _photo_hazard(world):
    hazard = world.sample(Hazard, world.regions.township_a)
    hazard.photo.save("site.png", ContentFile(PNG_BYTES))
    return hazard


def test_an_uploaded_photo_is_never_served_by_its_storage_url_even_in_debug(debug_urls, world, client, client_for):
    hazard = _photo_hazard(world)
    photo = world.sample(InspectionPhoto, world.regions.township_a)
    for stored in (hazard.photo, photo.file):
        assert stored.url.startswith("/media/")
        for who in (client, client_for(world.users.township_b), client_for(world.users.township_a)):
            response = who.get(stored.url)
            assert response.status_code == 404, (stored.url, response.status_code)
            assert PNG_BYTES not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_scoped_view_serves_the_photo_only_to_those_who_may_see_the_record(debug_urls, world, client,
                                                                             client_for):
    hazard = _photo_hazard(world)
    url = f"/hazards/{hazard.pk}/photo/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(world.users.township_b).get(url).status_code == 404  # another township's record
    assert client_for(world.users.outsider).get(url).status_code == 404  # another county's
    mine = client_for(world.users.township_a).get(url)
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == PNG_BYTES
    assert mine["Cache-Control"] == "private, no-store" and mine["X-Content-Type-Options"] == "nosniff"
    # the record's page links to the scoped view, not to the storage URL
    page = client_for(world.users.township_a).get(hazard.get_absolute_url()).content.decode()
    assert url in page and hazard.photo.url not in page


def test_an_unknown_address_never_shows_the_list_of_url_patterns_in_debug(debug_urls, world, client, client_for):
    for who in (client, client_for(world.users.township_a)):
        response = who.get("/no-such-page/")
        assert response.status_code == 404
        text = response.content.decode()
        assert "URLconf" not in text and "api/v1/" not in text and "<int:pk>" not in text
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
