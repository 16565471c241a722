"""The Django cache on Redis, degraded rather than broken when Redis is down.

plek keeps nothing in the cache it cannot do without: sessions live in the database, and the
cache holds progress figures of running jobs and the "a monitor refresh is queued" flag. A
Redis outage must therefore not turn pages into 500s: every cache call that cannot reach Redis
(or times out, ``PLEK_REDIS_TIMEOUT``) behaves as a miss: ``get`` gives the default, ``add``
and ``set`` store nothing (``add`` answers False, so nothing is queued behind it), ``delete``
deletes nothing. The technical log notes each failure's class. When Redis is back the next call
uses it again (redis-py reconnects by itself).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import structlog
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = structlog.get_logger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _or(fallback: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(method)
        def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except _UNREACHABLE as exc:
                logger.warning(
                    "cache_unavailable", operation=method.__name__, error_class=type(exc).__name__
                )
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapped

    return decorate


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class TolerantRedisCacheClient(RedisCacheClient):
    add = _or(False)(RedisCacheClient.add)
    get = _or(_default)(RedisCacheClient.get)
    set = _or(None)(RedisCacheClient.set)
    touch = _or(False)(RedisCacheClient.touch)
    delete = _or(False)(RedisCacheClient.delete)
    get_many = _or(lambda *args, **kwargs: {})(RedisCacheClient.get_many)
    has_key = _or(False)(RedisCacheClient.has_key)
    set_many = _or(lambda *args, **kwargs: [])(RedisCacheClient.set_many)
    delete_many = _or(None)(RedisCacheClient.delete_many)
    clear = _or(False)(RedisCacheClient.clear)


class TolerantRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
