"""`kiosk set-pin [--config kiosk.yaml]`: asks for the staff PIN twice (or reads one line from
standard input when it is not a terminal: `echo 1234 | kiosk set-pin`) and stores only its
salted hash in kiosk.yaml, editing that one line in place. The PIN is never printed or logged.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
import tempfile
from pathlib import Path


def add_command(commands) -> None:
    set_pin = commands.add_parser("set-pin", help="set the staff menu's PIN (4 to 8 digits)")
    set_pin.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    set_pin.set_defaults(handler=_set_pin)


def _set_pin(args) -> int:
    from kiosk.cli import DEFAULT_CONFIG, EXIT_OK, UsageError
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
    from kiosk.cli import UsageError

    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("New staff PIN (4 to 8 digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        raise UsageError("the two PINs differ; nothing was changed")
    return first.strip()


def write_pin_hash(path: Path, stored: str) -> None:
    """Puts `stored` into `path`'s `kiosk: staff_pin_hash:` and replaces the file atomically,
    but only if the file had no errors and the edited one reads back with the new hash."""
    from kiosk.cli import UsageError
    from kiosk.config import load_settings
    from kiosk.ops.settings_file import SettingsEditError, with_pin_hash

    refuse_broken(path)
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    try:
        edited = with_pin_hash(text, stored)
    except SettingsEditError as exc:
        raise UsageError(f"{path}: {exc}; nothing was changed") from exc
    folder = path.resolve().parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(edited)
            file.flush()
            os.fsync(file.fileno())
        _keep_owner_and_mode(path, temporary)
        settings, after = load_settings(Path(temporary))
        if settings.kiosk.staff_pin_hash != stored or after.errors:
            raise UsageError(f"cannot set the PIN in {path} safely; edit it by hand")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def refuse_broken(path: Path) -> None:
    """A file with errors is not used by the kiosk, so a PIN put there would not count."""
    from kiosk.cli import UsageError
    from kiosk.config import load_settings
    from kiosk.content.problems import Report

    _, report = load_settings(path)
    if report.errors:
        problems = "\n".join(Report(report.errors).lines())
        raise UsageError(f"{path} has problems; fix them first:\n{problems}")


def _keep_owner_and_mode(original: Path, temporary: str) -> None:
    """The new file gets the old one's permissions (kiosk.yaml holds the PIN hash, and the
    kiosk user must still read it), and its owner when we may set that (as root)."""
    status = os.stat(original)
    os.chmod(temporary, status.st_mode & 0o7777)
    with contextlib.suppress(PermissionError):
        os.chown(temporary, status.st_uid, status.st_gid)
