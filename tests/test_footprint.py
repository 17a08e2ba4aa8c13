"""The footprint quiz without a window: totals worked out by hand from exhibits/quiz.yaml, the
tips' conditions and order, the visit's memory, the validator's messages and the command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import jsonschema
import pytest
import yaml

from kiosk.cli import main
from kiosk.content_files import load_content_folder
from kiosk.footprint.engine import UnknownAnswer, Visit, footprint, ranked_tips
from kiosk.footprint.rounding import format_kg, format_tonnes, rounded_kg, rounded_tonnes
from kiosk.footprint.units import UnitError, parse_unit
from kiosk.schemas import json_schema
from tests.contentkit import edit

REPO = Path(__file__).resolve().parent.parent
QUIZ_FILE = Path("exhibits/quiz.yaml")

# Everything skipped, line by line, with the numbers and shares of exhibits/quiz.yaml. A
# skipped question mixes each line over its options, weighted by its shares:
#   floor area  0.226 × 57 + 0.328 × 42 + 0.446 × 25.4                  = 37.9864 m² a person
#   heat factor by home type (ordinary contract: grid 160.7 g, the skip's 100 %):
#     flat      0.89 × 107.8 + 0.11 × 160.7                             = 113.619 g/kWh
#     terraced  0.56 × 107.8 + 0.11 × 53.6 + 0.05 × 135.8 + 0.28 × 160.7 = 118.050
#     detached  0.135 × 107.8 + 0.15 × 53.6 + 0.12 × 135.8 + 0.36 × 160.7
#               + 0.10 × 262 + 0.135 × 0                                = 122.941
#     mixed     0.374 × 113.619 + 0.134 × 118.050 + 0.492 × 122.941     = 118.7992 g/kWh
#   heating     37.9864 × 257.1 kWh × 118.7992 g                        = 1,160.229
#   electricity (D-mat kWh per person by type and size, mixed) × 160.7  =   312.534
#   building    37.9864 × (0.374 × 8.0 + 0.626 × 6.9)                   =   277.734
#   travel      0.779 × 15,000 km × 169 g + 0.087 × 15,000 × 81
#               + 0.062 × 12,410 × 73 (rail, bike 0)                    = 2,136.638
#   flights     (0.95 × 216 + 0.15 × 900) × 200 % + other transport 32.2 = 712.6
#   food        1,768.5 × (0.10 × 130.2 + 0.82 × 100 + 0.07 × 51.5 + 0.01 × 39.6) % + 17.3
#                                                                       = 1,768.486
#   consumption 1,087.4 × 100 % + 1,612.1 + 542.8                       = 3,242.3
AVERAGE_KG = 9610.520  # the sum of the lines above; Sitra 2023: 9,610

# The lightest and heaviest answers of issue 17 (a "shared flat" is three or more people).
LIGHT = {
    "home-type": "flat",
    "household-size": "3-plus",
    "heating": "district-heat",
    "electricity": "renewable",
    "travel": "bike-walk",
    "flights-europe": "none",
    "flights-long-haul": "none",
    "diet": "vegan",
    "shopping": "less",
}
HEAVY = {
    "home-type": "detached",
    "household-size": "1",
    "heating": "oil",
    "electricity": "ordinary",
    "travel": "car",
    "car-distance": "over-20000",
    "flights-europe": "4-plus",
    "flights-long-haul": "2-plus",
    "diet": "meat-heavy",
    "shopping": "more",
}


@pytest.fixture
def quiz_exhibit(exhibit):
    """The test exhibition with the bundled quiz.yaml; its tips link to a station the test
    exhibition has, so that only the quiz is under test."""
    text = (REPO / "exhibits/quiz.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+station: )\S+$", r"\1housing-station", text)
    QUIZ_FILE.write_text(text, encoding="utf-8")
    return exhibit


@pytest.fixture
def quiz(quiz_exhibit):
    result = load_content_folder(Path("exhibits"), Path("media"))
    assert result.diagnostics.lines() == []
    return result.content.quiz


# --- Totals, worked out by hand ---


def test_skipping_everything_gives_the_average_finn(quiz):
    result = footprint(quiz, {})
    assert result.total_kg == pytest.approx(AVERAGE_KG, abs=0.01)
    assert abs(result.total_kg - 9610) / 9610 < 0.01  # Sitra 2023, within 1 %
    assert dict(result.categories) == pytest.approx(
        {
            "housing": 1750.496,  # 1,160.229 + 312.534 + 277.734 (Sitra 2023: 1,750)
            "mobility": 2849.238,  # 2,136.638 + 410.4 + 270 + 32.2 (2,987 × 0.95388)
            "food": 1768.486,  # (2018: 1,854) × 0.95388 = 1,768.5
            "consumption": 3242.3,  # 3,399 × 0.95388
        },
        abs=0.001,
    )
    assert dict(result.lines)["heating"] == pytest.approx(37.9864 * 257.1 * 0.1187992, abs=0.01)


def test_the_lightest_answers_stay_under_5_tonnes(quiz):
    result = footprint(quiz, LIGHT)
    assert dict(result.categories) == pytest.approx(
        {
            # heating 25.4 m² × 257.1 kWh × 107.8 g = 703.971; electricity × 0 g;
            # building 25.4 × 8.0 = 203.2
            "housing": 907.171,
            "mobility": 32.2,  # no car, no flights: the calibration line only
            "food": 717.626,  # 1,768.5 × 39.6 % + 17.3
            "consumption": 2698.6,  # 1,087.4 × 50 % + 1,612.1 + 542.8
        },
        abs=0.001,
    )
    assert result.total_kg == pytest.approx(4355.597, abs=0.001)
    assert result.total_kg <= 5000


def test_the_heaviest_answers_reach_15_tonnes(quiz):
    result = footprint(quiz, HEAVY)
    assert dict(result.categories) == pytest.approx(
        {
            # heating 57 m² × 257.1 kWh × 262 g = 3,839.531; electricity 4,600 kWh × 160.6 g
            # = 739.22; building 57 × 6.9 = 393.3
            "housing": 4972.051,
            # 25,000 km × 169 g = 4,225; flights (5 × 216 + 2.5 × 900) × 200 % = 6,660; + 32.2
            "mobility": 10917.2,
            "food": 2319.887,  # 1,768.5 × 130.2 % + 17.3
            "consumption": 3786.0,  # 1,087.4 × 150 % + 1,612.1 + 542.8
        },
        abs=0.001,
    )
    assert result.total_kg >= 15000
    electric = footprint(quiz, {**HEAVY, "heating": "electric"})
    assert electric.total_kg >= 15000  # 57 × 257.1 × 160.7 = 2,355.0 instead of 3,839.5


def test_a_skipped_question_is_the_mix_of_its_options(quiz):
    food = dict(footprint(quiz, {}).lines)["food"]
    by_diet = {
        o: dict(footprint(quiz, {"diet": o}).lines)["food"]
        for o in ("meat-heavy", "mixed", "vegetarian", "vegan")
    }
    shares = {"meat-heavy": 0.10, "mixed": 0.82, "vegetarian": 0.07, "vegan": 0.01}
    assert food == pytest.approx(sum(shares[o] * kg for o, kg in by_diet.items()))
    assert min(by_diet.values()) < food < max(by_diet.values())


def test_heating_shares_follow_the_home_type(quiz):
    # home type known, heating skipped: the flat mix 113.619 g × 37.9864 m² × 257.1 kWh
    flat = footprint(quiz, {"home-type": "flat"})
    assert dict(flat.lines)["heating"] == pytest.approx(37.9864 * 257.1 * 0.113619, abs=0.01)
    detached = footprint(quiz, {"home-type": "detached"})
    assert dict(detached.lines)["heating"] == pytest.approx(37.9864 * 257.1 * 0.122941, abs=0.01)


def test_every_heating_answer_lies_on_its_side_of_the_skip(quiz):
    skipped = footprint(quiz, {}).category("housing")
    housing = {
        h: footprint(quiz, {"heating": h}).category("housing")
        for h in ("district-heat", "ground-source", "air-source", "electric", "oil", "wood")
    }
    assert housing["district-heat"] < skipped < housing["electric"] < housing["oil"]
    assert housing["ground-source"] < skipped and housing["wood"] < skipped
    assert housing["air-source"] > skipped


def test_electric_heating_follows_the_electricity_contract(quiz):
    result = footprint(quiz, {"heating": "electric", "electricity": "renewable"})
    assert dict(result.lines)["heating"] == 0  # every kWh at 0 g
    assert result.category("housing") == pytest.approx(277.734, abs=0.001)  # building only


# --- Tips ---


def savings(tips) -> list[tuple[str, float]]:
    return [(ranked.tip.id, ranked.saving_kg) for ranked in tips]


def test_tips_for_the_average_are_sorted_by_saving(quiz):
    assert savings(ranked_tips(quiz, {})) == [
        # heating at 118.758 g -> the renewable mix + electricity 312.339 -> 0
        ("renewable-electricity", pytest.approx(847.503, abs=0.001)),
        # 1,768.5 × (99.021 − 51.5) %
        ("vegetarian", pytest.approx(840.409, abs=0.001)),
        ("buy-less", pytest.approx(543.7)),  # 1,087.4 × (100 − 50) %
    ]


def test_tips_for_the_heaviest_answers(quiz):
    assert savings(ranked_tips(quiz, HEAVY)) == [
        ("fewer-car-trips", pytest.approx(4225)),  # 25,000 km × 169 g -> rail 0 g
        ("ground-source-heat", pytest.approx(3054.039, abs=0.001)),  # 57 × 257.1 × (262 − 53.6)
        ("holiday-nearer-often", pytest.approx(2700)),  # (2.5 − 1) × 900 × 200 %
        ("electric-car", pytest.approx(2200)),  # 25,000 × (169 − 81) g
        ("drive-less", pytest.approx(1690)),  # (25,000 − 15,000) × 169 g
        ("buy-less", pytest.approx(1087.4)),  # 1,087.4 × (150 − 50) %
        ("fly-less-often", pytest.approx(1080)),  # (5 − 2.5) × 216 × 200 %
        ("renewable-electricity", pytest.approx(739.22)),  # 4,600 kWh × 160.7 g
        ("less-meat", pytest.approx(534.087, abs=0.001)),  # 1,768.5 × 30.2 %
    ]


@pytest.mark.parametrize("answers", [{}, LIGHT, HEAVY, {"diet": "vegetarian", "travel": "bus"}])
def test_tips_always_come_largest_saving_first(quiz, answers):
    shown = [kg for _, kg in savings(ranked_tips(quiz, answers))]
    assert shown == sorted(shown, reverse=True)
    assert all(kg > 0 for kg in shown)


def test_a_tip_whose_condition_is_false_is_not_shown(quiz):
    assert ranked_tips(quiz, LIGHT) == ()  # every answer already the low-carbon one
    ids = [ranked.tip.id for ranked in ranked_tips(quiz, {"diet": "vegan"})]
    assert "vegetarian" not in ids and "vegan" not in ids
    vegetarian = dict(savings(ranked_tips(quiz, {"diet": "vegetarian"})))
    assert "vegetarian" not in vegetarian
    assert vegetarian["vegan"] == pytest.approx(210.452, abs=0.001)  # 1,768.5 × (51.5 − 39.6) %


def test_heat_pump_tips_need_an_electrically_heated_house(quiz):
    house = {"heating": "electric", "home-type": "detached", "household-size": "2"}
    tips = dict(savings(ranked_tips(quiz, house)))
    # 42 m² × 257.1 kWh × (160.7 − 135.8) g and × (160.7 − 53.6) g
    assert tips["heat-pump"] == pytest.approx(268.875, abs=0.001)
    assert tips["ground-source-heat"] == pytest.approx(1156.487, abs=0.001)
    for changed in ({"heating": "district-heat"}, {"home-type": "flat"}):
        assert "ground-source-heat" not in dict(savings(ranked_tips(quiz, {**house, **changed})))
    assert "heat-pump" not in dict(savings(ranked_tips(quiz, {**house, "heating": "oil"})))
    renewable = {**house, "electricity": "renewable"}  # 0 g either way: nothing saved
    assert "heat-pump" not in dict(savings(ranked_tips(quiz, renewable)))


def test_tips_carry_their_station_link_and_source(quiz):
    tip = quiz.tip("fewer-car-trips")
    assert tip.station == "housing-station"
    assert tip.link.url == "https://www.hsl.fi"
    assert tip.title("sv") == "Åk metro eller tåg i stället för bil"
    assert all(tip.source for tip in quiz.tips)


# --- The visit: answers in memory only ---


def test_a_visit_updates_after_every_answer(quiz):
    visit = Visit(quiz)
    assert visit.footprint().total_kg == pytest.approx(AVERAGE_KG, abs=0.01)
    visit.answer("diet", "vegan")
    assert visit.footprint().category("food") == pytest.approx(717.626)  # 1,768.5 × 39.6 % + 17.3
    visit.answer("diet", "vegetarian")
    assert visit.footprint().category("food") == pytest.approx(928.0775)  # × 51.5 % + 17.3
    visit.skip("diet")
    assert visit.footprint().category("food") == pytest.approx(1768.486, abs=0.001)
    assert dict(visit.answers) == {} and visit.skipped == {"diet"}


def test_i_already_do_this_drops_the_tip(quiz):
    visit = Visit(quiz)
    visit.already_do("renewable-electricity")
    assert [ranked.tip.id for ranked in visit.tips()] == ["vegetarian", "buy-less"]
    assert visit.footprint().total_kg == pytest.approx(AVERAGE_KG, abs=0.01)  # only the tip goes


def test_reset_forgets_everything(quiz):
    visit = Visit(quiz)
    for question, option in HEAVY.items():
        visit.answer(question, option)
    visit.skip("flights-europe")
    visit.already_do("buy-less")
    visit.reset()
    assert dict(visit.answers) == {} and visit.skipped == set() and visit.dismissed == set()
    assert visit.footprint().total_kg == pytest.approx(AVERAGE_KG, abs=0.01)
    assert "buy-less" in [ranked.tip.id for ranked in visit.tips()]


def test_visit_answers_cannot_be_changed_from_outside(quiz):
    visit = Visit(quiz)
    visit.answer("diet", "vegan")
    with pytest.raises(TypeError):
        visit.answers["diet"] = "meat"
    assert visit.answers["diet"] == "vegan"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda v: v.answer("deit", "vegan"), "no question 'deit'; did you mean 'diet'?"),
        (lambda v: v.answer("diet", "vegn"), "question 'diet' has no option 'vegn'; did you"),
        (lambda v: v.skip("nothing"), "no question 'nothing'"),
        (lambda v: v.already_do("nothing"), "no tip 'nothing'"),
    ],
)
def test_unknown_ids_are_refused(quiz, call, message):
    with pytest.raises(UnknownAnswer, match=re.escape(message)):
        call(Visit(quiz))


def test_quiz_model_is_immutable(quiz):
    with pytest.raises(FrozenInstanceError):
        quiz.tips[0].title = "x"
    assert isinstance(quiz.questions, tuple) and isinstance(quiz.questions[0].options, tuple)
    assert isinstance(quiz.factors[0].cells, tuple)


def test_the_engine_imports_no_kivy():
    code = (
        "import sys; from pathlib import Path\n"
        "from kiosk.content_files import load_content_folder\n"
        "import kiosk.commands.footprint; from kiosk.footprint import engine\n"
        "quiz = load_content_folder(Path('exhibits'), Path('media')).content.quiz\n"
        "engine.ranked_tips(quiz, {})\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'kivy'], 'kivy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


# --- Rounding ---


@pytest.mark.parametrize(
    "kg, shown",
    [(0, 0), (0.4, 0), (12.5, 13), (287.5, 290), (1749.747, 1700), (8350, 8400), (9610, 9600)],
)
def test_kg_are_rounded_to_two_significant_digits(kg, shown):
    assert rounded_kg(kg) == shown


def test_tonnes_and_formatting():
    assert [rounded_tonnes(kg) for kg in (9609.776, 8350, 2500, 11519.091)] == [9.6, 8.4, 2.5, 12]
    assert format_tonnes(9609.776, "fi") == "9,6 t"
    assert format_tonnes(9609.776, "en") == "9.6 t"
    assert format_kg(1749.747, "sv") == "1\xa0700 kg"
    assert format_kg(1749.747, "en") == "1,700 kg"


# --- Units ---


def test_units_multiply_out():
    kwh = parse_unit("kWh/household/yr")
    grams = parse_unit("g CO2e/kWh")
    persons = parse_unit("persons/household")
    saving = kwh * grams / persons
    assert saving.same_kind(parse_unit("kg CO2e/person/yr"))
    assert saving.scale == pytest.approx(0.001)
    assert str(saving) == "kg CO2e/person/yr"
    assert parse_unit("%").scale == 0.01 and parse_unit("t CO₂e/person/yr").scale == 1000


def test_unknown_unit_word():
    with pytest.raises(UnitError, match="'kWhs' is not a unit; did you mean 'kWh'"):
        parse_unit("kWhs/yr")


# --- Validation: a small quiz whose line numbers the tests pin ---

# Line numbers in this template are pinned by the tests: change it and they must change too.
TEMPLATE = """\
# yaml-language-server: $schema=../schema/quiz.schema.json
title: {fi: Testi, sv: Test, en: Test}
skip_label: {fi: Ohita, sv: Hoppa över, en: Skip}
baseline: average
categories:
  - {id: housing, label: {fi: Asuminen, sv: Boende, en: Housing}}
  - {id: food, label: {fi: Ruoka, sv: Mat, en: Food}}
