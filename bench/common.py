"""What the benchmark scripts share: a virtual display of their own, child processes that run one
Kivy App each and hand back a JSON result, the bare Kivy app they are compared with, frame
timing, statistics and markdown tables. Not part of the test suite.

A child process prints its result as one line `BENCH_RESULT {json}` on stdout; everything else
it prints (Kivy's log) is ignored unless it fails.
"""

from __future__ import annotations

import atexit
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.display import parse_size

REPO = Path(__file__).resolve().parent.parent
RESULT_TAG = "BENCH_RESULT "
T0_ENV = "BENCH_T0"  # time.monotonic() in the parent just before it started the child


# The display -----------------------------------------------------------------------------


def ensure_display(screen: str = "1920x1080") -> str:
    """$DISPLAY, or a fresh Xvfb (software OpenGL, as in scripts/test) stopped at exit."""
    from kiosk.xvfb import VirtualDisplay, XvfbMissing

    if os.environ.get("DISPLAY"):
        return os.environ["DISPLAY"]
    width, height = parse_size(screen)
    server = VirtualDisplay(width, height)
    try:
        os.environ["DISPLAY"] = server.start()
    except XvfbMissing:
        sys.exit("no $DISPLAY and no Xvfb: install xvfb, or run on a display")
    atexit.register(server.stop)
    os.environ["LIBGL_ALWAYS_SOFTWARE"] = "1"
    return os.environ["DISPLAY"]


def gl_renderer() -> str:
    """In a child with a window: what draws the frames (e.g. 'llvmpipe (LLVM 15.0.6, 256 bits)')."""
    from kivy.graphics.opengl import GL_RENDERER, glGetString

    name = glGetString(GL_RENDERER)
    return name.decode() if isinstance(name, bytes) else str(name)


# Child processes -------------------------------------------------------------------------


def run_child(script: Path, args: list[str], timeout: float = 600, env: dict | None = None):
    """Runs `python script --child args...` in a fresh process with its own KIVY_HOME and
    returns its JSON result. T0_ENV carries the parent's clock just before the start."""
    with tempfile.TemporaryDirectory(prefix="bench-kivy-") as home:
        child_env = {**os.environ, **(env or {}), "KIVY_HOME": home, "KIVY_NO_ARGS": "1"}
        child_env["KIVY_NO_CONSOLELOG"] = "1"
        child_env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        command = [sys.executable, str(script), "--child", *args]
        child_env[T0_ENV] = repr(time.monotonic())
        done = subprocess.run(
            command,
            env=child_env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    raise RuntimeError(
        f"child {' '.join(args)} failed (exit {done.returncode}):\n"
        f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    )


def emit(result) -> None:
    """In a child: hand the result to the parent."""
    sys.__stdout__.write(RESULT_TAG + json.dumps(result) + "\n")
    sys.__stdout__.flush()


def child_main(function, *args) -> None:
    """In a child: runs `function(*args)` and emits what it returns. Kivy takes over stderr,
    so a failure is written to stdout for the parent to show."""
    import traceback

    try:
        result = function(*args)
    except BaseException:
        sys.__stdout__.write(traceback.format_exc())
        sys.__stdout__.flush()
        os._exit(1)
    emit(result)
    sys.__stdout__.flush()
    os._exit(0)  # at once: no App teardown, which is not what is measured


def started_at() -> float:
    """In a child: the parent's time.monotonic() just before this process was started
    (CLOCK_MONOTONIC is system-wide, so the two clocks agree)."""
    return float(os.environ[T0_ENV])


# Kivy in a child -------------------------------------------------------------------------


def configure_bare(size: tuple[int, int], max_fps: int | None = None) -> None:
    """Kivy configured as the kiosk's configure_kivy does for a window (same input path, same
    size), for the bare app. Must run before any other Kivy import."""
    if max_fps is not None:
        os.environ["KCFG_GRAPHICS_MAXFPS"] = str(max_fps)
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "log_level", "info")
    Config.set("graphics", "fullscreen", "0")
    Config.set("graphics", "borderless", "0")
    Config.set("graphics", "resizable", "1")
    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    if Config.has_section("input"):
        Config.remove_section("input")
    Config.add_section("input")
    Config.set("input", "mouse", "mouse,multitouch_on_demand,disable_multitouch")


