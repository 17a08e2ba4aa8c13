"""kiosk.yaml -> frozen Settings, validated with the same schema language as the content."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.content.links import DOMAIN_PATTERN
from kiosk.content.loader import read_file
from kiosk.content.problems import Diagnostics
from kiosk.content.spec_types import (
    INVALID,
    Bool,
    Context,
    Date,
    Enum,
    Field,
    Int,
    List,
    Nullable,
    Number,
    Pattern,
    Record,
    Str,
    Url,
    join,
)
from kiosk.languages import LANGUAGES

HOURS = r"^(closed|([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00))$"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LOW_REACH_TOGGLE, LOW_REACH_ALWAYS, LOW_REACH_NEVER = "toggle", "always", "never"
LOW_REACH_MODES = (LOW_REACH_TOGGLE, LOW_REACH_ALWAYS, LOW_REACH_NEVER)


@dataclass(frozen=True)
class Languages:
    available: tuple[str, ...] = LANGUAGES
    default: str = "fi"
    required: str = "fi"


@dataclass(frozen=True)
class Campaign:
    """Campaign parameters added to QR links so the city can count visits from the kiosk."""

    enabled: bool = False
    source: str = "kiosk"
    medium: str = "qr"


@dataclass(frozen=True)
class Links:
    newsletter: str = "https://www.espoo.fi/fi/kestava-kehitys"
    climate_watch: str = "https://ilmastovahti.espoo.fi"
    campaign: Campaign = field(default_factory=Campaign)
    allowed_domains: tuple[str, ...] = ()  # empty: links may go anywhere


@dataclass(frozen=True)
class Idle:
    timeout_s: int = 60
    countdown_s: int = 10
    attract_rotate_s: int = 8
    speech_timeout_s: int = 180


@dataclass(frozen=True)
class Display:
    fullscreen: bool = True
    width_mm: float = 527.0  # the visible area of a 24" 16:9 screen
    height_mm: float = 296.0
    min_target_mm: float = 10.0
    qr_size_mm: float = 30.0
    bottom_edge_mm: float | None = None
    """Height of the bottom edge of the visible area above the floor; None: not measured."""
    low_reach: str = LOW_REACH_TOGGLE
    """The lowered layout for seated visitors (portrait): a visitor's toggle, always, never."""


@dataclass(frozen=True)
class KioskMode:
    touch_input: str = "pointer"
    hide_cursor: bool = True
    staff_pin_hash: str | None = None
    health_file: str | None = None
    log_max_bytes: int = 5_000_000
    log_backups: int = 5
    id: str | None = None  # names this kiosk in metrics and statistics; None: the host name


@dataclass(frozen=True)
class ScheduleException:
    date: object
    hours: str


@dataclass(frozen=True)
class Schedule:
    enabled: bool = False
    weekly: tuple[tuple[str, str], ...] = tuple((day, "00:00-24:00") for day in WEEKDAYS)
    exceptions: tuple[ScheduleException, ...] = ()


@dataclass(frozen=True)
class Stats:
    enabled: bool = True
    retention_days: int = 365


@dataclass(frozen=True)
class ContentSync:
    """Where `kiosk sync` fetches the exhibition from (kiosk.sync); no repository: the content
    is read from content_dir and media_dir as they are."""

    repository: str | None = None
    branch: str = "main"
    allowed_signers: str | None = None
    interval_min: int = 15


@dataclass(frozen=True)
class Metrics:
    """Prometheus metrics (kiosk.ops.metrics)."""

    textfile: str | None = None  # None: <data_dir>/metrics/ilmastotekoja.prom
    http_port: int | None = None  # None: no HTTP endpoint
    http_address: str = "127.0.0.1"


@dataclass(frozen=True)
class Speech:
    """The kiosk's voice (eSpeak NG): on or off, how loud and how fast."""

    enabled: bool = True
    volume: float = 0.8
    rate_wpm: int = 160
    cache_max_bytes: int = 500_000_000


