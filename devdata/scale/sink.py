"""Fast bulk writers for the scale generator.

Rows are plain tuples with explicit primary keys, so children can point at parents without a round
trip. On PostgreSQL they go in with COPY (psycopg2 `copy_expert`); elsewhere with `executemany`
INSERTs. Writers buffer rows and flush together in dependency order, one transaction per flush, so
a parent row is always committed with (or before) the rows that point at it.

Measured with 100,000 attendance rows on PostgreSQL on a busy machine (BENCHMARKS.md):
`bulk_create` in batches of 5,000 about 5,600 rows/s, COPY about 17,400 rows/s.
"""

import datetime
import io
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class Table:
    """Buffered rows of one model, written with the columns named by `fields` (attnames)."""

    def __init__(self, model, fields):
        self.model = model
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(name).column for name in fields]
        self.rows = []
        self.written = 0
        self.next_id = 1

    def start_ids(self):
        """Continue after the highest existing primary key."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(self.table)}")
            self.next_id = (cursor.fetchone()[0] or 0) + 1

    def new_id(self):
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, row):
        self.rows.append(row)

    def write(self, cursor):
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in self.rows:
                buffer.write("\t".join(map(_copy_text, row)))
                buffer.write("\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(f'COPY "{self.table}" ({quoted}) FROM STDIN', buffer)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(
                f'INSERT INTO "{self.table}" ({quoted}) VALUES ({marks})',
                [tuple(map(_sqlite_value, row)) for row in self.rows],
            )
        self.written += len(self.rows)
        self.rows = []


class Sink:
    """Tables in dependency order (parents first); flushes all of them when one grows large."""

    def __init__(self, batch_size=100_000, check_references=True):
        self.tables = {}
        self.batch_size = batch_size
        # On PostgreSQL a superuser may skip the foreign-key triggers while copying: the rows are
        # consistent by construction, and the checks cost more than the copy itself.
        self.check_references = check_references

    def table(self, key, model, fields):
        table = Table(model, fields)
        table.start_ids()
        self.tables[key] = table
        return table

    def __getitem__(self, key):
        return self.tables[key]

    def maybe_flush(self):
        if any(len(t.rows) >= self.batch_size for t in self.tables.values()):
            self.flush()

    def flush(self):
        with transaction.atomic(), connection.cursor() as cursor:
            if not self.check_references and connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            for table in self.tables.values():
                table.write(cursor)

    def finish(self):
        """Write what is left, move the id sequences past the new rows, refresh planner stats."""
        self.flush()
        models = [table.model for table in self.tables.values()]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if connection.vendor in ("postgresql", "sqlite"):
                for table in self.tables.values():
                    cursor.execute(f'ANALYZE "{table.table}"')
