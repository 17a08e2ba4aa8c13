"""Loading a module's .kv file by explicit name, once, so kv errors name the file."""

from __future__ import annotations

from pathlib import Path

_loaded: set[str] = set()


def load_kv(module_file: str) -> None:
    from kivy.lang import Builder

    path = str(Path(module_file).with_suffix(".kv"))
    if path not in _loaded:
        Builder.load_file(path)
        _loaded.add(path)
