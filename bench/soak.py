"""Memory soak: the kiosk's resident set size (RSS) after a warm-up and while thousands of
simulated visitors use it, against a bare Kivy app doing the same number of sessions.

Run:   .venv/bin/python bench/soak.py                   (10,000 sessions)
Quick: .venv/bin/python bench/soak.py --sessions 300
Long runs: --max-minutes 30 stops the kiosk's part after 30 minutes and reports the sessions
actually run; so does SIGUSR1 sent to the kiosk's child process
(pkill -USR1 -f 'soak.py --child kiosk'), at its next sample.

Each app runs in a process of its own (one App per process), driven in that process through
Kivy's input path (kivy.tests.common.UnitTestTouch) on a virtual display (its own Xvfb when
$DISPLAY is unset). A visitor session, seeded and random:
- touches the attract screen (now and then its FI / SV / EN button instead),
- taps 3-12 times: mostly a button on screen (theme and station cards, back, home, related
  stations, the quiz's tile and answers, the result's buttons), sometimes the language switch,
  sometimes anywhere; about one visitor in four does the whole quiz first,
- walks away: the idle monitor's clock (a FakeClock) jumps past the timeout, the app polls,
  "Are you still there?" shows (now and then a touch dismisses it and the visitor leaves
  later), the countdown runs out and the kiosk resets to attract in the default language.

To make 10,000 sessions fit on a 2-core machine with software rendering the window is small
(640x400 by default; what leaks is app logic and widget churn, not pixels), the frame rate is
not capped (maxfps 0), slides last 0.005 s instead of 0.3 s and a language switch's fade
0.005 s instead of 0.2 s (the same code runs, just over fewer frames), ScrollView's
scroll_timeout is 0 (a tap is handed to the card under it after Kivy's 3 frames instead of
after 250 ms), and the frames of a tap (held 3 frames, then the slide) are ticked through
Kivy's clock and input path but not drawn: the screen the tap leads to is drawn once, when it
has come to rest. The idle reset is triggered by calling the app's own poll (what its Clock
event calls every 0.25 s) after moving the fake clock.

RSS is read from /proc at rest, after gc.collect() and malloc_trim(0) (what the kiosk does
once a visit has ended), after the warm-up and then every --every sessions. Targets: growth
<= 5 MB, the median of the last tenth of the samples against that of the first tenth (a single
sample swings by a few MB with the pages the kiosk happens to keep), and no upward trend in the
second half: the least-squares slope of the second half's samples, times the second half's
length, stays under 1 MB (noise, not growth). --save keeps every sample in a JSON file and
--report prints the table of such a file again.
"""

from __future__ import annotations

import argparse
import gc
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

GROWTH_LIMIT = 5e6
TREND_LIMIT = 1e6
SLIDE_S = 0.005
HOLD_FRAMES = 3
PROGRESS_TAG = "BENCH_PROGRESS "


def progress(message: str) -> None:
    sys.__stdout__.write(PROGRESS_TAG + message + "\n")
    sys.__stdout__.flush()


def sample(session: int, started: float) -> dict:
    """RSS at rest between visits: after what the kiosk does once a visit has ended (collect
    Python's cycles, hand the C heap's free pages back), done at once here because the soak's
    next visitor does not wait the second the kiosk waits for it. Without it a sample would
    catch the heap at any point of the last visit's trim cycle, and swing by megabytes."""
    from kiosk.ops import memory

    gc.collect()
    memory.trim_heap()
    heap = memory.heap_in_use()
    return {
        "session": session,
        "rss": common.rss_bytes(),
        "heap": heap,
        "blocks": sys.getallocatedblocks(),
        "t": time.monotonic() - started,
    }


def kivy_caches() -> str:
    """How many entries each of Kivy's caches holds (textures, images, text): these hold
    native memory, which RSS counts and Python's own object counts do not show."""
    from kivy.cache import Cache

    return ", ".join(f"{name} {len(entries)}" for name, entries in sorted(Cache._objects.items()))


def clock_events() -> int:
    from kivy.clock import Clock

    return len(Clock.get_events())


def animations() -> int:
    from kivy.animation import Animation

    return len(Animation._instances)


