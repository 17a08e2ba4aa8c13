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
