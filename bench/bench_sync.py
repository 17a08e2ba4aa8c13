"""Content sync: `kiosk sync` of a repository of 1,000 generated stations (fetch, archive into a
staging folder, validate, switch), and the kiosk's frame times while syncs run beside it.

Run: .venv/bin/python bench/bench_sync.py [--stations 1000] [--repeat 5] [--rounds 4]
Not part of the test suite.

1. Sync times, in this process: a first sync into an empty data folder (the whole repository
   fetched), and a sync of one more commit that changes one station (only that fetched; the
   release is unpacked and validated whole, as every release is).
2. Frame times: the kiosk runs in a child process (as bench_transitions.py drives it: slides
   home -> theme -> station -> back -> back), in rounds that take turns between no sync and a
   sync loop beside it. The sync loop is another process running full first syncs of the
   1,000-station repository one after another, at nice 10 as ilmastotekoja-sync.service runs it.
   Target: median frame time with syncs / without <= 1.1 (within the noise of a shared
   machine).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.bench_content import generate  # noqa: E402
from tests.synckit import git  # noqa: E402

TARGET = 1.1


def make_repository(folder: Path, stations: int) -> tuple[Path, Path]:
    """A bare repository of `stations` generated stations; returns (origin, work clone)."""
    work, origin = folder / "work", folder / "origin.git"
    work.mkdir(parents=True)
    generate(work, stations)
    git(folder, "init", "-q", "--bare", "-b", "main", str(origin))
    git(work, "init", "-q", "-b", "main")
    commit(work, "1,000 stations")
    git(work, "push", "-q", str(origin), "main")
    return origin, work


def commit(work: Path, message: str) -> None:
    git(work, "add", "-A")
    git(
        work,
        "-c",
        "user.name=Bench",
        "-c",
        "user.email=b@example.org",
        "commit",
        "-q",
        "-m",
        message,
    )


def kiosk_yaml(folder: Path, origin: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.yaml"
    path.write_text(
        "# yaml-language-server: $schema=schema/kiosk.schema.json\n"
        f"content_dir: {ROOT / 'exhibits'}\nmedia_dir: {ROOT / 'media'}\ndata_dir: var\n"
        f"sync:\n  repository: {origin}\n",
        encoding="utf-8",
    )
    return path


def sync_times(folder: Path, origin: Path, work: Path, repeat: int) -> dict[str, list[float]]:
    from kiosk.config import load_settings
    from kiosk.sync import engine

    times: dict[str, list[float]] = {"first sync": [], "one changed station": []}
    for n in range(repeat):
        settings, _ = load_settings(kiosk_yaml(folder / f"kiosk{n}", origin))
        start = time.perf_counter()
        outcome = engine.sync(settings)
        times["first sync"].append(time.perf_counter() - start)
        assert outcome.status == engine.SWITCHED, outcome
        theme = work / "exhibits" / "themes" / "food.yaml"
        theme.write_text(
            theme.read_text(encoding="utf-8").replace("Asema ", f"Asema (muokattu {n}) ", 1),
            encoding="utf-8",
        )
        commit(work, f"Edit {n}")
        git(work, "push", "-q", str(origin), "main")
        start = time.perf_counter()
        outcome = engine.sync(settings)
        times["one changed station"].append(time.perf_counter() - start)
        assert outcome.status == engine.SWITCHED, outcome
    return times


SYNC_LOOP = """
import shutil, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from kiosk.config import load_settings
from kiosk.sync import engine
config, stop = Path(sys.argv[1]), Path(sys.argv[2])
settings, _ = load_settings(config)
count = 0
while not stop.exists():
    shutil.rmtree(settings.data_dir, ignore_errors=True)  # a first sync every time: the most work
    assert engine.sync(settings).status == engine.SWITCHED
    count += 1
print(count)
"""


def kiosk_child(size, reps: int, rounds: int, scratch: str, config: str) -> dict:
    from bench.bench_transitions import slide_frames

    driver = common.start_kiosk(
        size, Path(scratch), clock=common.FakeClock(), attract_rotate_s=3600
    )
    app, loop = driver.app, driver.loop
    frames = common.Frames(driver.window)
    navigator = app.navigator
    themes = [t for t in app.content.exhibition.themes if t.kind != "goal-2030" and t.stations]
    navigator.start_visit()
    driver.settle()
    result = {"quiet": [], "syncing": [], "syncs": 0, "renderer": common.gl_renderer()}
    for round_ in range(rounds):
        phase = "quiet" if round_ % 2 == 0 else "syncing"
        syncer, stop = None, Path(scratch) / f"stop-{round_}"
        if phase == "syncing":
            syncer = subprocess.Popen(
                ["nice", "-n", "10", sys.executable, "-c", SYNC_LOOP, config, str(stop), str(ROOT)],
                stdout=subprocess.PIPE,
                text=True,
            )
            time.sleep(1.0)  # the first fetch under way
        for change in common.slide_walk(navigator, themes, reps):
            times, _count = slide_frames(loop, app.manager, frames, change)
            result[phase] += times
        if syncer is not None:
            stop.touch()
            out, _ = syncer.communicate(timeout=600)
            assert syncer.returncode == 0, out
            result["syncs"] += int(out.strip() or 0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=4, help="quiet and syncing, taking turns")
    parser.add_argument("--reps", type=int, default=6, help="rounds of four slides per round")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--child", nargs=3, metavar=("SIZE", "SCRATCH", "CONFIG"))
    args = parser.parse_args()
    if args.child:
        size, scratch, config = args.child
        size = tuple(int(v) for v in size.split("x"))
        common.child_main(kiosk_child, size, args.reps, args.rounds, scratch, config)
        return
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        folder = Path(folder)
        origin, work = make_repository(folder / "content", args.stations)
        times = sync_times(folder / "timed", origin, work, args.repeat)
        print(f"kiosk sync of a repository of {args.stations} stations, {args.repeat} runs.")
        print(common.machine_line())
        print()
        rows = [
            [what, common.ms(statistics.median(v)), common.ms(min(v)), common.ms(max(v))]
            for what, v in times.items()
        ]
        print(common.table(["sync", "median", "min", "max"], rows))
        print()

        common.ensure_display(args.size)
        config = kiosk_yaml(folder / "beside", origin)
        scratch = folder / "scratch"
        scratch.mkdir()
        child = [args.size, str(scratch), str(config)]
        child += ["--reps", str(args.reps), "--rounds", str(args.rounds)]
        result = common.run_child(Path(__file__), child, 3600)
        quiet, syncing = result["quiet"], result["syncing"]
        ratio = common.median(syncing) / common.median(quiet)
        print(f"Kiosk frame times during slides, {args.size}, with and without syncs beside it.")
        print(common.machine_line(result["renderer"]))
        print()
        rows = [
            ["no sync", len(quiet), common.ms(common.median(quiet))]
            + [common.ms(common.percentile(quiet, 95))],
            [f"{result['syncs']} full syncs beside it", len(syncing)]
            + [common.ms(common.median(syncing)), common.ms(common.percentile(syncing, 95))],
            ["**ratio syncing / quiet**", "", f"**{ratio:.2f}×**", ""],
        ]
        print(common.table(["kiosk", "frames", "median frame time", "p95"], rows))
        print()
        print(f"Target: ratio <= {TARGET}×: {common.met(ratio <= TARGET)}")


if __name__ == "__main__":
    main()
