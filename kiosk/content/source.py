"""Reading one YAML file into a node tree that keeps line and column of every value.

Only composing is done here, never constructing: no tag can create a Python object, and
anchors and aliases are refused later by the schema walk, so an alias bomb costs nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from kiosk.content.problems import Diagnostics

MAX_FILE_BYTES = 4 * 1024 * 1024

# libyaml is much faster; the pure-Python loader is the fallback where PyYAML was built without it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_plain_file(
    path: Path, diagnostics: Diagnostics, shown: str, root: Path | None = None
) -> bytes | None:
    """The bytes of `path`, or None after reporting why not: it is not a regular file (a
    folder, a named pipe that would block the read for ever, a device like /dev/zero that
    never ends), it is larger than MAX_FILE_BYTES, or, with `root`, it is a link that leads
    out of `root` (never read, so nothing from elsewhere is ever quoted in a message)."""
    if root is not None and not _inside(path, root):
        diagnostics.error(shown, None, "is a link to outside the content folder; not read")
        return None
    try:
        # Non-blocking, so that opening a named pipe returns at once; fstat then tells what
        # was opened, and the size is known before a byte is read.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        diagnostics.error(shown, None, f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        status = os.fstat(descriptor)
        kind = _not_a_file(status.st_mode)
        if kind:
            diagnostics.error(shown, None, f"is {kind}, not a file")
            return None
        if status.st_size > MAX_FILE_BYTES:
            size = status.st_size
            diagnostics.error(
                shown, None, f"file is {size:,} bytes; at most {MAX_FILE_BYTES:,} allowed"
            )
            return None
        os.set_blocking(descriptor, True)
        chunks, left = [], MAX_FILE_BYTES + 1  # it may have grown since fstat
        while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        diagnostics.error(shown, None, f"cannot read file: {exc.strerror or exc}")
        return None
    finally:
        os.close(descriptor)
    if len(raw) > MAX_FILE_BYTES:
        diagnostics.error(
            shown, None, f"file is over {MAX_FILE_BYTES:,} bytes; at most that is allowed"
        )
        return None
    return raw


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, is inside `root`."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def parse_yaml(raw: bytes, diagnostics: Diagnostics, shown: str):
    """The root node of a YAML file's bytes, or None after reporting why not."""
    text = _decode(raw, shown, diagnostics)
    if text is None:
        return None
    if not text.strip() or all(_is_comment(line) for line in text.splitlines()):
        diagnostics.error(shown, None, "file is empty")
        return None
    if "\t" in text and _report_tab_indent(text, shown, diagnostics):
        return None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket is found at the end of the file; point at its start.
            mark = exc.context_mark
        message = exc.problem or "YAML syntax error"
        if exc.context:
            message = f"{message} ({exc.context})"
        diagnostics.error(shown, mark, f"YAML syntax error: {message}")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(shown, None, f"YAML syntax error: {exc}")
        return None
    if node is None:
        diagnostics.error(shown, None, "file is empty")
    elif "*" in text and _report_aliases(text, shown, diagnostics):
        return None
    return node


def _report_aliases(text: str, shown: str, diagnostics: Diagnostics) -> bool:
    """Aliases are refused where they are written: they serve curators little, and expanded
    they make an alias bomb. Composing already succeeded, so parsing cannot fail here."""
    aliases = [e for e in yaml.parse(text, Loader=_LOADER) if isinstance(e, yaml.AliasEvent)]
    if not aliases:
        return False
    more = f" ({len(aliases) - 1} more in this file)" if len(aliases) > 1 else ""
    diagnostics.error(
        shown,
        aliases[0].start_mark,
        f"aliases (*{aliases[0].anchor}) are not supported; write the value out{more}",
    )
    return True


def _decode(raw: bytes, shown: str, diagnostics: Diagnostics) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        diagnostics.add(
            shown,
            line,
            col,
            "error",
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )
        return None
    if "\x00" in text:
        diagnostics.error(shown, None, "file contains NUL characters; is it a binary file?")
        return None
    return text.removeprefix("\ufeff")


def _is_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _report_tab_indent(text: str, shown: str, diagnostics: Diagnostics) -> bool:
    """YAML forbids tabs in indentation; libyaml's own message for it is cryptic."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            diagnostics.add(
                shown, number, indent.index("\t") + 1, "error", "tab in indentation; use spaces"
            )
            return True
    return False
