"""The processing worker: one daemon thread per application, started once the
application is created, when the ini allows background workers
(``lanta.background_workers``, off in tests, which call :mod:`.services.processing`
themselves).

It processes waiting uploads one after the other in its own session, and when none is
left it sleeps on an event for at most :data:`IDLE_WAIT_S` seconds: a contribution's
request sets the event once its transaction has committed (:func:`wake_after_commit`),
so a new upload is processed at once; uploads left by a restart are found by the first
pass. An error is logged and never ends the loop.
"""
from __future__ import annotations

import logging
import threading

from transaction.interfaces import NoTransaction

from lanta.models import get_session_factory, writing

from .services import posters, processing

log = logging.getLogger(__name__)

IDLE_WAIT_S = 30.0
THREAD_NAME = "imagewall-worker"


def _event_of(registry) -> threading.Event:
    return registry.imagewall_wake


def run_once(registry) -> bool:
    """Process one waiting upload in a fresh session; True when there was one."""
    settings = registry.lanta_settings
    factory = get_session_factory(registry.lanta_engine)
    dbsession = factory()
    try:
        with writing():  # on SQLite, queue with the site's other writers
            # "Claimed" rather than "an item came back": one deleted while it was
            # processed must not send the worker to sleep with others waiting.
            claimed, _item = processing.process_one(
                dbsession, settings.uploads_dir,
                ffmpeg=posters.program_from(registry.settings), now=None)
        return claimed
    finally:
        dbsession.close()


def _loop(registry, stop: threading.Event) -> None:
    wake = _event_of(registry)
    while not stop.is_set():
        wake.clear()  # before looking: an upload committed meanwhile sets it again
        try:
            busy = run_once(registry)
        except Exception:  # the tables missing, the database away: retry later
            log.exception("the imagewall worker failed; it tries again in %s s",
                          IDLE_WAIT_S)
            busy = False
        if not busy:
            wake.wait(IDLE_WAIT_S)


def start(registry) -> threading.Thread | None:
    """Start the registry's worker thread (once); None when background work is off."""
    if not registry.lanta_settings.background_workers:
        return None
    if getattr(registry, "imagewall_worker", None) is not None:
        return registry.imagewall_worker
    stop = threading.Event()
    thread = threading.Thread(target=_loop, args=(registry, stop), name=THREAD_NAME,
                              daemon=True)
    registry.imagewall_worker, registry.imagewall_worker_stop = thread, stop
    thread.start()
    return thread


def wake_after_commit(request) -> None:
    """Wake the worker once the request's transaction has committed (the new row is
    then visible to its session)."""
    wake = getattr(request.registry, "imagewall_wake", None)
    if wake is None:
        return
    try:
        current = request.tm.get()
    except NoTransaction:
        wake.set()
        return
    current.addAfterCommitHook(lambda committed: wake.set() if committed else None)


def _on_application_created(event) -> None:
    start(event.app.registry)


def includeme(config) -> None:
    config.registry.imagewall_wake = threading.Event()
    config.add_subscriber(_on_application_created, "pyramid.events.ApplicationCreated")
