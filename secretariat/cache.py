"""Django's Redis cache backend with one Redis client per connection pool instead of one per call.

Django builds a ``redis.Redis`` object for every cache operation (0.1 ms of CPU each, measured with
benchmarks/deadline_rush.py, where every request reads its session from the cache). A client is
thread-safe and holds no connection of its own (it takes one from the pool for each command), so
one per pool serves every thread of a worker. Configured in secretariat/settings/prod.py.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
