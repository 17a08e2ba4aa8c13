"""The Kivy half of `kiosk render`: `python -m kiosk.render.worker JOB.json`.

It runs the real kiosk app in this process on the display in $DISPLAY (Kivy allows one App per
process, so `kiosk render` starts this in a child process), walks it through every screen of the
plan in each size and language, waits for its pictures, saves each screen as a PNG and checks
every text on it for overflow. Each outcome is one line on stdout, `@render {json}`, for the
parent to collect; any other output is noise for its log.

The PNG is the whole screen as the visitor first sees it and, where the screen scrolls, the rest
of the scrolling part below it, so that every text can be read; small marks at both edges show
where the scrolling part ends before the visitor scrolls.
"""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
from dataclasses import replace
from pathlib import Path

from kiosk.screens import (
    ATTRACT,
    HOME,
    QUIZ,
    RENDER_AFTER_QUIZ,
    RENDER_EACH_QUESTION,
    RENDER_ONCE,
    SCREENS,
)

PREFIX = "@render "
SNIPPET_CHARS = 40
TOLERANCE_PX = 1.5
OVERLAP_PX = 4  # two texts' lines may touch (descenders over the next line's top), not cross
PICTURE_WAIT_S = 60  # a 200-megapixel photo on a slow PC; runner.SILENCE_S is longer
FOLD_MARK = (214, 0, 110, 255)


def emit(**record) -> None:
    print(PREFIX + json.dumps(record, ensure_ascii=False), flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m kiosk.render.worker JOB.json", file=sys.stderr)
        return 2
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="kiosk-render-") as scratch:
        Renderer(job, Path(scratch)).run()
    return 0


def render_settings(job: dict, scratch: Path):
    """The kiosk's settings for rendering: its content, languages, links and display, but
    nothing it would write (statistics, health file, logs, run markers) goes near the real
    kiosk, opening hours never put it to sleep, and the attract screen holds still."""
    from kiosk.config import load_settings

    config = Path(job["config"]) if job.get("config") else None
    settings, _report = load_settings(config)  # the parent has reported its problems
    if job.get("low_reach"):
        settings = replace(settings, display=replace(settings.display, low_reach="always"))
    return replace(
        settings,
        content_dir=Path(job["content_dir"]),
        media_dir=Path(job["media_dir"]),
        data_dir=scratch / "data",
        display=replace(settings.display, fullscreen=False),
        idle=replace(settings.idle, attract_rotate_s=10**6),
        kiosk=replace(settings.kiosk, health_file=None),
        schedule=replace(settings.schedule, enabled=False),
        stats=replace(settings.stats, enabled=False),
    )


