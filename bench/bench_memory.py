"""Memory walk with real clicks: the real kiosk on a virtual display of its own at a given size,
clicked through the X server with xdotool by a seeded random visitor, its resident set size (RSS)
read from /proc; beside a bare Kivy app of the same size clicked the same number of times.

Run:   .venv/bin/python bench/bench_memory.py                       (1920x1080 and 2160x3840)
       .venv/bin/python bench/bench_memory.py --size 2160x3840 --warmup 300 --clicks 300

For each size an Xvfb of exactly that size (GLX, software OpenGL) is started, and the kiosk runs
as `main.py run --windowed --size WxH` does, with the repository's content and settings, except
for a short idle reset (10 s without a touch, then 3 s of "Are you still there?": the shortest
the settings allow) so that visits end as they do on the floor, through the idle reset and the
collection at the end of a visit. A visit: a click in the middle of the attract screen, then
5-15 clicks: mostly a button on screen (theme and station cards, Back, Home, related stations,
the quiz's tile and answers, the result's buttons; not Listen or high contrast), sometimes
FI/SV/EN, sometimes anywhere; then
nobody touches the screen until the kiosk is back on its attract screen.

Where the buttons are is asked of the kiosk's process (SIGUSR1: it writes the centres of the
buttons on screen to a file on its next clock tick); the clicks themselves go through the X
server (`xdotool mousemove --window W x y click 1`), the kiosk's real input path. After each
click the walk waits until the kiosk says it is at rest (no slide, no fade).

RSS is read from /proc/PID/status: after every click (for the maximum) and at rest after every
visit (two seconds after the attract screen is back and the kiosk says its visit-end collection
has run: it has let go of the visit's pages and handed the memory back). `after warm-up` and
`at end` are medians of the first and last three of those samples after the warm-up; growth is
their difference; the trend is what a straight line fitted to every sample after the warm-up
rises over the clicks measured, with its standard error. Targets (issue 20): RSS after
warm-up under 1 GB at 2160x3840 and under 500 MB at 1920x1080, growth <= 5 MB at both.

Single readings at rest swing by tens of megabytes from one visit to the next, with what the
bounded caches hold then (Kivy's pictures: two frames' worth). So after each reading the kiosk
is asked to empty them, collect and hand the memory back, and RSS is read a second time: the
row "bounded caches emptied" is what the kiosk holds whatever the visits before, where a leak
would show.

With each reading at rest the kiosk says what its memory is made of (SIGUSR2): glibc's heap
(mallinfo2), Python's blocks and the objects outside the frozen ones, the live Kivy textures
and frame buffers, the widgets by the screen they are on (or the detached widget at their top),
Kivy's picture caches. `--save` keeps them with the samples (`at_rest`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from kiosk.display import parse_size

LIMITS = {(2160, 3840): 1e9, (1920, 1080): 500e6}
GROWTH_LIMIT = 5e6
IDLE_TIMEOUT_S, IDLE_COUNTDOWN_S = 10, 3
REST_AFTER_VISIT_S = 2.0
ASK_TIMEOUT_S = 60.0
NOT_CLICKED = {"ListenButton", "ContrastButton"}
"""Listen turns speech mode on, where a tap speaks instead of opening anything, and the rest of
the visit would only read aloud; high contrast makes every screen anew: neither is a walk
through the pages."""


# In the child: the app, and where its buttons are -------------------------------------------


ASKED: list = []  # SIGUSR1s (SIGUSR2s: MEMORY_ASKED, SIGRTMINs: PARTS_ASKED) not yet answered
MEMORY_ASKED = "memory"  # what memory is made of, then the bounded caches emptied
PARTS_ASKED = "parts"  # only what memory is made of


def texture_parts() -> dict:
    """The live Kivy textures and frame buffers, bytes and numbers."""
    import gc

    from kivy.graphics.fbo import Fbo
    from kivy.graphics.texture import Texture, TextureRegion
    from kivy.uix.widget import Widget

    textures = fbos = 0
    texture_bytes = fbo_bytes = 0
    widgets: dict = {}
    widget_textures: dict = {}  # the same by root, each texture counted once
    counted = set()
    for thing in gc.get_objects():
        try:
            thing_is_a_widget = isinstance(thing, Widget)
        except ReferenceError:  # a weak proxy to a widget already gone
            continue
        if thing_is_a_widget:
            root = thing
            while root.parent is not None and root.parent is not root:
                root = root.parent
            key = getattr(root, "name", "") or type(root).__name__
            widgets[key] = widgets.get(key, 0) + 1
            texture = getattr(thing, "texture", None)
            if isinstance(texture, Texture) and id(texture) not in counted:
                counted.add(id(texture))
                size = texture.width * texture.height * 4
                widget_textures[key] = widget_textures.get(key, 0) + size
        if isinstance(thing, Texture) and not isinstance(thing, TextureRegion):
            textures += 1
            texture_bytes += thing.width * thing.height * 4
        elif isinstance(thing, Fbo):
            fbos += 1
            fbo_bytes += int(thing.size[0]) * int(thing.size[1]) * 4
    return {
        "textures": textures,
        "texture_bytes": texture_bytes,
        "fbos": fbos,
        "fbo_bytes": fbo_bytes,
        "widgets": widgets,
        "widget_texture_bytes": widget_textures,
    }


def memory_parts() -> dict:
    """What the RSS at rest is made of, as far as the process can tell (SIGUSR2): the C heap
    (glibc's mallinfo2), Python's blocks and objects, Kivy's picture caches."""
    import gc

    from kiosk.ops import memory
    from kiosk.ui import pictures

    parts = {
        "python_blocks": sys.getallocatedblocks(),
        "gc_objects": len(gc.get_objects()),
        "gc_frozen": gc.get_freeze_count(),
        "picture_cache_bytes": pictures.trim_kivy_caches(1 << 62),
        **texture_parts(),
    }
    heap = memory.heap_info()
    if heap is not None:
        parts.update({name: heap[name] for name in ("arena", "hblkhd", "uordblks", "fordblks")})
    return parts


def empty_bounded_caches() -> None:
    """For the second reading at rest: Kivy's picture caches (bounded by bytes) emptied, the
    garbage collected and the freed memory handed back, so that what is left is what the
    kiosk holds whatever the visits before (its screens, the pages on show, frames)."""
    import gc

    from kiosk.ops import memory
    from kiosk.ui import pictures

    pictures.trim_kivy_caches(0)
    gc.collect()
    memory.trim_heap()


def publish_targets(path: Path) -> None:
    """On SIGUSR1, writes the buttons on screen (X coordinates, top-left origin), whether the
    app is at rest and which screen shows, to `path` on the next clock tick."""
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.uix.behaviors import ButtonBehavior

    asked = ASKED

    def visible(widget) -> bool:
        while widget is not None and widget is not Window:
            if getattr(widget, "opacity", 1) <= 0 or getattr(widget, "disabled", False):
                return False
            widget = widget.parent
        return True

    def answer(_dt):
        if not asked:
            return
        asked_memory = MEMORY_ASKED in asked
        asked_parts = asked_memory or PARTS_ASKED in asked
        asked.clear()
        from kivy.app import App

        app = App.get_running_app()
        manager = getattr(app, "manager", None)
        width, height = Window.size
        buttons = []
        roots = list(Window.children)
        for root in roots:
            for widget in root.walk(restrict=True):
                if not isinstance(widget, ButtonBehavior) or not visible(widget):
                    continue
                x, y = widget.to_window(*widget.center)
                if 0 <= x < width and 0 <= y < height:
                    left, top = widget.to_window(widget.x, widget.top)
                    box = [
                        round(left),
                        round(height - top),
                        round(widget.width),
                        round(widget.height),
                    ]
                    buttons.append([round(x), round(height - y), type(widget).__name__, box])
        state = {
            "buttons": buttons,
            "at_rest": bool(getattr(manager, "at_rest", not manager.transition.is_active)),
            # The kiosk's visit-end collection has run (the bare app has none).
            "collected": not getattr(
                getattr(app, "collector", None), "visit_collection_due", False
            ),
            "screen": manager.current if manager is not None else "",
            "t": time.monotonic(),
        }
        if asked_parts:
            state["memory"] = memory_parts()
        if asked_memory:
            empty_bounded_caches()
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        temporary.replace(path)

    Clock.schedule_interval(answer, 0.05)


def child(what: str, size: str, scratch: str, targets: str) -> None:
    # At once: a signal that came before the handler would end the process.
    signal.signal(signal.SIGUSR1, lambda *_: ASKED.append(True))
    signal.signal(signal.SIGUSR2, lambda *_: ASKED.append(MEMORY_ASKED))
    signal.signal(signal.SIGRTMIN, lambda *_: ASKED.append(PARTS_ASKED))
    import kivy.app

    run = kivy.app.runTouchApp

    def hooked(*args, **kwargs):
        publish_targets(Path(targets))
        return run(*args, **kwargs)

    if what == "bare":
        common.configure_bare(parse_size(size))
        kivy.app.runTouchApp = hooked
        common.bare_app_class()().run()
        return
    import kiosk.ui.launch as launch

    configure = launch.configure_kivy

    def configured(*args, **kwargs):
        configure(*args, **kwargs)
        import kivy.app as app_module

        app_module.runTouchApp = hooked

    launch.configure_kivy = configured
    folder = Path(scratch)
    config = common.kiosk_config_file(folder)
    text = config.read_text(encoding="utf-8")
    text = text.replace("timeout_s: 60", f"timeout_s: {IDLE_TIMEOUT_S}")
    text = text.replace("countdown_s: 10", f"countdown_s: {IDLE_COUNTDOWN_S}")
    config.write_text(text, encoding="utf-8")
    from kiosk.cli import main

    main(["run", "--config", str(config), "--windowed", "--size", size])


# In the parent: the walk ------------------------------------------------------------------


def rss_of(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class Walk:
    def __init__(self, process, display: str, targets: Path, rng: random.Random):
        self.process = process
        self.env = {**os.environ, "DISPLAY": display}
        self.targets = targets
        self.rng = rng
        self.window = None
        self.clicks = 0
        self.rss: list[int] = []  # after every click
        self.parts_every_click = False
        self.after_clicks: list = []
        """With `parts_every_click`: [clicks, screen, RSS, what it is made of] after each."""
        self.at_rest: list = []
        """After every visit: [clicks, RSS, RSS with the bounded caches emptied, what the
        first is made of]."""

    def ask(self, memory: bool = False, parts: bool = False) -> dict:
        """What the app shows now (its buttons, whether it is at rest), with `memory` what
        its memory is made of before its bounded caches are emptied, with `parts` only what
        it is made of."""
        # The last answer goes first: two answers within one tick of the file system's clock
        # have the same modification time, and the second would never be seen.
        self.targets.unlink(missing_ok=True)
        sent = signal.SIGUSR2 if memory else signal.SIGRTMIN if parts else signal.SIGUSR1
        self.process.send_signal(sent)
        answer = self._answer()
        if answer is None:
            self.process.send_signal(signal.SIGUSR1)  # lost, or the app hangs?
            again = self._answer()
            raise RuntimeError(
                "the app did not say where its buttons are"
                + (" (it answered when asked again)" if again else " (it does not answer)")
            )
        return answer

    def _answer(self) -> dict | None:
        deadline = time.monotonic() + ASK_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited ({self.process.returncode})")
            if self.targets.exists():
                try:
                    return json.loads(self.targets.read_text())
                except (OSError, ValueError):
                    pass
            time.sleep(0.02)
        return None

    def until_at_rest(self) -> dict:
        deadline = time.monotonic() + ASK_TIMEOUT_S
        while True:
            state = self.ask()
            if state["at_rest"] or time.monotonic() > deadline:
                return state
            time.sleep(0.1)

    def find_window(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--pid", str(self.process.pid)],
                env=self.env,
                capture_output=True,
                text=True,
                check=False,
            )
            if found.stdout.split():
                self.window = found.stdout.split()[0]
                return
            time.sleep(0.5)
        raise RuntimeError("no window of the app")

    def click(self, x: int, y: int) -> None:
        subprocess.run(
            ["xdotool", "mousemove", "--window", self.window, str(x), str(y), "click", "1"],
            env=self.env,
            check=True,
            timeout=30,
        )
        self.clicks += 1
        time.sleep(0.3)  # the slide or fade it starts
        state = self.until_at_rest()
        self.rss.append(rss_of(self.process.pid))
        if self.parts_every_click:
            parts = self.ask(parts=True).get("memory")
            self.after_clicks.append([self.clicks, state["screen"], self.rss[-1], parts])

    def random_click(self, width: int, height: int) -> None:
        state = self.ask()
        buttons = [b for b in state["buttons"] if b[2] not in NOT_CLICKED]
        languages = [b for b in buttons if b[2] == "LangButton"]
        roll = self.rng.random()
        if roll < 0.12 and languages:
            x, y = self.rng.choice(languages)[:2]
        elif roll < 0.85 and buttons:
            x, y = self.rng.choice(buttons)[:2]
        else:
            x, y = self.anywhere(width, height, state["buttons"])
        self.click(x, y)

    def anywhere(self, width: int, height: int, buttons) -> tuple[int, int]:
        """A point anywhere but on a button left out (NOT_CLICKED): a click that landed on
        Listen would turn speech mode on, where taps speak and the idle reset waits minutes."""
        avoided = [b[3] for b in buttons if b[2] in NOT_CLICKED]
        while True:
            x, y = self.rng.randrange(width), self.rng.randrange(height)
            if not any(bx <= x <= bx + bw and by <= y <= by + bh for bx, by, bw, bh in avoided):
                return x, y

    def visit(self, width: int, height: int, clicks: int) -> int:
        """A visitor: the attract screen, `clicks` more clicks, then the idle reset. Returns
        RSS at rest after it."""
        self.click(width // 2, height // 2)
        for _ in range(clicks):
            self.random_click(width, height)
        deadline = time.monotonic() + IDLE_TIMEOUT_S + IDLE_COUNTDOWN_S + 60
        while True:
            time.sleep(1)
            state = self.ask()
            if state["screen"] == "attract" and state["collected"]:
                break
            if time.monotonic() > deadline:  # the rest of the walk would measure no visits
                raise RuntimeError(f"the idle reset left the kiosk on {state['screen']}")
        time.sleep(REST_AFTER_VISIT_S)
        rss = rss_of(self.process.pid)
        parts = self.ask(memory=True).get("memory")
        time.sleep(REST_AFTER_VISIT_S)
        self.at_rest.append([self.clicks, rss, rss_of(self.process.pid), parts])
        return rss

    def bare_click(self) -> None:
        buttons = self.ask()["buttons"]
        x, y = buttons[0][:2]
        self.click(x, y)


def run_app(what: str, size: tuple[int, int], args, scratch: Path, clicks_to_match=None) -> dict:
    from kiosk.xvfb import VirtualDisplay

    width, height = size
    size_text = f"{width}x{height}"
    targets = scratch / f"targets-{what}.json"
    home = Path(tempfile.mkdtemp(dir=scratch))
    with VirtualDisplay(width, height) as display:
        env = {**os.environ, "DISPLAY": display, "LIBGL_ALWAYS_SOFTWARE": "1"}
        env.update(KIVY_HOME=str(home), KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1")
        env["PYTHONPATH"] = str(common.REPO)
        command = [sys.executable, str(Path(__file__)), "--child", what, size_text]
        command += [str(scratch / what), str(targets)]
        (scratch / what).mkdir(exist_ok=True)
        log = open(scratch / f"{what}.log", "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(command, env=env, cwd=common.REPO, stdout=log, stderr=log)
        walk = Walk(process, display, targets, random.Random(args.seed))
        walk.parts_every_click = args.parts_every_click and what == "kiosk"
        try:
            walk.find_window()
            time.sleep(5)  # the first frames, the screens made after them
            walk.until_at_rest()
            samples = []  # (clicks so far, RSS at rest)
            started = time.monotonic()
            if what == "bare":
                goal = clicks_to_match
                while walk.clicks < goal:
                    walk.bare_click()
                    if walk.clicks == args.warmup or walk.clicks % 20 == 0:
                        time.sleep(REST_AFTER_VISIT_S)
                        samples.append((walk.clicks, rss_of(process.pid)))
            else:
                goal = args.warmup + args.clicks
                while walk.clicks < goal:
                    clicks = min(walk.rng.randint(5, 15), max(0, goal - walk.clicks - 1))
                    rss = walk.visit(width, height, clicks)
                    samples.append((walk.clicks, rss))
                    progress = (
                        f"{what} {size_text}: {walk.clicks}/{goal} clicks, RSS {rss / 1e6:.0f} MB"
                    )
                    print(progress, file=sys.stderr, flush=True)
            seconds = time.monotonic() - started
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
    return {
        "samples": samples,
        "max": max(walk.rss),
        "clicks": walk.clicks,
        "seconds": seconds,
        "at_rest": walk.at_rest,
        "after_clicks": walk.after_clicks,
        "rss_after_each_click": walk.rss,
    }


def summarise(run: dict, warmup: int) -> dict:
    points = [(clicks, rss) for clicks, rss in run["samples"] if clicks >= warmup]
    if len(points) < 2:
        points = run["samples"][-2:]
    after = [rss for _, rss in points]
    first, last = common.median(after[:3]), common.median(after[-3:])
    rise, error = trend(points)
    measured = run.get("rss_after_each_click", [])[warmup:]
    return {
        "max_after_warmup": max(measured, default=run["max"]),
        "after_warmup": first,
        "end": last,
        "growth": last - first,
        "max": run["max"],
        "trend": rise,
        "trend_error": error,
    }


def without_caches(run: dict) -> dict:
    """The kiosk's run with its second readings at rest (bounded caches emptied)."""
    samples = [(clicks, emptied) for clicks, _, emptied, _ in run["at_rest"]]
    return {**run, "samples": samples}


def trend(points) -> tuple[float, float]:
    """What a straight line fitted to (clicks, RSS) rises over the clicks measured, and its
    standard error: the growth, with the noise of single readings averaged out."""
    n = len(points)
    xs, ys = [x for x, _ in points], [y for _, y in points]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if n < 3 or spread == 0:
        return 0.0, float("nan")
    slope = common.slope(xs, ys)
    residuals = sum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y in points)
    error = (residuals / (n - 2) / spread) ** 0.5
    span = max(xs) - min(xs)
    return slope * span, error * span


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", action="append", help="WxH (default both sizes)")
    parser.add_argument("--warmup", type=int, default=300, help="clicks before measuring")
    parser.add_argument("--clicks", type=int, default=300, help="clicks measured")
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--save", metavar="JSON")
    parser.add_argument(
        "--parts-every-click",
        action="store_true",
        help="ask the kiosk what its memory is made of after every click (slower; saved)",
    )
    parser.add_argument("--child", nargs=4, metavar=("WHAT", "SIZE", "SCRATCH", "TARGETS"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [parse_size(size) for size in (args.size or ["1920x1080", "2160x3840"])]
    rows, runs, verdicts = [], {}, []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
        for size in sizes:
            folder = Path(scratch) / f"{size[0]}x{size[1]}"
            folder.mkdir()
            kiosk = run_app("kiosk", size, args, folder)
            bare = run_app("bare", size, args, folder, clicks_to_match=kiosk["clicks"])
            runs[f"{size[0]}x{size[1]}"] = {"kiosk": kiosk, "bare": bare}
            measured = (
                ("bare Kivy app", bare),
                ("kiosk", kiosk),
                ("kiosk, bounded caches emptied", without_caches(kiosk)),
            )
            for what, run in measured:
                summary = summarise(run, args.warmup)
                rows.append(
                    [
                        f"{size[0]}x{size[1]}",
                        what,
                        run["clicks"],
                        common.mb(summary["after_warmup"]),
                        common.mb(summary["end"]),
                        f"{summary['growth'] / 1e6:+.1f} MB",
                        f"{summary['trend'] / 1e6:+.1f} ± {summary['trend_error'] / 1e6:.1f} MB",
                        common.mb(summary["max"]),
                        common.mb(summary["max_after_warmup"]),
                        f"{run['seconds'] / 60:.1f} min",
                    ]
                )
                limit = LIMITS.get(size)
                if what == "kiosk" and limit:
                    verdicts.append(
                        f"{size[0]}x{size[1]}: RSS after warm-up < {limit / 1e6:.0f} MB: at "
                        f"rest {common.met(summary['after_warmup'] < limit)}, after every "
                        f"click {common.met(summary['max_after_warmup'] < limit)}"
                    )
                if what != "bare Kivy app":
                    verdicts.append(
                        f"{size[0]}x{size[1]}, {what}: growth <= 5 MB: "
                        f"{common.met(summary['growth'] <= GROWTH_LIMIT)}; trend "
                        f"{common.met(summary['trend'] <= GROWTH_LIMIT)}"
                    )
    if args.save:
        Path(args.save).write_text(json.dumps(runs))
    print(
        f"Memory walk with real clicks (xdotool), {args.warmup} clicks of warm-up, then "
        f"{args.clicks} measured; RSS at rest after each visit (medians of the first and last "
        "three after the warm-up); max over every click, and over those after the warm-up."
    )
    print(common.machine_line())
    print()
    print(
        common.table(
            [
                *("size", "app", "clicks", "RSS after warm-up", "RSS at end", "growth"),
                *("trend ± se", "max", "max after warm-up", "time"),
            ],
            rows,
        )
    )
    print()
    for line in verdicts:
        print(f"Target: {line}")


if __name__ == "__main__":
    main()
