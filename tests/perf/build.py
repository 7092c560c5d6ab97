"""Build a benchmark database (run by the harness in a subprocess; not collected by pytest).

    python -m tests.perf.build SIZE SQLITE_PATH
    python -m tests.perf.build SIZE POSTGRES_URL --copy-from SQLITE_PATH

The first builds the seed-7 demo into a new SQLite file. The second copies such a file, row for
row with its ids, into a freshly migrated PostgreSQL schema with COPY (building the demo through
the ORM on a server takes far longer and yields the same rows).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tests.perf.harness import build_sqlite


def copy_to_postgres(src: Path, url: str) -> None:
    from sqlalchemy import select, text

    from dosisdesk.storage import models as m
    from dosisdesk.storage.db import Database, make_engine

    t = time.perf_counter()
    target = Database.open(url, upgrade=True)
    source = make_engine(f"sqlite:///{src}")
    tables = list(m.Base.metadata.sorted_tables)
    raw = target.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")  # no FK triggers while loading
        for table in reversed(tables):
            cur.execute(f'DELETE FROM "{table.name}"')  # seeds from the migration, if any
        with source.connect() as sconn:
            for table in tables:
                cols = [c.name for c in table.columns]
                names = ", ".join(f'"{c}"' for c in cols)
                result = sconn.execution_options(yield_per=20_000).execute(select(table))
                with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as cp:  # type: ignore[attr-defined]
                    for row in result:
                        cp.write_row(
                            [
                                col.type.process_bind_param(v, target.engine.dialect)
                                if hasattr(col.type, "process_bind_param")
                                else v
                                for col, v in zip(table.columns, row, strict=True)
                            ]
                        )
                if "id" in cols and table.c.id.autoincrement is not False:
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                    )
        cur.execute("SET session_replication_role = DEFAULT")
        raw.commit()
        # What autovacuum does on a server that runs it (this project's test server does not):
        # the planner's statistics, and the visibility maps that let an index-only scan read
        # an index without the table's rows (the citizen search's page, migration 0014)
        driver = raw.driver_connection
        assert driver is not None
        driver.autocommit = True  # VACUUM runs outside a transaction
        cur.execute("VACUUM (ANALYZE) " + ", ".join(f'"{t.name}"' for t in tables))
        driver.autocommit = False
        cur.execute("CREATE TABLE perf_complete (at timestamptz DEFAULT now())")
        raw.commit()
    finally:
        raw.close()
    with target.engine.connect() as c:
        n = c.execute(text("SELECT count(*) FROM citizens")).scalar_one()
    target.dispose()
    source.dispose()
    print(f"copied {n:,} citizens into PostgreSQL in {time.perf_counter() - t:.0f} s", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("size", type=int)
    ap.add_argument("target")
    ap.add_argument("--copy-from", type=Path)
    args = ap.parse_args()
    if args.copy_from:
        copy_to_postgres(args.copy_from, args.target)
    else:
        took = build_sqlite(args.size, Path(args.target))
        print(f"built {args.size:,} citizens in {took:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
