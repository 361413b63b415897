"""The chat's figures over a range of office days: conversations per day and per ISO
week, and for each channel and overall the median first-response time, the median
duration and the visitors' satisfaction.

A conversation counts on the office day (Europe/Paris) it began. Its first-response
time is ``first_response_at - created_at`` (conversations with a staff reply), its
duration ``closed_at - created_at`` (closed ones). Satisfaction is the number of
ratings, their mean and the share rated 4 or 5. Medians are taken in Python over the
range's rows: a range holds at most a year, a few thousand conversations.

The range is a :class:`lanta.reporting.Period` built and checked by the view (its
``start``, ``end``, ``days`` and UTC ``bounds`` are read here); that module is Pyramid's
side, so this service, like every service, does not import it.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Conversation
from .clock import office_day

SATISFIED = (4, 5)


@dataclass
class Stats:
    """The figures of a group of conversations (a day, a channel, a day and a channel,
    or all of them)."""

    conversations: int = 0
    with_reply: int = 0
    closed: int = 0
    median_first_response_s: float | None = None
    median_duration_s: float | None = None
    ratings: int = 0
    mean_rating: float | None = None
    satisfied_share: float | None = None


@dataclass
class _Pile:
    """The raw values of a group, turned into :class:`Stats` once every row is read."""

    count: int = 0
    first_responses: list[float] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)

    def stats(self) -> Stats:
        rated = len(self.ratings)
        return Stats(
            conversations=self.count, with_reply=len(self.first_responses),
            closed=len(self.durations),
            median_first_response_s=_median(self.first_responses),
            median_duration_s=_median(self.durations), ratings=rated,
            mean_rating=sum(self.ratings) / rated if rated else None,
            satisfied_share=(sum(1 for r in self.ratings if r in SATISFIED) / rated
                             if rated else None))


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass(frozen=True)
class Week:
    """An ISO week touching the range; ``partial`` when the range holds only some of
    its days (then ``conversations`` counts those)."""

    year: int
    number: int
    monday: dt.date
    conversations: int
    partial: bool


@dataclass
class Figures:
    span: Any  # the lanta.reporting.Period of the figures
    per_day: dict[dt.date, int]
    weeks: list[Week]
    channels: dict[str, Stats]
    per_day_channel: dict[tuple[dt.date, str], Stats]
    overall: Stats


def _seconds(later: dt.datetime | None, earlier: dt.datetime) -> float | None:
    if later is None:
        return None
    # A clock set back between two writes must not give a negative time.
    return max(0.0, (later - earlier).total_seconds())


def _rows(dbsession: Session, span_):
    since, until = span_.bounds
    return dbsession.execute(
        select(Conversation.channel, Conversation.created_at,
               Conversation.first_response_at, Conversation.closed_at,
               Conversation.rating)
        .where(Conversation.created_at >= since, Conversation.created_at < until)).all()


def figures(dbsession: Session, span_) -> Figures:
    """Every figure of the range."""
    overall, by_channel = _Pile(), defaultdict(_Pile)
    by_day_channel: dict[tuple[dt.date, str], _Pile] = defaultdict(_Pile)
    per_day = {day: 0 for day in span_.days}
    for channel, created, first_response, closed, rating in _rows(dbsession, span_):
        day = office_day(created)
        per_day[day] = per_day.get(day, 0) + 1
        for pile in (overall, by_channel[channel], by_day_channel[(day, channel)]):
            pile.count += 1
            if (waited := _seconds(first_response, created)) is not None:
                pile.first_responses.append(waited)
            if (lasted := _seconds(closed, created)) is not None:
                pile.durations.append(lasted)
            if rating is not None:
                pile.ratings.append(rating)
    return Figures(span=span_, per_day=per_day, weeks=_weeks(per_day),
                   channels={name: pile.stats() for name, pile in sorted(by_channel.items())},
                   per_day_channel={key: pile.stats()
                                    for key, pile in sorted(by_day_channel.items())},
                   overall=overall.stats())


def _weeks(per_day: dict[dt.date, int]) -> list[Week]:
    counts: dict[tuple[int, int], list[int]] = {}
    mondays: dict[tuple[int, int], dt.date] = {}
    for day, count in sorted(per_day.items()):
        year, number, weekday = day.isocalendar()
        counts.setdefault((year, number), []).append(count)
        mondays[(year, number)] = day - dt.timedelta(days=weekday - 1)
    return [Week(year, number, mondays[(year, number)], sum(values), len(values) < 7)
            for (year, number), values in counts.items()]


def summary(dbsession: Session, week) -> Stats:
    """The figures of ``week`` (Monday to today), for the dashboard."""
    return figures(dbsession, week).overall
