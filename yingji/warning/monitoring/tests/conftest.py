import pytest


@pytest.fixture
def gas(world):
    """A combustible-gas sensor (rules: 黄 25 / 红 50 %LEL, the seeded GB/T 50493-2019 row) in township A."""
    from ..testing import make_sensor

    return make_sensor(world, world.regions.township_a, code="GAS-1", interval_seconds=10)
