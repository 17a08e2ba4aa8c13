"""Validating and loading a large exhibition: 1,000 generated stations in three languages; and
the live-reload latency, from saving an edit to the new content being handed to the app.

Run: .venv/bin/python bench/bench_content.py [--stations 1000] [--repeat 7] [--edits 7]
Prints the median and spread of wall time over the repeats. Not part of the test suite.

Live reload runs kiosk.reload's ContentWatcher on its WatcherThread in real time, as the kiosk
does (polling every 0.25 s, loading once the files have been still for 0.3 s), on a copy of the
repository's exhibition and on the generated one. Each edit rewrites the exhibition's Finnish
title; the latency runs from the end of the write to the watcher's callback with content that
has the new title. In the kiosk that callback schedules the swap on the Kivy clock, so the new
content is on screen one frame (and one re-fill of the current screen) later.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.content import load_content  # noqa: E402
from kiosk.reload import POLL_INTERVAL_S, SETTLE_S, ContentWatcher, WatcherThread  # noqa: E402
from tests.contentkit import KINDS, make_exhibition  # noqa: E402

STATION = """\
  - id: {id}
    title: {{fi: Asema {n}, sv: Station {n}, en: Station {n}}}
    lead: {{fi: Lyhyt johdanto {n}., sv: Kort ingress {n}., en: A short lead {n}.}}
    body:
      fi: |
        Ensimmäinen kappale asemasta {n}, jossa kerrotaan asiasta selkeästi.

        Toinen kappale, jossa on lisää yksityiskohtia uteliaalle lukijalle.
      sv: |
        Första stycket om station {n}, som berättar om saken tydligt.

        Andra stycket med fler detaljer för den nyfikna läsaren.
      en: |
        The first paragraph about station {n}, telling the story plainly.

        A second paragraph with more detail for the curious reader.
    facts:
      - label: {{fi: Päästöt, sv: Utsläpp, en: Emissions}}
        value: {n}.5
        unit: t CO₂e
        year: 2023
        source: espoo-hsy
      - label: {{fi: Osuus, sv: Andel, en: Share}}
        value: 31
        unit: "%"
        year: 2019
        source: espoo-hsy
    espoo_does: {{fi: Kaupunki toimii., sv: Staden agerar., en: The city acts.}}
    you_can_do: {{fi: Sinä voit toimia., sv: Du kan agera., en: You can act.}}
    images:
      - file: pic.png
        alt: {{fi: Kuva, sv: Bild, en: Picture}}
        credit: Test
    links:
      - url: https://ilmastovahti.espoo.fi
        label: {{fi: Ilmastovahti, sv: Klimatvakten, en: Climate Watch}}
"""


def generate(root: Path, stations: int) -> None:
    make_exhibition(root)
    themes = list(KINDS)
    for index, theme_id in enumerate(themes):
        path = root / "exhibits" / "themes" / f"{theme_id}.yaml"
        head = path.read_text(encoding="utf-8").split("stations:\n")[0] + "stations:\n"
        ids = range(index, stations, len(themes))
        body = "".join(STATION.format(id=f"s{n}", n=n) for n in ids)
        path.write_text(head + body, encoding="utf-8")


TITLE = re.compile(r"^(title:\n  fi: ).*$", re.MULTILINE)


def reload_latencies(root: Path, edits: int) -> list[float]:
    """Seconds from each saved edit to the watcher's callback with the edited content."""
    content_dir, media_dir = root / "exhibits", root / "media"
    exhibition = content_dir / "exhibition.yaml"
    watcher = ContentWatcher(content_dir, media_dir, lambda: load_content(content_dir, media_dir))
    assert watcher.load_now().content is not None
    arrived: dict[str, float] = {}
    heard = threading.Condition()

    def on_result(result):
        if result.content is None:
            return
        with heard:
            arrived[result.content.exhibition.title("fi")] = time.monotonic()
            heard.notify_all()

    thread = WatcherThread(watcher, on_result).start()
    latencies = []
    try:
        for n in range(edits):
            time.sleep(SETTLE_S + 2 * POLL_INTERVAL_S)  # the last edit long settled
            title = f"Muokkaus {n}"
            text = TITLE.sub(lambda m, t=title: m.group(1) + t, exhibition.read_text("utf-8"))
            exhibition.write_text(text, encoding="utf-8")
            saved = time.monotonic()
            with heard:
                if not heard.wait_for(lambda t=title: t in arrived, timeout=120):
                    raise RuntimeError(f"the edit '{title}' never arrived")
            latencies.append(arrived[title] - saved)
    finally:
        thread.stop()
    return latencies


def reload_rows(stations: int, edits: int) -> list[list]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        real = Path(folder) / "real"
        shutil.copytree(ROOT / "exhibits", real / "exhibits")
        shutil.copytree(ROOT / "media", real / "media")
        generated = Path(folder) / "generated"
        generated.mkdir()
        generate(generated, stations)
        for label, root in (
            ("the repository's exhibition", real),
            (f"{stations} stations", generated),
        ):
            count = len(load_content(root / "exhibits", root / "media").content.exhibition.stations)
            times = reload_latencies(root, edits)
            rows.append(
                [
                    f"live reload: {label}",
                    count,
                    len(times),
                    f"{statistics.median(times) * 1000:.0f} ms",
                    f"{min(times) * 1000:.0f} ms",
                    f"{max(times) * 1000:.0f} ms",
                ]
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, args.stations)
        size = sum(p.stat().st_size for p in (root / "exhibits").rglob("*.yaml"))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = load_content(root / "exhibits", root / "media")
            times.append(time.perf_counter() - start)
        assert result.content is not None, result.diagnostics.lines()[:5]
        count = len(result.content.exhibition.stations)
    median = statistics.median(times)
    print("| what | stations | YAML | median | min | max | per station |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| validate + load | {count} | {size / 1e6:.1f} MB | {median * 1000:.0f} ms "
        f"| {min(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms "
        f"| {median / count * 1e6:.0f} µs |"
    )
    print()
    print(
        f"Live reload (poll every {POLL_INTERVAL_S * 1000:.0f} ms, load after "
        f"{SETTLE_S * 1000:.0f} ms without change): from saving an edit to the new content."
    )
    print()
    print("| what | stations | edits | median | min | max |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in reload_rows(args.stations, args.edits):
        print("| " + " | ".join(str(cell) for cell in row) + " |")


if __name__ == "__main__":
    main()