@dataclass(frozen=True)
class Settings:
    """Paths are absolute, resolved against the folder kiosk.yaml is in."""

    base_dir: Path = Path(".")
    languages: Languages = field(default_factory=Languages)
    content_dir: Path = Path("exhibits")
    media_dir: Path = Path("media")
    data_dir: Path = Path("var")
    links: Links = field(default_factory=Links)
    idle: Idle = field(default_factory=Idle)
    display: Display = field(default_factory=Display)
    kiosk: KioskMode = field(default_factory=KioskMode)
    schedule: Schedule = field(default_factory=Schedule)
    stats: Stats = field(default_factory=Stats)
    sync: ContentSync = field(default_factory=ContentSync)
    metrics: Metrics = field(default_factory=Metrics)
    speech: Speech = field(default_factory=Speech)


class PinHash(Str):
    """The staff PIN's salted hash, as `kiosk set-pin` writes it: one the keypad can check."""

    expected = "a PIN hash written by `kiosk set-pin`"

    def __init__(self, doc: str = ""):
        super().__init__(doc, numbers_ok=False)

    def convert(self, node, ctx, where):
        from kiosk.pin_hash import pin_hash_problem

        value = super().convert(node, ctx, where)
        if value is INVALID:
            return INVALID
        problem = pin_hash_problem(value)
        return ctx.error(node, problem, where) if problem else value

    def json_schema(self, ctx):
        schema = super().json_schema(ctx)
        schema["pattern"] = r"^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$"
        return schema


def _section(name: str, cls, fields: list[Field], doc: str, rule=None) -> Record:
    """A settings section whose every key is optional and defaults to the dataclass default."""
    defaults = cls()
    optional = [Field(f.key, f.spec, False, getattr(defaults, f.key)) for f in fields]
    return Record(name, optional, cls, doc, rule)


def _languages_agree(values, node, ctx, where) -> bool:
    ok = True
    for key in ("default", "required"):
        if values[key] not in values["available"]:
            ctx.error(node, f"{key} language '{values[key]}' is not in available", where)
            ok = False
    return ok


def _weekly(**days):
    return tuple((day, days[day]) for day in WEEKDAYS)


def _hours_not_ambiguous(values, node, ctx, where) -> bool:
    """Hours like "08:00-08:00" could mean all day or not at all: ask for "00:00-24:00"."""
    ok = True
    for key_node, value_node in node.value:
        hours = values.get(key_node.value)
        if isinstance(hours, str) and "-" in hours and len(set(hours.split("-"))) == 1:
            message = f'opening hours "{hours}" start and end at the same time; write '
            here = join(where, key_node.value)
            ctx.error(value_node, message + '"00:00-24:00" for all day, or closed', here)
            ok = False
    return ok


def _one_exception_per_date(values, node, ctx, where) -> bool:
    """Two exceptions for one date would leave which one counts to chance."""
    items = next((v.value for k, v in node.value if k.value == "exceptions"), [])
    first_line, ok = {}, True
    for index, (exception, item) in enumerate(zip(values["exceptions"], items, strict=False)):
        date_node = next(v for k, v in item.value if k.value == "date")
        line = date_node.start_mark.line + 1
        if exception.date in first_line:
            message = (
                f"{exception.date} has two exceptions, at lines {first_line[exception.date]} "
                f"and {line}; keep one"
            )
            ctx.error(date_node, message, join(where, f"exceptions[{index}].date"))
            ok = False
        else:
            first_line[exception.date] = line
    return ok