class Visitor:
    """Drives the kiosk in this process, one frame at a time."""

    def __init__(self, driver, clock, rng: random.Random):
        from kivy.uix.behaviors import ButtonBehavior

        self.driver = driver
        self.app = driver.app
        self.loop = driver.loop
        self.window = driver.window
        self.clock = clock
        self.rng = rng
        self.buttons = ButtonBehavior
        self.taps = 0
        idle = self.app.settings.idle
        self.timeout_s, self.countdown_s = idle.timeout_s, idle.countdown_s

    def frames(self, count: int = 1) -> None:
        for _ in range(count):
            self.loop.idle()

    def settle(self) -> None:
        """Ticks until the slide has ended, then draws two frames: every state the visitor
        would rest their eyes on is drawn once (a screen a slide brings in is filled after the
        first frame drawn for it, and drawn on the next)."""
        manager = self.app.manager
        deadline = time.monotonic() + 5  # slides run on real time, however fast ticks are
        while not manager.at_rest and time.monotonic() < deadline:
            self.ticks(1)
        self.loop.idle()
        self.loop.idle()

    def ticks(self, count: int) -> None:
        """Frames that are not drawn: the clock ticks and input is dispatched as in
        EventLoop.idle(), but the window is not redrawn (what a tap waits for is Kivy's frame
        count, see ScrollView, or the end of a slide; drawing them would only cost time)."""
        from kivy.clock import Clock
        from kivy.lang import Builder

        for _ in range(count):
            Clock.tick()
            self.loop.dispatch_input()
            Builder.sync()
            Clock.tick_draw()
            Builder.sync()

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.ticks(HOLD_FRAMES)
        touch.touch_up()
        self.ticks(1)
        self.settle()
        self.taps += 1

    def visible_buttons(self, kind=None) -> list:
        width, height = self.window.size
        found = []
        for widget in self.driver.find_all(lambda w: isinstance(w, kind or self.buttons)):
            if widget.disabled or widget.opacity <= 0:
                continue
            x, y = widget.to_window(*widget.center)
            if 0 <= x < width and 0 <= y < height:
                found.append((x, y, widget))
        return found

    def tap_widget(self, widget) -> None:
        scroller = self.driver._scroll_view_of(widget)
        if scroller is not None:
            scroller.scroll_to(widget, padding=10, animate=False)
            self.ticks(1)
        self.tap_at(*widget.to_window(*widget.center))

    def tap_somewhere(self) -> None:
        width, height = self.window.size
        self.tap_at(self.rng.uniform(0, width - 1), self.rng.uniform(0, height - 1))

    def tap_random(self) -> None:
        from kiosk.ui.widgets import LangButton

        roll = self.rng.random()
        if roll < 0.12:
            choices = self.visible_buttons(LangButton)
        elif roll < 0.85:
            choices = self.visible_buttons()
        else:
            choices = []
        if choices:
            x, y, _ = self.rng.choice(choices)
            self.tap_at(x, y)
        else:
            self.tap_somewhere()

    def do_quiz(self) -> None:
        """Home, the quiz's tile, an answer to every question, then the result."""
        from kiosk.ui.quiz_widgets import ChoiceButton, QuizCard

        self.app.navigator.home()
        self.settle()
        tiles = self.driver.find_all(lambda w: isinstance(w, QuizCard))
        if not tiles:
            return
        self.tap_widget(tiles[0])
        for _ in range(40):
            if self.driver.screen.name != "quiz":
                break
            choices = self.driver.find_all(lambda w: isinstance(w, ChoiceButton))
            if not choices:
                break
            self.tap_widget(self.rng.choice(choices))

    def walk_away(self) -> None:
        app, clock = self.app, self.clock
        # A random tap on Listen turns speech mode on, where the kiosk waits longer.
        timeout_s = app.settings.idle.speech_timeout_s if app.speech.mode else self.timeout_s
        clock.now += timeout_s + 1
        app.poll_idle()
        self.frames(1)
        if self.rng.random() < 0.1:
            self.tap_somewhere()  # "still here": the prompt goes, the visit goes on a while
            clock.now += timeout_s + 1
            app.poll_idle()
            self.frames(1)
        clock.now += self.countdown_s + 1
        app.poll_idle()
        self.settle()
        if self.driver.screen.name != "attract":
            raise RuntimeError(f"idle reset left the kiosk on {self.driver.screen.name}")

    def session(self) -> None:
        from kiosk.ui.widgets import LangButton

        if self.rng.random() < 0.1:
            x, y, _ = self.rng.choice(self.visible_buttons(LangButton))
            self.tap_at(x, y)
        else:
            width, height = self.window.size
            self.tap_at(width / 2, height / 2)
        if self.driver.screen.name == "attract":
            raise RuntimeError("a touch on the attract screen did not start a visit")
        quiz = getattr(self.app, "quiz_session", None)
        if quiz is not None and quiz.quiz is not None and self.rng.random() < 0.25:
            self.do_quiz()
        for _ in range(self.rng.randint(3, 12)):
            self.tap_random()
        self.walk_away()