class Renderer:
    def __init__(self, job: dict, scratch: Path):
        self.job = job
        self.out = Path(job["out"])
        self.settings = render_settings(job, scratch)
        self.driver = None
        self.errors: list[str] = []

    # The walk ----------------------------------------------------------------------------

    def run(self) -> None:
        from kiosk.ui.driver import Driver
        from kiosk.ui.launch import configure_kivy

        sizes = [tuple(size) for size in self.job["sizes"]]
        try:
            configure_kivy(self.settings, windowed=True, size=sizes[0])
            from kivy.config import Config

            Config.set("graphics", "maxfps", "0")  # a picture as soon as it is drawn
            self.driver = Driver.start(self.settings, sizes[0], clock=lambda: 0.0)
        except Exception as exc:  # noqa: BLE001 - reported, then every screen counts as failed
            emit(kind="fatal", error=f"the kiosk could not start: {exc!r}")
            traceback.print_exc()
            return
        app = self.driver.app
        app.manager.transition.duration = 0  # no slide between screens: nothing to wait for
        self._scale_text()
        self._collect_errors()
        if app.content is None:
            emit(kind="fatal", error="the kiosk could not load the content")
            return
        try:
            for size in sizes:
                self.driver.resize(size)
                for language in self.job["languages"]:
                    self._render_language(size, language)
        finally:
            app.speech.shutdown()  # its worker writes into the scratch folder removed next

    def _render_language(self, size, language: str) -> None:
        quiz_ok = True
        for item in self.job["plan"]:
            if item["screen"] not in self.driver.app.screens:
                emit(kind="skipped", key=item["key"], language=language, size=list(size))
                continue
            walks_quiz = SCREENS[item["screen"]].render in (RENDER_EACH_QUESTION, RENDER_AFTER_QUIZ)
            if walks_quiz and not quiz_ok:
                self._failed(item, language, size, "the quiz could not be walked to this step")
                continue
            try:
                self._go_to(item, language)
                self._check_arrived(item)
                self._capture(item, language, size)
            except Exception as exc:  # noqa: BLE001 - one screen's failure is reported
                traceback.print_exc()
                self._failed(item, language, size, f"{type(exc).__name__}: {exc}")
                if SCREENS[item["screen"]].render == RENDER_EACH_QUESTION:
                    quiz_ok = False
                self._recover()

    def _go_to(self, item: dict, language: str) -> None:
        """Brings the app to `item`'s screen the way a visitor would get there."""
        navigator = self.driver.app.navigator
        screen = SCREENS[item["screen"]]
        self.errors.clear()
        if screen.name == ATTRACT:
            navigator.reset()
            navigator.set_language(language)
            self._attract_slide_in(language)
        elif screen.render == RENDER_ONCE:
            navigator.start_visit()
            navigator.set_language(language)
            getattr(navigator, screen.opened_by)()
        elif screen.shows == "theme":
            navigator.open_theme(item["target"])
        elif screen.shows == "station":
            navigator.open_station(item["target"])
        elif screen.render == RENDER_EACH_QUESTION:
            self._quiz_question(item)
        elif screen.render == RENDER_AFTER_QUIZ:
            self._quiz_result()
        else:
            raise ValueError(f"no way to open the screen '{screen.name}'")
        navigator.set_language(language)
        self.driver.settle()

    def _attract_slide_in(self, language: str) -> None:
        """The attract slides take turns in the languages: show the first one in `language`."""
        attract = self.driver.app.screens[ATTRACT]
        languages = list(attract.languages)
        for _ in range(len(languages)):
            slides = getattr(attract, "slides", [])
            if not slides or languages[attract.index % len(languages)] == language:
                break
            attract.next_slide()

    # The quiz: each question in turn, answered the heaviest way, then the result ---------

    def _quiz_question(self, item: dict) -> None:
        app = self.driver.app
        session = app.quiz_session
        if item["index"] == 0:
            app.navigator.home()
            app.screens[HOME].open_quiz()
        else:
            question = session.question
            target = session.quiz.question(item["target"])
            app.screens[QUIZ].choose(self._heaviest_option(session, question, target))
        question = session.question
        if question is None or question.id != item["target"]:
            shown = question.id if question is not None else "none"
            raise RuntimeError(f"expected question '{item['target']}', the quiz shows '{shown}'")

    def _quiz_result(self) -> None:
        """The last question answered: the quiz itself moves on to the result."""
        session = self.driver.app.quiz_session
        if self.driver.app.navigator.route.screen != QUIZ or session.question is None:
            raise RuntimeError("the quiz was not open before its result")
        self.driver.app.screens[QUIZ].choose(self._heaviest_option(session, session.question))

    @staticmethod
    def _heaviest_option(session, question, then=None) -> str:
        """The answer with the largest footprint so far: the result then has the most tips,
        so the most text to check. With `then`, among the answers after which that question
        is asked (a question with `ask_if` is only shown after some answers)."""
        from kiosk.footprint.engine import footprint

        answers = dict(session.visit.answers)
        options = [
            option
            for option in question.options
            if then is None or then.asked({**answers, question.id: option.id})
        ] or list(question.options)

        def total(option) -> float:
            try:
                return footprint(session.quiz, {**answers, question.id: option.id}).total_kg
            except Exception:  # noqa: BLE001 - any answer will do for a picture
                return 0.0

        return max(options, key=total).id

    # Checks ------------------------------------------------------------------------------

    def _check_arrived(self, item: dict) -> None:
        app = self.driver.app
        route = app.navigator.route
        if route.screen != item["screen"] or app.manager.current != route.screen:
            raise RuntimeError(f"the kiosk shows '{app.manager.current}' instead")
        # A question is not a route's target: the quiz shows one after another on one route.
        target = item["target"] if SCREENS[item["screen"]].shows else None
        if target and route.target != target:
            raise RuntimeError(f"the kiosk shows '{route.target}' instead")
        if self.errors:
            raise RuntimeError(self.errors[0])

    def _collect_errors(self) -> None:
        """Errors in the app's own callbacks (normally logged, the visitor sent back to the
        attract screen) fail the screen being rendered."""
        from kivy.base import ExceptionHandler, ExceptionManager

        errors = self.errors

        class Collect(ExceptionHandler):
            def handle_exception(self, exception):
                errors.append(f"{type(exception).__name__}: {exception}")
                return ExceptionManager.PASS

        ExceptionManager.handlers.insert(0, Collect())

    def _scale_text(self) -> None:
        """The job's text scale, as the visitor's A+ toggle sets it (the idle reset, which
        recovering from a failed screen uses, sets it back)."""
        self.driver.app.set_text_scale(float(self.job.get("text_scale", 1.0)))
        self.driver.settle()

    def _recover(self) -> None:
        try:
            self.driver.app.end_visit()
            self._scale_text()
        except Exception:  # noqa: BLE001
            traceback.print_exc()

    # Capture -----------------------------------------------------------------------------

    def _capture(self, item: dict, language: str, size) -> None:
        driver = self.driver
        screen = driver.screen
        screen.freeze()
        late = driver.wait_for_pictures(PICTURE_WAIT_S, screen)
        settle_layout(driver)
        file = f"{item['key']}-{language}-{size[0]}x{size[1]}.png"
        path = self.out / file
        driver.screenshot(path)
        pages = extend_scrolled(driver, screen, path)
        problems = picture_problems(screen, late) + text_problems(screen, driver.window.size)
        emit(
            kind="screen",
            key=item["key"],
            language=language,
            size=list(size),
            file=file,
            pages=pages,
            problems=problems,
        )

    def _failed(self, item, language, size, error: str) -> None:
        emit(kind="failed", key=item["key"], language=language, size=list(size), error=error)