def _low_reach_possible(values, node, ctx, where) -> bool:
    """The lowered layout needs the screen's height above the floor, and enough of the screen
    (upright, in portrait) within 380-1220 mm to hold a page."""
    from kiosk.display import MIN_REACHABLE_SHARE, REACH_HIGH_MM, REACH_LOW_MM, reachable_mm

    nodes = {key.value: value for key, value in node.value}
    mode, bottom_edge = values["low_reach"], values["bottom_edge_mm"]
    if mode == LOW_REACH_ALWAYS and bottom_edge is None:
        message = "'always' needs bottom_edge_mm, the screen's height above the floor"
        ctx.error(nodes["low_reach"], message, join(where, "low_reach"))
        return False
    if bottom_edge is not None and mode != LOW_REACH_NEVER:
        long_side = max(values["width_mm"], values["height_mm"])
        reachable = reachable_mm(bottom_edge, long_side)
        if reachable < MIN_REACHABLE_SHARE * long_side:
            ctx.warning(
                nodes["bottom_edge_mm"],
                f"only {reachable:.0f} mm of the upright screen's {long_side:.0f} mm lies"
                f" {REACH_LOW_MM:.0f}-{REACH_HIGH_MM:.0f} mm above the floor; the lowered"
                f" layout needs {MIN_REACHABLE_SHARE * long_side:.0f} mm and is not offered:"
                " mount the screen lower",
                join(where, "bottom_edge_mm"),
            )
    return True


_HOURS = Pattern(HOURS, 'opening hours like "09:00-20:00" or closed')

