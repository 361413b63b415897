"""What commands work with: the ini settings, the engine, the plugin manager, a session."""
from __future__ import annotations

import logging.config
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

import click
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .. import models
from ..app_settings import AppSettings, ConfigurationError
from ..plugins import LantaPluginManager, build_plugin_manager


class CliError(Exception):
    """A command failed; the message is one sentence for the person at the terminal."""


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
        return dict(get_appsettings(str(path)))

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
        return build_plugin_manager(self.app_settings.addons_allowed,
                                    strict=self.app_settings.addons_strict)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed when the block ends without error, rolled back otherwise."""
        factory = models.get_session_factory(self.engine)
        dbsession = factory()
        try:
            yield dbsession
            dbsession.commit()
        except OperationalError as exc:
            dbsession.rollback()
            raise CliError(f"The database cannot be used ({exc.orig}); check sqlalchemy.url "
                           f"in {self.config_path} and run 'lanta db upgrade'.") from exc
        except BaseException:
            dbsession.rollback()
            raise
        finally:
            dbsession.close()


pass_env = click.make_pass_decorator(Env)
