"""`kiosk render --out DIR [--lang fi,sv] [--size WxH,...] [--text-scale F] [--strict]`: every
screen as PNG in each language and size, with a contact sheet. This module reads the options;
kiosk.render does the work (and never imports Kivy here: the screens are drawn in a child
process)."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import config_path, content_dirs, content_from, settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError

DEFAULT_SIZES = "1920x1080,1080x1920"


def add_command(commands) -> None:
    render = commands.add_parser(
        "render", help="every screen as PNG in each language and size, with a contact sheet"
    )
    render.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    render.add_argument(
        "--lang", metavar="fi,sv,en", help="languages (default: every language in kiosk.yaml)"
    )
    render.add_argument(
        "--size",
        default=DEFAULT_SIZES,
        metavar="WxH,...",
        help=f"screen sizes (default: {DEFAULT_SIZES})",
    )
    render.add_argument(
        "--text-scale",
        default="1",
        metavar="F",
        help="every font size times F, as the visitor's A+ toggle does with 1.5 (default: 1)",
    )
    render.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    render.add_argument("--content", type=Path, help="content folder (from kiosk.yaml)")
    render.add_argument("--media", type=Path, help="media folder (from kiosk.yaml)")
    render.add_argument(
        "--low-reach",
        action="store_true",
        help="portrait screens in the lowered layout, every control 380-1220 mm above the floor"
        " (needs display.bottom_edge_mm in kiosk.yaml)",
    )
    render.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (text that does not fit, a picture not shown)",
    )
    render.set_defaults(handler=_render)


def parse_languages(text: str | None, available: tuple[str, ...]) -> list[str]:
    if not text:
        return list(available)
    languages = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [code for code in languages if code not in available]
    if unknown or not languages:
        raise UsageError(
            f"--lang: unknown language {', '.join(unknown) or text!r}; "
            f"kiosk.yaml has {', '.join(available)}"
        )
    return languages


def parse_sizes(text: str) -> list[tuple[int, int]]:
    from kiosk.display import parse_size

    sizes = []
    for part in text.split(","):
        try:
            width, height = parse_size(part)
        except ValueError:
            raise UsageError(f"--size must look like 1920x1080,1080x1920, got '{part}'") from None
        if not (200 <= width <= 8192 and 200 <= height <= 8192):
            raise UsageError(f"--size: {part} is not a screen size (200 to 8192 pixels a side)")
        sizes.append((width, height))
    return list(dict.fromkeys(sizes))


def parse_text_scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        raise UsageError(f"--text-scale must be a number such as 1.5, got '{text}'") from None
    if not 0.5 <= scale <= 4:
        raise UsageError(f"--text-scale: {text} is not a text scale (0.5 to 4)")
    return scale


def _render(args) -> int:
    from kiosk.render.runner import RenderJob, render_all
    from kiosk.xvfb import XvfbMissing

    settings, diagnostics = settings_from(args)
    languages = parse_languages(args.lang, settings.languages.available)
    sizes = parse_sizes(args.size)
    text_scale = parse_text_scale(args.text_scale)
    if args.low_reach and settings.display.bottom_edge_mm is None:
        raise UsageError(
            "--low-reach needs display.bottom_edge_mm in kiosk.yaml: the height of the screen's"
            " bottom edge above the floor"
        )
    content = content_from(args, settings, diagnostics)
    for line in diagnostics.lines():
        print(line, file=sys.stderr)
    if content is None or diagnostics.errors:
        print("render: the content has errors; nothing was rendered", file=sys.stderr)
        return EXIT_PROBLEMS
    content_dir, media_dir = content_dirs(args, settings)
    config = config_path(args)
    job = RenderJob(
        config=config.resolve() if config else None,
        content_dir=content_dir.resolve(),
        media_dir=media_dir.resolve(),
        out=args.out.resolve(),
        languages=languages,
        sizes=sizes,
        text_scale=text_scale,
        low_reach=args.low_reach,
    )
    try:
        outcome = render_all(job, content, settings.languages.default)
    except XvfbMissing:
        raise UsageError(
            "no display to render on, and no Xvfb to make one (apt install xvfb)"
        ) from None
    failed = outcome.failed or (args.strict and bool(outcome.warnings))
    return EXIT_PROBLEMS if failed else EXIT_OK
