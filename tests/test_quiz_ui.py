"""The footprint quiz in the real window, driven with real touches: from the home tile through
every question to the result in every language, the bars after each answer, skip, previous,
"I already do this", a tip's station, the pledge, and the idle reset that forgets it all."""

from __future__ import annotations

import pytest

from kiosk.footprint.engine import footprint, ranked_tips
from kiosk.footprint.rounding import rounded_kg, rounded_tonnes, shown_categories, shown_tonnes
from kiosk.i18n import format_number, tr
from kiosk.navigator import Route
from kiosk.screens import ATTRACT, HOME, QUIZ, RESULT, STATION
from kiosk.stats.service import StatisticsService
from tests.uikit import LANDSCAPE, PORTRAIT, Baselines, fresh_visit, language_button, prompt
from tests.waiting import wait_for

pytestmark = pytest.mark.ui

SKIP = "skipped"
ANSWERS = {
    "fi": [
        ("home-type", "detached"),
        ("household-size", "1"),
        ("heating", "electric"),
        ("electricity", SKIP),
        ("travel", "car"),
        ("car-distance", "over-20000"),  # asked because of the car
        ("flights-europe", "4-plus"),
        ("flights-long-haul", "2-plus"),
        ("diet", "meat-heavy"),
        ("shopping", "more"),
    ],
    "sv": [
        ("home-type", "flat"),
        ("household-size", "2"),
        ("heating", "district-heat"),
        ("electricity", "renewable"),
        ("travel", "rail"),  # no car: the distance is not asked
        ("flights-europe", "none"),
        ("flights-long-haul", "none"),
        ("diet", "vegan"),
        ("shopping", SKIP),
    ],
    "en": [
        ("home-type", SKIP),
        ("household-size", SKIP),
        ("heating", SKIP),
        ("electricity", "ordinary"),
        ("travel", "bus"),
        ("flights-europe", "2-3"),
        ("flights-long-haul", "none"),
        ("diet", "vegetarian"),
        ("shopping", "same"),
    ],
}


def quiz(ui):
    return ui.app.content.quiz


def session(ui):
    return ui.app.quiz_session


def kg(value, language):
    return f"{format_number(rounded_kg(value), language)}\u00a0kg"


def tonnes(value, language):
    return f"{format_number(rounded_tonnes(value), language)}\u00a0t"


def bars_kg(result, language):
    """The category figures on the bars: 100 kg steps that add up to the total shown."""
    return [
        f"{format_number(kg, language)}\u00a0kg" for _, kg in shown_categories(result.categories)
    ]


def total_tonnes(result, language):
    return f"{format_number(shown_tonnes(result.categories), language)}\u00a0t"


def asked(ui, answers):
    """How many questions someone with these answers is asked."""
    return sum(1 for question in quiz(ui).questions if question.asked(answers))


def open_quiz(ui, language="fi", size=LANDSCAPE):
    """A new visitor: attract, a touch, their language, then the quiz's tile on home."""
    from kiosk.ui.quiz_widgets import QuizCard

    fresh_visit(ui, size)
    if language != ui.app.language:
        ui.tap(language_button(ui, language))
    (tile,) = ui.find_all(lambda w: isinstance(w, QuizCard))
    assert tile.title == quiz(ui).title(language)
    ui.tap(tile)
    assert ui.app.navigator.route == Route(QUIZ)
    assert ui.screen.name == "quiz"


def choice(ui, option_id):
    """The button of this option (or of "don't know / skip") on the question on screen."""
    from kiosk.ui.quiz_widgets import ChoiceButton

    (button,) = ui.find_all(
        lambda w: isinstance(w, ChoiceButton) and getattr(w, "option_id", None) == option_id
    )
    return button


def meters(ui):
    """The category bars on screen, in the quiz's order."""
    return list(reversed(ui.screen.ids.bars.ids.meters.children))


def tip_cards(ui):
    from kiosk.ui.quiz_widgets import TipCard

    cards = ui.find_all(lambda w: isinstance(w, TipCard))
    return sorted(cards, key=lambda card: -card.to_window(card.x, card.top)[1])


def button_in(ui, card, text):
    (button,) = ui.find_all(lambda w: getattr(w, "text", None) == text, root=card)
    return button


