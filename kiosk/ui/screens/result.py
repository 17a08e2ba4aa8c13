"""The quiz's result: the visitor's estimated footprint beside the average Finn, the Espoo
resident and the 2030 target; the tips that apply, largest saving first, each with what Espoo
does about it; one climate pledge with its running total; and links to take home."""

from __future__ import annotations

from kivy.metrics import dp
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.footprint.rounding import rounded_kg, rounded_tonnes, shown_tonnes
from kiosk.stats.pledges import pledges_for_tips
from kiosk.ui import style
from kiosk.ui.kv import load_kv
from kiosk.ui.pledging import PledgeOffer
from kiosk.ui.quiz_widgets import (
    Breakdown,
    CompareRow,
    OutlineButton,
    PledgeBox,
    TipCard,
    category_rows,
)
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Heading, Para, TapButton


class Summary(BoxLayout):
    """The estimate in large type, what it is, and the comparison bars (into `compare`)."""

    lead = StringProperty("")
    total_text = StringProperty("")
    unit_text = StringProperty("")
    note = StringProperty("")
    compare_heading = StringProperty("")
    sources = StringProperty("")
    start_over_text = StringProperty("")

    def __init__(self, **kwargs):
        self.register_event_type("on_start_over")
        super().__init__(**kwargs)

    def on_start_over(self):
        pass


