"""A station: headline and lead for the passer-by, then the body in short chunks, key facts
with their sources, pictures, what Espoo does, what you can do, and links to take home."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.citation import source_line
from kiosk.stats.pledges import pledges_for_station
from kiosk.ui import style
from kiosk.ui.kv import load_kv
from kiosk.ui.pledging import PledgeOffer
from kiosk.ui.quiz_widgets import PledgeBox
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import FactCard, Heading, Para, Picture, TapButton, TextBox


class StationScreen(PledgeOffer, KioskScreen):
    title = StringProperty("")
    lead = StringProperty("")
    reuse = True  # the same content, route, language and pledge: the same page
    page_containers = ("text_column", "side_column")
    page_values = ("title", "lead", "pledge_box")
    pledge_box = None

    def show(self, exhibition, route, language: str) -> None:
        super().show(exhibition, route, language)
        if self.pledge_box is not None:  # other visitors may have pledged since
            self.pledge_box.total_text = self.pledge_total(self.pledge_box.pledge_id)

    def populate(self, exhibition, route):
        station = exhibition.station(route.target)
        language = self.language
        self.title = station.title(language)
        self.lead = station.lead(language)
        self.ids.scroll.scroll_y = 1
        text, side = self.ids.text_column, self.ids.side_column
        text.clear_widgets()
        side.clear_widgets()
        # Landscape reads in two columns; portrait in one, the picture first.
        pictures = [self._picture(image) for image in station.images]
        body = [Para(text=chunk) for chunk in station.body.paragraphs(language)]
        facts = [Heading(text=self.tr("Key facts"))] + [self._fact(f) for f in station.facts]
        boxes = [
            TextBox(
                heading=self.tr("What Espoo does"),
                paragraphs=list(station.espoo_does.paragraphs(language)),
            ),
            TextBox(
                heading=self.tr("What you can do"),
                paragraphs=list(station.you_can_do.paragraphs(language)),
                background=style.SUN_SOFT,
            ),
            *self._pledge(station),
        ]
        links = self._links(station)
        related = self._related(exhibition, station)
        if self.portrait:
            blocks = [pictures, body, facts, boxes, links, related]
            columns = [text] * len(blocks)
        else:
            blocks = [body, boxes, related, pictures, facts, links]
            columns = [text, text, text, side, side, side]
        for column, widgets in zip(columns, blocks, strict=True):
            for widget in widgets:
                column.add_widget(widget)

    def shown_state(self):
        return self.pledge_made  # pledging shows thanks here, and hides other stations' offers

    def _pledge(self, station):
        """The station's pledge, unless this visit has pledged something else (one per visit)."""
        pledges = self.quiz_session.pledges if self.quiz_session is not None else ()
        pledge = next(iter(pledges_for_station(pledges, station.id)), None)
        made = self.pledge_made
        if pledge is None or made not in (None, pledge.id):
            self.pledge_box = None
            return []
        self.pledge_box = PledgeBox()
        self.pledge_box.bind(on_pledge=lambda _box, pledge_id: self.make_pledge(pledge_id))
        self.fill_pledge_box(self.pledge_box, pledge)
        return [self.pledge_box]

    def make_pledge(self, pledge_id: str):
        if self.record_pledge(pledge_id):
            self.fill_pledge_box(
                self.pledge_box, next(p for p in self.quiz_session.pledges if p.id == pledge_id)
            )
            self.refill_next_time()

    def _picture(self, image):
        picture = Picture(
            source=self.media(image.file_for(self.language)),
            alt=image.alt(self.language),
            credit=self.tr("Picture: {credit}", credit=image.credit(self.language)),
        )
        picture.spoken_as = image.alt(self.language)  # speech mode rings it when it is read
        return picture

    def _fact(self, fact):
        note = fact.note(self.language) if fact.note else ""
        value, label = self.number(fact.value, fact.unit), fact.label(self.language)
        card = FactCard(
            value=value,
            label=label,
            note=note,
            source=source_line(fact, self.language),
        )
        card.spoken_as = f"{label}: {value}"  # how the reading order says it (speech mode)
        return card

    def _links(self, station):
        if not station.links:
            return []
        codes = [
            self.link_code(link.url_for(self.language), link.label(self.language), station.id)
            for link in station.links
        ]
        return [Heading(text=self.tr("Read more on your phone")), *codes]

    def _related(self, exhibition, station):
        buttons = []
        for station_id in station.related:
            other = exhibition.station(station_id)
            button = TapButton(text=other.title(self.language), background=style.ACCENT)
            button.speech_action = ("open_station", station_id)
            button.bind(on_release=lambda _b, target=station_id: self.open_station(target))
            buttons.append(button)
        return [Heading(text=self.tr("See also"))] + buttons if buttons else []


load_kv(__file__)
