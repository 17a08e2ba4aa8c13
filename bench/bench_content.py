"""Validating and loading a large exhibition: 1,000 generated stations in three languages.

Run: .venv/bin/python bench/bench_content.py [--stations 1000] [--repeat 7]
Prints the median and spread of wall time over the repeats. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.content import load_content  # noqa: E402
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
        source: Espoo / HSY
      - label: {{fi: Osuus, sv: Andel, en: Share}}
        value: 31
        unit: "%"
        year: 2019
        source: Espoo climate reporting
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
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
        assert result.content is not None, result.report.lines()[:5]
        count = len(result.content.exhibition.stations)
    median = statistics.median(times)
    print("| what | stations | YAML | median | min | max | per station |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| validate + load | {count} | {size / 1e6:.1f} MB | {median * 1000:.0f} ms "
        f"| {min(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms "
        f"| {median / count * 1e6:.0f} µs |"
    )


if __name__ == "__main__":
    main()
