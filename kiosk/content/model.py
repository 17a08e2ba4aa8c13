"""The exhibition as immutable values. Screens read these; nothing writes to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
class UnverifiedAddress:
    """An address the content cites whose page could not be read to check what the content
    takes from it: exempt from the sources check by name, and listed in docs/sources.md, until
    the page is verified (and becomes a Source) or the figure is replaced."""

    url: str
    used_by: str  # what in the content takes a figure from it
    why: str  # what was tried, and what is missing


@dataclass(frozen=True)
class SourceList:
    """exhibits/sources.yaml."""

    sources: tuple  # Source
    unverified: tuple = ()  # UnverifiedAddress


@dataclass(frozen=True)
class Source:
    """A page a figure or an address comes from, as listed in exhibits/sources.yaml."""

    id: str
    url: str
    publisher: Text  # named in each language: Espoon kaupunki / Esbo stad / City of Espoo
    title: str  # as the page itself titles it
    year: int  # when the page was published or last updated
    page: str  # what kind of page it is, for the curators
    checked: date
    how: str  # how it was checked: from which copy of the page

    def cite(self, language: str) -> str:
        """'Fortum 2024': how a screen names the source, in the visitor's language."""
        return f"{self.publisher(language)} {self.year}"


@dataclass(frozen=True)
class Fact:
    label: Text
    value: float | int
    year: int
    source: Source
    unit: str | None = None
    note: Text | None = None
    target: bool = False  # a goal for `year`, not a figure measured in it


@dataclass(frozen=True)
class PictureNumber:
    """A number drawn into a picture, declared so that it is sourced like a fact."""

    value: float | int
    year: int
    source: Source
    unit: str | None = None
    target: bool = False


@dataclass(frozen=True)
class PictureVariant:
    """Another drawing of the same picture: for one language, one palette, or both."""

    file: str
    language: str | None = None
    palette: str | None = None


DEFAULT_PALETTE = "standard"


@dataclass(frozen=True)
class Image:
    file: str  # relative to the media folder, with '/' separators
    alt: Text
    credit: Text
    numbers: tuple[PictureNumber, ...] = ()
    variants: tuple[PictureVariant, ...] = ()

    def file_for(self, language: str, palette: str = DEFAULT_PALETTE) -> str:
        """The drawing for this language and palette: the variant that matches both, else the
        one that matches the palette (any language) or the language (standard palette), else
        `file`."""
        wanted = palette if palette != DEFAULT_PALETTE else None
        ranked = (
            (language, wanted),
            (None, wanted),
            *(((language, None),) if wanted is None else ()),
        )
        for want_language, want_palette in ranked:
            for variant in self.variants:
                if variant.language == want_language and variant.palette == want_palette:
                    return variant.file
        return self.file

    @property
    def files(self) -> tuple[str, ...]:
        return (self.file, *(variant.file for variant in self.variants))


@dataclass(frozen=True)
class Link:
    url: str  # the address in the required language
    label: Text
    urls: tuple[tuple[str, str], ...] = ()  # (language, address) where it differs by language

    def url_for(self, language: str) -> str:
        """The page in the visitor's language where one is published, else `url`."""
        return dict(self.urls).get(language, self.url)

    @property
    def all_urls(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.url, *(url for _language, url in self.urls))))


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
    source: Source


@dataclass(frozen=True)
class Goal:
    """An emissions goal and how far the city has come: shown on the goal screen."""

    baseline_year: int
    target_year: int
    target_cut: float  # per cent below the baseline year
    progress: tuple[Milestone, ...]
    source: Source

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

    @property
    def stations(self) -> tuple[Station, ...]:
        return tuple(s for t in self.themes for s in t.stations)

    def picture_files(self) -> list[str]:
        """Every picture file the exhibition shows, relative to media/, each once."""
        files = {name for theme in self.themes for name in theme.image.files}
        files |= {
            name for station in self.stations for image in station.images for name in image.files
        }
        return sorted(files)


@dataclass(frozen=True)
class Term:
    """One concept's agreed word in each language, and the variants not to use."""

    id: str
    agreed: Text
    avoid: tuple[tuple[str, tuple[str, ...]], ...]  # (language, wrong variants)
    note: str | None = None

    def wrong(self, language: str) -> tuple[str, ...]:
        return dict(self.avoid).get(language, ())


@dataclass(frozen=True)
class Terminology:
    terms: tuple[Term, ...]
    not_checked_yet: tuple[tuple[str, str], ...] = ()  # (file under exhibits/, reason)


@dataclass(frozen=True)
class Content:
    """Everything loaded from exhibits/ and media/, with a hash that names this version."""

    exhibition: Exhibition
    content_hash: str
    quiz: object = (
        None  # kiosk.footprint.model.Quiz, when exhibits/quiz.yaml exists (kiosk.content_files)
    )
    pledges: tuple = ()  # kiosk.stats.pledges.Pledge, from exhibits/pledges.yaml
    sources: tuple[Source, ...] = ()  # from exhibits/sources.yaml
    unverified_addresses: tuple[UnverifiedAddress, ...] = ()  # from exhibits/sources.yaml
    terminology: Terminology | None = None  # from exhibits/terminology.yaml