def bare_app_class():
    """The bare Kivy app every figure is compared with: a ScreenManager with two plain screens
    (a label and a button each) and the kiosk's transition, a 0.3 s slide."""
    from kivy.app import App
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.button import Button
    from kivy.uix.label import Label
    from kivy.uix.screenmanager import Screen, ScreenManager, SlideTransition

    class BareApp(App):
        def build(self):
            self.manager = ScreenManager(transition=SlideTransition(duration=0.3))
            self.buttons = {}
            self.presses = []  # time.perf_counter() of each on_release
            for name in ("one", "two"):
                screen = Screen(name=name)
                box = BoxLayout(orientation="vertical", padding=40, spacing=40)
                box.add_widget(Label(text=f"Screen {name}", font_size=48))
                button = Button(text="Next", font_size=32, size_hint=(0.5, 0.3))
                button.bind(on_release=self._next)
                box.add_widget(button)
                screen.add_widget(box)
                self.buttons[name] = button
                self.manager.add_widget(screen)
            return self.manager

        def _next(self, *_):
            self.presses.append(time.perf_counter())
            self.manager.current = "two" if self.manager.current == "one" else "one"

    return BareApp


def kiosk_settings(data_dir: Path, **idle):
    """The repository's kiosk.yaml, windowed, with its data (logs, statistics) in `data_dir`."""
    from dataclasses import replace

    from kiosk.config import load_settings

    settings, diagnostics = load_settings(REPO / "kiosk.yaml")
    if diagnostics.errors:
        raise SystemExit("\n".join(diagnostics.lines()))
    return replace(
        settings,
        data_dir=Path(data_dir),
        display=replace(settings.display, fullscreen=False),
        idle=replace(settings.idle, **idle),
    )


def kiosk_config_file(folder: Path) -> Path:
    """kiosk.yaml rewritten with absolute content and media paths and its data in `folder`."""
    text = (REPO / "kiosk.yaml").read_text(encoding="utf-8")
    text = text.replace("content_dir: exhibits", f"content_dir: {REPO / 'exhibits'}")
    text = text.replace("media_dir: media", f"media_dir: {REPO / 'media'}")
    text = text.replace("data_dir: var", f"data_dir: {folder / 'var'}")
    path = folder / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class FakeClock:
    """A monotonic clock moved by hand: the kiosk's idle monitor reads it (as in the tests)."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


class Frames:
    """Times every frame the window draws: `times` holds time.perf_counter() just after each
    buffer swap (the frame is on the display then, not merely queued)."""

    def __init__(self, window):
        self.window = window
        self.times: list[float] = []
        self.draws: list[float] = []  # when each frame's drawing began
        window.bind(on_draw=self._draw, on_flip=self._flip)

    def _draw(self, _window):
        self.draws.append(time.perf_counter())

    def _flip(self, window):
        window.flip()
        self.times.append(time.perf_counter())
        return True  # flipped already: stop the default handler flipping again

    @property
    def count(self) -> int:
        return len(self.times)


def slide_walk(navigator, themes, reps: int):
    """The slides the slide benchmarks time, as navigator calls: in each of `reps` rounds a
    theme, one of its stations, back, back (a different theme and station each round)."""
    for rep in range(reps):
        theme = themes[rep % len(themes)]
        station = theme.stations[rep % len(theme.stations)]
        yield lambda theme_id=theme.id: navigator.open_theme(theme_id)
        yield lambda station_id=station.id: navigator.open_station(station_id)
        yield navigator.back
        yield navigator.back


def at_rest(manager) -> bool:
    """No slide runs (and, in the kiosk, no language switch fades)."""
    return getattr(manager, "at_rest", not manager.transition.is_active)


def step_until_frame(loop, frames: Frames, limit: int = 1000) -> float:
    """Steps the event loop until one more frame is drawn; returns when it was."""
    before = frames.count
    for _ in range(limit):
        loop.idle()
        if frames.count > before:
            return frames.times[-1]
    raise RuntimeError("no frame drawn")


def start_kiosk(
    size: tuple[int, int], scratch: Path, clock=None, max_fps: int | None = None, **idle
):
    """The real kiosk app in this process, driven frame by frame (kiosk.ui.driver.Driver);
    its data (logs, statistics) go to `scratch`."""
    if max_fps is not None:
        os.environ["KCFG_GRAPHICS_MAXFPS"] = str(max_fps)
    from kiosk.ui.driver import Driver

    driver = Driver.start(kiosk_settings(scratch, **idle), size, clock=clock)
    # As on an installed kiosk, whose pictures were prepared long before anyone measures: the
    # warm-up after start (all screens made, then every picture prepared) is over first.
    preparer = driver.app.services.pictures.preparer
    deadline = time.monotonic() + 120
    while (driver.app._prebuild_event is not None or not preparer.idle) and (
        time.monotonic() < deadline
    ):
        driver.frames(1)
    return driver


def start_bare(size: tuple[int, int], max_fps: int | None = None):
    """The bare app in this process, prepared as App.run() does but with the loop ours to step:
    returns (app, EventLoop, Window)."""
    configure_bare(size, max_fps)
    from kivy.base import EventLoop
    from kivy.core.window import Window

    app = bare_app_class()()
    app._run_prepare()
    for _ in range(3):
        EventLoop.idle()
    return app, EventLoop, Window


class PageMarks:
    """When the apps' screens are drawn in a frame while on the window: a Kivy Callback at the
    start of each screen's canvas notes (time.perf_counter(), screen) whenever that canvas is
    drawn and `visible(screen)` says some of it is inside the window then. A screen's canvas
    is drawn when the window draws it or, in the kiosk, when its off-screen frame is drawn."""

    def __init__(self, screens, visible):
        from kivy.graphics import Callback

        self.visible = visible
        self.times: list[tuple[float, object]] = []
        for screen in screens:
            screen.canvas.before.insert(0, Callback(lambda _i, s=screen: self._drawn(s)))

    def _drawn(self, screen) -> None:
        if self.visible(screen):
            self.times.append((time.perf_counter(), screen))

    def first_after(self, moment: float, screen) -> float | None:
        """When `screen` was first drawn on the window after `moment`."""
        return next((t for t, s in self.times if t > moment and s is screen), None)


def bare_screen_visible(manager, screen) -> bool:
    """The bare app's screen is drawn straight into the window: some of it lies inside it."""
    return screen.x < manager.right and screen.right > manager.x


