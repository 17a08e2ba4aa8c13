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
from kiosk.content import load_content
from kiosk.footprint.engine import UnknownAnswer, Visit, footprint, ranked_tips
from kiosk.footprint.rounding import format_kg, format_tonnes, rounded_kg, rounded_tonnes
from kiosk.footprint.units import UnitError, parse_unit
from kiosk.schemas import json_schema
from tests.contentkit import edit

REPO = Path(__file__).resolve().parent.parent
QUIZ_FILE = Path("exhibits/quiz.yaml")

# Everything skipped, line by line, with the numbers of exhibits/quiz.yaml:
#   heating            heat-use 2,254 kWh × 300 g/kWh (skipped heating)  =   676.2
#   electricity        2,587 kWh × 281 g/kWh                               =   726.947
#   other housing                                                          =   346.6
#   everyday travel    21,583 pkm × 99 g/pkm                               = 2,136.717
#   flights            2.782 × 216 kg                                      =   600.912
#   other transport                                                        =   111.6
#   food               1,768.5 kg × 100 %                                  = 1,768.5
#   goods              1,087.4 kg × 100 %                                  = 1,087.4
#   leisure and services                                                   = 1,612.1
#   other consumption                                                      =   542.8
AVERAGE_KG = 9609.776  # the sum of the lines above

