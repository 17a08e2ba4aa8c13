"""The climate pledges in the content: exhibits/pledges.yaml, validated like every content file."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from kiosk.config import load_content_for, load_settings
from kiosk.content_files import load_content_folder
from kiosk.schemas import json_schema
from kiosk.stats.pledges import Pledge, pledges_for_station, pledges_for_tips

REPO = Path(__file__).resolve().parent.parent
PLEDGES = Path("exhibits/pledges.yaml")

GOOD = """\
# yaml-language-server: $schema=../schema/pledges.schema.json
pledges:
  - id: walk-more
    station: mobility-station
    text:
      fi: Kävelen enemmän.
      sv: Jag går mer.
      en: I'll walk more.
  - id: eat-greens
    text: {fi: Syön kasviksia., sv: Jag äter grönt., en: I'll eat greens.}
"""


def bundled():
    settings, _ = load_settings(REPO / "kiosk.yaml")
    result = load_content_for(settings)
    assert result.diagnostics.lines() == []
    return result.content


def test_bundled_pledges_are_tied_to_real_stations_and_tips():
    content = bundled()
    pledges = content.pledges
    assert 6 <= len(pledges) <= 8
    assert len({p.id for p in pledges}) == len(pledges)
    stations = {s.id for s in content.exhibition.stations}
    tips = {t.id for t in content.quiz.tips} if content.quiz else set()
    for pledge in pledges:
        assert pledge.station in stations, pledge.id
        assert pledge.tip is None or pledge.tip in tips, pledge.id
        assert pledge.text.languages == ("fi", "sv", "en")
        for language in pledge.text.languages:
            assert len(pledge.text(language)) <= 80, (pledge.id, language)
        assert pledge.text("en").startswith("I'll ")


def test_bundled_pledges_pass_the_editor_schema():
    path = REPO / "exhibits" / "pledges.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, json_schema("pledges"))
    assert path.read_text(encoding="utf-8").splitlines()[0].endswith("pledges.schema.json")


def test_content_without_pledges_has_none(exhibit):
    result = load_content_folder(Path("exhibits"), Path("media"))
    assert result.content.pledges == ()


def test_pledges_load_into_the_content_and_its_hash(exhibit):
    without = load_content_folder(Path("exhibits"), Path("media")).content
    PLEDGES.write_text(GOOD, encoding="utf-8")
    result = load_content_folder(Path("exhibits"), Path("media"))
    assert result.diagnostics.lines() == []
    first, second = result.content.pledges
    assert first == Pledge("walk-more", first.text, station="mobility-station")
    assert first.text("sv") == "Jag går mer."
    assert second.station is None and second.tip is None
    assert result.content.content_hash != without.content_hash


def test_pledge_mistakes_are_reported_with_file_and_line(exhibit):
    mistakes = GOOD.replace("station: mobility-station", "station: mobility-statoin")
    mistakes = mistakes.replace("id: eat-greens", "id: walk-more")
    mistakes = mistakes.replace("      en: I'll walk more.", "      en: " + "I'll walk " * 10)
    mistakes += "  - id: no-text\n"
    PLEDGES.write_text(mistakes, encoding="utf-8")
    result = load_content_folder(Path("exhibits"), Path("media"))
    assert result.content is None
    assert result.diagnostics.lines() == [
        "exhibits/pledges.yaml:4:14: error: pledges[0].station: no station with id "
        "'mobility-statoin'; did you mean 'mobility-station'?",
        "exhibits/pledges.yaml:8:11: warning: pledges[0].text.en: text is 99 characters; keep it "
        "under 80 so it fits",
        "exhibits/pledges.yaml:9:9: error: pledges[1].id: duplicate pledge id 'walk-more' "
        "(first defined at exhibits/pledges.yaml:3)",
        "exhibits/pledges.yaml:11:5: error: pledges[2]: missing required key 'text' in pledge",
    ]


def test_a_pledge_can_name_a_quiz_tip_only_if_the_quiz_has_it(exhibit):
    text = GOOD.replace("    station: mobility-station\n", "    tip: walk\n")
    PLEDGES.write_text(text, encoding="utf-8")
    lines = load_content_folder(Path("exhibits"), Path("media")).diagnostics.lines()
    assert lines == ["exhibits/pledges.yaml:4:10: error: pledges[0].tip: no tip with id 'walk'"]


def test_pledges_for_a_station_and_for_the_visitors_tips():
    text = bundled().pledges[0].text
    walk = Pledge("walk", text, station="car-choices", tip="fewer-car-trips")
    fly = Pledge("fly-less", text, station="flights", tip="train-not-plane")
    cool = Pledge("one-degree-cooler", text, station="district-heat")
    pledges = (walk, fly, cool)
    assert pledges_for_station(pledges, "flights") == (fly,)
    assert pledges_for_station(pledges, "heat-pump") == ()
    assert pledges_for_tips(pledges, ["train-not-plane", "fewer-car-trips"]) == (fly, walk, cool)
    assert pledges_for_tips(pledges, []) == pledges
