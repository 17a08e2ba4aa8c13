"""Small widgets every screen uses. They show what they are given and raise events; they know
nothing of the navigator or the content files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget
from PIL import Image as PILImage

from kiosk import qr
from kiosk.languages import LANGUAGES
from kiosk.line_breaks import bind_numbers, break_long_words
from kiosk.media import upright_size
from kiosk.ui import pictures, style
from kiosk.ui.kv import load_kv

PAGE_RULES = str(Path(__file__).with_name("page_widgets.kv"))


class PageWidget:
    """First among the bases of a widget that only the pages use, not the attract screen:
    its kv rules (page_widgets.kv) are read when the first such widget is made, so that the
    kiosk's first frame does not wait for them. Before Widget.__init__, which applies them."""

    def __init__(self, **kwargs):
        load_kv(PAGE_RULES)
        super().__init__(**kwargs)


class Para(Label):
    """Wrapping text whose height follows its content, for vertical layouts. A number keeps
    its digit groups and its unit on one line (kiosk.line_breaks.bind_numbers)."""

    def on_text(self, _widget, text):
        bound = bind_numbers(text)
        if bound != text:
            self.text = bound

    def texture_update(self, *largs):
        # Before the layout has given it a width, Kivy would render the text wrapped into a
        # column as narrow as one letter, a texture as tall as the whole text, only to render
        # it again once the width comes (which triggers this again).
        if self.text_size[0] == 0 and self.text:
            return
        super().texture_update(*largs)


class Caption(Para):
    """Secondary text: sources, credits, URLs. A web address too long for a line breaks after
    a slash, hyphen or dot (kiosk.line_breaks), not after whichever letter reaches the edge."""

    def __init__(self, **kwargs):
        self._given = self._shown = ""
        super().__init__(**kwargs)
        self.fbind("width", self._break_lines)
        self._break_lines()  # the text given before Label made its core label

    def on_text(self, _widget, text):
        if text != self._shown:  # given from outside, not the broken text set below
            self._given = text
            self._break_lines()

    def _break_lines(self, *_):
        core = getattr(self, "_label", None)
        if core is None:
            return
        width = self.width - self.padding[0] - self.padding[2]
        given = bind_numbers(self._given)
        shown = break_long_words(given, lambda part: core.get_extents(part)[0] <= width)
        self._shown = shown
        self.text = shown


class Heading(Para):
    """A section heading."""


class TapButton(ButtonBehavior, Label):
    """A button at least one touch target big, with a visible pressed state."""

    speech_action = ObjectProperty(None, allownone=True)
    """What choosing it does, as in kiosk.speech.reading (("back", None), ("choose", id)):
    speech mode and the keypad find the button for an item of the reading order by it, and
    the page it leads to is made while a finger rests on it (kiosk.ui.touch_ahead)."""

    background = ColorProperty(style.ACCENT)
    """Fill colour when not pressed."""
    selected = BooleanProperty(False)
    """Drawn as the current choice (language switch)."""


class LangSwitch(BoxLayout):
    """FI / SV / EN, always visible; raises on_pick_language(code)."""

    languages = ListProperty(list(LANGUAGES))
    language = StringProperty("fi")

    def __init__(self, **kwargs):
        self.register_event_type("on_pick_language")
        super().__init__(**kwargs)
        self.bind(languages=self._build, language=self._select)
        self._build()

    def _build(self, *_):
        self.clear_widgets()
        for code in self.languages:
            button = LangButton(text=code.upper(), selected=code == self.language)
            button.speech_action = ("language", code)
            button.bind(on_release=lambda _b, code=code: self.dispatch("on_pick_language", code))
            self.add_widget(button)

    def _select(self, *_):
        """Another language chosen: the same buttons, another one drawn as the choice."""
        for button in self.children:
            button.selected = button.speech_action == ("language", self.language)

    def on_pick_language(self, code):
        pass


class LangButton(TapButton):
    pass