def kiosk_child(args) -> dict:
    os.environ["KCFG_WIDGETS_SCROLL_TIMEOUT"] = "0"
    size = parse_size(args.size)
    clock = common.FakeClock()
    driver = common.start_kiosk(size, Path(args.child[1]), clock=clock, max_fps=0)
    driver.app.manager.transition.duration = SLIDE_S
    driver.app.manager.fade_s = SLIDE_S  # a language switch's fade, likewise
    visitor = Visitor(driver, clock, random.Random(args.seed))
    started = time.monotonic()
    deadline = started + args.max_minutes * 60 if args.max_minutes else None
    # SIGUSR1 to this process ends the run at the next sample, with its table, like the deadline.
    stop_asked = []
    signal.signal(signal.SIGUSR1, lambda *_: stop_asked.append(True))
    for _ in range(args.warmup):
        visitor.session()
    warm = sample(0, started)
    warm.update(
        clock_events=clock_events(),
        animations=animations(),
        objects=len(gc.get_objects()),
        caches=kivy_caches(),
    )
    samples = [warm]
    progress(f"kiosk warm-up done ({args.warmup} sessions): RSS {common.mb(warm['rss'])}")
    done = 0
    while done < args.sessions:
        visitor.session()
        done += 1
        if done % args.every == 0 or done == args.sessions:
            samples.append(sample(done, started))
            last = samples[-1]
            progress(
                f"kiosk {done}/{args.sessions} sessions, {visitor.taps} taps, "
                f"RSS {common.mb(last['rss'])}, C heap in use {common.mb(last['heap'] or 0)}, "
                f"Python blocks {last['blocks']}, "
                f"{last['t'] / 60:.1f} min; caches: {kivy_caches()}"
            )
            if stop_asked or (deadline and time.monotonic() > deadline):
                break
    if samples[-1]["session"] != done:
        samples.append(sample(done, started))
    end = samples[-1]
    end.update(
        clock_events=clock_events(),
        animations=animations(),
        objects=len(gc.get_objects()),
        caches=kivy_caches(),
    )
    return {
        "samples": samples,
        "sessions": done,
        "taps": visitor.taps,
        "seconds": time.monotonic() - started,
        "renderer": common.gl_renderer(),
    }


def bare_child(args) -> dict:
    size = parse_size(args.size)
    app, loop, window = common.start_bare(size, max_fps=0)
    app.manager.transition.duration = SLIDE_S
    from kivy.clock import Clock
    from kivy.lang import Builder
    from kivy.tests.common import UnitTestTouch

    def ticks(count):
        for _ in range(count):
            Clock.tick()
            loop.dispatch_input()
            Builder.sync()
            Clock.tick_draw()
            Builder.sync()

    def session():
        for _ in range(2):  # there and back, tapped as the kiosk is
            button = app.buttons[app.manager.current]
            touch = UnitTestTouch(*button.to_window(*button.center))
            touch.touch_down()
            ticks(HOLD_FRAMES)
            touch.touch_up()
            ticks(1)
            while app.manager.transition.is_active:
                ticks(1)
            loop.idle()

    started = time.monotonic()
    for _ in range(args.warmup):
        session()
    samples = [sample(0, started)]
    for done in range(1, args.sessions + 1):
        session()
        if done % args.every == 0 or done == args.sessions:
            samples.append(sample(done, started))
    app.presses.clear()
    return {"samples": samples, "sessions": args.sessions, "seconds": time.monotonic() - started}


