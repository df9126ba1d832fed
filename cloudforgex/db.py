"""Database helpers shared by the apps."""

from django.db import connection


def connection_release() -> None:
    """Hand a pooled database connection back while the request waits on something slow.

    With a pool (``DATABASE_POOL_MAX_SIZE``) Django keeps the connection a
    request took until the request ends; a chat would then hold it through a
    second of model latency, and a gevent worker with thirty chats in flight
    would need thirty connections. Closing returns it to the pool; the next
    query takes one again. Without a pool, or inside a transaction, this does
    nothing.
    """
    if connection.settings_dict.get("OPTIONS", {}).get("pool") and not connection.in_atomic_block:
        connection.close()