def answer_all(ui, answers, language="fi", check_bars=False):
    """Taps through the questions; with check_bars, the bars after every answer must show the
    engine's footprint for the answers so far."""
    so_far = {}
    for number, (question_id, option_id) in enumerate(answers, 1):
        question = quiz(ui).question(question_id)
        assert ui.screen.question_text == question.text(language)
        assert ui.screen.progress_text == f"{number} / {asked(ui, so_far)}"
        button = choice(ui, option_id)
        label = question.option(option_id).label if option_id != SKIP else quiz(ui).skip_label
        assert button.text == label(language)
        assert button.height >= ui.app.target_px
        ui.tap(button)
        if option_id != SKIP:
            so_far[question_id] = option_id
        if check_bars and number < len(answers):
            expected = footprint(quiz(ui), so_far)
            shown = [meter.value_text for meter in meters(ui)]
            assert shown == bars_kg(expected, language), question_id
    return so_far


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_quiz_by_touch_to_the_result_in_every_language(ui, language):
    open_quiz(ui, language)
    answers = answer_all(ui, ANSWERS[language], language, check_bars=True)
    assert ui.app.navigator.route == Route(RESULT)
    assert ui.screen.name == "result"
    assert dict(session(ui).visit.answers) == answers
    skipped = {q for q, option in ANSWERS[language] if option == SKIP}
    assert session(ui).visit.skipped == skipped  # skipped: the Finnish average holds
    expected = footprint(quiz(ui), answers)
    summary = ui.screen.summary
    assert summary.total_text == total_tonnes(expected, language)
    assert sum(shown_categories(expected.categories)[i][1] for i in range(4)) == round(
        shown_tonnes(expected.categories) * 1000
    )
    ui.find_text(summary.total_text)
    assert summary.unit_text == tr("CO₂e a year", language)
    for reference in quiz(ui).references:
        ui.find_text(reference.label(language))
        ui.find_text(tonnes(reference.kg, language))
    ranked = ranked_tips(quiz(ui), answers)
    cards = tip_cards(ui)
    assert [card.tip_id for card in cards] == [r.tip.id for r in ranked]
    savings = [r.saving_kg for r in ranked]
    assert savings == sorted(savings, reverse=True)
    for card, r in zip(cards, ranked, strict=True):
        assert card.title == r.tip.title(language)
        assert kg(r.saving_kg, language) in card.saving_text
        assert card.source_text == tr("Source: {source}", language, source=r.tip.source)


def test_bars_move_after_an_answer_and_previous_goes_back(ui):
    open_quiz(ui, "en")
    for _, option_id in ANSWERS["en"][:7]:
        ui.tap(choice(ui, option_id))
    assert session(ui).question.id == "diet"
    before = [(meter.value, meter.value_text) for meter in meters(ui)]
    food = [c.id for c in quiz(ui).categories].index("food")
    assert meters(ui)[food].active  # the bar the question moves is highlighted
    ui.tap(choice(ui, "vegan"))
    after = [(meter.value, meter.value_text) for meter in meters(ui)]
    assert after[food][0] < before[food][0] and after[food][1] != before[food][1]
    assert [a for i, a in enumerate(after) if i != food] == [
        b for i, b in enumerate(before) if i != food
    ]
    ui.tap(ui.find_text("‹  Previous question"))
    assert session(ui).question.id == "diet"
    assert choice(ui, "vegan").selected  # the earlier answer is shown as chosen
    ui.tap(ui.find_text("‹  Previous question"))
    assert session(ui).question.id == "flights-long-haul"
    assert choice(ui, "none").selected


def test_tips_drop_in_place_lead_to_their_station_and_start_over_forgets(ui):
    open_quiz(ui, "sv")
    answers = answer_all(ui, ANSWERS["fi"], "sv")
    # "I already do this": the tip goes, the others keep their order.
    cards = tip_cards(ui)
    assert len(cards) >= 3
    first, rest = cards[0].tip_id, [card.tip_id for card in cards[1:]]
    ui.tap(button_in(ui, cards[0], tr("I already do this", "sv")))
    assert ui.app.navigator.route == Route(RESULT)
    assert [card.tip_id for card in tip_cards(ui)] == rest
    assert first in session(ui).visit.dismissed
    assert [r.tip.id for r in ranked_tips(quiz(ui), answers, frozenset({first}))] == rest
    # "What Espoo does" opens the tip's station; Back returns to the result.
    card = next(card for card in tip_cards(ui) if quiz(ui).tip(card.tip_id).station)
    station = ui.app.content.exhibition.station(quiz(ui).tip(card.tip_id).station)
    ui.tap(button_in(ui, card, tr("What Espoo does", "sv") + "  ›"))
    assert ui.app.navigator.route == Route(STATION, station.id)
    assert ui.screen.name == "station" and ui.screen.title == station.title("sv")
    ui.tap(ui.find_text("‹  Tillbaka"))
    assert ui.app.navigator.route == Route(RESULT)
    assert [card.tip_id for card in tip_cards(ui)] == rest  # still dropped
    # Back from the result: the last question, with the visitor's answer shown.
    ui.tap(ui.find_text("‹  Tillbaka"))
    assert ui.app.navigator.route == Route(QUIZ)
    assert session(ui).question.id == "shopping" and choice(ui, "more").selected
    ui.tap(choice(ui, "more"))
    assert ui.app.navigator.route == Route(RESULT)
    # Start over: the answers and dropped tips are forgotten, the first question again.
    ui.tap(ui.find_text(tr("Start over", "sv")))
    assert ui.app.navigator.stack == [Route(HOME), Route(QUIZ)]
    visit = session(ui).visit
    assert (dict(visit.answers), visit.skipped, visit.dismissed) == ({}, frozenset(), frozenset())
    assert ui.screen.progress_text == "1 / 9"
    assert not any(button.selected for button in ui.find_all(lambda w: hasattr(w, "option_id")))