class Tapper:
    """A visitor's tap through Kivy's input path (kivy.tests.common.UnitTestTouch): down, held
    for `hold_s` while frames go on, then up. `tap` returns the latency from the touch event
    that caused the response (the down or the up) to the end of the first frame drawn after
    the app responded, and how that splits: (latency, work, draw, page) where `draw` is the
    drawing and buffer swap of that frame and `work` everything before it (input, the app
    filling the screen, layout, text rendering). `responses` is a list the app appends
    time.perf_counter() to when it responds (a route or language change). `page` is the
    latency to the end of the first frame that draws the new page on the window (`marks`, a
    PageMarks, for `new_screen()`: the screen shown after the response)."""

    def __init__(
        self, loop, frames: Frames, hold_s: float, marks: PageMarks, new_screen, double=False
    ):
        """`double`: every tap is a double tap (speech mode chooses with one), timed from its
        second touch."""
        self.loop = loop
        self.frames = frames
        self.hold_s = hold_s
        self.marks = marks
        self.new_screen = new_screen
        self.double = double

    def tap(self, x: float, y: float, responses: list, timeout_s: float = 5.0) -> tuple:
        import bisect

        from kivy.tests.common import UnitTestTouch

        before = len(responses)
        if self.double:
            first = UnitTestTouch(x, y)
            first.touch_down()
            started = time.perf_counter()
            while time.perf_counter() - started < self.hold_s:
                self.loop.idle()
            first.touch_up()
            lifted = time.perf_counter()
            while time.perf_counter() - lifted < 0.1:  # a quick second tap
                self.loop.idle()
        touch = UnitTestTouch(x, y)
        down = time.perf_counter()
        touch.touch_down()
        while time.perf_counter() - down < self.hold_s:
            self.loop.idle()
        up = time.perf_counter()
        touch.touch_up()
        while len(responses) == before:
            if time.perf_counter() - up > timeout_s:
                raise RuntimeError(f"no response to a tap at ({x:.0f}, {y:.0f})")
            self.loop.idle()
        response = responses[before]
        screen = self.new_screen()
        while not self.frames.times or self.frames.times[-1] <= response:
            self.loop.idle()
        index = bisect.bisect_right(self.frames.times, response)
        drawn, began = self.frames.times[index], self.frames.draws[index]
        start = down if response < up else up
        while True:
            mark = self.marks.first_after(response, screen)
            if mark is not None and self.frames.times[-1] >= mark:
                break
            if time.perf_counter() - up > timeout_s:
                raise RuntimeError("the new page was not drawn")
            self.loop.idle()
        page = self.frames.times[bisect.bisect_left(self.frames.times, mark)]
        return drawn - start, began - start, drawn - began, page - start


def rss_bytes() -> int:
    """This process's resident set size, from /proc."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# Statistics and tables ---------------------------------------------------------------------


def median(values) -> float:
    return statistics.median(values)


def percentile(values, p: float) -> float:
    """The p-th percentile (0..100), linear between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def slope(xs, ys) -> float:
    """Least-squares slope of ys over xs."""
    n = len(xs)
    if n < 2:
        return 0.0
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    var = sum((x - mean_x) ** 2 for x in xs)
    if var == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def mb(count: float) -> str:
    return f"{count / 1e6:.1f} MB"


def met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_line(renderer: str = "") -> str:
    """One line saying where the figures come from."""
    display = os.environ.get("DISPLAY", "?")
    line = f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, display {display}"
    return line + (f", OpenGL renderer {renderer}" if renderer else "")