def settle_layout(driver, limit: int = 40) -> None:
    """Steps frames until no widget on the screen moves or resizes between two frames: texts
    wrap, which changes heights, which moves what is below them."""
    previous, still = None, 0
    for _ in range(limit):
        driver.frames(1)
        shape = tuple(
            (id(w), tuple(w.pos), tuple(w.size)) for w in driver.find_all(lambda _w: True)
        )
        still = still + 1 if shape == previous else 0
        if still >= 2:
            return
        previous = shape


# Pictures ----------------------------------------------------------------------------------


def picture_problems(screen, late) -> list[dict]:
    """A problem for every picture shown as its stand-in: still not prepared after
    PICTURE_WAIT_S (`late`), or one that cannot be shown."""
    from kiosk.paths import shown_path
    from kiosk.ui.widgets import PreparedImage

    found = [
        {"problem": f"picture not ready after {PICTURE_WAIT_S} s", "text": shown_path(w.original)}
        for w in late
    ]
    for image in walk_visible(screen):
        if isinstance(image, PreparedImage) and image.state == "failed":
            found.append({"problem": "picture cannot be shown", "text": image.problem})
    return found


# Text overflow -----------------------------------------------------------------------------


def text_problems(screen, window_size) -> list[dict]:
    """Every visible Label on the screen whose text does not fit: cut off, shortened, past its
    max_lines, a word broken because it is wider than its line, or the label sticking out of
    its parent or off the screen. One problem per label; each {"problem", "text"}."""
    from kivy.uix.label import Label

    found, seen = [], set()
    for label in walk_visible(screen):
        if not isinstance(label, Label) or not label.text.strip():
            continue
        problem = label_problem(label, window_size)
        if problem is None:
            continue
        text = snippet(label.text)
        if (problem, text) not in seen:
            seen.add((problem, text))
            left, bottom = label.to_window(label.x, label.y)
            found.append((-(bottom + label.height), left, {"problem": problem, "text": text}))
    for label in overlapping_labels(screen):
        text = snippet(label.text)
        problem = "text overlaps another text"
        if (problem, text) not in seen:
            seen.add((problem, text))
            left, bottom = label.to_window(label.x, label.y)
            found.append((-(bottom + label.height), left, {"problem": problem, "text": text}))
    found.sort(key=lambda entry: entry[:2])  # as a visitor reads: from the top, left first
    return [entry[2] for entry in found]


