"""Prepared statements for the few SQL statements that run hundreds of times a second.

PostgreSQL plans every statement it is sent; for a join of six tables the planning costs several
times the execution (0.6 ms of 0.7 ms of database CPU for the autosave's read, measured with
benchmarks/deadline_rush.py). A statement prepared once per connection is planned once, so on
deadline day the database spends its CPU on the saves themselves.

    READ = PreparedStatement("report_form_read", "SELECT … WHERE id = %(form)s", {"form": "integer"})
    rows = READ.fetchall({"form": 12})

Each statement is prepared on first use in each connection (``PREPARE`` is per session, survives
transactions and is gone with the connection). The wrapper remembers which raw connection it knows
and what that session has prepared (read from ``pg_prepared_statements`` once per connection), so a
reconnection prepares again and nothing is prepared twice. Other databases run the SQL as it is.
"""

from __future__ import annotations

import re

from django.db import DEFAULT_DB_ALIAS, connections

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class PreparedStatement:
    """One SQL statement with ``%(name)s`` placeholders, and the PostgreSQL type of each parameter."""

    def __init__(self, name: str, sql: str, types: dict[str, str]):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"A prepared statement's name is an SQL identifier, not {name!r}.")
        used = set(_PLACEHOLDER.findall(sql))
        if used != set(types):
            raise ValueError(f"{name}: parameters {sorted(used)} but types for {sorted(types)}")
        self.name, self.sql, self.order = name, sql, list(types)
        numbered = _PLACEHOLDER.sub(lambda match: f"${self.order.index(match.group(1)) + 1}", sql)
        self.prepare_sql = f"PREPARE {name} ({', '.join(types.values())}) AS {numbered}"
        self.execute_sql = f"EXECUTE {name} ({', '.join(['%s'] * len(self.order))})"

    def fetchall(self, params: dict, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        connection = connections[using]
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute(self.sql, params)
                return cursor.fetchall()
            prepared = connection.__dict__.get("_prepared_statements")
            if prepared is None or prepared[0] is not connection.connection:
                # A connection this wrapper has not prepared on yet: ask the session what it holds.
                cursor.execute("SELECT name FROM pg_prepared_statements")
                names = {name for (name,) in cursor.fetchall()}
                prepared = connection._prepared_statements = (connection.connection, names)
            if self.name not in prepared[1]:
                cursor.execute(self.prepare_sql)
                prepared[1].add(self.name)
            cursor.execute(self.execute_sql, [params[name] for name in self.order])
            return cursor.fetchall()

    def fetchone(self, params: dict, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
        rows = self.fetchall(params, using)
        return rows[0] if rows else None