def test_walking_away_forgets_the_answers(ui):
    open_quiz(ui, "en")
    for _, option_id in ANSWERS["en"][:5]:
        ui.tap(choice(ui, option_id))
    assert session(ui).visit.answers
    idle = ui.app.settings.idle
    ui.clock.now += idle.timeout_s
    assert wait_for(lambda: prompt(ui) is not None, step=ui.frames)
    ui.clock.now += idle.countdown_s + 1
    assert wait_for(lambda: ui.app.navigator.route == Route(ATTRACT), step=ui.frames)
    ui.settle()
    visit = session(ui).visit
    assert (dict(visit.answers), visit.skipped, visit.dismissed) == ({}, frozenset(), frozenset())
    assert session(ui).index == 0
    open_quiz(ui, "fi")  # the next visitor starts from the first question, bars at the average
    assert ui.screen.progress_text == "1 / 9"
    average = footprint(quiz(ui), {})
    assert [m.value_text for m in meters(ui)] == bars_kg(average, "fi")


@pytest.fixture
def stats(ui, tmp_path):
    """Statistics of our own with a real recorder, given to the screens as the app gives its
    own; taken away again afterwards."""
    from kiosk.stats.recorder import StatsRecorder
    from kiosk.stats.service import StatisticsService
    from kiosk.stats.tracker import VisitTracker

    ui.resize(LANDSCAPE)  # a new size makes new screens, which would not have our statistics
    recorder = StatsRecorder(tmp_path / "stats.sqlite3", interval_s=0.01)
    tracker = VisitTracker(recorder).follow(ui.app.navigator)
    statistics = StatisticsService(recorder, tracker)
    saved = {name: screen.statistics for name, screen in ui.app.screens.items()}
    for screen in ui.app.screens.values():
        screen.statistics = statistics
    try:
        yield statistics
    finally:
        for name, screen in ui.app.screens.items():
            screen.statistics = saved.get(name, screen.statistics)
        ui.app.navigator._listeners.remove(tracker)
        recorder.close()


def test_the_pledge_is_recorded_once_and_its_total_shown(ui, stats):
    from kiosk.stats.store import EventStore

    open_quiz(ui, "fi")
    answer_all(ui, ANSWERS["fi"])
    box = ui.screen.pledge_box
    pledge_id = box.pledge_id
    assert pledge_id and box.total_text == tr("Be the first to make this pledge.", "fi")
    pledge = next(p for p in ui.app.content.pledges if p.id == pledge_id)
    assert box.text == pledge.text("fi")
    button = box.ids.button
    x, y = button.to_window(*button.center)
    ui.tap(button)
    assert box.pledged and session(ui).pledge == pledge_id
    assert box.total_text == tr("{count} visitor has made this pledge.", "fi", count=1)
    ui.find_text(tr("Thank you! Your pledge has been counted.", "fi"))
    ui.tap_at(x, y)  # where the button was: nothing more happens
    ui.tap(ui.find_text(tr("Start over", "fi")))  # a second go in the same visit
    ui.app.navigator.open_result()
    ui.settle()
    assert ui.screen.pledge_box.pledged  # one pledge per visit
    assert stats.recorder.pledge_totals() == {pledge_id: 1}
    assert stats.recorder.flush()
    with EventStore.open_for_reading(stats.recorder.path) as store:
        events = store.events()
    pledges = [(e.screen, e.item) for e in events if e.kind == "pledge"]
    assert pledges == [("result", pledge_id)]
    kinds = [e.kind for e in events]
    assert kinds.count("quiz_started") == 2 and kinds.count("quiz_completed") == 1
    assert ("screen_view", "result") in {(e.kind, e.screen) for e in events}


