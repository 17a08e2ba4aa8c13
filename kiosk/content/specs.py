"""The declared shape of each content file. The validator and `kiosk schema` both read this."""

from __future__ import annotations

from kiosk.content import model
from kiosk.content.media import MediaPath
from kiosk.content.schema import (
    Bool,
    Enum,
    Field,
    Id,
    Int,
    List,
    Number,
    Pattern,
    Record,
    Ref,
    Str,
    Text,
    Url,
)

IMAGE = Record(
    "picture",
    [
        Field("file", MediaPath("Path inside media/, e.g. stations/district-heat.png.")),
        Field("alt", Text("What the picture shows, for those who cannot see it.", max_len=300)),
        Field("credit", Str("Who made the picture, and its licence.")),
    ],
    model.Image,
    "A picture with alt text and credit.",
)

LINK = Record(
    "link",
    [
        Field("url", Url("An https:// address; shown as a QR code.")),
        Field("label", Text("Short caption under the QR code.", max_len=40)),
    ],
    model.Link,
    "A link that becomes a QR code.",
)

FACT = Record(
    "fact",
    [
        Field("label", Text("What the number is.", max_len=80)),
        Field("value", Number("The number; '.' is the decimal point.")),
        Field("unit", Str("Unit, the same in every language: t CO₂e, %, g CO₂/kWh.", 24), False),
        Field("year", Int("The year the figure is for.", minimum=1900, maximum=2100)),
        Field("source", Str("Who published the figure, and where.")),
        Field("note", Text("A caveat, such as an old or uncertain figure.", max_len=160), False),
    ],
    model.Fact,
    "A key fact with its source.",
)

STATION = Record(
    "station",
    [
        Field("id", Id("station", "Unique across the exhibition.")),
        Field("title", Text("The headline.", max_len=48)),
        Field("lead", Text("One sentence for the passer-by.", max_len=140)),
        Field("body", Text("Detail for the curious; blank lines split paragraphs.", True)),
        Field("facts", List(FACT, "Key facts.", min_items=1)),
        Field("espoo_does", Text("What the city of Espoo does.", True)),
        Field("you_can_do", Text("What the visitor can do.", True)),
        Field("images", List(IMAGE, "Pictures."), False, ()),
        Field("links", List(LINK, "Links, each shown as a QR code."), False, ()),
        Field(
            "related", List(Ref("station"), "Other stations to suggest.", unique=True), False, ()
        ),
        Field(
            "speech",
            Text("Read aloud instead of the body, where the written body reads badly.", True),
            False,
        ),
    ],
    model.Station,
    "One station: a topic a visitor reads about.",
)

MILESTONE = Record(
    "milestone",
    [
        Field("year", Int("The year of the figure.", minimum=1900, maximum=2100)),
        Field("cut", Number("Per cent below the baseline year.", -100, 100)),
        Field("source", Str("Who published the figure.")),
    ],
    model.Milestone,
)

GOAL = Record(
    "goal",
    [
        Field("baseline_year", Int("The year emissions are compared with.", 1900, 2100)),
        Field("target_year", Int("The year of the goal.", 1900, 2100)),
        Field("target_cut", Number("Per cent below the baseline year by the target year.", 0, 100)),
        Field("source", Str("Who set the goal.")),
        Field("progress", List(MILESTONE, "Reductions so far.", min_items=1)),
    ],
    model.Goal,
    "An emissions goal and the progress towards it (the goal screen shows it).",
)

THEME = Record(
    "theme",
    [
        Field("id", Id("theme", "The theme's id; the same as the file name.")),
        Field("kind", Enum(model.THEME_KINDS, "Which of the exhibition's themes this is.")),
        Field("title", Text("The theme's name.", max_len=40)),
        Field("lead", Text("One line under the title on the theme's tile.", max_len=100)),
        Field("color", Pattern(r"^#[0-9A-Fa-f]{6}$", 'a colour like "#1F5C45"'), False),
        Field("image", IMAGE),
        Field("stations", List(STATION, "The theme's stations.", min_items=1)),
        Field("goal", GOAL, False),
    ],
    model.Theme,
    "A theme file: exhibits/themes/<id>.yaml.",
)


SPOKEN_WORD = Record(
    "lexicon entry",
    [
        Field("written", Str("The word or symbol as written, e.g. HSY or CO₂e.", 40)),
        Field("spoken", Text("How it is said in each language.", max_len=120)),
        Field("unit", Bool("A unit: said so only right after a number, as in 12 t."), False, False),
    ],
    model.SpokenWord,
    "How the kiosk's voice says a word it would otherwise read letter by letter.",
)


def _exhibition(title, invitation, themes, subtitle=None, lexicon=()):
    """Theme ids for now; the loader swaps in the Theme objects once every file is read."""
    return model.Exhibition(
        title=title, invitation=invitation, themes=themes, subtitle=subtitle, lexicon=lexicon
    )


EXHIBITION = Record(
    "exhibition",
    [
        Field("title", Text("The exhibition's name.", max_len=80)),
        Field("subtitle", Text("One line under the name.", max_len=120), False),
        Field("invitation", Text("The call to touch on the attract screen.", max_len=60)),
        Field("themes", List(Ref("theme"), "Theme ids in home-screen order.", 1, unique=True)),
        Field(
            "lexicon",
            List(SPOKEN_WORD, "Words the kiosk's voice says its own way (speech)."),
            False,
            (),
        ),
    ],
    _exhibition,
    "exhibits/exhibition.yaml: the exhibition and the order of its themes.",
)
