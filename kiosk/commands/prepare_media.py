"""`kiosk prepare-media [--size WxH] [--prune]`: every picture the content uses, scaled for the
screen into <data_dir>/cache/media/ ahead of time, so the kiosk shows each one at once. With
--prune it also removes cached copies that no picture uses any more (at this screen size)."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import content_from, settings_from
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from kiosk.progress import Progress

DEFAULT_SCREEN = "1920x1080"


def add_command(commands) -> None:
    command = commands.add_parser(
        "prepare-media", help="scale every picture to the screen ahead of time"
    )
    command.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    command.add_argument("--content", type=Path, help="content folder (from kiosk.yaml)")
    command.add_argument("--media", type=Path, help="media folder (from kiosk.yaml)")
    command.add_argument(
        "--size",
        default=DEFAULT_SCREEN,
        metavar="WxH",
        help=f"the screen's resolution (default: {DEFAULT_SCREEN})",
    )
    command.add_argument(
        "--prune", action="store_true", help="remove cached copies no picture uses any more"
    )
    command.set_defaults(handler=_prepare_media)


def parse_screen_size(text: str) -> tuple[int, int]:
    from kiosk.display import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise UsageError(f"--size {exc}") from None


def _prepare_media(args) -> int:
    from kiosk.media.cache import MediaCacheError, media_cache_dir, prepare_entry, prune
    from kiosk.media.picture import PictureProblem, picture_box
    from kiosk.paths import shown_path

    box = picture_box(parse_screen_size(args.size))
    settings, diagnostics = settings_from(args)
    content = content_from(args, settings, diagnostics)
    for line in diagnostics.lines():
        print(line)
    if content is None or diagnostics.errors:
        counts = f"{len(diagnostics.errors)} error(s), {len(diagnostics.warnings)} warning(s)"
        print(f"{counts}; no picture prepared", file=sys.stderr)
        return EXIT_PROBLEMS
    media_dir = Path(args.media or settings.media_dir)
    cache_dir = media_cache_dir(settings)
    names = content.exhibition.picture_files()
    progress = Progress(len(names))
    prepared, cached, failed, kept = 0, 0, 0, []
    for done, name in enumerate(names, 1):
        source = media_dir / name
        try:
            path, hit = prepare_entry(source, cache_dir, box)
        except (PictureProblem, MediaCacheError) as exc:
            failed += 1
            progress.interrupt()
            print(f"error: {exc}", flush=True)
            progress.step(done, shown_path(source), "failed")
            continue
        kept.append(path)
        cached, prepared = cached + hit, prepared + (not hit)
        progress.step(done, shown_path(source), "already cached" if hit else "prepared")
    progress.finish()
    where = shown_path(cache_dir)
    counts = f"{prepared} prepared, {cached} already cached"
    if args.prune:
        counts += f", {len(prune(cache_dir, kept))} unused removed"
    if failed:
        print(f"{failed} of {len(names)} pictures failed; {counts} in {where}", file=sys.stderr)
        return EXIT_PROBLEMS
    size = f"{box[0]}x{box[1]}"
    print(f"ok: {len(names)} pictures ready up to {size} px ({counts}) in {where}", file=sys.stderr)
    return EXIT_OK
