"""`kiosk unit-dropins`: writes the systemd drop-ins the kiosk's unit needs for kiosk.yaml's
metrics settings into a folder (kiosk.ops.unit_dropins decides which), and removes the ones it
no longer needs; deploy/install.sh puts them into the unit's `.d/` folder."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.commands.common import printed_settings
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS


def add_command(commands) -> None:
    dropins = commands.add_parser(
        "unit-dropins",
        help="write the kiosk unit's systemd drop-ins that kiosk.yaml's metrics need",
    )
    dropins.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    dropins.add_argument(
        "--out", type=Path, required=True, help="folder for the drop-ins (the unit's .d folder)"
    )
    dropins.set_defaults(handler=_unit_dropins)


def _unit_dropins(args) -> int:
    from kiosk.atomic import write_atomically
    from kiosk.ops.unit_dropins import HTTP_DROPIN, TEXTFILE_DROPIN, unit_dropins

    settings, diagnostics = printed_settings(args)
    if diagnostics.errors:
        print("kiosk unit-dropins: kiosk.yaml has errors; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    dropins = unit_dropins(settings)
    for name, text in dropins.items():
        write_atomically(args.out / name, text)
        print(name)
    for name in (HTTP_DROPIN, TEXTFILE_DROPIN):
        if name not in dropins:
            (args.out / name).unlink(missing_ok=True)
    return EXIT_OK