class ContrastButton(PageWidget, TapButton):
    """High contrast on and off: a circle half filled, drawn; filled as the current choice
    while the high-contrast palette is on."""

    speech_action = ObjectProperty(("contrast", None), allownone=True)


class LargeTextButton(PageWidget, TapButton):
    """Large text on and off: "A+", filled as the current choice while the text is large."""

    speech_action = ObjectProperty(("large_text", None), allownone=True)


class LowerButton(PageWidget, TapButton):
    """The lowered layout on and off: an upright screen with its lower part filled and an arrow
    down, drawn; filled as the current choice while it is on. The top bar has it only where it
    helps (KioskApp.low_reach_offered)."""

    speech_action = ObjectProperty(("lower", None), allownone=True)


class ListenButton(TapButton):
    """ "Listen" with a speaker drawn beside it: reads the screen aloud and turns speech mode
    on. Drawn as the current choice while speech mode is on."""

    language = StringProperty("fi")


class TopBar(PageWidget, BoxLayout):
    """Back and home on the left, the language switch on the right, a title between."""

    title = StringProperty("")
    language = StringProperty("fi")
    languages = ListProperty(list(LANGUAGES))
    can_go_back = BooleanProperty(True)
    title_below = BooleanProperty(False)
    """The title has a row of its own under the buttons (portrait, large text)."""
    two_rows = BooleanProperty(False)
    """The switches (contrast, large text, languages) have a row of their own under Back,
    Home and Listen, on the right (portrait with large text)."""

    def __init__(self, **kwargs):
        for event in ("on_back", "on_home", "on_pick_language", "on_listen", "on_contrast"):
            self.register_event_type(event)
        self._switches_row = None
        super().__init__(**kwargs)
        self.fbind("two_rows", self._place_switches)
        self._place_switches()

    def _place_switches(self, *_):
        """Moves the switches to a row of their own, or back to the end of the first row."""
        switches = self.ids.get("switches")
        if switches is None or self.two_rows == (self._switches_row is not None):
            return
        switches.parent.remove_widget(switches)
        if self.two_rows:
            row = self._switches_row = BoxLayout(size_hint_y=None, height=switches.height)
            row.follow = lambda _switches, height: setattr(row, "height", height)
            switches.fbind("height", row.follow)
            row.add_widget(Widget())
            row.add_widget(switches)
            self.add_widget(row, index=len(self.children) - 1)  # right under the first row
        else:
            switches.funbind("height", self._switches_row.follow)
            self.remove_widget(self._switches_row)
            self._switches_row = None
            self.ids.buttons.add_widget(switches)

    def on_kv_post(self, _base_widget):
        # The lowered layout's toggle, after A+ as in the reading order, only where it can
        # help: the app makes its screens anew whenever that changes (window shape, settings).
        app = App.get_running_app()
        if getattr(app, "low_reach_offered", False):
            large = next(w for w in self.walk(restrict=True) if isinstance(w, LargeTextButton))
            row, lower = large.parent, LowerButton()
            lower.bind(on_release=lambda _button: app.switch_low_reach())
            row.add_widget(lower, index=row.children.index(large))

    def on_listen(self):
        pass

    def on_contrast(self):
        pass

    def on_back(self):
        pass

    def on_home(self):
        pass

    def on_pick_language(self, code):
        pass


class Card(PageWidget, ButtonBehavior, BoxLayout):
    """A tappable picture with a title and a lead: a theme tile or a station card."""

    speech_action = ObjectProperty(None, allownone=True)  # as TapButton's
    source = StringProperty("")
    title = StringProperty("")
    lead = StringProperty("")
    accent = ColorProperty(style.ACCENT)
    image_aspect = NumericProperty(2.0)
    """Width to height of the picture's band; the picture is cropped to fill it."""
    natural_height = NumericProperty(0)
    """The height that shows all of the title and lead; CardGrid makes a row this tall."""


