"""Tap latency: from a visitor's touch to the first frame that draws the new page, and to the
first frame drawn after the kiosk responded, for attract -> home -> theme -> station -> back and
for a language switch, against the frame time of a bare Kivy app on the same display.

Run: .venv/bin/python bench/bench_taps.py [--reps 40] [--rounds 2] [--size 1920x1080]
                                           [--hold-ms 100] [--speech]
Starts its own Xvfb when $DISPLAY is unset; the kiosk and the bare app each run in processes of
their own (one App per process), driven frame by frame in that process, in --rounds that take
turns (bare, kiosk; kiosk, bare) so that a slow spell of a shared machine hits both.

A tap is a kivy.tests.common.UnitTestTouch through Kivy's input path: down, held for --hold-ms
(a visitor's finger rests about 0.1 s) while frames go on, then up. The latency runs from the
touch event that caused the response (the up, for the attract screen too: it starts a visit
when the finger lifts, as a two-second press turns speech mode on instead) to the end of the
buffer swap of the first frame that draws the new page on the window: a Kivy Callback at the
start of every screen's canvas notes when that canvas is drawn while some of the screen is
inside the window (in the kiosk: its frame's picture is shown, not paper). The first frame
drawn after the app responded (the navigator announced the new route or language) is reported
too. Target: new page p95 <= 2 frame times of the bare app (its median frame time while its
own slide transition runs). With --speech the kiosk is in speech mode, where a double tap
chooses: every tap is a double tap, timed from its second touch, the first one speaking."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from kiosk.display import parse_size

TARGET_FRAMES = 2.0
STEPS = ["attract → home", "home → theme", "theme → station", "station → back", "language"]


def settle(loop, manager, frames: int = 3) -> None:
    """Until the slide has ended, and a few frames more (untimed)."""
    for _ in range(400):
        if common.at_rest(manager):
            break
        loop.idle()
    for _ in range(frames):
        loop.idle()


def kiosk_visible(manager, screen) -> bool:
    """The kiosk's screen is on the window: drawn directly, or its frame's picture (or the
    language switch's mix of two pictures) is shown, lies partly inside the window, and shows
    some of the screen drawn (kiosk.ui.framed draws a page sliding in a band at a time)."""
    frame = manager.frame_of(screen)
    if frame is None:
        return screen.canvas in manager.canvas.children
    children = manager.canvas.children
    shown = frame.picture in children
    fade = manager._crossfade
    if fade is not None and fade.instruction in children and fade.rect.texture is frame.fbo.texture:
        shown = True
    x = frame.rect.pos[0] - manager.x
    return shown and -manager.width < x < manager.width and frame.revealed() > 0


def kiosk_child(size, reps: int, hold_s: float, scratch: str, speech: bool) -> dict:
    clock = common.FakeClock()  # never moves: no idle reset during the run
    driver = common.start_kiosk(size, Path(scratch), clock=clock, attract_rotate_s=3600)
    app, loop, window = driver.app, driver.loop, driver.window
    from kiosk.ui.widgets import Card, LangButton

    frames = common.Frames(window)
    responses: list[float] = []
    app.navigator.subscribe(lambda *_: responses.append(time.perf_counter()))
    manager = app.manager
    marks = common.PageMarks(app.screens.values(), lambda screen: kiosk_visible(manager, screen))
    tapper = common.Tapper(loop, frames, hold_s, marks, lambda: manager.current_screen, speech)
    exhibition = app.content.exhibition
    theme = next(t for t in exhibition.themes if t.kind != "goal-2030" and t.stations)
    station = theme.stations[0]

    def centre(widget):
        scroller = driver._scroll_view_of(widget)
        if scroller is not None:
            scroller.scroll_to(widget, padding=10, animate=False)
            driver.frames(2)
        return widget.to_window(*widget.center)

    def card(title):
        (found,) = driver.find_all(lambda w: isinstance(w, Card) and w.title == title)
        return centre(found)

    def lang(code):
        (found,) = driver.find_all(lambda w: isinstance(w, LangButton) and w.text == code.upper())
        return centre(found)

    samples = {step: [] for step in STEPS}
    parts = {step: [] for step in STEPS}
    pages = {step: [] for step in STEPS}

    def timed(step, x, y):
        latency, work, draw, page = tapper.tap(x, y, responses)
        samples[step].append(latency)
        parts[step].append((work, draw))
        pages[step].append(page)
        settle(loop, app.manager)

    for _ in range(reps):
        app.end_visit()
        settle(loop, app.manager, 6)
        if speech:  # the idle reset ends speech mode; this visitor turns it on again
            app.speech.mode = True
            settle(loop, app.manager, 3)
        width, height = window.size
        timed("attract → home", width / 2, height / 2)
        timed("home → theme", *card(theme.title("fi")))
        timed("theme → station", *card(station.title("fi")))
        assert driver.screen.name == "station", driver.screen.name
        for code in ("sv", "en", "fi"):
            timed("language", *lang(code))
        assert app.language == "fi"
        timed("station → back", *centre(driver.find_text("‹  " + back_label())))
        assert driver.screen.name == "theme", driver.screen.name
    return {
        "samples": samples,
        "parts": parts,
        "pages": pages,
        "renderer": common.gl_renderer(),
        "speech": app.speech.status(),
    }


def back_label() -> str:
    from kiosk.i18n import tr

    return tr("Back", "fi")


def bare_child(size, reps: int, hold_s: float) -> dict:
    app, loop, window = common.start_bare(size)
    frames = common.Frames(window)
    manager = app.manager
    marks = common.PageMarks(
        manager.screens, lambda screen: common.bare_screen_visible(manager, screen)
    )
    tapper = common.Tapper(loop, frames, hold_s, marks, lambda: manager.current_screen)
    taps, frame_times, parts, pages = [], [], [], []
    for _ in range(reps * 3):
        button = app.buttons[app.manager.current]
        latency, work, draw, page = tapper.tap(*button.to_window(*button.center), app.presses)
        taps.append(latency)
        parts.append((work, draw))
        pages.append(page)
        first = frames.count
        settle(loop, app.manager, 0)
        times = frames.times[first:]
        frame_times += [b - a for a, b in zip(times, times[1:], strict=False)]
        settle(loop, app.manager, 3)
    return {
        "taps": taps,
        "parts": parts,
        "pages": pages,
        "frames": frame_times,
        "renderer": common.gl_renderer(),
    }


def child(args) -> None:
    what, size, scratch = args.child
    size = parse_size(size)
    hold_s = args.hold_ms / 1000
    if what == "bare":
        common.child_main(bare_child, size, args.reps, hold_s)
    else:
        common.child_main(kiosk_child, size, args.reps, hold_s, scratch, args.speech)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=40, help="visits in all")
    parser.add_argument("--rounds", type=int, default=2, help="child processes of each app")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--hold-ms", type=float, default=100)
    parser.add_argument(
        "--speech",
        action="store_true",
        help="the kiosk in speech mode: every tap a double tap, the first one speaking",
    )
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "SIZE", "SCRATCH"))
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    common.ensure_display(args.size)
    reps = max(1, args.reps // args.rounds)
    extra = ["--reps", str(reps), "--hold-ms", str(args.hold_ms)]
    bare = {"taps": [], "parts": [], "pages": [], "frames": []}
    kiosk = {key: {step: [] for step in STEPS} for key in ("samples", "parts", "pages")}
    with tempfile.TemporaryDirectory(prefix="bench-taps-") as scratch:
        here = Path(__file__)
        # Rounds taking turns, so that a slow spell of a shared machine hits both apps.
        for round_ in range(args.rounds):
            for what in ("bare", "kiosk") if round_ % 2 == 0 else ("kiosk", "bare"):
                options, env = extra, None
                if what == "kiosk" and args.speech:
                    options = [*extra, "--speech"]
                    # A sound device for the voice: SDL writes what it would play to a file.
                    env = {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": f"{scratch}/out.raw"}
                result = common.run_child(here, [what, args.size, scratch, *options], 1800, env)
                if what == "bare":
                    for key in bare:
                        bare[key] += result[key]
                else:
                    for key in ("samples", "parts", "pages"):
                        for step in STEPS:
                            kiosk[key][step] += result[key][step]
                    kiosk["renderer"] = result["renderer"]
                    kiosk["speech"] = result["speech"]
    frame = common.median(bare["frames"])
    limit = TARGET_FRAMES * frame

    def split(pairs):
        works, draws = zip(*pairs, strict=True)
        return common.ms(common.median(works)), common.ms(common.median(draws))

    def figures(taps, pages, pairs):
        page_p95 = common.percentile(pages, 95)
        return [
            len(taps),
            common.ms(common.median(pages)),
            common.ms(page_p95),
            f"{page_p95 / frame:.1f}",
            common.ms(common.median(taps)),
            common.ms(common.percentile(taps, 95)),
            f"{common.percentile(taps, 95) / frame:.1f}",
            *split(pairs),
        ]

    bare_frame = ["bare app: frame time in its slide", len(bare["frames"]), "", "", ""]
    bare_frame += [common.ms(frame), common.ms(common.percentile(bare["frames"], 95)), "", "", ""]
    rows = [
        bare_frame,
        ["bare app: button → next screen", *figures(bare["taps"], bare["pages"], bare["parts"])],
    ]
    rows[-1].append("")
    verdicts = []
    for step in STEPS:
        pages = kiosk["pages"][step]
        ok = common.percentile(pages, 95) <= limit
        verdicts.append(ok)
        row = figures(kiosk["samples"][step], pages, kiosk["parts"][step])
        rows.append([f"kiosk: {step}", *row, common.met(ok)])
    every = [v for step in STEPS for v in kiosk["samples"][step]]
    pairs = [pair for step in STEPS for pair in kiosk["parts"][step]]
    pages = [v for step in STEPS for v in kiosk["pages"][step]]
    row = figures(every, pages, pairs)
    row[2], row[3] = f"**{row[2]}**", f"**{row[3]}**"
    rows.append(["**kiosk: all taps**", *row, common.met(all(verdicts))])
    mode = " in speech mode (double taps, the first one speaking)" if args.speech else ""
    print(
        f"Tap latency{mode}, {args.size} window, finger held {args.hold_ms:.0f} ms. 'new page': "
        "from the touch to the end of the first frame that draws the new page on the window "
        "(a Kivy Callback in each screen's canvas notes when it is drawn while some of it is "
        "in the window). 'response frame': to the end of the first frame drawn after the app "
        "responded; 'work' is the median time from the touch to the start of that frame's "
        "drawing (input, filling the screen, layout, text), 'draw' its median drawing and "
        "buffer swap. A slide then runs 0.3 s."
    )
    print(common.machine_line(kiosk["renderer"]) + f"; speech: {kiosk['speech']}")
    print()
    headers = ["what", "n", "new page p50", "new page p95", "p95 in bare frames"]
    headers += ["response frame p50", "response frame p95", "p95 in bare frames", "work", "draw"]
    print(common.table([*headers, "target"], rows))
    print()
    print(
        f"Target: new page p95 <= {TARGET_FRAMES:.0f} bare frame times = {common.ms(limit)}, "
        f"every step: {common.met(all(verdicts))}"
    )


if __name__ == "__main__":
    main()
