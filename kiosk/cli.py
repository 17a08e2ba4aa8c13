"""The command line: `python -m kiosk <command>` (also installed as `kiosk`)."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from pathlib import Path

from kiosk import __version__

DEFAULT_CONFIG = Path("kiosk.yaml")
COMMAND_MODULES: list[str] = [
    "kiosk.qr_command",
    "kiosk.footprint.command",
    "kiosk.ops.command",
    "kiosk.media.command",
    "kiosk.stats.command",
    "kiosk.render",
    "kiosk.speech.command",
]
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit code 2."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"kiosk {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; for `command` run, validate or schema without the other
    commands' modules (importing them all would add to the kiosk's start-up)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Ilmastotekoja exhibition kiosk")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="<command>")

    validate = commands.add_parser("validate", help="check the exhibition content")
    validate.add_argument("content", nargs="?", type=Path, help="content folder (from kiosk.yaml)")
    validate.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    validate.add_argument("--media", type=Path, help="media folder (from kiosk.yaml)")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(handler=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of the YAML files")
    schema.add_argument("name", nargs="?", default="all", help="exhibition, theme, kiosk or all")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write one file per schema")
    schema.set_defaults(handler=_schema)

    run = commands.add_parser("run", help="start the kiosk")
    run.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    run.add_argument("--content", type=Path, help="content folder (from kiosk.yaml)")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    run.add_argument("--size", help="window size WxH, e.g. 1080x1920")
    run.add_argument("--health-file", type=Path, help="JSON health file, rewritten every few s")
    run.set_defaults(handler=_run)

    if command in commands.choices:
        return parser
    # Commands that live beside their subject: each module has add_command(commands).
    for module in COMMAND_MODULES:
        import_module(module).add_command(commands)
    return parser


def settings_from(args):
    """Settings from --config, or ./kiosk.yaml if it exists; problems are printed."""
    from kiosk.config import load_settings

    path = args.config
    if path is not None and not path.is_file():
        raise UsageError(f"settings file not found: {path}")
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    return load_settings(path)


def content_from(args, settings, report):
    """The content from --content/--media or kiosk.yaml, checked with the settings' rules (its
    languages, how long a link may be to stay a scannable QR code); its problems join `report`.
    None when it has errors."""
    from kiosk.config import load_content_for

    content_dir = getattr(args, "content", None) or settings.content_dir
    media_dir = getattr(args, "media", None) or settings.media_dir
    for folder, what in ((content_dir, "content"), (media_dir, "media")):
        if not Path(folder).is_dir():
            raise UsageError(f"{what} folder not found: {folder}")
    result = load_content_for(settings, content_dir, media_dir)
    report.extend(result.report)
    return result.content


def _validate(args) -> int:
    from kiosk.speech.checks import check_speech

    settings, report = settings_from(args)
    content = content_from(args, settings, report)
    check_speech(settings, report, args.config or DEFAULT_CONFIG)
    for line in report.lines():
        print(line)
    errors, warnings = len(report.errors), len(report.warnings)
    if content and not report.errors:
        exhibition = content.exhibition
        summary = f"{len(exhibition.themes)} themes, {len(exhibition.stations)} stations"
        print(f"ok: {summary}; {warnings} warning(s)", file=sys.stderr)
    else:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if report.failed(strict=args.strict) else EXIT_OK


def _schema(args) -> int:
    import json

    from kiosk.schemas import SPECS, json_schema, schema_text, write_schemas

    if args.name != "all" and args.name not in SPECS:
        raise UsageError(f"unknown schema '{args.name}'; choose from {', '.join(SPECS)} or all")
    if args.write:
        for path in write_schemas(args.write):
            print(path)
        return EXIT_OK
    if args.name == "all":
        combined = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Ilmastotekoja kiosk: every YAML file",
            "$defs": {name: json_schema(name) for name in SPECS},
        }
        print(json.dumps(combined, ensure_ascii=False, indent=2))
    else:
        print(schema_text(args.name), end="")
    return EXIT_OK


def _run(args) -> int:
    from kiosk.ui.launch import run_kiosk

    settings, report = settings_from(args)
    return run_kiosk(args, settings, report)
