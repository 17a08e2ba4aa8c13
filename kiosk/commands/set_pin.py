"""`kiosk set-pin [--config kiosk.yaml]`: asks for the staff PIN twice (or reads one line from
standard input when it is not a terminal: `echo 1234 | kiosk set-pin`) and stores only its
salted hash in kiosk.yaml, editing that one line in place. The PIN is never printed or logged.
"""

from __future__ import annotations

import getpass
import sys
import tempfile
from pathlib import Path

from kiosk.commands.common import DEFAULT_CONFIG
from kiosk.commands.errors import EXIT_OK, UsageError


def add_command(commands) -> None:
    set_pin = commands.add_parser("set-pin", help="set the staff menu's PIN (4 to 8 digits)")
    set_pin.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    set_pin.set_defaults(handler=_set_pin)


def _set_pin(args) -> int:
    from kiosk.ops.pin import PIN_RULE, hash_pin, is_valid_pin

    path = args.config or DEFAULT_CONFIG
    if not path.is_file():
        raise UsageError(f"settings file not found: {path}")
    refuse_broken(path)  # before asking, not after the PIN was typed twice
    pin = _read_pin()
    if not is_valid_pin(pin):
        raise UsageError(f"{PIN_RULE}; nothing was changed")
    write_pin_hash(path, hash_pin(pin))
    print(f"staff PIN set in {path}; restart the kiosk to use it", file=sys.stderr)
    return EXIT_OK


def _read_pin() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("New staff PIN (4 to 8 digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        raise UsageError("the two PINs differ; nothing was changed")
    return first.strip()


def write_pin_hash(path: Path, stored: str) -> None:
    """Puts `stored` into `path`'s `kiosk: staff_pin_hash:` and replaces the file atomically
    (through a symbolic link, to the file it points at), but only if the file had no errors
    and the edited text reads back with the new hash."""
    from kiosk.atomic import write_atomically
    from kiosk.ops.settings_file import SettingsEditError, with_pin_hash

    refuse_broken(path)
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    try:
        edited = with_pin_hash(text, stored)
    except SettingsEditError as exc:
        raise UsageError(f"{path}: {exc}; nothing was changed") from exc
    if not reads_back(edited, stored):
        raise UsageError(f"cannot set the PIN in {path} safely; edit it by hand")
    write_atomically(path, edited, follow_links=True)


def reads_back(text: str, stored: str) -> bool:
    """Whether `text`, read as the kiosk reads kiosk.yaml, has no errors and the hash `stored`.
    It is read from a scratch copy in a private temporary folder, removed at once."""
    from kiosk.config import load_settings

    with tempfile.TemporaryDirectory(prefix="kiosk-set-pin-") as folder:
        copy = Path(folder) / "kiosk.yaml"
        with open(copy, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        settings, report = load_settings(copy)
    return settings.kiosk.staff_pin_hash == stored and not report.errors


def refuse_broken(path: Path) -> None:
    """A file with errors is not used by the kiosk, so a PIN put there would not count."""
    from kiosk.config import load_settings
    from kiosk.content.report import Report

    _, report = load_settings(path)
    if report.errors:
        problems = "\n".join(Report(report.errors).lines())
        raise UsageError(f"{path} has problems; fix them first:\n{problems}")
