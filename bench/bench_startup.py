"""Cold start: from starting a fresh process to the first frame drawn, the kiosk's attract screen
against a bare Kivy app (a ScreenManager with two plain screens), on the same display.

Run: .venv/bin/python bench/bench_startup.py [--runs 9] [--size 1920x1080]
Starts its own Xvfb when $DISPLAY is unset. Every run is a new process (one App per process),
kiosk and bare runs taking turns. The clock starts in this process just before the child is
started (time.monotonic(), passed in the environment) and stops in the child when the first
frame after the root widget was shown has been swapped to the display. The kiosk starts the
way `python main.py run --windowed --size WxH` does: command line, settings, content
validation, the attract screen built (the other screens follow, one per frame, after the first
frame), services started. All kiosk runs share one data folder, as an installed kiosk keeps its
own (prepared pictures, the last valid content); one unmeasured run of each app warms it, the
OS's file cache and Python's compiled modules (kept in a folder of the run's, as an installed
kiosk has them). Target: median kiosk / median bare <= 1.3.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from kiosk.display import parse_size

TARGET = 1.3


def _hook_first_frame(what: str) -> None:
    """Once Kivy is configured: when the App's loop starts, note the time; at the first frame
    after that, hand the timings to the parent and leave at once."""
    import kivy.app

    run = kivy.app.runTouchApp

    def hooked(*args, **kwargs):
        ready = time.monotonic()
        from kivy.app import App
        from kivy.core.window import Window

        def first(window):
            window.flip()
            drawn = time.monotonic()
            t0 = common.started_at()
            app = App.get_running_app()
            manager = getattr(app, "manager", None)
            common.emit(
                {
                    "what": what,
                    "ready_s": ready - t0,
                    "first_frame_s": drawn - t0,
                    "screen": manager.current if manager is not None else None,
                    "renderer": common.gl_renderer(),
                }
            )
            os._exit(0)

        Window.bind(on_flip=first)
        return run(*args, **kwargs)

    kivy.app.runTouchApp = hooked


def child(what: str, size: str, scratch: str) -> None:
    width, height = parse_size(size)
    if what == "bare":
        common.configure_bare((width, height))
        _hook_first_frame("bare")
        common.bare_app_class()().run()
        return
    import kiosk.ui.launch as launch

    configure = launch.configure_kivy

    def configured(*args, **kwargs):
        configure(*args, **kwargs)
        _hook_first_frame("kiosk")

    launch.configure_kivy = configured
    # One data folder for every run, as an installed kiosk keeps its own: its pictures are
    # prepared and its QR codes made once (by the warm-up run), not at every start.
    folder = Path(scratch) / "kiosk"
    folder.mkdir(exist_ok=True)
    config = common.kiosk_config_file(folder)
    from kiosk.cli import main

    main(["run", "--config", str(config), "--windowed", "--size", size])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "SIZE", "SCRATCH"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    common.ensure_display(args.size)
    results = {"kiosk": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        # Python's compiled modules are kept, as an installed kiosk has them (pip compiles
        # them when it installs; Kivy's own came compiled): written by the warm-up runs into a
        # folder of this run's, even where the environment says not to write them.
        env = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(Path(scratch) / "pyc")}
        for what in ("bare", "kiosk"):  # warm-up, not counted: the OS file cache, the kiosk's data
            common.run_child(Path(__file__), [what, args.size, scratch], 300, env)
        for run in range(args.runs):
            order = ("bare", "kiosk") if run % 2 == 0 else ("kiosk", "bare")
            for what in order:
                result = common.run_child(Path(__file__), [what, args.size, scratch], 300, env)
                results[what].append(result)
    bad = [r["screen"] for r in results["kiosk"] if r["screen"] != "attract"]
    if bad:
        sys.exit(f"the kiosk's first frame was not the attract screen: {bad}")
    rows, medians = [], {}
    for what in ("bare", "kiosk"):
        firsts = [r["first_frame_s"] for r in results[what]]
        readies = [r["ready_s"] for r in results[what]]
        medians[what] = common.median(firsts)
        rows.append(
            [
                "bare Kivy app" if what == "bare" else "kiosk (attract screen)",
                len(firsts),
                common.ms(common.median(readies)),
                common.ms(medians[what]),
                common.ms(min(firsts)),
                common.ms(max(firsts)),
            ]
        )
    ratio = medians["kiosk"] / medians["bare"]
    rows.append(["**ratio kiosk / bare**", "", "", f"**{ratio:.2f}×**", "", ""])
    print(f"Cold start to the first frame, {args.size} window.")
    print(common.machine_line(results["kiosk"][0]["renderer"]))
    print()
    print(
        common.table(
            ["app", "runs", "median to App loop", "median to first frame", "min", "max"], rows
        )
    )
    print()
    print(f"Target: ratio <= {TARGET}×: {common.met(ratio <= TARGET)}")


if __name__ == "__main__":
    main()
