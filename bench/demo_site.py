"""The demo office in a fresh SQLite database, for the benchmarks that serve pages."""
from __future__ import annotations

from pathlib import Path

from lanta import migrate, models
from lanta.plugins import build_plugin_manager
from lanta.services import demo


def seed_demo(directory: Path, filename: str = "lanta.sqlite") -> str:
    """Migrate a new database under ``directory``, load the demo office; return its URL."""
    url = f"sqlite:///{directory / filename}"
    pm = build_plugin_manager()
    engine = models.get_engine(url)
    migrate.quiet(migrate.upgrade, migrate.alembic_config(pm, engine=engine))
    with models.get_session_factory(engine)() as dbsession:
        demo.load_core(dbsession, [a.name for a in pm.loaded_addons()])
        dbsession.commit()
    engine.dispose()
    return url