def overlapping_labels(screen) -> list:
    """Every visible label whose drawn text overlaps another's (Kivy draws a label's texture
    centred on it). Texts in different scrolling parts are not compared: one is clipped
    where it passes under the other."""
    from kivy.uix.label import Label

    boxes = []
    for label in walk_visible(screen):
        if not isinstance(label, Label) or not label.text.strip():
            continue
        width, height = label.texture_size
        x, y = label.to_window(label.center_x - width / 2, label.center_y - height / 2)
        boxes.append((label, scroll_view_of(label), (x, y, x + width, y + height)))
    found = []
    for index, (label, scroll, (left, bottom, right, top)) in enumerate(boxes):
        for _other, other_scroll, (o_left, o_bottom, o_right, o_top) in boxes[index + 1 :]:
            if scroll is not other_scroll:
                continue
            across = min(right, o_right) - max(left, o_left)
            up = min(top, o_top) - max(bottom, o_bottom)
            if across > OVERLAP_PX and up > OVERLAP_PX:
                found.append(label)
                break
    return found


def walk_visible(root):
    stack = [root]
    while stack:
        widget = stack.pop()
        if widget.opacity < 0.05 or widget.width < 1 or widget.height < 1:
            continue  # hidden (opacity 0) or collapsed: nothing of it is drawn
        yield widget
        stack.extend(widget.children)


def label_problem(label, window_size) -> str | None:
    core = label._label
    text_width, text_height = label.text_size
    width, height = label.texture_size
    if label.shorten and getattr(core, "is_shortened", False):
        return "text shortened"
    limited = text_height is not None or label.max_lines
    if limited and full_height(label) > core_height(core) + TOLERANCE_PX:
        return "text cut off"
    if width > label.width + TOLERANCE_PX or height > label.height + TOLERANCE_PX:
        return "text cut off"
    left, bottom = label.to_window(label.x, label.y)
    right, top = left + label.width, bottom + label.height
    parent = label.parent
    if parent is not None and parent is not parent.parent:
        from kivy.uix.scrollview import ScrollView

        p_left, p_bottom = parent.to_window(parent.x, parent.y)
        p_right, p_top = p_left + parent.width, p_bottom + parent.height
        if left < p_left - TOLERANCE_PX or right > p_right + TOLERANCE_PX:
            return "text sticks out of its box"
        vertical = bottom < p_bottom - TOLERANCE_PX or top > p_top + TOLERANCE_PX
        if vertical and not isinstance(parent, ScrollView):
            return "text sticks out of its box"
    if left < -TOLERANCE_PX or right > window_size[0] + TOLERANCE_PX:
        return "text runs off the screen"
    # Above or below the screen, where no scrolling brings it back.
    off_screen = top > window_size[1] + TOLERANCE_PX or bottom < -TOLERANCE_PX
    if off_screen and not in_scroll_view(label):
        return "text runs off the screen"
    if text_width is not None and long_word(label, text_width):
        return "word too long for its line, broken"
    return None


def in_scroll_view(widget) -> bool:
    return scroll_view_of(widget) is not None


def scroll_view_of(widget):
    """The nearest ScrollView the widget is in, or None."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            return parent
        parent = parent.parent
    return None


def core_height(core) -> float:
    internal = getattr(core, "_internal_size", None)
    return internal[1] if internal else 0


def full_height(label) -> float:
    """The height of the label's text with no height limit and no max_lines."""
    from kivy.core.text import Label as CoreLabel

    options = dict(label._label.options)
    options.update(text_size=(label.text_size[0], None), max_lines=0, shorten=False)
    options.pop("text", None)
    probe = CoreLabel(text=label.text, **options)
    probe.render()
    return core_height(probe)


