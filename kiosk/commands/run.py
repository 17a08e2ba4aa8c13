"""`kiosk run [--windowed] [--size WxH] ...`: starts the kiosk (kiosk.ui.launch)."""

from __future__ import annotations

from pathlib import Path

from kiosk.commands.errors import UsageError


def add_command(commands) -> None:
    run = commands.add_parser("run", help="start the kiosk")
    run.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    run.add_argument("--content", type=Path, help="content folder (from kiosk.yaml)")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    run.add_argument("--size", help="window size WxH, e.g. 1080x1920")
    run.add_argument("--health-file", type=Path, help="JSON health file, rewritten every few s")
    run.add_argument(
        "--stay-stopped-file",
        type=Path,
        help="made by 'Exit to desktop'; the systemd unit does not start the kiosk while it exists",
    )
    run.set_defaults(handler=_run)


def _run(args) -> int:
    import gc

    # No cycle collection until the first frame is drawn (KioskApp turns it back on): the
    # start makes some hundred thousand objects (modules, kv rules, the first screen) that
    # nearly all live as long as the kiosk, and the collector would walk them over and over
    # meanwhile for next to no garbage.
    gc.disable()
    from kiosk.commands.common import config_path, settings_from
    from kiosk.ops.last_settings import load_settings_safely
    from kiosk.ui.launch import LaunchOptions, run_kiosk

    size = _window_size(args.size)
    path = config_path(args)
    if path is None:
        settings, diagnostics = settings_from(args)
    else:
        kept = load_settings_safely(path)  # kiosk.yaml, or its last valid copy, or fail-safe
        settings, diagnostics = kept.settings, kept.diagnostics
    options = LaunchOptions(
        windowed=args.windowed,
        size=size,
        content_dir=args.content.resolve() if args.content else None,
        health_file=args.health_file,
        config_path=path,
        stay_stopped_file=args.stay_stopped_file,
    )
    return run_kiosk(options, settings, diagnostics)


def _window_size(text: str | None) -> tuple[int, int] | None:
    from kiosk.display import parse_size

    if not text:
        return None
    try:
        return parse_size(text)
    except ValueError:
        raise UsageError(f"--size must look like 1920x1080, got '{text}'") from None
