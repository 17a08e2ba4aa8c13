"""Long words (web addresses in sources and link captions) break after a slash, hyphen or dot
instead of wherever Kivy would cut them. Pure: the width test is a character count here."""

from __future__ import annotations

from kiosk.line_breaks import break_long_words

URL = "www.espoo.fi/en/sustainable-development/espoos-climate-goals"


def at_most(characters: int):
    return lambda part: len(part) <= characters


def test_a_word_that_fits_is_left_alone():
    assert break_long_words(f"Source: {URL}", at_most(len(URL))) == f"Source: {URL}"


def test_an_address_breaks_after_the_last_slash_where_the_head_fits():
    assert break_long_words(URL, at_most(45)) == (
        "www.espoo.fi/en/sustainable-development/\nespoos-climate-goals"
    )


def test_every_part_fits_when_it_takes_several_breaks():
    broken = break_long_words(f"(espoo.fi/{URL}), 2024", at_most(20))
    parts = broken.replace(" ", "\n").split("\n")
    assert all(len(part) <= 20 for part in parts), broken
    assert broken.replace("\n", "") == f"(espoo.fi/{URL}), 2024"  # nothing added or lost


def test_a_word_with_no_place_to_break_is_left_for_kivy_to_cut():
    word = "Kaukolämpöverkkoyhtiö" * 2
    assert break_long_words(word, at_most(10)) == word


def test_other_words_and_lines_keep_their_spaces_and_breaks():
    text = f"One line\nSource: {URL}, 2024"
    assert break_long_words(text, at_most(45)) == (
        "One line\nSource: www.espoo.fi/en/sustainable-development/\nespoos-climate-goals, 2024"
    )


def test_numbers_keep_their_digit_groups_and_units_on_one_line():
    from kiosk.line_breaks import NBSP, bind_numbers

    text = bind_numbers("Jälki oli 9 610 kiloa, josta 29 % liikkumista ja 2,5 t CO₂e tavoite.")
    assert f"9{NBSP}610{NBSP}kiloa" in text
    assert f"29{NBSP}%" in text
    assert f"2,5{NBSP}t{NBSP}CO₂e" in text
    # words that only start like a unit, and numbers with no unit, keep their spaces
    assert bind_numbers("3 tuntia ja 430 sähköbussia") == "3 tuntia ja 430 sähköbussia"
    assert bind_numbers("In 2023, 1,750 kg") == f"In 2023, 1,750{NBSP}kg"


def test_bound_numbers_are_never_split_by_the_long_word_breaker():
    from kiosk.line_breaks import bind_numbers

    text = bind_numbers("päästöt olivat 742 000 tonnia")
    broken = break_long_words(text, lambda part: len(part) <= 10)
    assert "742\u00a0000\u00a0tonnia" in broken.replace("\n", " ")
