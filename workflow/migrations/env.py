"""Alembic environment: the URL comes from `workflow.migrate`, never from an ini file."""

from alembic import context

from workflow.db import make_engine
from workflow.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "workflow.migrate sets sqlalchemy.url"
connection = config.attributes.get("connection")


def _run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
