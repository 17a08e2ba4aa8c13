"""`kiosk set-pin [--config kiosk.yaml]`: asks for the staff PIN twice (or reads one line from
standard input when it is not a terminal: `echo 604817 | kiosk set-pin`) and stores only its
salted hash in kiosk.yaml, editing that one line in place. The PIN is never printed or logged.
"""

from __future__ import annotations

import getpass
import sys
import tempfile
from pathlib import Path

from kiosk.commands.common import DEFAULT_CONFIG
from kiosk.commands.errors import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_command(commands) -> None:
    set_pin = commands.add_parser("set-pin", help="set the staff menu's PIN (6 to 8 digits)")
    set_pin.add_argument("--config", type=Path, help="settings file (default: ./kiosk.yaml)")
    set_pin.set_defaults(handler=_set_pin)


def _set_pin(args) -> int:
    from kiosk.pin_hash import hash_pin, pin_problem

    path = args.config or DEFAULT_CONFIG
    if not path.is_file():
        raise UsageError(f"settings file not found: {path}")
    problems = settings_errors(path)  # before asking, not after the PIN was typed twice
    if problems:
        print(f"kiosk set-pin: {path} has problems; fix them first:", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return EXIT_PROBLEMS
    pin = _read_pin()
    problem = pin_problem(pin)
    if problem:
        raise UsageError(f"{problem}; nothing was changed")
    write_pin_hash(path, hash_pin(pin))
    print(f"staff PIN set in {path}; restart the kiosk to use it", file=sys.stderr)
    return EXIT_OK


def _read_pin() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("New staff PIN (6 to 8 digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        raise UsageError("the two PINs differ; nothing was changed")
    return first.strip()


def write_pin_hash(path: Path, stored: str) -> None:
    """Puts `stored` into `path`'s `kiosk: staff_pin_hash:` and replaces the file atomically,
    but only if the file had no errors and the edited one reads back with the new hash."""
    from kiosk.atomic import write_atomically
    from kiosk.config import load_settings
    from kiosk.ops.settings_file import SettingsEditError, with_pin_hash

    refuse_broken(path)
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    try:
        edited = with_pin_hash(text, stored)
    except SettingsEditError as exc:
        raise UsageError(f"{path}: {exc}; nothing was changed") from exc
    # The edited file must read back with the new hash before it replaces the old one; the
    # check reads a copy in a private folder (mode 0700), not beside kiosk.yaml.
    with tempfile.TemporaryDirectory(prefix="kiosk-set-pin-") as scratch:
        check = Path(scratch) / path.name
        check.write_text(edited, encoding="utf-8")
        settings, after = load_settings(check)
    if settings.kiosk.staff_pin_hash != stored or after.errors:
        raise UsageError(f"cannot set the PIN in {path} safely; edit it by hand")
    try:
        # Through a link to the file it names, keeping its mode (the hash stays private) and
        # owner: a site may link kiosk.yaml into a managed folder.
        write_atomically(path, edited, follow_links=True)
    except OSError as exc:
        raise UsageError(
            f"cannot write {path}: {exc.strerror or exc}; nothing was changed"
        ) from None


def settings_errors(path: Path) -> list[str]:
    """The errors of the settings file, one line each: a file with errors is not used by the
    kiosk, so a PIN put there would not count."""
    from kiosk.config import load_settings
    from kiosk.content.problems import Diagnostics

    _, diagnostics = load_settings(path)
    return Diagnostics(diagnostics.errors).lines()


def refuse_broken(path: Path) -> None:
    problems = settings_errors(path)
    if problems:
        raise UsageError(f"{path} has problems; fix them first:\n" + "\n".join(problems))