SETTINGS = _section(
    "kiosk settings",
    Settings,
    [
        Field(
            "languages",
            _section(
                "languages",
                Languages,
                [
                    Field("available", List(Enum(LANGUAGES), "Languages offered.", 1, True)),
                    Field("default", Enum(LANGUAGES, "Language after an idle reset.")),
                    Field("required", Enum(LANGUAGES, "Every text must have this one.")),
                ],
                "Languages offered to visitors.",
                _languages_agree,
            ),
        ),
        Field("content_dir", Str("Folder of the exhibition's YAML, relative to kiosk.yaml.")),
        Field("media_dir", Str("Folder of pictures, relative to kiosk.yaml.")),
        Field("data_dir", Str("Folder for logs, caches and statistics.")),
        Field(
            "links",
            _section(
                "links",
                Links,
                [
                    Field("newsletter", Url("The Kestävä kehitys newsletter's page.")),
                    Field("climate_watch", Url("Espoon ilmastovahti.")),
                    Field(
                        "campaign",
                        _section(
                            "campaign",
                            Campaign,
                            [
                                Field("enabled", Bool("Add utm_* parameters to QR links.")),
                                Field("source", Str("utm_source.", 40, False)),
                                Field("medium", Str("utm_medium.", 40, False)),
                            ],
                            "Campaign parameters for QR links.",
                        ),
                    ),
                    Field(
                        "allowed_domains",
                        List(
                            Pattern(DOMAIN_PATTERN, "a domain name such as espoo.fi"),
                            "Domains links may go to (a domain covers its subdomains); a link "
                            "elsewhere, in the content or here, is a warning. Empty: any.",
                            unique=True,
                        ),
                    ),
                ],
                "Links shown as QR codes on every main screen.",
            ),
        ),
        Field(
            "idle",
            _section(
                "idle",
                Idle,
                [
                    Field("timeout_s", Int("Seconds without a touch before asking.", 10, 3600)),
                    Field("countdown_s", Int("Seconds of 'Are you still there?'.", 3, 120)),
                    Field("attract_rotate_s", Int("Seconds per attract slide.", 3, 120)),
                    Field(
                        "speech_timeout_s",
                        Int(
                            "In speech mode: seconds without a touch or speech before asking.",
                            10,
                            3600,
                        ),
                    ),
                ],
                "Idle reset.",
            ),
        ),
        Field(
            "display",
            _section(
                "display",
                Display,
                [
                    Field("fullscreen", Bool("Fill the screen (false only for development).")),
                    Field("width_mm", Number("Visible width of the screen in mm.", 50, 5000)),
                    Field("height_mm", Number("Visible height of the screen in mm.", 50, 5000)),
                    Field("min_target_mm", Number("Smallest touch target in mm.", 7, 40)),
                    Field("qr_size_mm", Number("Size of a QR code on screen in mm.", 20, 200)),
                    Field(
                        "bottom_edge_mm",
                        Nullable(
                            Number(
                                "Height above the floor of the bottom edge of the screen's"
                                " visible area, in mm; null: not measured (no lowered layout).",
                                0,
                                3000,
                            )
                        ),
                    ),
                    Field(
                        "low_reach",
                        Enum(
                            LOW_REACH_MODES,
                            "In portrait, the lowered layout that keeps every control 380-1220 mm"
                            " above the floor: toggle (a button for the visitor, off after each"
                            " visit), always, or never. Needs bottom_edge_mm.",
                        ),
                    ),
                ],
                "The screen's physical size, so that millimetres become pixels correctly,"
                " and its height above the floor.",
                _low_reach_possible,
            ),
        ),
        Field(
            "kiosk",
            _section(
                "kiosk",
                KioskMode,
                [
                    Field("touch_input", Enum(("pointer", "mtdev"), "X pointer or mtdev.")),
                    Field("hide_cursor", Bool("Hide the mouse cursor.")),
                    Field("staff_pin_hash", Nullable(PinHash("Set with `kiosk set-pin`."))),
                    Field("health_file", Nullable(Str("JSON health file path."))),
                    Field("log_max_bytes", Int("Size of one log file.", 100_000, 1_000_000_000)),
                    Field("log_backups", Int("Rotated log files kept.", 1, 100)),
                    Field(
                        "id",
                        Nullable(
                            Pattern(
                                r"^[a-z0-9][a-z0-9._-]{0,62}$",
                                "a name like espoo-library-1 (a-z, 0-9, '.', '_', '-')",
                                "This kiosk's name in metrics and statistics; null: the host name.",
                            )
                        ),
                    ),
                ],
                "Kiosk-mode settings.",
            ),
        ),
        Field(
            "schedule",
            _section(
                "schedule",
                Schedule,
                [
                    Field("enabled", Bool("Sleep outside opening hours.")),
                    Field(
                        "weekly",
                        Record(
                            "week",
                            [Field(day, _HOURS, False, "closed") for day in WEEKDAYS],
                            _weekly,
                            "Opening hours for each day of the week.",
                            _hours_not_ambiguous,
                        ),
                    ),
                    Field(
                        "exceptions",
                        List(
                            Record(
                                "exception",
                                [Field("date", Date()), Field("hours", _HOURS)],
                                ScheduleException,
                                rule=_hours_not_ambiguous,
                            ),
                            "Dates with other hours, such as holidays.",
                        ),
                    ),
                ],
                "Opening hours.",
                _one_exception_per_date,
            ),
        ),
        Field(
            "stats",
            _section(
                "stats",
                Stats,
                [
                    Field("enabled", Bool("Keep anonymous visit statistics.")),
                    Field("retention_days", Int("Days to keep events.", 1, 3650)),
                ],
                "Anonymous statistics.",
            ),
        ),
        Field(
            "sync",
            _section(
                "sync",
                ContentSync,
                [
                    Field(
                        "repository",
                        Nullable(
                            Str(
                                "Git repository of the content (https, ssh, a folder or a USB"
                                " stick's folder) holding exhibits/ and media/; null: none."
                            )
                        ),
                    ),
                    Field("branch", Str("Branch to follow.", 200, False)),
                    Field(
                        "allowed_signers",
                        Nullable(
                            Str(
                                "git's allowed-signers file (relative to kiosk.yaml): only"
                                " commits signed by these SSH keys are shown; null: no check."
                            )
                        ),
                    ),
                    Field("interval_min", Int("Minutes between syncs (systemd timer).", 1, 1440)),
                ],
                "Content from a git repository: `kiosk sync` and `kiosk rollback`.",
            ),
        ),
        Field(
            "metrics",
            _section(
                "metrics",
                Metrics,
                [
                    Field(
                        "textfile",
                        Nullable(
                            Str(
                                "Prometheus text file rewritten every 15 s, e.g. in node_exporter's"
                                " textfile folder (name it *.prom); null: under data_dir."
                            )
                        ),
                    ),
                    Field(
                        "http_port",
                        Nullable(
                            Int("Serve the metrics over HTTP on this port; null: off.", 1024, 65535)
                        ),
                    ),
                    Field(
                        "http_address",
                        Enum(("127.0.0.1", "::1"), "Loopback address for the HTTP metrics."),
                    ),
                ],
                "Prometheus metrics: a text file for node_exporter, optionally HTTP.",
            ),
        ),
        Field(
            "speech",
            _section(
                "speech",
                Speech,
                [
                    Field("enabled", Bool("Offer speech (the Listen button, speech mode).")),
                    Field("volume", Number("Loudness from 0 (silent) to 1 (full).", 0, 1)),
                    Field("rate_wpm", Int("Speaking rate in words a minute.", 80, 400)),
                    Field(
                        "cache_max_bytes",
                        Int("Largest size of the spoken-text cache.", 1_000_000, 100_000_000_000),
                    ),
                ],
                "Speech in the language on screen (eSpeak NG), for visitors who cannot read it.",
            ),
        ),
    ],
    "kiosk.yaml: the kiosk's own settings.",
)


