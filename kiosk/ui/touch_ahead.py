"""The page a tap will show, made while the visitor's finger still rests on the button.

A finger rests on a button for about a tenth of a second, and the button acts when it lifts.
When the button leads to a page (a theme or station card, Back, Home, a language), that page is
made as soon as the frame that shows the press is on the screen: its widgets, their layout and
their text, in the screen that will show it. When the finger lifts, the screen finds that page
already made (KioskScreen.show keeps its last page), and the frame that answers the tap only
has to draw it.

A page of another screen is made out of sight. A language switch changes the screen on show
in place: its frame is frozen first, so that the window goes on showing the page as it was,
pressed button and all, until the finger lifts. A finger that slides off instead puts the page
as it was back (a kept page, kiosk.ui.pages) and thaws the frame.
"""

from __future__ import annotations

from kivy.clock import Clock

from kiosk.ui.explore import button_at
from kiosk.ui.frame_clock import after_this_frame


class TouchAhead:
    """Makes the page under a resting finger for the app (kiosk.ui.app.KioskApp)."""

    def __init__(self, app):
        self.app = app
        self._frozen = None
        """(frame, screen, (route, language) as it was) while the screen on show holds a page
        in another language, made for a finger that has not lifted yet."""

    def touch_down(self, touch) -> None:
        """A finger came down on the screen on show (not on the PIN pad, a question or in
        speech mode): when it is on a button that leads to a page, that page is made on the
        next tick, after the touch itself has been handled (the press drawn)."""
        app = self.app
        button = button_at(app.manager.current_screen, touch.x, touch.y)
        action = getattr(button, "speech_action", None)
        navigator = app.navigator
        expected = navigator.leads_to(tuple(action)) if action is not None else None
        if expected is None:
            return
        state = (navigator.route, navigator.language)
        if expected[0] == navigator.route:
            # In place: the frame is frozen once the frame showing the pressed button is drawn.
            after_this_frame(lambda: self._make(expected, state))
        else:
            Clock.schedule_once(lambda _dt: self._make(expected, state), 0)

    def _make(self, expected, state) -> None:
        app = self.app
        navigator, manager = app.navigator, app.manager
        if (navigator.route, navigator.language) != state or not manager.at_rest:
            return  # the finger lifted and the tap was answered already
        if app.content is None or app.sleeping or self._frozen is not None:
            return
        route, language = expected
        screen = app.screens[route.screen]
        if screen is not manager.current_screen:
            app.make_page_ahead(route, language)
            return
        frame = manager.frame_of(screen)
        if route != navigator.route or frame is None or not screen.reuse:
            return  # another page of the screen on show would show at once
        manager.freeze(frame)
        self._frozen = (frame, screen, state)
        screen.show(app.content.exhibition, route, language)

    def touch_up(self, _touch) -> None:
        """A finger lifted: once the tap has been answered (the next tick), a screen on show
        frozen for a page that did not come shows the page it had again."""
        if self._frozen is not None:
            Clock.schedule_once(lambda _dt: self._thaw(), 0)

    def _thaw(self) -> None:
        if self._frozen is None:
            return
        frame, screen, state = self._frozen
        self._frozen = None
        app = self.app
        if frame.screen is not screen:
            return  # the change came: the page as it was fades out from this frame
        navigator = app.navigator
        if (navigator.route, navigator.language) == state and app.content is not None:
            screen.show(app.content.exhibition, *state)
        app.manager.thaw(frame)