class CardGrid(GridLayout):
    """Cards in rows as tall as the tallest card's text needs, so nothing is cut off and the
    cards of a row line up."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._fit = Clock.create_trigger(self._fit_rows, -1)  # before this frame is drawn

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        widget.bind(natural_height=self._fit)
        self._fit()

    def _fit_rows(self, *_):
        heights = [child.natural_height for child in self.children]
        self.row_default_height = max(heights, default=0)


class FactCard(PageWidget, BoxLayout):
    """A key fact: the number large, then what it is, then where it comes from."""

    value = StringProperty("")
    label = StringProperty("")
    source = StringProperty("")
    note = StringProperty("")


class TextBox(PageWidget, BoxLayout):
    """A titled block of paragraphs ("What Espoo does")."""

    heading = StringProperty("")
    paragraphs = ListProperty([])
    background = ColorProperty(style.CARD)

    def on_kv_post(self, _base_widget):
        self.on_paragraphs(self, self.paragraphs)

    def on_paragraphs(self, _instance, paragraphs):
        box = self.ids.get("paragraphs")
        if box is None:
            return  # set before the kv rule made the box; on_kv_post fills it
        box.clear_widgets()
        for text in paragraphs:
            box.add_widget(Para(text=text))


class QRCode(Widget):
    """A QR code drawn with whole screen pixels per module and nearest filtering, so it stays
    sharp: `size_px` is the smallest size it may take (from display.qr_size_mm)."""

    url = StringProperty("")
    size_px = NumericProperty(200)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(url=self._draw, size_px=self._draw, pos=self._draw)
        self._draw()

    def _draw(self, *_):
        self.canvas.clear()
        if not self.url:
            return
        modules, texture = _qr_texture(self.url)
        side = modules * qr.pixels_per_module(modules, int(self.size_px))
        self.size = (side, side)
        with self.canvas:
            Color(1, 1, 1, 1)
            Rectangle(pos=self.pos, size=self.size, texture=texture)


@lru_cache(maxsize=256)
def _qr_texture(url: str):
    image = qr.module_image(url).convert("RGB").transpose(PILImage.Transpose.FLIP_TOP_BOTTOM)
    texture = Texture.create(size=image.size, colorfmt="rgb")
    texture.blit_buffer(image.tobytes(), colorfmt="rgb", bufferfmt="ubyte")
    texture.mag_filter = texture.min_filter = "nearest"
    return image.width, texture


class LinkCode(BoxLayout):
    """A link to take home: its QR code, a short caption and the address written out."""

    url = StringProperty("")
    """The exact address encoded (campaign parameters included)."""
    shown_url = StringProperty("")
    """The address as a visitor would type it."""
    label = StringProperty("")
    size_px = NumericProperty(200)


def readable_url(url: str) -> str:
    """https://www.espoo.fi/fi/kestava-kehitys?utm_source=x -> www.espoo.fi/fi/kestava-kehitys"""
    text = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    return text.rstrip("/")


DEFAULT_ASPECT = 16 / 10  # the stand-in's shape for a picture whose header says nothing


