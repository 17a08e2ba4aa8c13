"""Frame time during screen transitions: the kiosk's slides (home -> theme -> station -> back ->
home) against a bare Kivy ScreenManager sliding between two plain screens, same window size,
same display, same 0.3 s SlideTransition.

Run: .venv/bin/python bench/bench_transitions.py [--reps 12] [--rounds 3] [--size 1920x1080]
Starts its own Xvfb when $DISPLAY is unset; each app runs in a process of its own, driven frame
by frame there. A frame time is the time between the buffer swaps of two consecutive frames
while a slide runs. The first frame of each slide is left out: it also holds the work of
filling the new screen, which bench_taps.py measures as tap latency. Targets, in every round
(the child processes of each app that take turns) and overall: median kiosk / median bare
<= 1.2 and p95 kiosk / p95 bare <= 1.5.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from kiosk.display import parse_size

TARGET = 1.2  # median kiosk / median bare
TARGET_P95 = 1.5  # p95 kiosk / p95 bare


def slide_frames(loop, manager, frames: common.Frames, change) -> tuple[list[float], int]:
    """Calls change() (which starts a slide) and returns the frame times while it runs, the
    first frame left out, and how many frames the slide drew."""
    for _ in range(3):
        loop.idle()
    change()
    first = frames.count
    common.step_until_frame(loop, frames)
    for _ in range(1000):
        if not manager.transition.is_active:
            break
        loop.idle()
    times = frames.times[first:]
    return [b - a for a, b in zip(times, times[1:], strict=False)], len(times)


def kiosk_child(size, reps: int, scratch: str) -> dict:
    driver = common.start_kiosk(
        size, Path(scratch), clock=common.FakeClock(), attract_rotate_s=3600
    )
    app, loop = driver.app, driver.loop
    frames = common.Frames(driver.window)
    navigator = app.navigator
    exhibition = app.content.exhibition
    themes = [t for t in exhibition.themes if t.kind != "goal-2030" and t.stations]
    navigator.start_visit()
    driver.settle()
    result = {"frames": [], "per_slide": []}
    for change in common.slide_walk(navigator, themes, reps):
        times, count = slide_frames(loop, app.manager, frames, change)
        result["frames"] += times
        result["per_slide"].append(count)
    result["renderer"] = common.gl_renderer()
    return result


def bare_child(size, reps: int) -> dict:
    app, loop, window = common.start_bare(size)
    frames = common.Frames(window)
    result = {"frames": [], "per_slide": []}
    for _ in range(reps * 4):
        times, count = slide_frames(loop, app.manager, frames, app._next)
        result["frames"] += times
        result["per_slide"].append(count)
    result["renderer"] = common.gl_renderer()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=12, help="rounds of four slides, in all")
    parser.add_argument("--rounds", type=int, default=3, help="child processes of each app")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "SIZE", "SCRATCH"))
    args = parser.parse_args()
    if args.child:
        what, size, scratch = args.child
        size = parse_size(size)
        if what == "bare":
            common.child_main(bare_child, size, args.reps)
        else:
            common.child_main(kiosk_child, size, args.reps, scratch)
        return
    common.ensure_display(args.size)
    results = {what: {"frames": [], "per_slide": []} for what in ("bare", "kiosk")}
    rounds = []  # per round: {what: (median, p95)}
    reps = max(1, args.reps // args.rounds)
    with tempfile.TemporaryDirectory(prefix="bench-slides-") as scratch:
        # Rounds taking turns, so that a slow spell of a shared machine hits both apps.
        for round_ in range(args.rounds):
            figures = {}
            for what in ("bare", "kiosk") if round_ % 2 == 0 else ("kiosk", "bare"):
                child = [what, args.size, scratch, "--reps", str(reps)]
                result = common.run_child(Path(__file__), child, 1800)
                results[what]["frames"] += result["frames"]
                results[what]["per_slide"] += result["per_slide"]
                results[what]["renderer"] = result["renderer"]
                frames = result["frames"]
                figures[what] = (common.median(frames), common.percentile(frames, 95))
            rounds.append(figures)
    rows, medians, p95s = [], {}, {}
    for what, label in (("bare", "bare ScreenManager, two plain screens"), ("kiosk", "kiosk")):
        values = results[what]["frames"]
        medians[what] = common.median(values)
        p95s[what] = common.percentile(values, 95)
        rows.append(
            [
                label,
                len(results[what]["per_slide"]),
                len(values),
                common.ms(medians[what]),
                common.ms(p95s[what]),
                f"{1 / medians[what]:.1f}",
                f"{common.median(results[what]['per_slide']):.0f}",
            ]
        )
    ratio = medians["kiosk"] / medians["bare"]
    ratio_p95 = p95s["kiosk"] / p95s["bare"]
    rows.append(
        ["**ratio kiosk / bare**", "", "", f"**{ratio:.2f}×**", f"**{ratio_p95:.2f}×**", "", ""]
    )
    print(f"Frame time during 0.3 s slide transitions, {args.size} window.")
    print(common.machine_line(results["kiosk"]["renderer"]))
    print()
    headers = ["app", "slides", "frames", "median frame time", "p95", "fps", "frames per slide"]
    print(common.table(headers, rows))
    print()
    round_rows, every_round = [], True
    for number, figures in enumerate(rounds, 1):
        (bare_median, bare_p95), (kiosk_median, kiosk_p95) = figures["bare"], figures["kiosk"]
        ok = kiosk_median / bare_median <= TARGET and kiosk_p95 / bare_p95 <= TARGET_P95
        every_round = every_round and ok
        round_rows.append(
            [
                number,
                common.ms(bare_median),
                common.ms(kiosk_median),
                f"{kiosk_median / bare_median:.2f}×",
                common.ms(bare_p95),
                common.ms(kiosk_p95),
                f"{kiosk_p95 / bare_p95:.2f}×",
                common.met(ok),
            ]
        )
    headers = ["round", "bare median", "kiosk median", "ratio", "bare p95", "kiosk p95"]
    print(common.table([*headers, "ratio p95", "target"], round_rows))
    print()
    overall = ratio <= TARGET and ratio_p95 <= TARGET_P95
    print(
        f"Target: median ratio <= {TARGET}× and p95 ratio <= {TARGET_P95}×, overall: "
        f"{common.met(overall)}; in every round: {common.met(every_round)}"
    )


if __name__ == "__main__":
    main()
