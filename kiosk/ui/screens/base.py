"""What every screen shares: it is shown a model, sends intents to the navigator, and stops its
own timers and animations when the visitor leaves it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.logger import Logger
from kivy.metrics import dp, sp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.scrollview import ScrollView

from kiosk import qr
from kiosk.i18n import format_number, tr
from kiosk.languages import LANGUAGES
from kiosk.stats.service import StatisticsService
from kiosk.ui import style
from kiosk.ui.pages import PageCache
from kiosk.ui.widgets import Card, LinkCode, readable_url


class KioskScreen(Screen):
    language = StringProperty("fi")
    languages = ListProperty(list(LANGUAGES))
    portrait = BooleanProperty(False)
    """Set by the app from the window's shape before `show`."""
    qr_px = NumericProperty(200)
    """The smallest on-screen size of a QR code, from display.qr_size_mm."""
    reach_band = ListProperty([0, 0])
    """Rows of pixels (top, bottom) the screen's layout leaves empty so that every control is
    within a seated visitor's reach (the lowered layout; kiosk.display.reach_bands)."""

    def __init__(
        self, navigator, settings, quiz_session=None, statistics=None, now=datetime.now, **kwargs
    ):
        """`quiz_session`: the visitor's kiosk.footprint.session.QuizSession, shared by the
        quiz and result screens. `statistics`: the kiosk.stats.service.StatisticsService the
        screens tell what the visitor does and ask for pledge totals (none: nothing is counted).
        `now`: the kiosk's wall clock, for what a screen says about dates."""
        super().__init__(**kwargs)
        self.navigator = navigator
        self.settings = settings
        self.quiz_session = quiz_session
        self.statistics = statistics or StatisticsService()
        self.now = now
        self.media_dir = Path(settings.media_dir)
        self._events = []
        self._animated = []
        self._shown_exhibition = self._shown = None  # what show() filled the screen with
        self._pages = PageCache(self.KEPT_PAGES)
        # The empty band above the lowered layout shows the exhibition's name, and nothing
        # that can be touched.
        self._band_title = Label(
            font_size=sp(style.HEADING),
            bold=True,
            color=style.INK_SOFT,
            halign="center",
            valign="middle",
            opacity=0,
        )
        self._band_title.bind(size=lambda label, size: setattr(label, "text_size", size))
        self._band_text = ""
        self.add_widget(self._band_title)
        self.fbind("reach_band", self._trigger_layout)

    def band_within_reach(self, band) -> tuple[int, int]:
        """The reach band this screen leaves empty while the lowered layout is on (the app's
        (top, bottom) bands out of a seated reach)."""
        return tuple(band)

    def do_layout(self, *_args):
        """The screen's layout fills what the reach band leaves: all of the screen when it
        is (0, 0), else the rows between its top and bottom bands."""
        top, bottom = self.reach_band
        band_title = self._band_title
        height = max(0, self.height - top - bottom)
        FloatLayout.do_layout(self, pos=(0, bottom), size=(self.width, height))
        for child in self.children:
            if child is not band_title and not child.pos_hint:
                child.y = bottom
        pad = dp(style.PAD)
        band_title.size_hint = (None, None)
        band_title.pos = (pad, bottom + height)
        band_title.size = (max(0, self.width - 2 * pad), top)
        band_title.opacity = 1 if top > 0 else 0
        band_title.text = self._band_text if top > 0 else ""  # no texture while unseen

    speech = None
    """The app's kiosk.ui.speech.Speech, set by the app when it makes the screen."""
    switch_contrast = None
    """The app's high-contrast switch (a callable), set by the app when it makes the screen."""
    switch_large_text = None
    """The app's "A+" switch (a callable), set by the app when it makes the screen."""
    switch_low_reach = None
    """The app's lowered-layout switch (a callable), set by the app when it makes the screen."""

    reuse = False
    """True for a screen that shows nothing but the content, the route and the language: shown
    again for the same ones, it keeps the widgets it made last time instead of making them all
    anew (Back and Home then cost no rebuilding). Leave it False for a screen that also shows
    the visitor's state (the quiz) or changes by itself (the attract loop)."""

    def show(self, exhibition, route, language: str) -> None:
        """Fill the screen for `route` in `language`, before it becomes visible."""
        shown = (
            route,
            language,
            tuple(self.navigator.languages),
            self.portrait,
            self.qr_px,
            self.shown_state(),
        )
        same_content = exhibition is self._shown_exhibition
        self._band_text = exhibition.title(language) if exhibition is not None else ""
        self._trigger_layout()
        if self.reuse and same_content and shown == self._shown:
            return
        self.languages = list(self.navigator.languages)
        self.language = language
        if not self.reuse or not self.page_containers:
            self.populate(exhibition, route)
        else:
            if not same_content:
                self._pages.clear()
            on_show = self._shown if same_content else None
            if self._pages.swap(on_show, shown, self):
                self.page_put_back()
            else:
                self.populate(exhibition, route)
        self._shown_exhibition, self._shown = exhibition, shown

    page_containers: tuple[str, ...] = ()
    """The ids of the containers `populate` fills, emptied by `drop_pages`. With `reuse`, the
    last KEPT_PAGES pages are kept whole (kiosk.ui.pages), with `page_values`, the names of
    what else `populate` sets."""
    page_values: tuple[str, ...] = ()
    KEPT_PAGES = 3  # a page in each language, for the visitor switching back and forth

    def populate(self, exhibition, route) -> None:
        raise NotImplementedError

    def drop_pages(self, keep_shown: bool = False) -> None:
        """Lets go of the kept pages and, unless `keep_shown`, of the page the screen was last
        filled with (the widgets in `page_containers`, the values in `page_values` back to
        their defaults): for the end of a visit, when the next visitor is unlikely to come
        back to them. The next `show` fills the screen anew."""
        self._pages.clear()
        if keep_shown:
            return
        # Back to the top, at rest, first: emptied while scrolled down, the scroll view would
        # be out of its bounds and the next visitor's page would open part way down, gliding.
        scroll = self._page_scroll()
        if scroll is not None:
            scroll.scroll_y = 1
            scroll.effect_y.velocity = 0
        for name in self.page_containers:
            self.ids[name].clear_widgets()
        for name in self.page_values:
            kivy_property = self.property(name, quiet=True)
            if kivy_property is not None:
                setattr(self, name, kivy_property.defaultvalue)
            else:
                vars(self).pop(name, None)  # the class's value again
        self._shown = None

    def page_put_back(self) -> None:
        """A kept page is on the screen again: it starts at the top, as a new one would."""
        scroll = self.ids.get("scroll")
        if scroll is not None:
            scroll.scroll_y = 1

    def _page_scroll(self) -> ScrollView | None:
        """The scroll view the page containers are in, if any."""
        widget = self.ids[self.page_containers[0]] if self.page_containers else None
        while widget is not None and widget is not self:
            if isinstance(widget, ScrollView):
                return widget
            widget = widget.parent
        return None

    def refill_next_time(self) -> None:
        """The screen changed in place (a tap): the next `show` fills it anew even if reused."""
        self._shown = None

    def shown_state(self):
        """What else of the visit the screen shows, for `reuse`: the screen is filled anew
        when this changes."""
        return None

    # Helpers for subclasses --------------------------------------------------------------

    def tr(self, message: str, **values) -> str:
        return tr(message, self.language, **values)

    def number(self, value, unit: str | None = None) -> str:
        text = format_number(value, self.language)
        return f"{text}\u00a0{unit}" if unit else text

    def media(self, file: str) -> str:
        return str(self.media_dir / file)

    def show_station_cards(self, theme) -> None:
        """Fills the container `cards` with a card for each station of `theme`, in the theme's
        colour; a tap opens the station."""
        accent = style.rgba(theme.color) if theme.color else style.ACCENT
        cards = self.ids.cards
        cards.clear_widgets()
        for station in theme.stations:
            card = Card(
                source=self.media(station.images[0].file_for(self.language))
                if station.images
                else "",
                title=station.title(self.language),
                lead=station.lead(self.language),
                accent=accent,
                image_aspect=1.6,  # station pictures are 16:10; charts must not be cropped
            )
            card.speech_action = ("open_station", station.id)
            card.bind(on_release=lambda _c, station_id=station.id: self.open_station(station_id))
            cards.add_widget(card)

    def link_code(self, url: str, label: str, station_id: str | None = None) -> LinkCode:
        """A QR code for `url`, with the kiosk's campaign parameters when they are on."""
        return LinkCode(
            url=qr.with_campaign(url, self.settings.links.campaign, station_id),
            shown_url=readable_url(url),
            label=label,
            size_px=self.qr_px,
        )

    def track(self, event: str, *args) -> None:
        """Tells the statistics (StatisticsService.record); statistics are never worth an
        error on screen."""
        try:
            self.statistics.record(event, *args)
        except Exception:  # noqa: BLE001
            Logger.exception(f"Kiosk: statistics could not record {event}")

    def every(self, seconds: float, callback) -> None:
        self._events.append(Clock.schedule_interval(callback, seconds))

    def animate(self, animation: Animation, widget) -> None:
        self._animated.append((animation, widget))
        animation.start(widget)

    def on_leave(self, *_):
        self.freeze()
        for event in self._events:
            event.cancel()
        self._events.clear()

    def freeze(self):
        """Stop every animation where it ends (for leaving, and for screenshots)."""
        for animation, widget in self._animated:
            animation.cancel(widget)
        self._animated.clear()

    # Intents, for the kv files -----------------------------------------------------------

    def back(self):
        self.navigator.back()

    def home(self):
        self.navigator.home()

    def set_language(self, code: str):
        self.navigator.set_language(code)

    def perform(self, action) -> None:
        """Chooses an item of the reading order (kiosk.speech.reading) by its action, as a
        tap on its button would: for speech mode's double tap and the keypad's Enter."""
        intent, argument = action
        if intent == "language":
            self.set_language(argument)
            return
        method = getattr(self, intent, None)
        if method is None:
            return
        method() if argument is None or intent == "skip" else method(argument)

    def lower(self):
        """The lowered layout's button: the screen's controls within a seated reach, on every
        screen, until the idle reset."""
        if self.switch_low_reach is not None:
            self.switch_low_reach()

    def contrast(self):
        """The high-contrast button: the other palette, on every screen, until the idle reset."""
        if self.switch_contrast is not None:
            self.switch_contrast()

    def large_text(self):
        """The "A+" button: every text larger, on every screen, until the idle reset."""
        if self.switch_large_text is not None:
            self.switch_large_text()

    def listen(self):
        """The Listen button: speech mode on, and the screen read aloud from the top; pressed
        while speech mode is on, it turns speech mode off."""
        speech = self.speech
        if speech is None:
            return
        if speech.mode:
            speech.mode = False
            speech.stop()
            return
        speech.mode = True
        speech.read_screen()

    def open_theme(self, theme_id: str):
        self.navigator.open_theme(theme_id)

    def open_station(self, station_id: str):
        self.navigator.open_station(station_id)

    def open_quiz(self):
        """The quiz where the visitor left it: the result once they have seen it."""
        session = self.quiz_session
        if session is None or session.quiz is None:
            return
        if session.completed:
            self.navigator.open_result()
            return
        if session.begin():
            self.track("quiz_started")
        self.navigator.open_quiz()