class ResultScreen(PledgeOffer, KioskScreen):
    title = StringProperty("")
    available = BooleanProperty(True)
    # Emptied at the end of a visit (drop_pages): the visitor's result.
    page_containers = ("main_column", "side_column")
    page_values = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exhibition = None
        self.codes: list[str] = []
        self._forget_blocks()

    def _forget_blocks(self):
        """No blocks: the first `populate` after the screen was made or the last visit ended
        makes them, so that none waits in memory between visits (the screens are frozen out
        of Python's collections, kiosk.ops.memory: blocks made before a freeze and replaced
        after it would stay)."""
        self.summary = self.bars = self.pledge_box = self.tips_box = self.links_box = None

    def _make_blocks(self):
        """The result's blocks, empty: `populate` fills them and `_arrange` puts them in the
        columns."""
        self.summary = Summary()
        self.summary.bind(on_start_over=lambda _s: self.start_over())
        self.bars = Breakdown()
        self.pledge_box = PledgeBox()
        self.pledge_box.bind(on_pledge=lambda _box, pledge_id: self.make_pledge(pledge_id))
        self.tips_box = BoxLayout(orientation="vertical", size_hint_y=None, spacing=dp(style.GAP))
        self.tips_box.bind(minimum_height=self.tips_box.setter("height"))
        self.links_box = BoxLayout(orientation="vertical", size_hint_y=None, spacing=dp(12))
        self.links_box.bind(minimum_height=self.links_box.setter("height"))

    def drop_pages(self, keep_shown: bool = False) -> None:
        """At the end of a visit the visitor's result goes with them: what it said and
        rendered, held by the blocks, is let go, and the next result makes them anew."""
        super().drop_pages(keep_shown)
        if keep_shown:
            return
        self.codes = []
        self._forget_blocks()

    def populate(self, exhibition, route):
        session = self.quiz_session
        quiz = session.quiz if session is not None else None
        self.available = quiz is not None
        self.exhibition = exhibition
        if not self.available:
            # Nothing to tap on the hidden page: a reload took the quiz away.
            self.title = self.tr("The quiz is not available right now.")
            self.ids.main_column.clear_widgets()
            self.ids.side_column.clear_widgets()
            self.codes = []
            return
        self.title = self.tr("Your carbon footprint")
        self.ids.scroll.scroll_y = 1
        if self.summary is None:
            self._make_blocks()
        self.show_summary()
        self.show_tips()
        self.show_links()

    def _arrange(self, has_tips: bool):
        """Landscape reads in two columns, the tips on the right (and the pledge under them
        when no tip is left); portrait in one, the tips right after the estimate."""
        main, side = self.ids.main_column, self.ids.side_column
        blocks = [self.summary, self.tips_box, self.pledge_box, self.bars, self.links_box]
        if self.portrait:
            columns = [main] * len(blocks)
        else:
            columns = [main, side, main if has_tips else side, main, main]
        if [block.parent for block in blocks] == columns:
            return
        for block in blocks:
            if block.parent is not None:
                block.parent.remove_widget(block)
        for column, block in zip(columns, blocks, strict=True):
            column.add_widget(block)

    # What the screen shows ---------------------------------------------------------------

    def show_summary(self):
        session, summary = self.quiz_session, self.summary
        quiz, mine = session.quiz, session.footprint()
        total, shown = mine.total_kg, shown_tonnes(mine.categories)
        summary.lead = self.tr("Your carbon footprint is about")
        summary.total_text = self.number(shown, "t")
        summary.unit_text = self.tr("CO₂e a year")
        summary.note = self.tr(
            "An estimate in steps of 100 kg: several of the figures behind it are uncertain. "
            "A skipped question counts as Finns answer it on average."
        )
        summary.compare_heading = self.tr("Comparison")
        summary.start_over_text = self.tr("Start over")
        references = quiz.references
        largest = max([total, *(reference.kg for reference in references)]) or 1.0
        rows = summary.ids.compare
        rows.clear_widgets()
        rows.add_widget(
            CompareRow(
                label=self.tr("You (estimate)"),
                value_text=self.number(shown, "t"),
                value=total / largest,
                fill=style.ACCENT,
                emphasis=True,
            )
        )
        for reference in references:
            rows.add_widget(
                CompareRow(
                    label=reference.label(self.language),
                    value_text=self.number(rounded_tonnes(reference.kg), "t"),
                    value=reference.kg / largest,
                )
            )
        sources = "; ".join(dict.fromkeys(reference.source for reference in references))
        summary.sources = self.tr("Source: {source}", source=sources) if sources else ""
        self.bars.heading = self.tr("Where your footprint comes from")
        self.bars.total_text = ""
        self.bars.legend = self.tr("kg CO₂e a year. The dark line on each bar: the average Finn.")
        self.bars.rows = category_rows(self, session)

    def show_tips(self):
        """The tips that apply, largest saving first; redrawn in place after "I already do
        this". The pledge follows the tips until the visitor has made one."""
        session, box = self.quiz_session, self.tips_box
        tips = session.tips()
        self._arrange(has_tips=bool(tips))
        box.clear_widgets()
        box.add_widget(Heading(text=self.tr("What would cut your footprint most")))
        if not tips:
            box.add_widget(
                Para(text=self.tr("No more tips: you already do what this quiz asks about."))
            )
        for ranked in tips:
            box.add_widget(self._tip_card(ranked))
        self.show_pledge([ranked.tip.id for ranked in tips])

    def _tip_card(self, ranked):
        tip, language = ranked.tip, self.language
        card = TipCard(
            tip_id=tip.id,
            title=tip.title(language),
            text=tip.text(language),
            saving_text=self.tr(
                "Saves about {kg} CO₂e a year", kg=self.number(rounded_kg(ranked.saving_kg), "kg")
            ),
            source_text=self.tr("Source: {source}", source=tip.source) if tip.source else "",
        )
        station = self.exhibition.station(tip.station) if tip.station else None
        if station is not None:
            button = TapButton(text=self.tr("What Espoo does") + "  ›")
            button.speech_action = ("open_station", station.id)
            button.bind(on_release=lambda _b: self.open_tip_station(tip.id, station.id))
            card.ids.buttons.add_widget(button)
        already = OutlineButton(text=self.tr("I already do this"))
        already.speech_action = ("already_do", tip.id)
        already.bind(on_release=lambda _b: self.already_do(tip.id))
        card.ids.buttons.add_widget(already)
        if tip.link is not None:
            card.add_widget(self.link_code(tip.link.url_for(language), tip.link.label(language)))
        return card

    def show_pledge(self, tip_ids):
        """The pledge made on this visit, wherever it was made; else the one that puts the
        top tip into practice."""
        pledges = self.quiz_session.pledges
        offered = [p for p in pledges if p.id == self.pledge_made] or list(
            pledges_for_tips(pledges, tip_ids)
        )
        self.fill_pledge_box(self.pledge_box, offered[0] if offered else None)

    def show_links(self):
        links, box = self.settings.links, self.links_box
        box.clear_widgets()
        box.add_widget(self.link_code(links.newsletter, self.tr("Subscribe to the newsletter")))
        box.add_widget(self.link_code(links.climate_watch, self.tr("Espoo Climate Watch")))
        self.codes = ["newsletter", "climate-watch"]

    def on_enter(self, *_):
        self.report_codes()

    def report_codes(self):
        """The QR codes on screen, for the statistics (counted once per screen view)."""
        tips = self.quiz_session.tips() if self.available else ()
        for code in self.codes + [f"tip-{r.tip.id}-1" for r in tips if r.tip.link is not None]:
            self.track("qr_shown", code)

    # Intents -----------------------------------------------------------------------------

    def already_do(self, tip_id: str):
        self.quiz_session.already_do(tip_id)
        self.show_tips()

    def open_tip_station(self, tip_id: str, station_id: str):
        self.track("tip_chosen", tip_id)
        self.open_station(station_id)

    def make_pledge(self, pledge_id: str):
        if self.record_pledge(pledge_id):
            self.show_pledge([ranked.tip.id for ranked in self.quiz_session.tips()])

    def start_over(self):
        """Forget the answers; the first question again."""
        self.quiz_session.start_over()
        self.open_quiz()


load_kv(__file__)
