"""Fixes for Kivy 2.3 bugs that a kiosk running for months runs into. Applied once, before any
widget is made (kiosk.ui.app calls apply()).

ScrollView binding leak. ScrollView.update_from_scroll() runs whenever the content's size or
the scroll position changes, and each call does fbind("bar_color", _change_bar_color) to show
the scroll bar; half a second later a single funbind() takes one of those bindings away again.
fbind() does not check for a binding that is already there, so every call but one leaves a
binding behind, and the kiosk's long-lived screens would gain bindings (and memory) with every
visit. Unbinding first keeps exactly one.
"""

from __future__ import annotations

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    from kivy.uix.scrollview import ScrollView

    update_from_scroll = ScrollView.update_from_scroll

    def update_without_piling_up(self, *largs):
        self.funbind("bar_color", self._change_bar_color)  # Kivy binds it again just below
        return update_from_scroll(self, *largs)

    # Kivy's Clock keeps a weak method and finds it again by name: it must keep Kivy's name.
    update_without_piling_up.__name__ = update_from_scroll.__name__
    update_without_piling_up.__qualname__ = update_from_scroll.__qualname__
    update_without_piling_up.__doc__ = update_from_scroll.__doc__
    ScrollView.update_from_scroll = update_without_piling_up
    _applied = True
