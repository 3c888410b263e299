"""secretariat.cache: production's shared cache (sessions read through it), on the local Redis.

Skipped when no Redis answers (the ``redis_url`` fixture of tests/conftest.py); ``.ci/run`` starts one.
"""

import pytest

from secretariat.cache import RedisCache


@pytest.fixture
def cache(redis_url):
    backend = RedisCache(redis_url, {"KEY_PREFIX": "portal-tests", "TIMEOUT": 60})
    yield backend
    backend.clear()


def test_it_stores_reads_and_forgets_like_djangos_backend(cache):
    assert cache.get("missing", "default") == "default"
    cache.set("session", {"_auth_user_id": "7"})
    assert cache.get("session") == {"_auth_user_id": "7"}
    assert cache.add("session", "other") is False
    cache.set("counter", 1)
    assert cache.incr("counter") == 2
    cache.delete("session")
    assert cache.get("session") is None


def test_one_client_serves_every_call(cache):
    client = cache._cache.get_client()
    assert cache._cache.get_client("any key") is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
    cache.set("k", "v")
    assert client.exists(cache.make_and_validate_key("k")) == 1