questions:
  - id: heating
    category: housing
    text: {fi: Lämmitys, sv: Uppvärmning, en: Heating}
    options:
      - {id: district-heat, label: {fi: Kaukolämpö, sv: Fjärrvärme, en: District heat}}
      - {id: electric, label: {fi: Sähkö, sv: El, en: Electric}}
  - id: diet
    category: food
    text: {fi: Ruoka, sv: Mat, en: Food}
    options:
      - {id: meat, label: {fi: Liha, sv: Kött, en: Meat}}
      - {id: vegan, label: {fi: Vegaani, sv: Vegan, en: Vegan}}
factors:
  - id: heat-use
    unit: kWh/person/yr
    value: 2000
    source: Test
  - id: heat-intensity
    unit: g CO2e/kWh
    by: [heating]
    values: {district-heat: 100, electric: 300}
    skipped: 200
    source: Test
  - id: food-average
    unit: kg CO2e/person/yr
    value: 1600
    source: Test
  - id: diet-share
    unit: "%"
    by: [diet]
    values: {meat: 100, vegan: 50}
    skipped: 100
    source: Test
  - id: half
    unit: "%"
    value: 50
    source: Test
lines:
  - {id: heating, category: housing, times: [heat-use, heat-intensity]}
  - {id: food, category: food, times: [food-average, diet-share]}
