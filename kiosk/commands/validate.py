"""`kiosk validate [DIR] [--strict]`: checks the content and kiosk.yaml, one line per problem
as path:line:col; exit 0 when clean."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import DEFAULT_CONFIG
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS


def add_command(commands) -> None:
    validate = commands.add_parser("validate", help="check the exhibition content")
    validate.add_argument("content", nargs="?", type=Path, help="content folder (from kiosk.yaml)")
    validate.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    validate.add_argument("--media", type=Path, help="media folder (from kiosk.yaml)")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(handler=_validate)


def _validate(args) -> int:
    from kiosk.commands.common import config_path, content_from, settings_from
    from kiosk.ops.data_folder import check_for_validate
    from kiosk.speech.checks import check_speech

    settings, diagnostics = settings_from(args)
    if not diagnostics.errors:
        check_for_validate(settings, config_path(args), diagnostics)
    content = content_from(args, settings, diagnostics)
    check_speech(settings, diagnostics, config_path(args) or DEFAULT_CONFIG)
    for line in diagnostics.lines():
        print(line)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    if content and not diagnostics.errors:
        exhibition = content.exhibition
        summary = f"{len(exhibition.themes)} themes, {len(exhibition.stations)} stations"
        print(f"ok: {summary}; {warnings} warning(s)", file=sys.stderr)
    else:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if diagnostics.failed(strict=args.strict) else EXIT_OK
