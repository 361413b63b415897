"""What commands work with: the ini settings, the engine, the plugin manager, a session."""
from __future__ import annotations

import configparser
import logging.config
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

import click
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from .. import models
from ..app_settings import AppSettings, ConfigurationError
from ..plugins import LantaPluginManager, build_plugin_manager
from ..services import search_sync
from ..services.search import SearchIndex


class CliError(Exception):
    """A command failed; the message is one sentence for the person at the terminal."""


def first_line(error: BaseException) -> str:
    """A driver's error message without the SQL and caret lines that follow it."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(".")


class Env:
    def __init__(self, config_path: str) -> None:
        self.config_path = config_path

    @cached_property
    def settings(self) -> dict:
        path = Path(self.config_path)
        if not path.is_file():
            raise CliError(f"The config file {path} does not exist; pass -c FILE or set "
                           "LANTA_CONFIG.")
        from pyramid.paster import get_appsettings
        try:
            logging.config.fileConfig(str(path), disable_existing_loggers=False,
                                      defaults={"here": str(path.resolve().parent)})
        except (KeyError, ValueError):
            pass  # an ini file without logging sections: keep Python's defaults
        except RuntimeError as exc:  # how fileConfig reports a file it cannot parse
            raise CliError(f"The config file {path} is not a valid ini file "
                           f"({first_line(exc.__context__ or exc)}).") from exc
        try:
            return dict(get_appsettings(str(path)))
        except LookupError as exc:
            raise CliError(f"The config file {path} has no [app:main] section; start from "
                           "production.ini.") from exc
        except configparser.Error as exc:
            raise CliError(f"The config file {path} is not a valid ini file "
                           f"({first_line(exc)}).") from exc

    @cached_property
    def app_settings(self) -> AppSettings:
        try:
            return AppSettings.from_settings(self.settings)
        except ConfigurationError as exc:
            raise CliError(str(exc)) from exc

    @cached_property
    def engine(self):
        return models.get_engine(self.app_settings.database_url)

    @cached_property
    def plugins(self) -> LantaPluginManager:
        # The reason of a broken add-on is shown in one line below, not as a logged
        # traceback.
        app_settings = self.app_settings
        plugins_log = logging.getLogger("lanta.plugins")
        previous = plugins_log.disabled
        plugins_log.disabled = True
        try:
            pm = build_plugin_manager(app_settings.addons_allowed,
                                      strict=app_settings.addons_strict)
        except Exception as exc:
            raise CliError(f"An add-on failed to load and lanta.addons.strict is on in "
                           f"{self.config_path}: {type(exc).__name__}: {exc}.") from exc
        finally:
            plugins_log.disabled = previous
        for addon in pm.addons.values():
            if addon.state == "broken":
                click.echo(f"Warning: the add-on {addon.name} failed to load: "
                           f"{addon.reason}.", err=True)
        return pm

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed when the block ends without error, rolled back otherwise."""
        factory = models.get_session_factory(self.engine)
        dbsession = factory()
        index = self._search_index()
        if index is not None:
            # What a command commits (an import, the demo, an account) reaches the site
            # search at once, as an edit on the web does.
            search_sync.SearchSync(index, plugins=self.plugins).install(dbsession)
        try:
            # Commands are writers: on SQLite they queue behind the web's writers.
            with models.writing():
                yield dbsession
                dbsession.commit()
        except (OperationalError, ProgrammingError) as exc:
            # OperationalError: unreachable, or a missing table on SQLite;
            # ProgrammingError: a missing table on PostgreSQL.
            dbsession.rollback()
            raise CliError(f"The database cannot be used ({first_line(exc.orig)}); check "
                           f"sqlalchemy.url in {self.config_path} and run 'lanta db upgrade'."
                           ) from exc
        except BaseException:
            dbsession.rollback()
            raise
        finally:
            dbsession.close()
            if index is not None:
                index.close()

    def _search_index(self) -> SearchIndex | None:
        directory = self.app_settings.search_index_dir
        try:
            return SearchIndex(directory)
        except OSError as exc:
            click.echo(f"Warning: the search index folder {directory} cannot be used "
                       f"({exc.strerror or exc}); changes made now reach the site search "
                       "at the next 'lanta reindex'.", err=True)
            return None


pass_env = click.make_pass_decorator(Env)
