"""Every schema change is a migration: the migrations build exactly the schema the
records describe, and they run down to nothing and back up again."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from tests.app.databases import fresh_database


def _differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "compare_server_default": False})
        return compare_metadata(context, db.metadata)


def test_the_migrations_build_what_the_records_describe(tmp_path_factory, app_settings):
    with fresh_database(tmp_path_factory) as url:
        app = create_app({**app_settings, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            assert _differences() == [], "a record changed without a migration (flask db migrate)"
            downgrade(revision="base")
            with db.engine.connect() as conn:
                assert set(db.inspect(conn).get_table_names()) <= {"alembic_version"}
            upgrade()
            assert _differences() == []
            db.engine.dispose()
