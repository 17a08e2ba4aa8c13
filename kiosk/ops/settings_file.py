"""Edits one key of kiosk.yaml in place: every other line and comment stays as the staff wrote
it, which rewriting the file from parsed YAML would lose.

PyYAML's nodes know where each value starts and ends in the text, so the edit replaces exactly
the characters of that value, whatever style it was written in.
"""

from __future__ import annotations

import yaml

SECTION, KEY = "kiosk", "staff_pin_hash"
INDENT = "  "


class SettingsEditError(Exception):
    """The file cannot be edited safely by program; the message says what to do."""


def with_pin_hash(text: str, stored: str) -> str:
    """`text` (kiosk.yaml) with `kiosk: staff_pin_hash:` set to `stored`: the old value
    replaced where it is, or the key added as the first of `kiosk:`, or the section added."""
    value = _quoted(stored)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise SettingsEditError(f"not valid YAML; fix it first ({_one_line(exc)})") from exc
    if root is None:
        return _with_section(text, value)
    if not isinstance(root, yaml.MappingNode):
        raise SettingsEditError("not a mapping of settings (key: value lines)")
    section = _value_of(root, SECTION)
    if section is None:
        return _with_section(text, value)
    key_node, section_node = section
    if isinstance(section_node, yaml.ScalarNode) and section_node.tag.endswith(":null"):
        # "kiosk:" with nothing under it (or "null", "~"): the new key goes on the next line.
        start, end = section_node.start_mark.index, section_node.end_mark.index
        if end > start:
            text = text[:start].rstrip(" ") + text[end:]
        line_end = _end_of_line(text, key_node.end_mark.index)
        return text[:line_end] + _newline(text) + f"{INDENT}{KEY}: {value}" + text[line_end:]
    if not isinstance(section_node, yaml.MappingNode) or section_node.flow_style:
        raise SettingsEditError(f"'{SECTION}:' is not written as indented key: value lines")
    current = _value_of(section_node, KEY)
    if current is not None:
        old = current[1]
        if not isinstance(old, yaml.ScalarNode) or old.start_mark.line != old.end_mark.line:
            raise SettingsEditError(f"'{SECTION}.{KEY}' is not a one-line value")
        return text[: old.start_mark.index] + value + text[old.end_mark.index :]
    first_key = section_node.value[0][0]
    line_start = first_key.start_mark.index - first_key.start_mark.column
    indent = text[line_start : first_key.start_mark.index]
    return text[:line_start] + f"{indent}{KEY}: {value}" + _newline(text) + text[line_start:]


def _value_of(mapping: yaml.MappingNode, key: str):
    """(key node, value node) of `key` in `mapping`, or None."""
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _with_section(text: str, value: str) -> str:
    newline = _newline(text)
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text + f"{newline}{SECTION}:{newline}{INDENT}{KEY}: {value}{newline}"


def _quoted(stored: str) -> str:
    # The hash is base64 and '$': nothing to escape, but quoted so no YAML reader guesses.
    if any(char in stored for char in '"\\\n\r'):
        raise ValueError("a stored hash never contains quotes, backslashes or line breaks")
    return f'"{stored}"'


def _end_of_line(text: str, index: int) -> int:
    ends = [i for i in (text.find("\n", index), text.find("\r", index)) if i != -1]
    return min(ends) if ends else len(text)


def _newline(text: str) -> str:
    """The file's own line ending, so a file saved on Windows stays one."""
    return "\r\n" if "\r\n" in text else "\n"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
