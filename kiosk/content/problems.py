"""Problems found in content, reported as a compiler reports them: path:line:col."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file. `line` and `col` count from 1."""

    path: str
    line: int
    col: int
    severity: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        line = f"{self.path}:{self.line}:{self.col}: {self.severity}: {where}{self.message}"
        return printable(line)


def is_hidden(character: str) -> bool:
    """A control character (ESC, BEL, NUL, a line break) or an invisible format character (a
    zero-width space, a bidirectional override) that changes what a terminal or a reader shows
    without being seen itself."""
    return unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp")


def escaped(character: str) -> str:
    """`character` as Python writes it in a string literal: \\x1b, \\u202e."""
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every hidden character escaped: a problem is one line on a terminal or in
    the log, whatever a key or a value in a file holds."""
    if text.isprintable():
        return text
    return "".join(escaped(c) if is_hidden(c) else c for c in text)


@dataclass
class Diagnostics:
    """Collects every problem instead of stopping at the first."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path, line, col, severity, message, where=""):
        self.problems.append(Problem(str(path), line, col, severity, message, where))

    def error(self, path: str | Path, mark, message: str, where: str = "") -> None:
        line, col = _position(mark)
        self.add(path, line, col, ERROR, message, where)

    def warning(self, path: str | Path, mark, message: str, where: str = "") -> None:
        line, col = _position(mark)
        self.add(path, line, col, WARNING, message, where)

    def extend(self, other: Diagnostics) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def lines(self) -> list[str]:
        """Problems in file order, so a curator can walk down them."""
        return [str(p) for p in sorted(set(self.problems), key=_file_order)]


def _file_order(problem: Problem):
    return (problem.path, problem.line, problem.col, problem.severity, problem.message)


def _position(mark) -> tuple[int, int]:
    """A PyYAML mark (0-based), a (line, col) pair (1-based), or None: the whole file, shown
    at 1:1 so that editors still jump to it."""
    if mark is None:
        return 1, 1
    if isinstance(mark, tuple):
        return mark
    return mark.line + 1, mark.column + 1
