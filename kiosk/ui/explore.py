"""Explore by touch (speech mode): a touch speaks what is under the finger and rings it, a
double tap chooses it, a swipe right or left moves to the next or previous item in the screen's
reading order and speaks it. The keypad moves through the same items.

The items are kiosk.speech.reading's utterances; each is matched to the widget that shows it
(a button by its `speech_action`, a text by its words, a box by its `spoken_as`) for the focus
ring and for touches. Choosing an item performs its action through the screen's own intents,
so everything a finger can reach is reachable without sight, the quiz and its result included.
"""

from __future__ import annotations

import time

from kivy.core.window import Window
from kivy.metrics import dp
from kivy.properties import ListProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.i18n import tr
from kiosk.screens import ATTRACT
from kiosk.speech.gestures import DOUBLE_TAP, NEXT, PREVIOUS, TAP, ExploreGestures
from kiosk.speech.reading import TOGGLES, Utterance
from kiosk.ui.kv import load_kv


class FocusRing(Widget):
    """A thick outline around the focused item, drawn over everything in the window."""

    rect = ListProperty([0, 0, 0, 0])


def _words(text: str) -> str:
    return " ".join((text or "").split())


def _visible(widget) -> bool:
    while widget is not None:
        if widget.opacity == 0 or getattr(widget, "disabled", False):
            return False
        parent = widget.parent
        if parent is widget or parent is None or parent is Window:
            return True
        widget = parent
    return True


def _walk(root):
    stack = [root]
    while stack:
        widget = stack.pop()
        yield widget
        stack.extend(reversed(widget.children))


def window_rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def _contains(widget, x: float, y: float) -> bool:
    wx, wy, width, height = window_rect(widget)
    return wx <= x <= wx + width and wy <= y <= wy + height


def _under(screen, x: float, y: float) -> tuple[list, list]:
    """The buttons and the texts shown under a point of the window on `screen`."""
    buttons, texts = [], []
    if screen is None:
        return buttons, texts
    for widget in _walk(screen):
        if widget is screen or not _visible(widget) or not _contains(widget, x, y):
            continue
        if isinstance(widget, ButtonBehavior):
            buttons.append(widget)
        elif isinstance(widget, Label) and _words(widget.text):
            texts.append(widget)
    return buttons, texts


def _smallest(widgets):
    return min(widgets, key=lambda w: w.width * w.height) if widgets else None


def button_at(screen, x: float, y: float):
    """The smallest button under a point of the window on `screen` (None: no button)."""
    return _smallest(_under(screen, x, y)[0])


def scroll_into_view(widget) -> None:
    parent = widget.parent
    while parent is not None and parent is not Window and not isinstance(parent, ScrollView):
        if parent.parent is parent:
            return
        parent = parent.parent
    if isinstance(parent, ScrollView):
        parent.scroll_to(widget, padding=dp(20), animate=False)


