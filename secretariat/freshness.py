"""Has anything a generated document read changed since it was last built? One query to tell (PostgreSQL).

A generated document's cache key is made of the data it shows (``GeneratedDocument.key_parts``), so
finding out that an unchanged report is unchanged costs gathering all its records again: some
fifteen queries and a few thousand objects, 5-8 % of a build. This module answers the same question
from the tables instead, conservatively:

- while the source data is gathered, every table the queries name is recorded (``recording``);
- a table's *state* is its row count and the sum of a hash of each row version's ``ctid`` and
  ``xmin``: any insert, update or delete changes it, a second update in the same transaction too
  (a new row version always gets a new ``ctid``), and nothing else does;
- the key found from the data is remembered under the state the tables had *before* the data was
  read, so a change made meanwhile gives a state that can never match it again.

A document whose tables are in the state remembered is served under the remembered key without
gathering anything. Any change to a recorded table, even to rows the document does not show (another
meeting's participants), sends it the full way: conservative, never stale. The same code reads the
same tables as long as the rows it reads are the same, and the rows are in the recorded tables, so
a branch into another table is always preceded by a change that the state shows.

The memory is per process (a deployment, which may change what the code reads, restarts it) and
bounded. Other databases have no ``xmin``: there every serve gathers the data (development only).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from contextlib import contextmanager

from django.apps import apps
from django.db import connection

_MAX_ENTRIES = 512
_lock = threading.Lock()
_tables: OrderedDict[tuple, frozenset[str]] = OrderedDict()  # document identity -> tables it read
_keys: OrderedDict[tuple, str] = OrderedDict()  # (identity, state of those tables) -> cache key
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def supported() -> bool:
    return connection.vendor == "postgresql"


def known_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


@contextmanager
def recording():
    """Collect the names of the tables the queries run inside the block name (into the yielded set)."""
    names: set[str] = set()
    tables = known_tables()

    def record(execute, sql, params, many, context):
        names.update(word for word in _WORD.findall(sql) if word in tables)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield names


def state(tables: frozenset[str]) -> str:
    """The state of ``tables`` now, in one statement (see the module's docstring)."""
    if not tables:
        return ""
    quote = connection.ops.quote_name
    row_hash = "hashtextextended(ctid::text || '/' || xmin::text, 0)"
    parts = ", ".join(
        f"(SELECT count(*)::text || ':' || coalesce(sum({row_hash}), 0)::text FROM {quote(table)})"  # noqa: S608
        for table in sorted(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT concat_ws('|', {parts})")  # noqa: S608 - table names from the models' _meta
        return cursor.fetchone()[0]


def remembered_key(identity: tuple) -> tuple[str | None, frozenset[str] | None, str | None]:
    """(the key remembered for the tables' present state or None, the tables, that state)."""
    with _lock:
        tables = _tables.get(identity)
    if tables is None or not supported():
        return None, tables, None
    now = state(tables)
    with _lock:
        return _keys.get((identity, now)), tables, now


def remember(identity: tuple, tables: frozenset[str], state_before: str | None, key: str) -> None:
    """Remember what the full way found. ``state_before``: the state of the same tables, read before
    the data was; None (first build, or other tables read this time) remembers the tables only."""
    with _lock:
        if _tables.get(identity) != tables:
            _tables[identity] = tables
            _tables.move_to_end(identity)
        elif state_before is not None:
            _keys[(identity, state_before)] = key
            _keys.move_to_end((identity, state_before))
        for memory in (_tables, _keys):
            while len(memory) > _MAX_ENTRIES:
                memory.popitem(last=False)


def forget() -> None:
    """Forget everything (pdf.clear_cache calls it)."""
    with _lock:
        _tables.clear()
        _keys.clear()
