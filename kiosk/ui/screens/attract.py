"""The attract loop: key facts and pictures from the content rotate, in each language in turn,
under an invitation to touch in all three. A touch anywhere starts a visit."""

from __future__ import annotations

from kivy.animation import Animation
from kivy.properties import ListProperty, NumericProperty, StringProperty

from kiosk.citation import source_line
from kiosk.i18n import format_number, tr
from kiosk.speech.reading import speech_mode_hint
from kiosk.ui.frame_clock import after_this_frame
from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen


class AttractScreen(KioskScreen):
    title = StringProperty("")
    invitations = ListProperty([])
    speech_hints = ListProperty([])
    slide_source = StringProperty("")
    slide_value = StringProperty("")
    slide_label = StringProperty("")
    slide_credit = StringProperty("")
    slide_title = StringProperty("")
    rotate_s = NumericProperty(8)

    def populate(self, exhibition, route):
        self.exhibition = exhibition
        self.slides = [
            (station, fact)
            for station in exhibition.stations
            for fact in station.facts[:1]
            if station.images
        ]
        self.index = -1
        self.title = exhibition.title(self.navigator.default_language)
        self.invitations = [exhibition.invitation(code) for code in self.languages]
        self.speech_hints = [speech_mode_hint(code) for code in self.languages]
        self.next_slide()

    def on_enter(self, *_):
        self.every(self.rotate_s, self.next_slide)
        pulse = Animation(opacity=0.55, duration=1.2) + Animation(opacity=1, duration=1.2)
        pulse.repeat = True
        self.animate(pulse, self.ids.invitation)

    def next_slide(self, *_):
        if not self.slides:
            return
        self.index = (self.index + 1) % len(self.slides)
        station, fact = self.slides[self.index]
        # Each slide speaks one language, taking turns, so every visitor soon sees their own.
        language = self.languages[self.index % len(self.languages)]
        self.slide_source = self.media(station.images[0].file_for(language))
        value = format_number(fact.value, language)
        self.slide_value = f"{value}\u00a0{fact.unit}" if fact.unit else value
        self.slide_label = fact.label(language)
        self.slide_credit = source_line(fact, language)
        self.slide_title = station.title(language)
        if self.codes_later:
            # Making a QR code takes tens of milliseconds: the kiosk's first frame does not
            # wait for them, they follow on the next.
            self.codes_later = False
            after_this_frame(lambda: self._show_codes(self._codes_language()))
        else:
            self._show_codes(language)

    codes_later = False
    """Set by the app on the screen it shows first: its QR codes follow its first frame."""

    def _codes_language(self) -> str:
        return self.languages[self.index % len(self.languages)]

    def _show_codes(self, language: str):
        links, codes = self.settings.links, self.ids.codes
        codes.clear_widgets()
        for url, message in (
            (links.newsletter, "Subscribe to the newsletter"),
            (links.climate_watch, "Espoo Climate Watch"),
        ):
            codes.add_widget(self.link_code(url, tr(message, language)))

    def on_touch_down(self, touch):
        if self.ids.langs.collide_point(*touch.pos):
            return super().on_touch_down(touch)  # FI / SV / EN starts the visit in that language
        if self.ids.listen.collide_point(*touch.pos) and not self.ids.listen.disabled:
            return super().on_touch_down(touch)  # Listen reads this screen aloud
        touch.ud["starts_visit"] = self
        return True

    def on_touch_up(self, touch):
        # The visit starts when the finger lifts: held for two seconds, the same touch turns
        # speech mode on instead (the app marks it "long_press").
        if touch.ud.get("starts_visit") is self and not touch.ud.get("long_press"):
            self.navigator.start_visit()
            return True
        return super().on_touch_up(touch)

    def perform(self, action) -> None:
        intent, argument = action
        if intent == "language":
            self.start_in(argument)
        else:
            self.navigator.start_visit()

    def start_in(self, language: str):
        self.navigator.start_visit()
        self.navigator.set_language(language)

    def band_within_reach(self, band) -> tuple[int, int]:
        """Only the band at the bottom: the attract screen's buttons (the languages, Listen)
        are at its foot already, and a touch anywhere starts the visit."""
        return 0, band[1]

    def freeze(self):
        super().freeze()
        self.ids.invitation.opacity = 1


load_kv(__file__)