class Explorer:
    """Speech mode's focus: which item is focused, the ring around it, and the gestures."""

    def __init__(self, app):
        self.app = app
        self.speech = app.speech
        self.gestures = ExploreGestures()
        self.index = -1
        self.focused: tuple[Utterance, Widget | None] | None = None
        self.ring = FocusRing()
        self._ring_shown = False

    # Items ------------------------------------------------------------------------------

    @property
    def screen(self):
        return self.app.manager.current_screen

    def items(self) -> list[tuple[Utterance, Widget | None]]:
        """The screen's reading order, each utterance with the widget that shows it."""
        reading = self.speech.reading()
        screen = self.screen
        by_action, by_text = {}, {}
        if screen is not None:
            for widget in _walk(screen):
                if not _visible(widget):
                    continue
                action = getattr(widget, "speech_action", None)
                spoken_as = getattr(widget, "spoken_as", None)
                if action is not None:
                    by_action.setdefault(tuple(action), widget)
                elif spoken_as:
                    by_text.setdefault(_words(spoken_as), widget)
                elif isinstance(widget, Label) and widget.text:
                    by_text.setdefault(_words(widget.text), widget)
        return [
            (u, by_action.get(u.action) if u.action else by_text.get(_words(u.text)))
            for u in reading
        ]

    def widget_at(self, x: float, y: float):
        """The smallest button under the point, else the smallest text."""
        buttons, texts = _under(self.screen, x, y)
        found = buttons or texts
        return _smallest(found)

    # Gestures ---------------------------------------------------------------------------

    def touch_down(self, touch) -> None:
        self.gestures.down(touch.x, touch.y, time.monotonic())

    def touch_up(self, touch) -> None:
        gesture = self.gestures.up(touch.x, touch.y, time.monotonic(), Window.size)
        if gesture == TAP:
            self.speak_at(touch.x, touch.y)
        elif gesture == DOUBLE_TAP:
            self.activate()
        elif gesture == NEXT:
            self.move(1)
        elif gesture == PREVIOUS:
            self.move(-1)

    # What the gestures and keys do --------------------------------------------------------

    def speak_at(self, x: float, y: float) -> None:
        widget = self.widget_at(x, y)
        if widget is None:
            return
        items = self.items()
        for index, (_utterance, shown_by) in enumerate(items):
            if shown_by is widget:
                self.focus(index, items)
                return
        # Shown but not in the reading order (a pledge button, a caption): said as it is.
        language = self.app.navigator.language
        text = _words(widget.text)
        if isinstance(widget, ButtonBehavior):
            text = tr("{label}, button", language, label=text)
        self.index = -1
        self._focus_on(
            Utterance(text, language, "button" if isinstance(widget, ButtonBehavior) else "text"),
            widget,
        )

    def move(self, step: int) -> None:
        items = self.items()
        if not items:
            return
        index = min(max(self.index + step, 0), len(items) - 1) if self.index >= 0 else 0
        if step < 0 and self.index < 0:
            index = len(items) - 1
        self.focus(index, items)

    def repeat(self) -> None:
        if self.focused is not None:
            self.speech.say([self.focused[0]])
        else:
            self.speech.read_screen()

    def focus(self, index: int, items) -> None:
        self.index = index
        utterance, widget = items[index]
        self._focus_on(utterance, widget)

    def _focus_on(self, utterance: Utterance, widget) -> None:
        self.focused = (utterance, widget)
        if widget is not None:
            scroll_into_view(widget)
            self._show_ring(widget)
        else:
            self.hide_ring()
        self.speech.say([utterance])

    def activate(self) -> None:
        """Chooses the focused item, as a finger's tap on it would."""
        if self.focused is None:
            return
        utterance, widget = self.focused
        route = self.app.navigator.route
        screen = self.screen
        if utterance.action is not None:
            screen.perform(utterance.action)
        elif isinstance(widget, ButtonBehavior):
            widget.dispatch("on_press")
            widget.dispatch("on_release")
        elif route.screen == ATTRACT:
            self.app.navigator.start_visit()
        else:
            return
        if self.app.navigator.route == route and utterance.action not in TOGGLES:
            # The screen changed in place (the next question, a tip marked done): read it anew.
            self.forget()
            self.speech.read_screen()

    # The ring ---------------------------------------------------------------------------

    def _show_ring(self, widget) -> None:
        x, y, width, height = window_rect(widget)
        pad = dp(6)
        self.ring.rect = [x - pad, y - pad, width + 2 * pad, height + 2 * pad]
        if not self._ring_shown:
            Window.add_widget(self.ring)
            self._ring_shown = True

    def hide_ring(self) -> None:
        if self._ring_shown:
            Window.remove_widget(self.ring)
            self._ring_shown = False

    def forget(self) -> None:
        """A new screen: nothing focused."""
        self.index = -1
        self.focused = None
        self.hide_ring()


load_kv(__file__)
