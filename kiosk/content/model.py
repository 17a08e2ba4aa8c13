"""The exhibition as immutable values. Screens read these; nothing writes to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One text in every configured language (missing ones already filled by the fallback)."""

    values: tuple[tuple[str, str], ...]

    def __call__(self, language: str) -> str:
        for code, text in self.values:
            if code == language:
                return text
        return self.values[0][1]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.values)

    def paragraphs(self, language: str) -> tuple[str, ...]:
        """The text split at blank lines: the readable chunks a screen shows one by one."""
        chunks = (" ".join(part.split()) for part in self(language).split("\n\n"))
        return tuple(chunk for chunk in chunks if chunk)


@dataclass(frozen=True)
class Fact:
    label: Text
    value: float | int
    year: int
    source: str
    unit: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Image:
    file: str  # relative to the media folder, with '/' separators
    alt: Text
    credit: str


@dataclass(frozen=True)
class Link:
    url: str
    label: Text


@dataclass(frozen=True)
class Station:
    id: str
    title: Text
    lead: Text
    body: Text
    facts: tuple[Fact, ...]
    espoo_does: Text
    you_can_do: Text
    images: tuple[Image, ...] = ()
    links: tuple[Link, ...] = ()
    related: tuple[str, ...] = ()
    speech: Text | None = None  # read aloud instead of the body, where the body reads badly


@dataclass(frozen=True)
class Milestone:
    year: int
    cut: float  # per cent below the baseline year
    source: str


@dataclass(frozen=True)
class Goal:
    """An emissions goal and how far the city has come: shown on the goal screen."""

    baseline_year: int
    target_year: int
    target_cut: float  # per cent below the baseline year
    progress: tuple[Milestone, ...]
    source: str

    @property
    def latest(self) -> Milestone:
        return max(self.progress, key=lambda milestone: milestone.year)


THEME_KINDS = (
    "climate-change",
    "housing",
    "mobility",
    "food",
    "consumption",
    "adaptation",
    "goal-2030",
    "other",
)
REQUIRED_THEME_KINDS = THEME_KINDS[:-1]


@dataclass(frozen=True)
class Theme:
    id: str
    kind: str
    title: Text
    lead: Text
    image: Image
    stations: tuple[Station, ...]
    color: str | None = None
    goal: Goal | None = None


@dataclass(frozen=True)
class SpokenWord:
    """A curator's lexicon entry: how `written` is said in each language."""

    written: str
    spoken: Text
    unit: bool = False  # a unit: said so only right after a number ("12 t")


@dataclass(frozen=True)
class Exhibition:
    title: Text
    invitation: Text
    themes: tuple[Theme, ...]
    subtitle: Text | None = None
    lexicon: tuple[SpokenWord, ...] = ()

    def station(self, station_id: str) -> Station | None:
        return next((s for s in self.stations if s.id == station_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def theme_of(self, station_id: str) -> Theme | None:
        return next((t for t in self.themes if any(s.id == station_id for s in t.stations)), None)

    def theme_of_kind(self, kind: str) -> Theme | None:
        return next((t for t in self.themes if t.kind == kind), None)

    @property
    def stations(self) -> tuple[Station, ...]:
        return tuple(s for t in self.themes for s in t.stations)

    def picture_files(self) -> list[str]:
        """Every picture file the exhibition shows, relative to media/, each once."""
        files = {theme.image.file for theme in self.themes}
        files |= {image.file for station in self.stations for image in station.images}
        return sorted(files)


@dataclass(frozen=True)
class Content:
    """Everything loaded from exhibits/ and media/, with a hash that names this version."""

    exhibition: Exhibition
    content_hash: str
    quiz: object = None  # kiosk.footprint.model.Quiz, when exhibits/quiz.yaml exists
    pledges: tuple = ()  # kiosk.stats.pledges.Pledge, from exhibits/pledges.yaml