LOW = {
    "home-type": "flat",
    "household-size": "2",
    "heating": "district-heat",
    "electricity": "renewable",
    "travel": "rail-or-bike",
    "flights": "none",
    "diet": "vegan",
    "shopping": "half",
}
HIGH = {
    "home-type": "detached",
    "household-size": "1",
    "heating": "electric",
    "electricity": "ordinary",
    "travel": "car",
    "flights": "long-haul",
    "diet": "meat",
    "shopping": "twice",
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
    result = load_content(Path("exhibits"), Path("media"))
    assert result.report.lines() == []
    return result.content.quiz


# --- Totals, worked out by hand ---


def test_skipping_everything_gives_the_average_finn(quiz):
    result = footprint(quiz, {})
    assert result.total_kg == pytest.approx(AVERAGE_KG)
    assert abs(result.total_kg - 9610) / 9610 < 0.03  # Sitra 2023, within a few per cent
    assert dict(result.categories) == pytest.approx(
        {
            "housing": 1749.747,  # 676.2 + 726.947 + 346.6 (Sitra 2023: 1,750)
            "mobility": 2849.229,  # 2,136.717 + 600.912 + 111.6
            "food": 1768.5,
            "consumption": 3242.3,  # 1,087.4 + 1,612.1 + 542.8
        }
    )


def test_low_carbon_answers(quiz):
    result = footprint(quiz, LOW)
    assert dict(result.categories) == pytest.approx(
        {
            # heating 2,254 × 107.8 g = 242.9812; electricity 950 kWh × 0 g = 0; + 346.6
            "housing": 589.5812,
            # travel 21,583 × 0 g = 0; flights 0 × 216 = 0; + 111.6
            "mobility": 111.6,
            "food": 1061.1,  # 1,768.5 × 60 %
            "consumption": 2698.6,  # 1,087.4 × 50 % = 543.7; + 1,612.1 + 542.8
        }
    )
    assert result.total_kg == pytest.approx(4460.8812)


def test_high_carbon_answers(quiz):
    result = footprint(quiz, HIGH)
    assert dict(result.categories) == pytest.approx(
        {
            # heating 2,254 × 281 g = 633.374; electricity 4,600 kWh × 281 g = 1,292.6; + 346.6
            "housing": 2272.574,
            # travel 21,583 × 99 g = 2,136.717; flights 1 × 900 = 900; + 111.6
            "mobility": 3148.317,
            "food": 1768.5,  # 1,768.5 × 100 %
            "consumption": 4329.7,  # 1,087.4 × 200 % = 2,174.8; + 1,612.1 + 542.8
        }
    )
    assert result.total_kg == pytest.approx(11519.091)


def test_a_table_falls_back_to_the_average_when_one_of_its_questions_is_skipped(quiz):
    answers = {
        "household-size": "3",  # home type skipped: electricity use is the average 2,587 kWh
        "electricity": "renewable",  # 2,587 × 0 g = 0
        "travel": "bus",  # 21,583 × 73 g = 1,575.559
        "flights": "europe-several",  # 3 × 216 = 648
    }
    # housing 676.2 + 0 + 346.6 = 1,022.8; mobility 1,575.559 + 648 + 111.6 = 2,335.159;
    # food 1,768.5; consumption 3,242.3
    assert footprint(quiz, answers).total_kg == pytest.approx(8368.759)


def test_electric_heating_follows_the_electricity_contract(quiz):
    result = footprint(quiz, {"heating": "electric", "electricity": "renewable"})
    assert dict(result.lines)["heating"] == 0  # 2,254 kWh × 0 g
    assert result.category("housing") == pytest.approx(346.6)
    assert result.total_kg == pytest.approx(AVERAGE_KG - 676.2 - 726.947)


# --- Tips ---


def savings(tips) -> list[tuple[str, float]]:
    return [(ranked.tip.id, ranked.saving_kg) for ranked in tips]


def test_tips_for_the_average_are_sorted_by_saving(quiz):
    assert savings(ranked_tips(quiz, {})) == [
        ("electric-car", pytest.approx(1113.6828)),  # 21,583 pkm × (99 − 47.4) g
        ("fewer-car-trips", pytest.approx(1068.3585)),  # 21,583 × 99 g × 50 %
        ("renewable-electricity", pytest.approx(726.947)),  # 2,587 kWh × 281 g
        ("buy-less", pytest.approx(543.7)),  # 1,087.4 × (100 − 50) %
        ("vegetarian", pytest.approx(530.55)),  # 1,768.5 × (100 − 70) %
        ("train-not-plane", pytest.approx(216)),  # 216 kg × 1 trip
    ]


def test_tips_for_high_answers(quiz):
    assert savings(ranked_tips(quiz, HIGH)) == [
        # electricity 1,292.6 + electric heating 633.374 at 281 g -> 0 g
        ("renewable-electricity", pytest.approx(1925.974)),
        ("buy-less", pytest.approx(1631.1)),  # 1,087.4 × (200 − 50) %
        ("electric-car", pytest.approx(1113.6828)),
        ("fewer-car-trips", pytest.approx(1068.3585)),
        ("holiday-nearer", pytest.approx(900)),  # the long-haul flight
        ("vegetarian", pytest.approx(530.55)),
    ]


@pytest.mark.parametrize("answers", [{}, LOW, HIGH, {"diet": "vegetarian", "travel": "bus"}])
def test_tips_always_come_largest_saving_first(quiz, answers):
    shown = [kg for _, kg in savings(ranked_tips(quiz, answers))]
    assert shown == sorted(shown, reverse=True)
    assert all(kg > 0 for kg in shown)


def test_a_tip_whose_condition_is_false_is_not_shown(quiz):
    assert ranked_tips(quiz, LOW) == ()  # every answer already the low-carbon one
    ids = [ranked.tip.id for ranked in ranked_tips(quiz, {"diet": "vegan"})]
    assert "vegetarian" not in ids and "vegan" not in ids
    vegetarian = dict(savings(ranked_tips(quiz, {"diet": "vegetarian"})))
    assert "vegetarian" not in vegetarian
    assert vegetarian["vegan"] == pytest.approx(176.85)  # 1,768.5 × (70 − 60) %


def test_heat_pump_tip_needs_an_electrically_heated_house(quiz):
    house = {"heating": "electric", "home-type": "detached", "household-size": "2"}
    assert dict(savings(ranked_tips(quiz, house)))["heat-pump"] == pytest.approx(421.5)
    # 3,000 kWh per home × 281 g / 2 persons
    for changed in ({"heating": "district-heat"}, {"home-type": "flat"}, {"household-size": "1"}):
        assert "heat-pump" not in dict(savings(ranked_tips(quiz, {**house, **changed})))
    renewable = {**house, "electricity": "renewable"}  # 3,000 kWh × 0 g saves nothing
    assert "heat-pump" not in dict(savings(ranked_tips(quiz, renewable)))


def test_tips_carry_their_station_and_link(quiz):
    tip = quiz.tip("fewer-car-trips")
    assert tip.station == "housing-station"
    assert tip.link.url == "https://www.hsl.fi"
    assert tip.title("sv") == "Byt hälften av bilresorna mot spår eller cykel"


# --- The visit: answers in memory only ---


def test_a_visit_updates_after_every_answer(quiz):
    visit = Visit(quiz)
    assert visit.footprint().total_kg == pytest.approx(AVERAGE_KG)
    visit.answer("diet", "vegan")
    assert visit.footprint().category("food") == pytest.approx(1061.1)  # 1,768.5 × 60 %
    visit.answer("diet", "vegetarian")
    assert visit.footprint().category("food") == pytest.approx(1237.95)  # 1,768.5 × 70 %
    visit.skip("diet")
    assert visit.footprint().category("food") == pytest.approx(1768.5)
    assert dict(visit.answers) == {} and visit.skipped == {"diet"}


def test_i_already_do_this_drops_the_tip(quiz):
    visit = Visit(quiz)
    visit.already_do("electric-car")
    ids = [ranked.tip.id for ranked in visit.tips()]
    assert ids == [
        "fewer-car-trips",
        "renewable-electricity",
        "buy-less",
        "vegetarian",
        "train-not-plane",
    ]
    assert visit.footprint().total_kg == pytest.approx(AVERAGE_KG)  # only the tip goes


def test_reset_forgets_everything(quiz):
    visit = Visit(quiz)
    for question, option in HIGH.items():
        visit.answer(question, option)
    visit.skip("flights")
    visit.already_do("buy-less")
    visit.reset()
    assert dict(visit.answers) == {} and visit.skipped == set() and visit.dismissed == set()
    assert visit.footprint().total_kg == pytest.approx(AVERAGE_KG)
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
        "import sys; from pathlib import Path; from kiosk.content import load_content\n"
        "from kiosk.footprint import command, engine\n"
        "quiz = load_content(Path('exhibits'), Path('media')).content.quiz\n"
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
    result = load_content(Path("exhibits"), Path("media"))
    assert (result.content is None) == bool(result.report.errors)
    return result.report.lines()


def test_the_template_quiz_is_clean(small_quiz):
    assert problems() == []
    quiz = load_content(Path("exhibits"), Path("media")).content.quiz
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
    validator_says = load_content(Path("exhibits"), Path("media")).report.errors
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
    # 9,609.776 − food 1,768.5 × 40 % (707.4) = 8,902.376
    assert lines[0] == "Footprint (estimate): 8.9 t CO2e a year"
    assert lines[1:5] == [
        "  Housing              1,700 kg",
        "  Getting around       2,800 kg",
        "  Food                 1,100 kg",
        "  Other consumption    3,200 kg",
    ]
    assert "  diet=vegan" in lines
    assert "  The average Finn: 9.6 t (Sitra, Keskivertosuomalaisen hiilijalanjälki, 2023)" in lines
    tips = lines[lines.index("Tips, largest saving first:") + 1 :]
    assert (
        tips[0] == "  1. Make your next car electric: −1,100 kg a year  [station: housing-station]"
    )
    assert len(tips) == 5  # vegan: neither food tip applies


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
    # 9,609.776 − everyday travel 2,136.717 + 21,583 pkm × 73 g (1,575.559) = 9,048.618
    assert result["total_kg"] == pytest.approx(9048.618)
    assert result["total_rounded_t"] == 9.0
    assert list(result["categories"]) == ["housing", "mobility", "food", "consumption"]
    assert result["categories_rounded_kg"]["mobility"] == 2300  # 2,849.229 − 561.158
    assert [q["id"] for q in result["questions"]] == [
        "home-type",
        "household-size",
        "heating",
        "electricity",
        "travel",
        "flights",
        "diet",
        "shopping",
    ]
    travel = result["questions"][4]
    assert travel["answer"] == "bus" and travel["text"] == "Hur tar du dig oftast fram i vardagen?"
    assert [o["id"] for o in travel["options"]] == ["car", "electric-car", "bus", "rail-or-bike"]
    tips = result["tips"]
    assert [t["id"] for t in tips] == [
        "renewable-electricity",
        "buy-less",
        "vegetarian",
        "train-not-plane",
    ]
    assert [t["saving_kg"] for t in tips] == sorted((t["saving_kg"] for t in tips), reverse=True)
    assert tips[0]["saving_kg"] == pytest.approx(726.947) and tips[0]["saving_rounded_kg"] == 730
    assert tips[1]["link"] == {"url": "https://ilmastovahti.espoo.fi", "label": "Esbos klimatvakt"}
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
    assert after - before == pytest.approx(2000 - 1768.5)


def test_invalid_content_prints_its_problems_and_exits_1(quiz_exhibit, capsys):
    edit(QUIZ_FILE, "unit: kWh/person/yr", "unit: kWh/persn/yr")
    line = QUIZ_FILE.read_text(encoding="utf-8").splitlines().index("    unit: kWh/persn/yr") + 1
    code, out, err = run(capsys)
    assert code == 1
    assert out.splitlines() == [
        f"exhibits/quiz.yaml:{line}:11: error: factors[0].unit: unknown unit 'kWh/persn/yr': "
        "'persn' is not a unit; did you mean 'person'?"
    ]
    assert err == "1 error(s), 0 warning(s)\n"


def test_bundled_quiz_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "footprint", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_kg"] == pytest.approx(AVERAGE_KG)
