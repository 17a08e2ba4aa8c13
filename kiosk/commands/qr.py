"""`kiosk qr --out DIR`: every QR code the kiosk shows, as PNG files, and DIR/index.json saying
which URL each one encodes (campaign parameters included), so a person or a test can check
them with any phone or decoder."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.commands.common import content_from, settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError

INDEX_FILE = "index.json"
EXPORT_PIXELS_PER_MODULE = 10  # sharp on paper and for decoders; the screen size is the UI's


@dataclass(frozen=True)
class KioskCode:
    """One code the kiosk shows. `name` is its file name without .png."""

    name: str
    url: str  # exactly what the code encodes
    label: object = None  # kiosk.content.model.Text, when the content names the link
    station: str | None = None
    tip: str | None = None


def add_command(commands) -> None:
    qr = commands.add_parser("qr", help="write every QR code the kiosk shows as PNG files")
    qr.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write to")
    qr.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    qr.add_argument("--content", type=Path, help="content folder (from kiosk.yaml)")
    qr.add_argument("--media", type=Path, help="media folder (from kiosk.yaml)")
    qr.set_defaults(handler=_export)


def kiosk_codes(settings, content) -> list[KioskCode]:
    """The newsletter and Ilmastovahti codes, each station's links, and the quiz tips' links."""
    from kiosk.qr import with_campaign

    campaign = settings.links.campaign
    codes = [
        KioskCode("newsletter", with_campaign(settings.links.newsletter, campaign)),
        KioskCode("climate-watch", with_campaign(settings.links.climate_watch, campaign)),
    ]
    for station in content.exhibition.stations:
        for number, link in enumerate(station.links, 1):
            url = with_campaign(link.url, campaign, station.id)
            name = f"station-{station.id}-{number}"
            codes.append(KioskCode(name, url, link.label, station=station.id))
            # A page published in several languages: each visitor's language has its own code.
            for language, other in link.urls:
                if other != link.url:
                    url = with_campaign(other, campaign, station.id)
                    codes.append(
                        KioskCode(f"{name}-{language}", url, link.label, station=station.id)
                    )
    for tip in content.quiz.tips if content.quiz is not None else ():
        if tip.link is not None:
            url = with_campaign(tip.link.url, campaign)
            codes.append(KioskCode(f"tip-{tip.id}-1", url, tip.link.label, tip=tip.id))
    return codes


def too_long(codes: list[KioskCode], settings) -> list[str]:
    """The codes whose final URL is past the scannable size. The content's and kiosk.yaml's
    links were checked as written, with room for campaign parameters with a station id of
    CAMPAIGN_ID_ROOM characters; this catches a longer station id."""
    from kiosk.qr import byte_capacity, scannable_version

    limit = byte_capacity(scannable_version(settings.display.qr_size_mm))
    return [
        f"{code.name}: link is {len(code.url)} characters as encoded ({code.url}); at most "
        f"{limit} stay scannable as a QR code at the configured size"
        for code in codes
        if len(code.url.encode("utf-8")) > limit
    ]


def write_codes(codes: list[KioskCode], folder: Path) -> Path:
    """One PNG per code and the index; returns the index's path."""
    from kiosk.atomic import write_atomically
    from kiosk.qr import png_bytes, qr_image

    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for code in codes:
        file = f"{code.name}.png"
        image = qr_image(code.url, EXPORT_PIXELS_PER_MODULE)
        write_atomically(folder / file, png_bytes(image))
        modules = image.width // EXPORT_PIXELS_PER_MODULE  # quiet zone included
        entry = {"file": file, "url": code.url, "modules": modules}
        if code.label is not None:
            entry["label"] = dict(code.label.values)
        if code.station:
            entry["station"] = code.station
        if code.tip:
            entry["tip"] = code.tip
        index.append(entry)
    path = folder / INDEX_FILE
    write_atomically(path, json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    return path


def _export(args) -> int:
    from kiosk.paths import shown_path

    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out is a file, not a folder: {args.out}")
    settings, diagnostics = settings_from(args)
    content = content_from(args, settings, diagnostics)
    for line in diagnostics.lines():
        print(line)
    if content is None or diagnostics.errors:
        print(
            f"{len(diagnostics.errors)} error(s), {len(diagnostics.warnings)} warning(s)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    codes = kiosk_codes(settings, content)
    problems = too_long(codes, settings)
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        return EXIT_PROBLEMS
    index = write_codes(codes, args.out)
    print(f"ok: {len(codes)} QR codes, listed in {shown_path(index)}", file=sys.stderr)
    return EXIT_OK
