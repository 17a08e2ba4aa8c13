"""`kiosk schema [NAME] [--write DIR]`: the JSON Schemas of the YAML files, printed from the
same declarations that validate them."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_command(commands) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of the YAML files")
    schema.add_argument("name", nargs="?", default="all", help="exhibition, theme, kiosk or all")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write one file per schema")
    schema.set_defaults(handler=_schema)


def _schema(args) -> int:
    import json

    from kiosk.schemas import SPECS, json_schema, schema_text, write_schemas

    if args.name != "all" and args.name not in SPECS:
        raise UsageError(f"unknown schema '{args.name}'; choose from {', '.join(SPECS)} or all")
    if args.write:
        if args.write.exists() and not args.write.is_dir():
            raise UsageError(f"--write needs a folder, and {args.write} is a file")
        try:
            written = write_schemas(args.write)
        except OSError as exc:
            print(
                f"kiosk schema: cannot write {args.write}: {exc.strerror or exc}", file=sys.stderr
            )
            return EXIT_PROBLEMS
        for path in written:
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
