"""Opening a database whose schema is current costs one query: no Alembic, no foreign-key check
(issue #10); an older schema is still migrated and checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import event, text

from dosisdesk.domain.errors import SchemaMismatch
from dosisdesk.storage import migrate
from dosisdesk.storage.db import Database, make_engine


def test_revisions_read_from_the_files_agree_with_alembic() -> None:
    script = ScriptDirectory.from_config(migrate.config("sqlite://"))
    assert migrate.head() == script.get_current_head()
    assert set(migrate.revisions()) == {s.revision for s in script.walk_revisions()}


def test_a_current_database_opens_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Database.create(url, training=False).dispose()  # created and migrated
    probe = (
        "import sys\n"
        "from dosisdesk.storage.db import Database\n"
        f"Database.open({url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_current_database_is_not_key_checked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Database.create(url, training=False).dispose()
    seen: list[str] = []
    from sqlalchemy.engine import Engine

    def spy(_conn: object, _cur: object, statement: str, *_a: object) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", spy)
    try:
        Database.open(url).dispose()
    finally:
        event.remove(Engine, "before_cursor_execute", spy)
    assert not [s for s in seen if "foreign_key_check" in s]
    assert len([s for s in seen if "FROM alembic_version" in s]) == 1


def test_an_older_schema_is_migrated_and_checked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    first = sorted(migrate.revisions())[0]
    migrate.upgrade(url, first)
    if first == migrate.head():
        pytest.skip("only one migration")
    db = Database.open(url)
    assert migrate.current(db.engine) == migrate.head()
    db.dispose()


def test_a_newer_schema_is_refused_without_change(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Database.create(url, training=False).dispose()
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaMismatch):
        Database.open(url)
    assert migrate.current(engine) == "9999"
    engine.dispose()


def test_the_partial_indexes_keep_their_filter_on_both_engines(tmp_path: Path) -> None:
    """Each engine gives the tables its own options when it is made (storage/tables.py
    ``sqlite_options``, ``postgresql_options``): the partial indexes' filters on both, SQLite's
    tables without a rowid."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from dosisdesk.storage import tables

    make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none").dispose()  # never connects
    make_engine(f"sqlite:///{tmp_path / 'none.sqlite'}").dispose()  # never connects
    for name in ("flag_candidates", "audit_citizens"):
        ddl = str(CreateTable(tables.metadata.tables[name]).compile(dialect=sqlite.dialect()))
        assert ddl.rstrip().endswith("WITHOUT ROWID")
    partial = [
        i
        for t in tables.metadata.tables.values()
        for i in t.indexes
        if i.name in tables._PARTIAL_WHERE
    ]
    assert len(partial) == len(tables._PARTIAL_WHERE) >= 3
    for index in partial:
        where = tables._PARTIAL_WHERE[str(index.name)]
        for dialect in (sqlite.dialect(), postgresql.dialect()):
            assert str(CreateIndex(index).compile(dialect=dialect)).endswith(f"WHERE {where}")


def test_a_postgresql_engine_is_made_without_the_sqlite_dialect() -> None:
    probe = (
        "import sys\n"
        "from dosisdesk.storage.db import make_engine\n"
        "import dosisdesk.storage.models\n"
        "make_engine('postgresql+psycopg://nobody@127.0.0.1:1/none').dispose()\n"
        "print('sqlalchemy.dialects.sqlite' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_sqlite_database_opens_without_the_postgresql_dialect(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Database.create(url, training=False).dispose()
    probe = (
        "import sys\n"
        "from dosisdesk.storage.db import Database\n"
        "import dosisdesk.storage.models\n"
        f"Database.open({url!r}).dispose()\n"
        "print('sqlalchemy.dialects.postgresql' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