def long_word(label, line_width: float) -> bool:
    """A word wider than the line it is on: Kivy breaks it somewhere in the middle."""
    if line_width <= 0:
        return False
    core, font_px = label._label, max(1.0, float(label.font_size))
    padding = label.padding_x if hasattr(label, "padding_x") else 0
    room = line_width - 2 * padding
    for word in label.text.split():
        # No glyph is wider than about one em: most words cannot be too wide, so are not measured.
        if len(word) * font_px * 1.05 < room:
            continue
        if core.get_extents(word)[0] > room + TOLERANCE_PX:
            return True
    return False


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


# The scrolled part -------------------------------------------------------------------------


def extend_scrolled(driver, screen, path: Path) -> int:
    """Where the screen scrolls, the PNG at `path` gets the rest of the scrolling part below the
    screen: the part of the screen above the scrolling part, all of its content, then the part
    below it (a bar of buttons). Returns the PNG's height in screens (1 if it does not scroll)."""
    from PIL import Image

    scroll = main_scroll_view(driver, screen)
    shot = Image.open(path).convert("RGBA")
    if scroll is None:
        return 1
    content = scroll.children[0]
    window_h = shot.height
    left, bottom = scroll.to_window(scroll.x, scroll.y)
    left, bottom = round(left), round(bottom)
    top = bottom + round(scroll.height)
    extra = round(content.height) - round(scroll.height)
    if extra <= 0:
        return 1
    scroll.scroll_y = 1
    driver.frames(2)
    background = shot.getpixel((max(0, left + 2), max(0, window_h - top + 2)))
    picture = widget_picture(content, background)
    # Image rows count from the top, Kivy's y from the bottom.
    above = shot.crop((0, 0, shot.width, window_h - top))
    below = shot.crop((0, window_h - bottom, shot.width, window_h))
    tall = Image.new("RGBA", (shot.width, above.height + picture.height + below.height))
    tall.paste(background, (0, 0, tall.width, tall.height))
    tall.paste(above, (0, 0))
    tall.paste(picture, (left, above.height))
    tall.paste(below, (0, above.height + picture.height))
    mark_fold(tall, above.height + round(scroll.height))
    tall.convert("RGB").save(path, optimize=False)
    return -(-tall.height // window_h)


def main_scroll_view(driver, screen):
    """The screen's scrolling part: its largest ScrollView whose content is taller than it."""
    from kivy.uix.scrollview import ScrollView

    views = [
        view
        for view in driver.find_all(lambda w: isinstance(w, ScrollView), screen)
        if view.children and view.children[0].height > view.height + TOLERANCE_PX
    ]
    return max(views, key=lambda v: v.width * v.height, default=None)


def widget_picture(widget, background):
    """The widget and everything in it drawn off-screen at full size, on `background`."""
    from kivy.graphics import (
        ClearBuffers,
        ClearColor,
        Color,
        Fbo,
        PopMatrix,
        PushMatrix,
        Rectangle,
        Translate,
    )
    from PIL import Image

    width, height = round(widget.width), round(widget.height)
    fbo = Fbo(size=(width, height), with_stencilbuffer=True)
    red, green, blue = (channel / 255 for channel in background[:3])
    with fbo:
        ClearColor(red, green, blue, 1)
        ClearBuffers()
        Color(red, green, blue, 1)
        Rectangle(pos=(0, 0), size=(width, height))
        PushMatrix()
        Translate(-widget.x, -widget.y, 0)
    # A canvas has one parent at a time: lend it to the Fbo, then put it back where it was.
    parent = widget.parent
    group = getattr(parent, "canvas_viewport", None) or parent.canvas
    index = group.indexof(widget.canvas)
    if index > -1:
        group.remove(widget.canvas)
    fbo.add(widget.canvas)
    with fbo:
        PopMatrix()
    try:
        fbo.draw()
        pixels = fbo.pixels
    finally:
        fbo.remove(widget.canvas)
        if index > -1:
            group.insert(index, widget.canvas)
    picture = Image.frombytes("RGBA", (width, height), pixels)
    return picture.transpose(Image.Transpose.FLIP_TOP_BOTTOM)


def mark_fold(image, fold: int) -> None:
    """Short marks at the left and right edges at `fold`, the row where the scrolling part ends
    on the visitor's screen before they scroll."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for left in (0, image.width - 28):
        draw.rectangle((left, fold - 3, left + 27, fold + 2), fill=FOLD_MARK)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
