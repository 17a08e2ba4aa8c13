"""The kiosk App: loads the content, owns the navigator and the idle monitor, and swaps screens
when the navigator says the route changed. Screens do the drawing."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Mapping
from datetime import datetime
from importlib import import_module

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.logger import Logger
from kivy.metrics import Metrics, dp
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk import __version__
from kiosk.cache_budget import budget_for_window
from kiosk.config import LOW_REACH_ALWAYS, LOW_REACH_TOGGLE
from kiosk.content import Diagnostics
from kiosk.display import layout_scale, mm_to_px, reach_bands
from kiosk.faults import FAULTS
from kiosk.footprint.session import QuizSession
from kiosk.i18n import tr
from kiosk.idle import ASKING, RESET, VISIT, IdleMonitor
from kiosk.navigator import Navigator, Route
from kiosk.ops import memory, restart
from kiosk.ops.gesture import StaffGesture
from kiosk.ops.pin import PinGate, lockout_path
from kiosk.ops.restart import EXIT_STAY_STOPPED
from kiosk.screens import ATTRACT, HOME, SCREENS, SLEEP, UNAVAILABLE
from kiosk.speech.gestures import LONG_PRESS_S
from kiosk.ui import kivy_fixes, pages, pictures, style
from kiosk.ui.fonts import register_ui_font
from kiosk.ui.frame_clock import after_this_frame
from kiosk.ui.framed import FramedScreenManager, FrameSlide
from kiosk.ui.services import KioskServices, display_power
from kiosk.ui.speech import SPEECH_MODE_ON, Speech

kivy_fixes.apply()  # before any widget is made

IDLE_POLL_S = 0.25
COLLECT_POLL_S = 0.5
PREBUILD_AFTER_S = 0.5
"""The screens not shown first are made from this long after the first frame, one per frame."""
FORWARD = {"start", "open"}


class KioskApp(App):
    language = StringProperty("fi")
    target_px = NumericProperty(72)
    """The smallest touch target in pixels: TARGET_DP, and never under display.min_target_mm."""
    portrait = BooleanProperty(False)
    high_contrast = BooleanProperty(False)
    """The high-contrast palette is on (the visitor's toggle; off again at the idle reset)."""
    text_scale = NumericProperty(style.DEFAULT_TEXT_SCALE)
    """Every font size is multiplied by this (kiosk.ui.style's type scale is in sp)."""
    large_text = BooleanProperty(False)
    """The visitor's "A+" toggle is on: text_scale is style.LARGE_TEXT_SCALE until idle reset."""
    low_reach = BooleanProperty(False)
    """The lowered layout is on: every control within a seated visitor's reach (portrait)."""
    low_reach_offered = BooleanProperty(False)
    """The top bar shows the lowered layout's toggle (display.low_reach: toggle, and the
    screen's height above the floor says it can help)."""
    sleeping = BooleanProperty(False)
    """Outside opening hours: the screen is dark and touches open nothing."""

    def __init__(
        self,
        settings,
        problems: Diagnostics | None = None,
        health_file=None,
        clock=None,
        locked=None,
        config_path=None,
        stay_stopped_file=None,
        now=datetime.now,
    ):
        """`clock` (seconds, time.monotonic by default) times the idle reset; `now` (the wall
        clock, datetime.now by default) the opening hours and what the screens say of dates.
        `config_path`: the kiosk.yaml the settings came from, watched for broken edits.
        `stay_stopped_file`: made when staff exit to the desktop (kiosk.ops.restart)."""
        super().__init__()
        self.config_path = config_path
        self.stay_stopped_file = stay_stopped_file
        self.now = now
        self.locked = settings.display.fullscreen if locked is None else locked
        """Kiosk mode: close requests are refused (a development window can be closed)."""
        self.settings = settings
        self.problems = problems or Diagnostics()
        self.health_file = health_file
        self.idle = IdleMonitor(settings.idle.timeout_s, settings.idle.countdown_s, clock)
        self.gesture = StaffGesture()
        self.pin_gate = PinGate(
            settings.kiosk.staff_pin_hash, state_file=lockout_path(settings.data_dir)
        )
        self.started = time.monotonic()
        self.exit_code = 0
        self._staff = None
        self.navigator = None
        self.screens = {}
        self._idle_event = None
        self._prompt = None
        self._layout_key = None
        self._reach_bands = None
        self._prebuild_event = None
        self._picture_cache_bytes = 0  # set for the window by _layout
        self._first_frame_drawn = False
        # At the end of a visit: collected once the attract screen is at rest and no touch
        # waits, then the freed memory is handed back.
        memory.map_large_blocks()  # freed pictures and textures go back to the system
        self.collector = memory.QuietCollector(
            after_visit=self._after_visit_collection,
            before_visit_collection=self._drop_visit_pages,
        )
        self._freeze_screens = True  # the screens of the layout hold no visitor's page
        self.use_kivy_settings = False

    def build(self):
        self.title = "Ilmastotekoja"
        after_this_frame(self._first_frame_done)
        register_ui_font()
        Window.clearcolor = style.PAPER
        self.services = KioskServices(self, self.health_file, now=self.now)
        self.content = self.services.initial_content()
        languages = self.settings.languages
        exhibition = self.content.exhibition if self.content else None
        self.navigator = Navigator(exhibition, languages.available, languages.default)
        self.navigator.subscribe(self._route_changed)
        # The quiz's answers, in memory only; forgotten whenever the navigator returns to attract.
        self.quiz_session = QuizSession(lambda: self.content).follow(self.navigator)
        self.speech = Speech(self.settings)
        # Opening the sound device and rendering the first texts wait for the first frame:
        # the attract screen must not wait for the voice.
        after_this_frame(
            lambda: self.speech.start(self.navigator, self.quiz_session, self.navigator.exhibition)
        )
        self.speech.bind(mode=self._speech_mode_changed)
        from kiosk.ui.explore import Explorer
        from kiosk.ui.touch_ahead import TouchAhead

        self.explorer = Explorer(self)
        self.touch_ahead = TouchAhead(self)
        self._long_press = None
        self.manager = FramedScreenManager(paper=style.PAPER, transition=FrameSlide(duration=0.3))
        # Pictures also wait for the first frame: the first screen's text is on the display
        # sooner, its picture (a stand-in of its shape meanwhile) follows, as its QR codes do.
        self.services.pictures.hold = lambda: not (self._first_frame_drawn and self.manager.at_rest)
        Window.bind(
            on_touch_down=self._any_touch,
            on_request_close=self._request_close,
            on_resize=self._resized,
        )
        Window.bind(on_touch_up=self._any_touch_up, on_touch_move=self._any_touch_move)
        Window.bind(on_key_down=self._key_down)
        Window.bind(on_draw=self._draw_window)
        ExceptionManager.add_handler(_BackToAttract(self))
        self._layout()
        self.services.start(self.navigator)
        self.collector.ready = lambda: self.manager.at_rest and not input_waiting()
        self._collector_event = Clock.schedule_interval(self._poll_collector, COLLECT_POLL_S)
        Clock.schedule_interval(self._trim_picture_caches, COLLECT_POLL_S)
        return self.manager

    # The two below return nothing: Kivy cancels an interval whose callback returns False.

    def _poll_collector(self, _dt) -> None:
        self.collector.poll()  # says False whenever it had nothing to do

    def _trim_picture_caches(self, _dt) -> None:
        pictures.trim_kivy_caches(self._picture_cache_bytes)

    def _first_frame_done(self):
        self._first_frame_drawn = True
        gc.enable()  # `kiosk run` holds the cycle collector off until now (kiosk.commands.run)

    def _draw_window(self, window):
        """The window is drawn without clearing it first when the screens' frames cover it
        (kiosk.ui.framed): in software rendering the clear is one more pass over every pixel,
        up to half of a frame at rest."""
        if self.manager.covers_window():
            window.render_context.draw()
            return True  # drawn: Kivy's own handler would clear the window and draw again
        return False

    # Layout ------------------------------------------------------------------------------

    def _layout(self):
        """(Re)build the screens for the window's size: sizes in dp are fixed when a widget is
        made, so a new size or orientation needs new widgets."""
        size = tuple(Window.size)
        key = (size, self.settings.display, self.text_scale)
        if key == self._layout_key:
            return
        self._layout_key = key
        Metrics.density = layout_scale(size)
        Metrics.fontscale = self.text_scale  # sp = dp x fontscale: every font size follows
        self.portrait = size[1] > size[0]
        display = self.settings.display
        self.target_px = max(dp(style.TARGET_DP), mm_to_px(display, size, display.min_target_mm))
        self.qr_px = mm_to_px(display, size, display.qr_size_mm)
        self._follow_reach(size)
        budget = budget_for_window(size)  # what the caches may hold, in bytes
        pages.KEPT.clear()  # the pages of the screens made for the last layout
        self._freeze_screens = self.navigator.route.screen == ATTRACT
        pages.use_budget(budget.kept_pages)
        self._picture_cache_bytes = budget.picture_textures
        self._make_screens()
        self._route_changed(self.navigator.route, self.navigator.language, "layout")

    def _make_screens(self):
        """A fresh set of screens, each made when first needed: only the first screen is
        made before the first frame, and the rest one per frame soon after, so the kiosk
        starts sooner and is ready before a visitor can tap."""
        self.manager.clear_widgets()
        if self._prebuild_event is not None:
            self._prebuild_event.cancel()
        self.screens = LazyScreens(self._make_screen, SCREENS)
        prebuild = self._prebuild_event = Clock.create_trigger(
            self._make_more_screens, PREBUILD_AFTER_S
        )
        # Counted from the first frame: before it, Kivy's clock counts from its last tick, which
        # at start-up was long before, and the screens would be made before the first frame.
        after_this_frame(lambda: prebuild() if self._prebuild_event is prebuild else None)

    def _make_screen(self, name: str):
        module, kind = SCREENS[name].widget.split(":")
        screen = getattr(import_module(module), kind)(
            self.navigator,
            self.settings,
            quiz_session=self.quiz_session,
            statistics=self.services.statistics,
            now=self.now,
            name=name,
        )
        screen.portrait = self.portrait
        screen.qr_px = self.qr_px
        screen.speech = self.speech
        screen.switch_contrast = self.switch_contrast
        screen.switch_large_text = self.switch_large_text
        screen.switch_low_reach = self.switch_low_reach
        screen.reach_band = screen.band_within_reach(self.reach_band())
        if name == ATTRACT:
            screen.rotate_s = self.settings.idle.attract_rotate_s
            screen.codes_later = not self._first_frame_drawn
        self.manager.add_widget(screen)
        return screen

    def _make_more_screens(self, *_):
        """One more screen per frame until all are made."""
        screens = self.screens
        missing = [name for name in SCREENS if not screens.made(name)]
        if missing:
            screens[missing[0]]  # looking a screen up makes it
            self._prebuild_event = Clock.schedule_once(self._make_more_screens, 0)
        else:
            self._prebuild_event = None
            # Everything the kiosk keeps is made now; frozen unless a visitor's page is on it.
            self.collector.start(freeze=self._freeze_screens)
            # After the freeze: a frozen page in reference cycles would never be collected
            # once a visit has replaced it. When a visit's end is due, it makes the page after
            # its own freeze (_after_visit_collection).
            if not self.collector.visit_collection_due:
                self._make_home_ahead()
            self._warm_up_pictures()

    def make_page_ahead(self, route: Route, language: str) -> None:
        """`route`'s page in `language`, made on its screen out of sight, at the size it will
        be shown: showing it later only draws it. Not for the screen on show, nor for screens
        filled anew whenever shown (the quiz)."""
        screen = self.screens[route.screen]
        if self.content is None or screen is self.manager.current_screen or not screen.reuse:
            return
        screen.size = self.manager.size  # a screen off the window keeps its last size
        screen.show(self.content.exhibition, route, language)

    def _make_home_ahead(self) -> None:
        """The home page, where every visit starts, made while the attract screen waits (once
        the screens are made, and after each visit): the tap that starts a visit draws it."""
        if not self.sleeping:
            self.make_page_ahead(Route(HOME), self.navigator.default_language)

    def _warm_up_pictures(self):
        if self.content is not None:
            media = self.settings.media_dir
            files = self.content.exhibition.picture_files()
            self.services.pictures.warm_up(media / file for file in files)

    def _resized(self, _window, width, height):
        Clock.unschedule(self._relayout)
        Clock.schedule_once(self._relayout, 0.2)

    def _relayout(self, *_):
        self._layout()

    # Routes ------------------------------------------------------------------------------

    def _route_changed(self, route: Route, language: str, why: str):
        self.language = language
        self.explorer.forget()
        if self.sleeping:
            route = Route(SLEEP)
        elif self.content is None:
            route = Route(UNAVAILABLE)
        screen = self.screens[route.screen]  # made now if it was not yet
        exhibition = self.content.exhibition if self.content else None
        manager = self.manager
        manager.end_fade()  # a language switch just before is filled first

        def fill():
            screen.show(exhibition, route, language)

        if why == "language" and manager.current == screen.name:
            # Filled at once; the page in the old language fades out over it as it is drawn,
            # a band at a time from the frame that answers the tap on.
            manager.change_in_place(screen, fill)
        elif manager.current_screen is not None and manager.current != screen.name:
            # A slide: the screen is filled as it starts (FrameSlide.add_screen) and drawn a
            # band at a time as it comes into view, from the frame that answers the tap on.
            manager.fill_later(screen, fill)
            manager.transition.direction = "left" if why in FORWARD else "right"
            manager.current = screen.name
        else:
            manager.fill_now(screen, fill)
            manager.current = screen.name
        self._follow_visit(route, why)

    def _follow_visit(self, route: Route, why: str):
        if route.screen == ATTRACT:
            self.idle.visit_ended()
            self._stop_idle_clock()
            self._hide_prompt()
        elif why == "start":
            self._freeze_screens = False  # the visit's pages are on the screens being made
            self.idle.visit_started()
            self._start_idle_clock()

    # Idle --------------------------------------------------------------------------------

    def _start_idle_clock(self):
        if self._idle_event is None:
            self._idle_event = Clock.schedule_interval(self.poll_idle, IDLE_POLL_S)

    def _stop_idle_clock(self):
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None

    def poll_idle(self, *_):
        # A listener is not cut off mid-text: in speech mode the wait is longer, and speech
        # playing counts as someone being there.
        idle, speech = self.settings.idle, self.speech
        self.idle.timeout_s = idle.speech_timeout_s if speech.mode else idle.timeout_s
        if speech.speaking and self._prompt is None:
            self.idle.touched()
        state = self.idle.poll()
        if state.phase == ASKING:
            self._show_prompt(state.remaining_s)
        elif state.phase == VISIT:
            self._hide_prompt()
        elif state.phase == RESET:
            self.end_visit()

    def end_visit(self):
        """Forget the visitor: attract screen, default language, default palette."""
        self._hide_prompt()
        self._close_staff()
        self._forget_visitor_choices()
        self.navigator.reset()
        self.collector.visit_ended()  # the visit's garbage, collected when nobody waits

    def _drop_visit_pages(self):
        """At the end of a visit: every screen lets go of its kept pages, and the screens not
        on show of the page they showed, the home screen's too unless it is in the default
        language and the collection is not followed by a freeze (the next visitor's is made
        after the collection). The next visitor gets them made anew, and the kiosk at rest
        holds no more than after its start, whatever the visits before it opened. When the
        next visit has begun before a quiet moment came, its pages are its own and stay."""
        if self.navigator.route.screen != ATTRACT:
            return
        keep_shown = {self.manager.current}
        home = self.screens[HOME] if self.screens.made(HOME) else None
        if (
            home is not None
            and home.language == self.navigator.default_language
            and not self.collector.freeze_due
        ):
            # Already the next visitor's, and no freeze follows to take it: it stays, and a
            # tap in the meantime finds it made.
            keep_shown.add(HOME)
        for name in SCREENS:
            if self.screens.made(name):
                self.screens[name].drop_pages(keep_shown=name in keep_shown)

    def _after_visit_collection(self):
        """Once the visit's pages are collected (and the screens frozen, when a layout made
        mid-visit left that to the visit's end): the next visitor's home page, made only now
        so that no freeze takes it (a frozen page in reference cycles would outlive the visit
        that replaced it), and the freed memory handed back."""
        if self.navigator.route.screen == ATTRACT:
            self._make_home_ahead()
        memory.trim_heap()

    def _forget_visitor_choices(self):
        """The palette, text size and layout back to the site's defaults for the next
        visitor: at the idle reset, and when the kiosk closes mid-visit."""
        self.set_high_contrast(False)
        self.set_large_text(False)
        self.set_low_reach(self._low_reach_default())

    # Content, opening hours, stopping --------------------------------------------------------

    def replace_content(self, content):
        """New valid content: the visitor stays on their screen if it still exists."""
        if self.content is not None and content.content_hash == self.content.content_hash:
            return
        self.content = content
        self.navigator.replace_content(content.exhibition)
        self._warm_up_pictures()

    def sleep(self):
        Logger.info("Kiosk: outside opening hours, sleeping")
        self.sleeping = True
        self._hide_prompt()
        self._forget_visitor_choices()
        self.navigator.reset()
        display_power(on=False)

    def wake(self):
        Logger.info("Kiosk: opening hours, waking up")
        self.sleeping = False
        display_power(on=True)
        self.navigator.reset()

    def stop_kiosk(self, reason: str, exit_code: int = 0):
        self.exit_code = exit_code
        self.services.stop(reason)
        self.stop()

    def exit_to_desktop(self):
        """Staff leave the kiosk until the PC restarts: the stay-stopped file tells the unit
        not to start it again (cage does not pass the exit status on), and the exit status
        does the same where it is passed on."""
        restart.stay_stopped(self.stay_stopped_file)
        self.stop_kiosk(restart.STOPPED_BY_STAFF, EXIT_STAY_STOPPED)

    def on_stop(self):
        if self.services.stop_reason is None:  # closed some other way, e.g. a development window
            self.services.stop("window closed")

    def _show_prompt(self, remaining_s: int):
        from kiosk.ui.idle_prompt import IdlePrompt

        if self._prompt is None:
            self._prompt = IdlePrompt(language=self.language, reach_band=self.reach_band())
            self._prompt.open(animation=False)
            if self.speech.mode:
                self.speech.say_text("Are you still there?")
        self._prompt.remaining_s = remaining_s

    def _hide_prompt(self):
        if self._prompt is not None:
            self._prompt.dismiss(animation=False)
            self._prompt = None

    def _any_touch(self, _window, touch):
        self.idle.touched()
        self.collector.touched()
        self.services.touched()
        self.gesture.down(touch.x, touch.y, Window.size, time.monotonic())
        if self.sleeping:
            return True  # outside opening hours a touch opens nothing
        if self._prompt is not None:
            self._hide_prompt()
            self.speech.stop()
            return True  # the touch that dismisses the question does nothing else
        if self._staff is not None:
            return False  # the PIN pad and the staff menu work as they always do
        if self.speech.mode:
            touch.ud["explore"] = True
            self.explorer.touch_down(touch)
            return True  # in speech mode a touch speaks; a double tap chooses
        if (
            self.navigator.route.screen == ATTRACT
            and self.speech.offered
            and self.gesture.corner(touch.x, touch.y, Window.size) is None
        ):
            self._cancel_long_press()
            self._long_press = Clock.schedule_once(
                lambda _dt: self._long_pressed(touch), LONG_PRESS_S
            )
        self.touch_ahead.touch_down(touch)
        return False

    def _any_touch_move(self, _window, touch):
        return bool(touch.ud.get("explore"))  # nothing scrolls under an exploring finger

    def _any_touch_up(self, _window, touch):
        self._cancel_long_press()
        self.touch_ahead.touch_up(touch)
        if self.gesture.up(touch.x, touch.y, Window.size, time.monotonic()):
            self.open_pin_pad()
        if touch.ud.get("explore"):
            self.explorer.touch_up(touch)
            return True
        return bool(touch.ud.get("long_press"))

    # Speech mode -----------------------------------------------------------------------------

    def _cancel_long_press(self):
        if self._long_press is not None:
            self._long_press.cancel()
            self._long_press = None

    def _long_pressed(self, touch):
        """Two seconds' press on the attract screen, away from its corners: speech mode on,
        said at once in every language, the visitor's first."""
        self._long_press = None
        if self.navigator.route.screen != ATTRACT or self.speech.mode:
            return
        touch.ud["long_press"] = True
        self.speech.mode = True
        self.speech.say_in_every_language(SPEECH_MODE_ON)

    def _key_down(self, _window, keycode, _scancode, _codepoint, modifiers):
        """The keypad (kiosk.speech.keymap): moves the focus with its ring and speech, chooses,
        repeats, sets the volume, goes back and home. The first key turns speech mode on."""
        from kivy.core.window import Keyboard

        from kiosk.speech import keymap

        name = next((n for n, code in Keyboard.keycodes.items() if code == keycode), None)
        if name in keymap.IGNORED:
            return self.locked
        command = keymap.command_for(name, modifiers or ())
        if command is None or self.sleeping or self._staff is not None:
            return False
        self.idle.touched()
        self.services.touched()
        if self._prompt is not None:
            self._hide_prompt()
            self.speech.stop()
            return True
        speech, explorer = self.speech, self.explorer
        if not speech.mode and speech.offered and command != keymap.LISTEN:
            speech.mode = True
        if command == keymap.NEXT:
            explorer.move(1)
        elif command == keymap.PREVIOUS:
            explorer.move(-1)
        elif command == keymap.CHOOSE:
            if explorer.focused is None:
                explorer.move(1)
            else:
                explorer.activate()
        elif command == keymap.REPEAT:
            explorer.repeat()
        elif command in (keymap.LOUDER, keymap.QUIETER):
            speech.change_volume(1 if command == keymap.LOUDER else -1)
            explorer.repeat()
        elif command == keymap.BACK:
            self.navigator.back()
        elif command == keymap.HOME:
            if self.navigator.route.screen != ATTRACT:
                self.navigator.home()
        elif command == keymap.LISTEN:
            self.manager.current_screen.listen()
        return True

    def switch_contrast(self):
        self.set_high_contrast(not self.high_contrast)
        if self.speech.mode:
            said = "High contrast is on." if self.high_contrast else "High contrast is off."
            self.speech.say_text(said)

    def set_high_contrast(self, on: bool):
        """The palette every widget is drawn with: its colours are read when a widget is made,
        so the screens are made anew (the visitor stays where they are)."""
        if on == self.high_contrast:
            return
        self.high_contrast = on
        style.use_palette(style.HIGH_CONTRAST_PALETTE if on else style.DEFAULT_PALETTE)
        Window.clearcolor = style.PAPER
        self._layout_key = None
        self._layout()
        self.manager.use_paper(style.PAPER)

    def switch_large_text(self):
        """The "A+" button: every text 1.5 times as large, or back to the default."""
        self.set_large_text(not self.large_text)
        if self.speech.mode:
            self.speech.say_text("Large text is on." if self.large_text else "Large text is off.")

    def set_large_text(self, on: bool):
        self.set_text_scale(style.LARGE_TEXT_SCALE if on else style.DEFAULT_TEXT_SCALE)

    def set_text_scale(self, scale: float):
        """Every font size times `scale`. Font sizes are read when a widget is made, so the
        screens (and the pages they keep) are made anew: the visitor stays where they are, and
        each page is laid out again for the larger text, scrolling where it grows too long."""
        self.large_text = scale > style.DEFAULT_TEXT_SCALE
        if scale == self.text_scale:
            return
        self.text_scale = scale
        self._layout()

    # Low reach ---------------------------------------------------------------------------------

    def _follow_reach(self, size):
        """Which rows of the screen are within a seated reach, for this window's shape: the
        lowered layout is for portrait, where the top bar is far above a seated visitor."""
        display = self.settings.display
        bands = reach_bands(display, size) if self.portrait else None
        self._reach_bands = bands if bands != (0, 0) else None
        self.low_reach_offered = (
            self._reach_bands is not None and display.low_reach == LOW_REACH_TOGGLE
        )
        self.speech.low_reach_toggle = self.low_reach_offered
        if self._reach_bands is None:
            self.low_reach = False
        elif display.low_reach == LOW_REACH_ALWAYS:
            self.low_reach = True

    def _low_reach_default(self) -> bool:
        return self._reach_bands is not None and self.settings.display.low_reach == LOW_REACH_ALWAYS

    def reach_band(self) -> tuple[int, int]:
        """(top, bottom) rows every screen leaves empty: the bands out of a seated reach while
        the lowered layout is on, else none."""
        return self._reach_bands if self.low_reach and self._reach_bands else (0, 0)

    def switch_low_reach(self):
        self.set_low_reach(not self.low_reach)
        if self.speech.mode:
            on = self.low_reach
            self.speech.say_text(
                "The view is lowered." if on else "The view fills the whole screen again."
            )

    def set_low_reach(self, on: bool):
        """Every screen made so far lays itself out in the rows within reach, or in all of
        them again; sizes stay as they are, so nothing is made anew."""
        self.low_reach = bool(on and self._reach_bands)
        band = self.reach_band()
        for name in self.screens:
            if self.screens.made(name):
                screen = self.screens[name]
                screen.reach_band = screen.band_within_reach(band)
        self.explorer.forget()

    def _speech_mode_changed(self, _speech, on: bool):
        if not on:
            self.explorer.forget()

    # Staff -----------------------------------------------------------------------------------

    def open_pin_pad(self):
        from kiosk.ui.staff import PinPad

        self._close_staff()
        self._staff = PinPad(self.pin_gate, self.open_staff_menu, language=self.language)
        self._staff.open(animation=False)

    def open_staff_menu(self):
        from kiosk.ui.staff import StaffMenu

        actions = {
            "reload": self.services.reload_now,
            "restart": self.restart,
            "exit": lambda: self.stop_kiosk(restart.STOPPED_BY_STAFF, EXIT_STAY_STOPPED),
            "close": lambda: None,
        }
        sync = self.services.sync_status.read() if self.services.sync_status else None
        if sync is not None:
            actions["sync"] = self.services.request_sync
        self._staff = StaffMenu(
            actions,
            language=self.language,
            facts=self.staff_facts(sync),
            problems=self.services.watcher.problems
            + self.services.pictures.problems
            + (list(sync.refused_errors) if sync else []),
            faults=FAULTS.lines(),
        )
        self._staff.open(animation=False)

    def staff_facts(self, sync=None) -> list[tuple[str, str]]:
        """`sync`: the content sync's kiosk.sync.status.SyncStatus, when there is a repository."""
        health = self.services.health.snapshot()
        uptime = int(time.monotonic() - self.started)
        rss = health.get("rss_bytes") or 0
        language = self.language
        facts = [
            (tr("Version", language), __version__),
            (tr("Content version", language), str(health.get("content_hash"))),
            (tr("State", language), str(health.get("state"))),
            (tr("Uptime", language), f"{uptime // 3600} h {uptime % 3600 // 60} min"),
            (tr("Memory", language), f"{rss / 1e6:.0f} MB"),
            (tr("Last stop", language), str(self.services.last_stop)),
            (tr("Speech", language), self.speech.status()),
        ]
        if sync is not None:
            facts += sync_facts(sync, language)
        return facts

    def _close_staff(self):
        if self._staff is not None:
            self._staff.dismiss(animation=False)
            self._staff = None

    def restart(self):
        """Start afresh in this same process slot: systemd or not, the kiosk comes back."""
        self.services.stop(restart.RESTART_REQUESTED)
        os.execv(sys.executable, [sys.executable, *sys.argv])

    # Lock-down ---------------------------------------------------------------------------

    def _request_close(self, *_args, **_kwargs):
        """Window-manager close (Alt+F4) is refused in kiosk mode; staff leave by the menu."""
        return self.locked

    def open_settings(self, *_):
        return False  # F1 would open Kivy's settings panel

    def recover(self):
        """After an unexpected error: back to a fresh attract screen."""
        try:
            self.end_visit()
        except Exception:  # noqa: BLE001 - recovering must not raise again
            Logger.exception("Kiosk: could not return to the attract screen")


def sync_facts(sync, language: str) -> list[tuple[str, str]]:
    """The staff menu's lines about the content sync: the commit shown, the last sync that
    worked, failures since and a refused commit."""
    from datetime import datetime

    def when(moment):
        if moment is None:
            return tr("never", language)
        return datetime.fromtimestamp(moment).strftime("%Y-%m-%d %H:%M")

    commit = sync.commit[:10] if sync.commit else tr("bundled content", language)
    facts = [
        (tr("Content commit", language), commit),
        (tr("Last sync", language), when(sync.last_success)),
    ]
    if sync.failures:
        facts.append((tr("Sync failures", language), f"{sync.failures}: {sync.last_error}"))
    if sync.refused_commit:
        refused = f"{sync.refused_commit[:10]}: {sync.refused_reason}"
        facts.append((tr("Refused commit", language), refused))
    return facts


def input_waiting() -> bool:
    """A touch or click Kivy has received but not yet dispatched: its input providers queue
    them between frames, and the clock's callbacks run before they are dispatched."""
    from kivy.base import EventLoop

    if EventLoop.input_events:
        return True
    return any(
        getattr(provider, queue, None)
        for provider in EventLoop.input_providers
        for queue in ("waiting_event", "queue")  # the mouse's; mtdev's and hidinput's
    )


class LazyScreens(Mapping):
    """The app's screens by name, every kind always listed; each one is made by `make(name)`
    the first time it is looked up (iterating over values or items makes them all)."""

    def __init__(self, make, names):
        self._make = make
        self._names = tuple(names)
        self._made = {}

    def __getitem__(self, name):
        screen = self._made.get(name)
        if screen is None:
            if name not in self._names:
                raise KeyError(name)
            screen = self._made[name] = self._make(name)
        return screen

    def __contains__(self, name) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def made(self, name: str) -> bool:
        return name in self._made


class _BackToAttract(ExceptionHandler):
    """An exception in any callback is logged with its traceback; the visitor sees the attract
    screen again instead of a crash."""

    def __init__(self, app: KioskApp):
        super().__init__()
        self.app = app

    def handle_exception(self, exception):
        if isinstance(exception, KeyboardInterrupt | SystemExit):
            return ExceptionManager.RAISE
        Logger.exception(f"Kiosk: unexpected error, back to the attract screen: {exception!r}")
        Clock.schedule_once(lambda _dt: self.app.recover(), 0)
        return ExceptionManager.PASS