def run_streaming(what: str, args, scratch: str, sessions: int) -> dict:
    """A child run with its progress lines passed on to stderr as they come."""
    command = [sys.executable, str(Path(__file__)), "--child", what, scratch]
    command += ["--sessions", str(sessions), "--every", str(args.every), "--size", args.size]
    command += ["--warmup", str(args.warmup), "--seed", str(args.seed)]
    if args.max_minutes and what == "kiosk":
        command += ["--max-minutes", str(args.max_minutes)]
    home = tempfile.mkdtemp(dir=scratch)
    env = {**os.environ, "KIVY_HOME": home, "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1"}
    env["PYTHONPATH"] = str(common.REPO)
    child = subprocess.Popen(
        command, env=env, cwd=common.REPO, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    result, other = None, []
    for line in child.stdout:
        if line.startswith(PROGRESS_TAG):
            print(line[len(PROGRESS_TAG) :].rstrip(), file=sys.stderr, flush=True)
        elif line.startswith(common.RESULT_TAG):
            result = json.loads(line[len(common.RESULT_TAG) :])
        else:
            other.append(line)
    child.wait()
    if result is None:
        raise RuntimeError(f"{what} soak failed (exit {child.returncode}):\n{''.join(other)}")
    return result


def analyse(samples: list[dict]) -> dict:
    """Growth compares the median of the first tenth of the samples (the warm-up's included)
    with that of the last tenth: one sample says which pages the kiosk happened to be keeping
    (a few MB either way), a median of several says where its level is."""
    window = max(3, len(samples) // 10)
    start = common.median([s["rss"] for s in samples[:window]])
    end = common.median([s["rss"] for s in samples[-window:]])
    last = samples[-1]
    second = [s for s in samples[1:] if s["session"] >= last["session"] / 2]
    xs, ys = [s["session"] for s in second], [s["rss"] for s in second]
    slope = common.slope(xs, ys)  # bytes per session
    span = (xs[-1] - xs[0]) if len(xs) > 1 else 0
    return {
        "window": window,
        "start": start,
        "end": end,
        "peak": max(s["rss"] for s in samples),
        "growth": end - start,
        "sample_growth": last["rss"] - samples[0]["rss"],
        "slope": slope,
        "trend": slope * span,
        "second_half": len(second),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=0, help="sample RSS every K sessions")
    parser.add_argument("--warmup", type=int, default=0, help="sessions before the first sample")
    parser.add_argument("--size", default="640x400")
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--max-minutes", type=float, default=0)
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "SCRATCH"))
    parser.add_argument("--save", metavar="JSON", help="keep every sample in this file")
    parser.add_argument("--report", metavar="JSON", help="print the table of a saved run")
    args = parser.parse_args()
    if args.report:
        report(json.loads(Path(args.report).read_text()))
        return
    if args.child:
        function = bare_child if args.child[0] == "bare" else kiosk_child
        common.child_main(function, args)
        return
    args.every = args.every or max(5, args.sessions // 200)  # a long run: 200 samples
    args.warmup = args.warmup or max(20, min(200, args.sessions // 20))
    common.ensure_display()
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as scratch:
        kiosk = run_streaming("kiosk", args, scratch, args.sessions)
        bare = run_streaming("bare", args, scratch, kiosk["sessions"])
    run = {"size": args.size, "warmup": args.warmup, "every": args.every}
    run["machine"] = common.machine_line(kiosk["renderer"])
    run.update(kiosk=kiosk, bare=bare)
    if args.save:
        Path(args.save).write_text(json.dumps(run))
    report(run)


def report(run: dict) -> None:
    kiosk, bare = run["kiosk"], run["bare"]
    rows = []
    verdict = {}
    for label, result in (("bare Kivy app", bare), ("kiosk", kiosk)):
        a = analyse(result["samples"])
        verdict[label] = a
        rows.append(
            [
                label,
                result["sessions"],
                f"{result['seconds'] / 60:.1f} min",
                common.mb(a["start"]),
                common.mb(a["end"]),
                common.mb(a["peak"]),
                f"{a['growth'] / 1e6:+.1f} MB",
                f"{a['sample_growth'] / 1e6:+.1f} MB",
                f"{a['slope'] * 1000 / 1e3:+.1f} kB",
                f"{a['trend'] / 1e6:+.2f} MB",
            ]
        )
    k = verdict["kiosk"]
    warm, end = kiosk["samples"][0], kiosk["samples"][-1]
    print(
        f"Memory soak, {run['size']} window, {kiosk['sessions']} kiosk sessions "
        f"({kiosk['taps']} taps) after {run['warmup']} warm-up sessions; RSS sampled every "
        f"{run['every']} sessions at rest (after gc.collect() and malloc_trim(0), as the kiosk "
        f"does when a visit has ended); start and end are medians of the first and last "
        f"{k['window']} samples."
    )
    print(run["machine"])
    print()
    headers = [
        "app",
        "sessions",
        "time",
        "RSS at start",
        "RSS at end",
        "peak",
        "growth",
        "last - first sample",
        "slope / 1000 sessions (2nd half)",
        "trend over 2nd half",
    ]
    print(common.table(headers, rows))
    print()
    print(
        f"Kiosk, warm-up → end: Python objects {warm['objects']} → {end['objects']}, "
        f"Clock events {warm['clock_events']} → {end['clock_events']}, "
        f"running animations {warm['animations']} → {end['animations']}, "
        f"C heap in use {common.mb(warm['heap'] or 0)} → {common.mb(end['heap'] or 0)}."
    )
    print(f"Kivy's caches after warm-up: {warm['caches']}; at the end: {end['caches']}.")
    print()
    print(f"Target: growth <= 5 MB: {common.met(k['growth'] <= GROWTH_LIMIT)}")
    print(
        f"Target: no upward trend in the second half (trend < 1 MB): "
        f"{common.met(k['trend'] < TREND_LIMIT)}"
    )
    print()
    print("RSS samples (kiosk), session: MB")
    print(
        ", ".join(f"{s['session']}: {s['rss'] / 1e6:.1f}" for s in kiosk["samples"]),
    )


if __name__ == "__main__":
    main()
