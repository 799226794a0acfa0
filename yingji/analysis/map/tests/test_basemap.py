"""The optional offline basemap served by Yingji itself: a raster PMTiles archive or a folder of z/x/y tiles."""

import pytest
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

from yingji.analysis.map import views

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"tile-%d-%d-%d"


def _archive(path, tiles, tile_type=TileType.PNG):
    with write(str(path)) as writer:
        for z, x, y in sorted(tiles, key=lambda t: zxy_to_tileid(*t)):
            writer.write_tile(zxy_to_tileid(z, x, y), PNG % (z, x, y))
        writer.finalize({"tile_type": tile_type, "tile_compression": Compression.NONE},
                        {"attribution": "测试底图"})
    return path


@pytest.fixture
def no_cached_archive():
    views._archives.clear()
    yield
    views._archives.clear()


def test_a_pmtiles_archive_is_the_basemap_and_its_tiles_are_served(world, client_for, settings, tmp_path,
                                                                   no_cached_archive):
    settings.YINGJI_MAP_PMTILES = str(_archive(tmp_path / "county.pmtiles", [(0, 0, 0), (1, 1, 0), (2, 3, 1)]))
    leader = client_for(world.users.leader)
    config = leader.get("/analysis/map/").context["map_config"]
    assert config["basemap"] == {"url": "/analysis/map/tiles/{z}/{x}/{y}.png", "attribution": "测试底图",
                                 "max_zoom": 2}
    r = leader.get("/analysis/map/tiles/2/3/1.png")
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r.content == PNG % (2, 3, 1)
    assert "max-age" in r["Cache-Control"]
    for missing in ("/analysis/map/tiles/2/0/0.png", "/analysis/map/tiles/9/0/0.png",
                    "/analysis/map/tiles/1/5/0.png", "/analysis/map/tiles/0/0/0.jpg"):
        assert leader.get(missing).status_code == 404, missing  # absent, beyond the zoom or the grid, wrong type
    assert client_for(world.users.nobody).get("/analysis/map/tiles/0/0/0.png").status_code == 403
    assert "/accounts/login/" in client_for_anonymous(leader).get("/analysis/map/tiles/0/0/0.png").url


def client_for_anonymous(_client):
    from django.test import Client

    return Client()


def test_a_vector_archive_is_refused_with_a_clear_message(settings, tmp_path, no_cached_archive):
    from django.core.exceptions import ImproperlyConfigured

    settings.YINGJI_MAP_PMTILES = str(_archive(tmp_path / "vector.pmtiles", [(0, 0, 0)], TileType.MVT))
    with pytest.raises(ImproperlyConfigured, match="raster"):
        views.basemap()


def test_a_tile_folder_is_the_basemap(world, client_for, settings, tmp_path):
    (tmp_path / "3" / "6").mkdir(parents=True)
    (tmp_path / "3" / "6" / "2.png").write_bytes(PNG % (3, 6, 2))
    settings.YINGJI_MAP_TILES_DIR = str(tmp_path)
    leader = client_for(world.users.leader)
    assert leader.get("/analysis/map/").context["map_config"]["basemap"]["url"] == "/analysis/map/tiles/{z}/{x}/{y}.png"
    r = leader.get("/analysis/map/tiles/3/6/2.png")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG % (3, 6, 2)
    assert leader.get("/analysis/map/tiles/3/6/9.png").status_code == 404