class FitImage(Image):
    """Kivy's Image drawn as one textured rectangle, without its stencil. Kivy clips every
    Image with a stencil (two extra passes over its area and a stencil test), which under
    software rendering costs more than the picture itself. Here "cover" crops the texture
    instead, and the other fit modes never draw outside the widget anyway."""

    draw_pos = ListProperty([0, 0])
    draw_size = ListProperty([0, 0])
    crop_coords = ListProperty([0, 0, 1, 0, 1, 1, 0, 1])
    """The texture coordinates drawn: all of it, or for "cover" its middle, shaped like the
    widget."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in ("texture", "pos", "size", "fit_mode", "norm_image_size"):
            self.fbind(name, self._place)
        self._place()

    def _place(self, *_):
        texture = self.texture
        if self.fit_mode in ("cover", "fill") or texture is None:
            self.draw_pos, self.draw_size = list(self.pos), list(self.size)
        else:
            width, height = self.norm_image_size
            self.draw_pos = [self.center_x - width / 2, self.center_y - height / 2]
            self.draw_size = [width, height]
        if texture is None:
            return
        u0, v0, u1, _, _, _, _, v3 = texture.tex_coords
        share_x = share_y = 1.0
        if self.fit_mode == "cover" and self.width > 0 and self.height > 0:
            picture, box = texture.width / max(1, texture.height), self.width / self.height
            if picture > box:
                share_x = box / picture
            else:
                share_y = picture / box

        def at(x, y):
            return u0 + (u1 - u0) * (0.5 + x * share_x), v0 + (v3 - v0) * (0.5 + y * share_y)

        self.crop_coords = [*at(-0.5, -0.5), *at(0.5, -0.5), *at(0.5, 0.5), *at(-0.5, 0.5)]


class PreparedImage(FitImage):
    """A curator's picture, drawn from its prepared copy (kiosk.ui.pictures), never from the
    file itself, which may have 50 megapixels and lie on its side. Until the copy is ready, and
    for a picture that cannot be shown, a calm flat box of the picture's shape stands in."""

    original = StringProperty("")
    """The curator's picture file; "" for none."""
    state = OptionProperty("empty", options=["empty", "waiting", "shown", "failed"])
    """"waiting" for the prepared copy, then "shown", or "failed" (`problem` says why)."""
    problem = StringProperty("")
    aspect = NumericProperty(DEFAULT_ASPECT)
    """Width to height of the picture as shown: read from its header while it is prepared, so
    that nothing moves when it arrives."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fbind("original", self._ask)
        self.fbind("aspect", self._place)
        self._ask()

    def _ask(self, *_):
        self.problem = ""
        if not self.original:
            self._stand_in("empty")
            return
        service = pictures.current()
        outcome = service.ask(Path(self.original), self._arrived) if service else None
        if outcome is not None:
            self._show(outcome)
        else:
            self._stand_in("waiting")

    def _arrived(self, outcome):
        if outcome.source == Path(self.original):  # else this widget has moved on meanwhile
            self._show(outcome)

    def _show(self, outcome):
        if outcome.ok:
            self.source = str(outcome.path)
            if self.texture is not None:
                self.state = "shown"
                return
            self.problem = "its prepared copy could not be loaded"  # Kivy has logged why
        else:
            self.problem = str(outcome.problem)
        self._stand_in("failed")

    def _stand_in(self, state: str):
        self.source = ""
        if state != "empty":
            size = upright_size(self.original)
            self.aspect = size[0] / size[1] if size else DEFAULT_ASPECT
        self.state = state

    def on_texture(self, instance, texture):
        super().on_texture(instance, texture)
        if texture is not None:
            self.aspect = texture.width / max(1, texture.height)

    def _place(self, *_):
        super()._place()
        if self.texture is None and self.fit_mode == "contain" and self.height > 0:
            width = min(self.width, self.height * self.aspect)
            height = width / self.aspect
            self.draw_pos = [self.center_x - width / 2, self.center_y - height / 2]
            self.draw_size = [width, height]


class Picture(PageWidget, BoxLayout):
    """A picture with its credit; the alt text stays with it for screen readers and tests, and
    is shown in place of a picture that cannot be shown."""

    source = StringProperty("")
    """The curator's picture file (what is drawn is its prepared copy: PreparedImage)."""
    alt = StringProperty("")
    credit = StringProperty("")


class PageScroll(PageWidget, ScrollView):
    """A screen's scrolling page. Its bar stays as it is: a steady bar says "there is more
    below" to a visitor who never thinks of scrolling, and a bar that fades in and out after
    every touch would have the whole page drawn again for a second."""

    clip_pos = ListProperty([0, 0])
    """Where the page's box is in the window, in whole pixels: the scissor works in those."""

    def on_pos(self, *_):
        self.clip_pos = [int(round(v)) for v in self.to_window(*self.pos)]

    def on_parent(self, *_):
        self.on_pos()

    def _bind_inactive_bar_color(self, *_):
        pass  # Kivy's fade to bar_inactive_color, half a second after every scroll


load_kv(__file__)  # the rules of the widgets the attract screen uses; PageWidget: the others