def open_station_in(ui, station_id, language):
    ui.app.navigator.set_language(language)
    ui.app.navigator.open_station(station_id)
    ui.settle()
    assert ui.screen.name == "station"


def test_a_station_offers_its_pledge_once_per_visit(ui, stats):
    from kiosk.stats.store import EventStore

    pledges = [p for p in ui.app.content.pledges if p.station]
    pledge, other = pledges[0], next(p for p in pledges if p.station != pledges[0].station)
    fresh_visit(ui)
    open_station_in(ui, pledge.station, "sv")
    box = ui.screen.pledge_box
    assert box.text == pledge.text("sv")
    assert box.total_text == tr("Be the first to make this pledge.", "sv")
    button = box.ids.button
    x, y = button.to_window(*button.center)
    ui.tap(button)
    assert box.pledged and session(ui).pledge == pledge.id
    assert box.total_text == tr("{count} visitor has made this pledge.", "sv", count=1)
    ui.find_text(tr("Thank you! Your pledge has been counted.", "sv"))
    ui.tap_at(x, y)  # where the button was: nothing more happens

    # One pledge per visit: another station offers none, and the result shows the one made.
    open_station_in(ui, other.station, "sv")
    assert ui.screen.pledge_box is None
    assert not ui.find_all(lambda w: getattr(w, "text", None) == tr("I make this pledge", "sv"))
    open_station_in(ui, pledge.station, "en")
    assert ui.screen.pledge_box.pledged
    ui.find_text(tr("Thank you! Your pledge has been counted.", "en"))
    ui.app.navigator.open_quiz()
    ui.app.navigator.open_result()
    ui.settle()
    assert ui.screen.pledge_box.pledge_id == pledge.id and ui.screen.pledge_box.pledged

    # The next visitor is offered it afresh, with the running total.
    fresh_visit(ui)
    open_station_in(ui, pledge.station, "fi")
    box = ui.screen.pledge_box
    assert not box.pledged and box.opacity == 1
    assert box.total_text == tr("{count} visitor has made this pledge.", "fi", count=1)
    assert stats.recorder.pledge_totals() == {pledge.id: 1}
    assert stats.recorder.flush()
    with EventStore.open_for_reading(stats.recorder.path) as store:
        events = store.events()
    assert [(e.screen, e.item) for e in events if e.kind == "pledge"] == [("station", pledge.id)]


def scrolled_to_top(ui):
    """The screen's scroll view at its top and at rest: a tap can leave it bouncing back."""
    scroll = ui.screen.ids.scroll
    content = scroll.children[0]
    scroll.scroll_y = 1
    tops = []
    for _ in range(300):
        ui.frames(1)
        tops.append(content.to_window(content.x, content.top)[1])
        if len(tops) >= 3 and len(set(tops[-3:])) == 1:
            return
    raise AssertionError("the scroll view does not come to rest")


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_quiz_screens_match_their_baselines(ui, request, tmp_path_factory, size, language):
    """The answers are given through the session here: the touches are tested above."""
    baselines = Baselines(
        request.config.getoption("--update-baselines"), tmp_path_factory.mktemp("quiz-screens")
    )
    tag = f"{language}-{size[0]}x{size[1]}"
    fresh_visit(ui, size)
    ui.app.navigator.set_language(language)
    saved = {name: screen.statistics for name, screen in ui.app.screens.items()}
    try:
        for screen in ui.app.screens.values():
            # No running pledge totals: they change from run to run.
            screen.statistics = StatisticsService()
        for _, option_id in ANSWERS["fi"][:2]:  # the heating question: six options
            session(ui).answer(option_id)
        ui.app.navigator.open_quiz()
        ui.settle()
        scrolled_to_top(ui)
        baselines.check(ui, f"quiz-{tag}")
        for _, option_id in ANSWERS["fi"][2:]:
            if option_id == SKIP:
                session(ui).skip()
            else:
                session(ui).answer(option_id)
        ui.app.navigator.open_result()
        ui.settle()
        scrolled_to_top(ui)
        baselines.check(ui, f"result-{tag}")
    finally:
        for name, screen in ui.app.screens.items():
            screen.statistics = saved.get(name, screen.statistics)
    baselines.assert_all_match()
