import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Renditions are remembered in the cache; each test starts afresh.
    cache.clear()
    yield
    cache.clear()
