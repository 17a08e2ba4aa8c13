"""The staff's way in: a PIN pad (after the hidden corner gesture), then a menu with the
kiosk's state and three actions. Both float over whatever the screen shows."""

from __future__ import annotations

import math

from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.i18n import tr
from kiosk.ui.kv import load_kv

PIN_LENGTH_MAX = 8


def locked_message(seconds: float, language: str) -> str:
    """How long the pad stays locked, in the unit a reader takes in at once (a lock grows to
    a day), rounded up so that it is never over before it says."""
    seconds = math.ceil(seconds)
    if seconds < 120:
        return tr("Too many wrong PINs. Try again in {seconds} s.", language, seconds=seconds)
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return tr("Too many wrong PINs. Try again in {minutes} min.", language, minutes=minutes)
    hours = math.ceil(minutes / 60)
    return tr("Too many wrong PINs. Try again in {hours} h.", language, hours=hours)


class PinPad(ModalView):
    """Digits, ⌫ and OK; the gate decides, and backs off after repeated wrong PINs."""

    language = StringProperty("fi")
    entered = StringProperty("")
    message = StringProperty("")

    def __init__(self, gate, on_ok, **kwargs):
        kwargs.setdefault("auto_dismiss", False)
        super().__init__(**kwargs)
        self.gate = gate
        self.on_ok = on_ok

    def press(self, key: str) -> None:
        if key == "back":
            self.entered = self.entered[:-1]
        elif key == "ok":
            self._try()
        elif len(self.entered) < PIN_LENGTH_MAX:
            self.entered += key

    def _try(self) -> None:
        answer = self.gate.try_pin(self.entered)
        self.entered = ""
        if answer == "ok":
            self.dismiss(animation=False)
            self.on_ok()
        elif answer == "no-pin":
            self.message = tr("No staff PIN is set. Set one with: kiosk set-pin", self.language)
        elif answer == "locked" or self.gate.locked_for_s() > 0:
            self.message = locked_message(self.gate.locked_for_s(), self.language)
        else:
            self.message = tr("Wrong PIN.", self.language)


class StaffMenu(ModalView):
    """What staff need to see at a glance, and reload / restart / exit."""

    language = StringProperty("fi")
    facts = ListProperty([])
    """(label, value) pairs: version, content hash, uptime, memory, last restart, state."""
    problems = ListProperty([])
    """The content's problems as path:line:col lines."""
    faults = ListProperty([])
    """What is degraded now (kiosk.faults): a full disk, broken settings, … one line each."""

    def __init__(self, actions: dict, **kwargs):
        kwargs.setdefault("auto_dismiss", False)
        super().__init__(**kwargs)
        self.actions = actions
        if "sync" not in actions:  # no content repository: nothing to sync
            self.ids.buttons.remove_widget(self.ids.sync)

    def act(self, name: str) -> None:
        self.dismiss(animation=False)
        self.actions[name]()


load_kv(__file__)
