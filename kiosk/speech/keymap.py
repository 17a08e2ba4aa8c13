"""The keypad: which key does what, for a USB numeric keypad or a keyboard (no Kivy).

Laid out like a museum's universal keypad on an ordinary numeric keypad: the arrows of the
number keys move the focus, 5 and Enter choose, 0 repeats, + and − set the volume, 7 goes home
and 1 goes back. Each number key works with Num Lock on or off (then it sends an arrow, Home,
End or Insert), and a keyboard's own arrows, Enter, Tab and Backspace do the same. The names
are Kivy's key names (kivy.core.window.Keyboard.keycodes).
"""

from __future__ import annotations

NEXT, PREVIOUS, CHOOSE, REPEAT = "next", "previous", "choose", "repeat"
LOUDER, QUIETER, BACK, HOME, LISTEN = "louder", "quieter", "back", "home", "listen"

KEYMAP: dict[str, tuple[str, ...]] = {
    NEXT: ("numpad6", "numpad2", "right", "down", "tab"),
    PREVIOUS: ("numpad4", "numpad8", "left", "up"),
    CHOOSE: ("numpad5", "numpadenter", "enter", "spacebar"),
    REPEAT: ("numpad0", "insert", "numpaddecimal", "delete"),
    LOUDER: ("numpadadd", "+", "="),
    QUIETER: ("numpadsubstract", "-"),
    HOME: ("numpad7", "home"),
    BACK: ("numpad1", "end", "backspace"),
    LISTEN: ("numpad9", "pageup", "numpadmul"),
}
"""Every command and the keys that give it; the first key is the numeric keypad's."""

WHAT = {
    NEXT: "next item, spoken",
    PREVIOUS: "previous item, spoken",
    CHOOSE: "choose the item (as a tap would)",
    REPEAT: "say the item again",
    LOUDER: "louder",
    QUIETER: "quieter",
    HOME: "home screen",
    BACK: "back",
    LISTEN: "read the whole screen aloud",
}

IGNORED = ("escape",)
"""Kiosk mode: Escape (which would close a Kivy app) does nothing."""

_BY_KEY = {key: command for command, keys in KEYMAP.items() for key in keys}


def command_for(key: str, modifiers=()) -> str | None:
    """The command of the key named `key` (Shift+Tab goes back through the items)."""
    if key == "tab" and "shift" in modifiers:
        return PREVIOUS
    return _BY_KEY.get(key)