tips:
  - id: district-heat
    title: {fi: Kaukolämpö, sv: Fjärrvärme, en: District heat}
    text: {fi: Teksti., sv: Text., en: Text.}
    when: {heating: [electric, skipped]}
    saving:
      switch: {heating: district-heat}
    station: housing-station
  - id: less-food
    title: {fi: Vähemmän, sv: Mindre, en: Less}
    text: {fi: Teksti., sv: Text., en: Text.}
    when: {diet: meat}
    saving:
      times: [food-average, half]
references:
  - id: average
    label: {fi: Keskiarvo, sv: Medel, en: Average}
    value: 2000
    unit: kg CO2e/person/yr
    year: 2023
    source: Test
"""


@pytest.fixture
def small_quiz(exhibit):
    QUIZ_FILE.write_text(TEMPLATE, encoding="utf-8")
    return exhibit


def problems() -> list[str]:
    result = load_content_folder(Path("exhibits"), Path("media"))
    assert (result.content is None) == bool(result.diagnostics.errors)
    return result.diagnostics.lines()


def test_the_template_quiz_is_clean(small_quiz):
    assert problems() == []
    quiz = load_content_folder(Path("exhibits"), Path("media")).content.quiz
    # heating 2,000 kWh × 200 g = 400; food 1,600 × 100 % = 1,600
    assert footprint(quiz, {}).total_kg == pytest.approx(2000)
    # switch: 2,000 × (300 − 100) g = 400; product: 1,600 × 50 % = 800
    assert savings(ranked_tips(quiz, {"heating": "electric", "diet": "meat"})) == [
        ("less-food", pytest.approx(800)),
        ("district-heat", pytest.approx(400)),
    ]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "when: {diet: meat}",
            "when: {deit: meat}",
            "exhibits/quiz.yaml:60:12: error: tips[1].when.deit: "
            "no question with id 'deit'; did you mean 'diet'?",
        ),
        (
            "when: {diet: meat}",
            "when: {diet: meet}",
            "exhibits/quiz.yaml:60:18: error: tips[1].when.diet: "
            "question 'diet' has no option 'meet'; did you mean 'meat'?",
        ),
        (
            "[electric, skipped]",
            "[electric, skiped]",
            "exhibits/quiz.yaml:53:32: error: tips[0].when.heating[1]: "
            "question 'heating' has no option 'skiped'; did you mean 'skipped'?",
        ),
        (
            "switch: {heating: district-heat}",
            "switch: {heating: district}",
            "exhibits/quiz.yaml:55:25: error: tips[0].saving.switch.heating: "
            "question 'heating' has no option 'district'; did you mean 'district-heat'?",
        ),
        (
            "station: housing-station",
            "station: housing-statoin",
            "exhibits/quiz.yaml:56:14: error: tips[0].station: "
            "no station with id 'housing-statoin'; did you mean 'housing-station'?",
        ),
        (
            "times: [food-average, half]",
            "times: [food-average, halve]",
            "exhibits/quiz.yaml:62:29: error: tips[1].saving.times[1]: "
            "no factor with id 'halve'; did you mean 'half'?",
        ),
        (
            "unit: kWh/person/yr",
            "unit: kWh/persn/yr",
            "exhibits/quiz.yaml:23:11: error: factors[0].unit: "
            "unknown unit 'kWh/persn/yr': 'persn' is not a unit; did you mean 'person'?",
        ),
        (
            "unit: kWh/person/yr",
            "unit: kWh/household/yr",
            "exhibits/quiz.yaml:47:45: error: lines[0].times: unit mismatch: "
            "line 'heating' works out in kg CO2e/household/yr, not kg CO2e/person/yr",
        ),
        (
            "times: [food-average, half]",
            "times: [heat-use, half]",
            "exhibits/quiz.yaml:62:14: error: tips[1].saving.times: unit mismatch: "
            "tip 'less-food' works out in kWh/person/yr, not kg CO2e/person/yr",
        ),
        (
            "electric: 300}",
            "electric: heat-use}",
            "exhibits/quiz.yaml:29:44: error: factors[1].values.electric: "
            "unit mismatch: 'heat-use' is in kWh/person/yr, this factor in g CO2e/kWh",
        ),
        (
            "unit: kg CO2e/person/yr\n    year",
            "unit: t CO2e/yr\n    year",
            "exhibits/quiz.yaml:67:11: error: references[0].unit: "
            "unit mismatch: t CO2e/yr does not convert to kg CO2e/person/yr",
        ),
        (
            "values: {meat: 100, vegan: 50}",
            "values: {meat: 100}",
            "exhibits/quiz.yaml:39:13: error: factors[3].values: no value for diet: vegan",
        ),
        (
            "values: {meat: 100, vegan: 50}",
            "values: {meat: 100, vegn: 50}",
            "exhibits/quiz.yaml:39:25: error: factors[3].values.vegn: "
            "question 'diet' has no option 'vegn'; did you mean 'vegan'?",
        ),
        (
            "values: {meat: 100, vegan: 50}",
            'values: {meat: "1,00", vegan: 50}',
            "exhibits/quiz.yaml:39:20: error: factors[3].values.meat: "
            "expected a number or a factor id, got '1,00'",
        ),
        (
            "    value: 1600\n    source: Test\n",
            "    value: 1600\n",
            "exhibits/quiz.yaml:32:5: error: factors[2]: "
            "missing required key 'source' in factor (every number needs one)",
        ),
        (
            "    skipped: 100\n",
            "",
            "exhibits/quiz.yaml:47:39: error: lines[1].times: line 'food' has no value when "
            "diet is skipped: factor 'diet-share' has no skipped value",
        ),
        (
            "    by: [diet]\n",
            "    by: [diet]\n    value: 3\n",
            "exhibits/quiz.yaml:36:5: error: factors[3]: "
            "a factor has either value: or both by: and values:",
        ),
        (
            "skipped: 200",
            "skipped: heat-intensity",
            "exhibits/quiz.yaml:26:9: error: factors[1].id: "
            "factor 'heat-intensity' takes its value from itself, through others",
        ),
        (
            "      times: [food-average, half]",
            "      times: [food-average, half]\n      switch: {diet: vegan}",
            "exhibits/quiz.yaml:62:7: error: tips[1].saving: "
            "a saving has either switch: or times: (with per: if needed)",
        ),
        (
            "{id: vegan,",
            "{id: skipped,",
            "exhibits/quiz.yaml:20:14: error: questions[1].options[1].id: "
            "'skipped' is not an option id: a tip's when uses it for a skipped question",
        ),
        (
            "{id: vegan,",
            "{id: meat,",
            "exhibits/quiz.yaml:20:14: error: questions[1].options[1].id: "
            "option 'meat' is listed twice",
        ),
        (
            "baseline: average",
            "baseline: averag",
            "exhibits/quiz.yaml:4:11: error: baseline: "
            "no reference with id 'averag'; did you mean 'average'?",
        ),
    ],
)
def test_quiz_problems_point_at_the_line(small_quiz, old, new, expected):
    edit(QUIZ_FILE, old, new)
    assert problems() == [expected]


def test_a_tip_must_require_the_answers_its_saving_needs(small_quiz):
    edit(QUIZ_FILE, "    skipped: 100\n", "")
    edit(QUIZ_FILE, "  - {id: food, category: food, times: [food-average, diet-share]}", "")
    edit(QUIZ_FILE, "times: [food-average, half]", "times: [food-average, diet-share]")
    edit(QUIZ_FILE, "when: {diet: meat}", "when: {diet: [meat, skipped]}")
    assert problems() == [
        "exhibits/quiz.yaml:41:9: warning: factors[4].id: "
        "factor 'half' is not used by any line or tip",
        "exhibits/quiz.yaml:61:14: error: tips[1].saving.times: tip 'less-food' has no value "
        "when diet is skipped: factor 'diet-share' has no skipped value",
    ]


def test_a_factor_that_can_be_zero_cannot_divide(small_quiz):
    edit(QUIZ_FILE, "vegan: 50}", "vegan: 0}")
    edit(QUIZ_FILE, "times: [food-average, half]", "times: [food-average]\n      per: [diet-share]")
    assert problems() == [
        "exhibits/quiz.yaml:42:9: warning: factors[4].id: "
        "factor 'half' is not used by any line or tip",
        "exhibits/quiz.yaml:63:12: error: tips[1].saving.per: "
        "factor 'diet-share' can be 0, so it cannot divide",
    ]


def test_skipping_everything_must_give_the_baseline(small_quiz):
    edit(QUIZ_FILE, "    value: 1600\n", "    value: 1700\n")
    assert problems() == [
        "exhibits/quiz.yaml:4:11: warning: baseline: with every question skipped the footprint "
        "is 2,100 kg, +5% from average (2,000 kg)"
    ]


def test_unused_questions_and_factors_are_warnings(small_quiz):
    edit(QUIZ_FILE, "    by: [diet]\n    values: {meat: 100, vegan: 50}\n", "    value: 100\n")
    edit(QUIZ_FILE, "    skipped: 100\n", "")
    edit(QUIZ_FILE, "when: {diet: meat}", "when: {heating: electric}")
    edit(QUIZ_FILE, "times: [food-average, half]", "times: [food-average]")
    assert problems() == [
        "exhibits/quiz.yaml:15:9: warning: questions[1].id: "
        "question 'diet' changes no factor, so no answer counts",
        "exhibits/quiz.yaml:40:9: warning: factors[4].id: "
        "factor 'half' is not used by any line or tip",
    ]


def test_the_bundled_quiz_passes_its_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema("quiz"))
    path = REPO / "exhibits/quiz.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = json.loads(json.dumps(document))  # keys as an editor sees them: text
    validator = jsonschema.Draft202012Validator(json_schema("quiz"))
    assert [error.message for error in validator.iter_errors(document)] == []
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/quiz.schema.json"


@pytest.mark.parametrize(
    "old, new",
    [
        ("title:", "titel:"),
        ("unit: kWh/person/yr", "unit: kWh/persn/yr"),
        ("value: 2000\n    source", "value: lots\n    source"),
        ("      switch: {heating: district-heat}\n", ""),
        ("{id: vegan,", "{id: Vegan Food,"),
        ("year: 2023", "year: 1850"),
        ("    value: 1600\n", "    value: 1600\n    by: [diet]\n    values: {meat: 1, vegan: 1}\n"),
        (
            "      times: [food-average, half]",
            "      times: [food-average, half]\n      switch: {diet: vegan}",
        ),
        ("      switch: {heating: district-heat}", "      per: [half]"),
        ("{id: vegan,", "{id: skipped,"),
        ("    value: 2000\n    source: Test\n", "    value: 2000\n"),
        ("    value: 50\n", "    value: 50\n    skipped: 50\n"),
    ],
)
def test_validator_and_schema_agree(small_quiz, old, new):
    edit(QUIZ_FILE, old, new)
    document = json.loads(json.dumps(yaml.safe_load(QUIZ_FILE.read_text(encoding="utf-8"))))
    schema_says = list(jsonschema.Draft202012Validator(json_schema("quiz")).iter_errors(document))
    validator_says = load_content_folder(Path("exhibits"), Path("media")).diagnostics.errors
    assert validator_says and schema_says, (validator_says, schema_says)


# --- The command ---


def run(capsys, *args):
    code = main(["footprint", "--content", "exhibits", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_footprint_text(quiz_exhibit, capsys):
    code, out, _ = run(capsys, "--lang", "en", "--answer", "diet=vegan")
    lines = out.splitlines()
    assert code == 0
    # 1,750.5, 2,849.2, 1,768.5 − 1,751.2 + 1,768.5 × 39.6 % (700.3) = 717.6, 3,242.3: each
    # to the nearest 100 kg, and the total their sum: 1,800 + 2,800 + 700 + 3,200 = 8.5 t
    assert lines[0] == "Footprint (estimate): 8.5 t CO2e a year"
    assert lines[1:5] == [
        "  Housing              1,800 kg",
        "  Getting around       2,800 kg",
        "  Food                   700 kg",
        "  Other consumption    3,200 kg",
    ]
    assert "  diet=vegan" in lines
    assert "  The average Finn: 9.6 t (Sitra, Keskivertosuomalaisen hiilijalanjälki, 2023)" in lines
    tips = lines[lines.index("Tips, largest saving first:") + 1 :]
    assert tips[0] == (
        "  1. Switch to renewable electricity: −850 kg a year  [station: housing-station]"
    )
    assert len(tips) == 2  # vegan: neither food tip applies; buy-less is the other


def test_footprint_explain_names_every_factor_and_its_source(quiz_exhibit, capsys):
    code, out, _ = run(capsys, "--explain", "--lang", "en", "--answer", "travel=bus")
    assert code == 0
    assert "  travel = bus" in out.splitlines()
    assert "  car-distance: not asked (only if travel is car or electric-car)" in out.splitlines()
    assert "    travel-intensity: 73 g CO2e/km (= bus)  [HSL Jälki calculator" in out
    assert "  heating: skipped -> mix by home-type (see the method document)" in out
    for line in ("heating", "everyday-travel", "food-calibration", "other-consumption"):
        assert f"  {line} = " in out


def test_footprint_json(quiz_exhibit, capsys):
    code, out, _ = run(capsys, "--json", "--lang", "sv", "--answer", "travel=bus")
    result = json.loads(out)
    assert code == 0
    assert set(result) == {
        "language",
        "answers",
        "total_kg",
        "total_rounded_t",
        "categories",
        "categories_rounded_kg",
        "lines",
        "questions",
        "tips",
        "references",
    }
    # 9,610.520 − everyday travel 2,136.638 + 12,410 km × 73 g (905.93) = 8,379.812
    assert result["total_kg"] == pytest.approx(8379.812, abs=0.001)
    assert result["total_rounded_t"] == 8.4
    assert list(result["categories"]) == ["housing", "mobility", "food", "consumption"]
    assert result["categories_rounded_kg"] == {
        "housing": 1800,  # 1,750.5
        "mobility": 1600,  # 2,849.238 − 2,136.638 + 905.93 = 1,618.53
        "food": 1800,
        "consumption": 3200,
    }
    assert sum(result["categories_rounded_kg"].values()) == 8400
    assert [q["id"] for q in result["questions"]] == [
        "home-type",
        "household-size",
        "heating",
        "electricity",
        "travel",
        "car-distance",
        "flights-europe",
        "flights-long-haul",
        "diet",
        "shopping",
    ]
    travel = result["questions"][4]
    assert travel["answer"] == "bus" and travel["text"] == "Hur tar du dig oftast fram i vardagen?"
    assert [o["id"] for o in travel["options"]] == [
        "car",
        "electric-car",
        "bus",
        "rail",
        "bike-walk",
    ]
    tips = result["tips"]
    assert [t["id"] for t in tips] == ["renewable-electricity", "vegetarian", "buy-less"]
    assert [t["saving_kg"] for t in tips] == sorted((t["saving_kg"] for t in tips), reverse=True)
    assert tips[0]["saving_kg"] == pytest.approx(847.503, abs=0.001)
    assert tips[0]["saving_rounded_kg"] == 850
    assert tips[2]["link"] == {
        "url": "https://ilmastovahti.espoo.fi",
        "label": "Klimatvakten i Esbo",
    }
    references = {r["id"]: (r["kg"], r["rounded_t"]) for r in result["references"]}
    assert references == {
        "average-finn": (9610, 9.6),
        "espoo-resident": (8350, 8.4),
        "target-2030": (2500, 2.5),
    }


@pytest.mark.parametrize(
    "answer, message",
    [
        ("deit=vegan", "kiosk footprint: no question 'deit'; did you mean 'diet'?"),
        ("diet=vegn", "kiosk footprint: question 'diet' has no option 'vegn'; did you mean"),
        ("diet", "kiosk footprint: --answer takes QUESTION=OPTION, got 'diet'"),
    ],
)
def test_unknown_answers_are_usage_errors(quiz_exhibit, capsys, answer, message):
    code, out, err = run(capsys, "--answer", answer)
    assert (code, out) == (2, "")
    assert err.startswith(message) and len(err.splitlines()) == 1


def test_editing_a_factor_changes_the_output(quiz_exhibit, capsys):
    before = json.loads(run(capsys, "--json")[1])["total_kg"]
    edit(QUIZ_FILE, "    value: 1768.5\n", "    value: 2000\n")  # food-average
    after = json.loads(run(capsys, "--json")[1])["total_kg"]
    assert after - before == pytest.approx((2000 - 1768.5) * 0.99021)  # × the diet mix


def test_invalid_content_prints_its_problems_and_exits_1(quiz_exhibit, capsys):
    edit(QUIZ_FILE, "unit: kWh/person/yr", "unit: kWh/persn/yr")  # household-electricity
    line = QUIZ_FILE.read_text(encoding="utf-8").splitlines().index("    unit: kWh/persn/yr") + 1
    code, out, err = run(capsys)
    assert code == 1
    assert out.splitlines() == [
        f"exhibits/quiz.yaml:{line}:11: error: factors[9].unit: unknown unit 'kWh/persn/yr': "
        "'persn' is not a unit; did you mean 'person'?"
    ]
    assert err == "1 error(s), 0 warning(s)\n"


def test_the_method_document_holds_the_tables_of_the_bundled_quiz():
    """docs/quiz-method.md: every share and factor with its source, as the content has them."""
    from kiosk.footprint.explain import method_tables

    quiz = load_content_folder(REPO / "exhibits", REPO / "media").content.quiz
    document = (REPO / "docs/quiz-method.md").read_text(encoding="utf-8")
    begin = document.index("<!-- BEGIN GENERATED")
    start, end = document.index("\n\n", begin) + 2, document.index("\n<!-- END GENERATED -->")
    assert document[start:end] == method_tables(quiz), "run: python -m kiosk footprint --tables"
    for factor in quiz.factors:
        assert f"| `{factor.id}` |" in document and factor.source


def test_bundled_quiz_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "footprint", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_kg"] == pytest.approx(AVERAGE_KG, abs=0.01)


# --- Shares and conditional questions in the validator ---


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "shares: {flat: 37.4, terraced: 13.4, detached: 49.2}",
            "shares: {flat: 37.4, terraced: 13.4, detached: 40}",
            "questions[0].shares: shares add up to 90.8 %, not 100 %",
        ),
        (
            "shares: {flat: 37.4, terraced: 13.4, detached: 49.2}",
            "shares: {flat: 37.4, terraced: 13.4, detachd: 49.2}",
            "questions[0].shares.detachd: question 'home-type' has no option 'detachd'; "
            "did you mean 'detached'?",
        ),
        (
            "shares: {flat: 37.4, terraced: 13.4, detached: 49.2}",
            "shares: {flat: 50.8, terraced: 49.2}",
            "questions[0].shares: no share for detached",
        ),
        (
            "ask_if: {travel: [car, electric-car]}",
            "ask_if: {diet: [vegan]}",
            "questions[5].ask_if.diet: ask_if: 'diet' must be asked before 'car-distance'",
        ),
        (
            "    shares_by: home-type\n",
            "    shares_by: diet\n",
            "questions[2].shares_by: shares_by: 'diet' must be asked before 'heating'",
        ),
    ],
)
def test_shares_and_conditions_are_checked(quiz_exhibit, old, new, expected):
    edit(QUIZ_FILE, old, new)
    lines = problems()
    assert any(line.endswith(expected) for line in lines), lines
