"""The declared shape of exhibits/pledges.yaml. The content loader and `kiosk schema` read it."""

from __future__ import annotations

from kiosk.content.loader import ContentFile
from kiosk.content.spec_types import Field, Id, List, Record, Ref, Text
from kiosk.stats.pledges import Pledge

PLEDGE = Record(
    "pledge",
    [
        Field("id", Id("pledge", "Unique; the statistics count pledges by it, so keep it.")),
        Field("text", Text("The pledge in the visitor's words: \"I'll …\".", max_len=80)),
        Field("station", Ref("station", "The station whose 'what you can do' offers it."), False),
        Field("tip", Ref("tip", "The quiz tip (exhibits/quiz.yaml) it puts into practice."), False),
    ],
    Pledge,
    "One climate pledge a visitor can make.",
)


def _pledges(pledges):
    return pledges


PLEDGES = Record(
    "pledges",
    [Field("pledges", List(PLEDGE, "The pledges, in the order they are shown.", min_items=1))],
    _pledges,
    "exhibits/pledges.yaml: the climate pledges a visitor can make at the end of the quiz "
    "and at a station.",
)

PLEDGES_FILE = ContentFile("pledges.yaml", "pledges", PLEDGES, "pledges")
