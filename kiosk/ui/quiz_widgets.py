"""Widgets of the quiz and its result: answer buttons whose text wraps, bars drawn with canvas
instructions, a tip and the pledge. Like kiosk.ui.widgets they show what they are given and
raise events; the screens fill them from the QuizSession."""

from __future__ import annotations

from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.footprint.rounding import shown_categories
from kiosk.ui import style
from kiosk.ui.kv import load_kv
from kiosk.ui.widgets import TapButton


class QuizCard(ButtonBehavior, BoxLayout):
    """The quiz's tile among the theme tiles: like a Card, with a small bar chart drawn in place
    of a picture. CardGrid makes its row as tall as `natural_height` needs."""

    title = StringProperty("")
    lead = StringProperty("")
    image_aspect = NumericProperty(2.4)
    natural_height = NumericProperty(0)


class ChoiceButton(ButtonBehavior, Label):
    """A full-width button whose text wraps onto as many lines as it needs: never shorter than
    one touch target, never cutting its text off. An answer, "don't know", a pledge."""

    selected = BooleanProperty(False)
    """Drawn filled: the visitor's earlier answer to this question."""
    quiet = BooleanProperty(False)
    """A lesser choice ("don't know / skip"): drawn on paper, not on a card."""
    primary = BooleanProperty(False)
    """The one thing to do here (make the pledge): drawn filled like a TapButton."""


class OutlineButton(TapButton):
    """A secondary TapButton: dark text on a card, outlined in the accent colour."""


class Meter(Widget):
    """A horizontal bar: `value` and `mark` are shares of the full width (0..1); a mark below 0
    is not drawn."""

    value = NumericProperty(0.0)
    mark = NumericProperty(-1.0)
    fill = ColorProperty(style.ACCENT)
    track = BooleanProperty(True)
    """Draw the empty part of the bar as well."""


class CategoryMeter(BoxLayout):
    """One category while answering: its name and the visitor's kg, the bar, and the average
    Finn's kg, shown as a mark on the bar and in words below it."""

    label = StringProperty("")
    value_text = StringProperty("")
    average_text = StringProperty("")
    value = NumericProperty(0.0)
    mark = NumericProperty(-1.0)
    active = BooleanProperty(False)
    """The category of the question on screen: the bar the next answer moves."""


class CompareRow(BoxLayout):
    """One footprint in the result's comparison: who, a bar, and the figure."""

    label = StringProperty("")
    value_text = StringProperty("")
    value = NumericProperty(0.0)
    fill = ColorProperty(style.INK_SOFT)
    emphasis = BooleanProperty(False)
    """The visitor's own row: bold, in the accent colour."""


class TipCard(BoxLayout):
    """A tip for this visitor: what to do, how much it saves, why, and its buttons (added by
    the screen into `buttons`); a QR link goes after them."""

    title = StringProperty("")
    saving_text = StringProperty("")
    text = StringProperty("")
    source_text = StringProperty("")
    """Where the tip's figures come from ("Source: Sitra 2023"), or empty."""
    tip_id = StringProperty("")


class PledgeBox(BoxLayout):
    """The climate pledge: the promise, the button, and how many have made it."""

    heading = StringProperty("")
    text = StringProperty("")
    button_text = StringProperty("")
    thanks = StringProperty("")
    total_text = StringProperty("")
    pledged = BooleanProperty(False)
    pledge_id = StringProperty("")

    def __init__(self, **kwargs):
        self.register_event_type("on_pledge")
        super().__init__(**kwargs)

    def on_pledge(self, pledge_id):
        pass


SCALE_HEADROOM = 1.4
"""The bars' full width is this many times the largest average category (or the visitor's
largest, if bigger): the scale stays put while the visitor answers."""


def category_rows(screen, session, active: str | None = None) -> list[dict]:
    """The Breakdown's rows: each category's kg for this visitor and for the average Finn, in
    the language of `screen` (a KioskScreen, the quiz's or the result's)."""
    quiz = session.quiz
    mine, average = session.footprint(), session.average()
    largest = max(
        max((kg for _, kg in average.categories), default=0) * SCALE_HEADROOM,
        max((kg for _, kg in mine.categories), default=0),
        1.0,
    )
    rows = []
    mine_shown, average_shown = (dict(shown_categories(f.categories)) for f in (mine, average))
    for category in quiz.categories:
        kg, typical = mine.category(category.id), average.category(category.id)
        rows.append(
            {
                "label": category.label(screen.language),
                "value_text": screen.number(mine_shown[category.id], "kg"),
                "average_text": screen.tr(
                    "The average Finn: {kg}", kg=screen.number(average_shown[category.id], "kg")
                ),
                "value": kg / largest,
                "mark": typical / largest,
                "active": category.id == active,
            }
        )
    return rows


class Breakdown(BoxLayout):
    """A titled list of CategoryMeters with a legend, for the quiz and the result."""

    heading = StringProperty("")
    total_text = StringProperty("")
    legend = StringProperty("")
    rows = ListProperty([])
    """Dicts of CategoryMeter properties, one per category in the quiz's order."""

    def on_kv_post(self, _base_widget):
        self.on_rows(self, self.rows)

    def on_rows(self, _instance, rows):
        box = self.ids.get("meters")
        if box is None:
            return
        meters = [child for child in reversed(box.children) if isinstance(child, CategoryMeter)]
        if len(meters) != len(rows):
            box.clear_widgets()
            meters = [CategoryMeter() for _ in rows]
            for meter in meters:
                box.add_widget(meter)
        for meter, row in zip(meters, rows, strict=True):
            for name, value in row.items():
                setattr(meter, name, value)


load_kv(__file__)