def load_settings(path: Path | None, base: Path | None = None) -> tuple[Settings, Diagnostics]:
    """Settings from `path` (defaults for what it leaves out), and every problem found.
    Relative folders are resolved against `base`, by default the folder `path` is in."""
    diagnostics = Diagnostics()
    if path is None:
        return _resolved(Settings(), Path.cwd()), diagnostics
    path = Path(path)
    value = read_file(path, "kiosk", SETTINGS, Context(path="", diagnostics=diagnostics))
    if value not in (INVALID, None):
        from kiosk.qr import url_limit

        limit, domains = url_limit(value), value.links.allowed_domains
        if limit != Context.url_max_len or domains:
            # The file's own links must stay scannable at the QR size and with the campaign
            # parameters the file itself sets, and go to the domains it allows: read it again
            # with those rules.
            diagnostics = Diagnostics()
            ctx = Context(path="", diagnostics=diagnostics, url_max_len=limit, link_domains=domains)
            value = read_file(path, "kiosk", SETTINGS, ctx)
    base = Path(base) if base is not None else path.resolve().parent
    if value in (INVALID, None):
        return _resolved(Settings(), base), diagnostics
    return _resolved(value, base), diagnostics


def resolved_against(settings: Settings, base: Path) -> Settings:
    """`settings` with its folders made absolute, relative ones taken from `base`."""
    return _resolved(settings, base)


def _resolved(settings: Settings, base: Path) -> Settings:
    return replace(
        settings,
        base_dir=base,
        content_dir=(base / settings.content_dir).resolve(),
        media_dir=(base / settings.media_dir).resolve(),
        data_dir=(base / settings.data_dir).resolve(),
    )


def load_content_for(
    settings: Settings, content_dir: Path | None = None, media_dir: Path | None = None
):
    """The content these settings point at (or the folders given), checked with the settings'
    rules (content_rules)."""
    from kiosk.content_files import load_content_folder

    return load_content_folder(
        content_dir or settings.content_dir,
        media_dir or settings.media_dir,
        *content_rules(settings),
    )


def content_rules(settings: Settings) -> tuple:
    """What of the settings shapes the content's check: its languages (all, and the one every
    text must have), how long a link may be to stay a scannable QR code, and the domains
    links may go to."""
    from kiosk.qr import url_limit

    languages = settings.languages
    return (
        languages.available,
        languages.required,
        url_limit(settings),
        settings.links.allowed_domains,
    )


def kiosk_id(settings: Settings) -> str:
    """This kiosk's name in metrics and statistics: kiosk.id, else the host's name."""
    import socket

    return settings.kiosk.id or socket.gethostname()


def content_check_key(settings: Settings) -> str:
    """The settings load_content_for's result depends on (kiosk.content.cache's key)."""
    return repr(content_rules(settings))
