"""The declared shape of each content file. The validator and `kiosk schema` both read this."""

from __future__ import annotations

from kiosk.content import model
from kiosk.content.media_paths import MediaPath
from kiosk.content.spec_types import (
    INVALID,
    Bool,
    Date,
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


class PlainOrText(Text):
    """A text that may be the same in every language (a name, a licence: 'CC0') or given
    per language (fi: …, sv: …, en: …)."""

    def check_node(self, node, ctx, where):
        import yaml

        if isinstance(node, yaml.ScalarNode):
            ctx.seen.discard(id(node))  # entered by check(); _text enters it again
            text = self._text(node, ctx, where)
            if text is INVALID:
                return INVALID
            ctx.texts.extend(
                (language, text, ctx.path, node.start_mark, where) for language in ctx.languages
            )
            return model.Text(tuple((language, text) for language in ctx.languages))
        return super().check_node(node, ctx, where)

    def json_schema(self, ctx):
        per_language = super().json_schema(ctx)
        plain = {"type": "string", "minLength": 1}
        return {"anyOf": [plain, per_language], "description": self.doc}


class SourceRef(Ref):
    """Names a source of exhibits/sources.yaml; the figure carries that source's publisher,
    year and address with it."""

    def __init__(self, doc: str = "An id from exhibits/sources.yaml."):
        super().__init__("source", doc)

    def convert(self, node, ctx, where):
        value = super().convert(node, ctx, where)
        if value is INVALID:
            return INVALID
        # An unknown id is reported once every file is read (kiosk.content.loader).
        return ctx.sources.get(value, value)


SOURCE = Record(
    "source",
    [
        Field("id", Id("source", "How figures and links name this source.")),
        Field(
            "url",
            Pattern(r"^https?://[^\s]+$", "an http(s):// address", "The page's address."),
        ),
        Field("publisher", Text("Who published it, named in each language.", max_len=60)),
        Field("title", Str("The page's title, as the page writes it.")),
        Field("year", Int("The year the page was published or last updated.", 1900, 2100)),
        Field("page", Str("What the page is: a news release, a statistics page, a home page…")),
        Field("checked", Date("When the page was last read to check what the content takes.")),
        Field(
            "how", Str("How it was checked: from which copy of the page, and what was compared.")
        ),
    ],
    model.Source,
    "One page the exhibition takes a figure or an address from.",
)

UNVERIFIED_ADDRESS = Record(
    "unverified address",
    [
        Field(
            "url",
            Pattern(
                r"^https?://[^\s]+$", "an http(s):// address", "The address, as the content has it."
            ),
        ),
        Field("used_by", Str("What in the content takes a figure from it (file and id).")),
        Field("why", Str("Why it is not a source yet: what was tried, and what is missing.")),
    ],
    model.UnverifiedAddress,
    "An address the content cites whose page could not be read yet: exempt from the check by "
    "name, and listed in docs/sources.md until it is verified or the figure replaced.",
)

SOURCES = Record(
    "sources",
    [
        Field("sources", List(SOURCE, "Every page the content cites or links to.", min_items=1)),
        Field(
            "unverified",
            List(UNVERIFIED_ADDRESS, "Addresses whose page could not be read yet."),
            False,
            (),
        ),
    ],
    lambda sources, unverified: model.SourceList(tuple(sources), tuple(unverified)),
    "exhibits/sources.yaml: every address in the content, and what it is.",
)


def _terms(id, agreed, avoid=None, note=None):
    wrong = tuple((language, tuple(words)) for language, words in (avoid or {}).items())
    return model.Term(id=id, agreed=agreed, avoid=wrong, note=note)


class WrongVariants(List):
    """Per language, the words not to use for a concept: `fi: [a, b]`."""

    def __init__(self, doc: str):
        super().__init__(Str("A wrong variant, as it would be written."), doc)

    @property
    def expected(self):
        return "lists by language (fi: [...], sv: [...], en: [...])"

    def check_node(self, node, ctx, where):
        import yaml

        from kiosk.content.spec_types import join

        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, where)
        words, ok = {}, True
        for key_node, value_node in node.value:
            language = key_node.value
            if language not in ctx.languages:
                ctx.error(key_node, f"unknown language '{language}'", join(where, language))
                ok = False
                continue
            value = super().check_node(value_node, ctx, join(where, language))
            if value is INVALID:
                ok = False
            else:
                words[language] = value
        return words if ok else INVALID

    def json_schema(self, ctx):
        one = {"type": "array", "items": {"type": "string", "minLength": 1}}
        return {
            "type": "object",
            "properties": {language: dict(one) for language in ctx.languages},
            "additionalProperties": False,
            "description": self.doc,
        }


TERM = Record(
    "term",
    [
        Field("id", Id("term", "The concept, in a few English words.")),
        Field("agreed", Text("The one agreed term in each language.", max_len=60)),
        Field(
            "avoid", WrongVariants("Variants not to use; validate warns where they appear."), False
        ),
        Field("note", Str("Why, for the editors."), False),
    ],
    _terms,
    "One concept: its agreed term in fi / sv / en and the variants not to use.",
)

WAIVER = Record(
    "waiver",
    [
        Field("file", Str("A content file, relative to exhibits/ (quiz.yaml).")),
        Field("reason", Str("Why its texts are not checked yet, and when the waiver ends.")),
    ],
    lambda file, reason: (file, reason),
    "A content file whose texts are not checked against the terms yet.",
)

TERMINOLOGY = Record(
    "terminology",
    [
        Field("terms", List(TERM, "The agreed terms.", min_items=1)),
        Field(
            "not_checked_yet",
            List(WAIVER, "Files left out of the check for now, each with its reason."),
            False,
            (),
        ),
    ],
    lambda terms, not_checked_yet: model.Terminology(terms, not_checked_yet),
    "exhibits/terminology.yaml: one agreed term per concept, and the wrong variants.",
)

PICTURE_NUMBER = Record(
    "picture number",
    [
        Field("value", Number("The number as the picture shows it; '.' is the decimal point.")),
        Field("unit", Str("Unit, as on facts.", 24), False),
        Field("year", Int("The year the figure is for.", minimum=1900, maximum=2100)),
        Field("source", SourceRef()),
        Field("target", Bool("A goal for `year`, not a measured figure."), False, False),
    ],
    model.PictureNumber,
    "A number drawn into the picture, with its source.",
)

PICTURE_VARIANT = Record(
    "picture variant",
    [
        Field("file", MediaPath("The other drawing, inside media/.")),
        Field("language", Str("The language it is drawn for (fi, sv, en).", 8), False),
        Field("palette", Pattern(r"^[a-z][a-z0-9-]*$", "a palette name", "The palette."), False),
    ],
    model.PictureVariant,
    "The same picture drawn for one language and/or one palette.",
)


def _variant_rule(values, node, ctx, where):
    for i, variant in enumerate(values.get("variants") or ()):
        if variant.language is None and variant.palette is None:
            ctx.error(node, f"variants[{i}]: give its language, its palette or both", where)
            return False
        if variant.language is not None and variant.language not in ctx.languages:
            ctx.error(node, f"variants[{i}]: unknown language '{variant.language}'", where)
            return False
    return True


IMAGE = Record(
    "picture",
    [
        Field("file", MediaPath("Path inside media/, e.g. stations/district-heat.png.")),
        Field("alt", Text("What the picture shows, for those who cannot see it.", max_len=300)),
        Field(
            "credit",
            PlainOrText(
                "Who made the picture, and its licence: once, or per language.", max_len=80
            ),
        ),
        Field(
            "numbers",
            List(PICTURE_NUMBER, "Every number the picture shows, each with its source."),
            False,
            (),
        ),
        Field(
            "variants",
            List(PICTURE_VARIANT, "Drawings per language (numbers) or per palette (contrast)."),
            False,
            (),
        ),
    ],
    model.Image,
    "A picture with alt text, credit, the numbers it shows and its variants.",
    rule=_variant_rule,
)


class LocalizedUrl(Url):
    """One address for every language, or one per language (fi: …, sv: …, en: …) where the
    page is published in several; a missing language opens the required language's page."""

    def check_node(self, node, ctx, where):
        import yaml

        from kiosk.content.spec_types import join

        if not isinstance(node, yaml.MappingNode):
            return super().check_node(node, ctx, where)
        urls, ok = {}, True
        for key_node, value_node in node.value:
            language = key_node.value
            if language not in ctx.languages:
                ctx.error(key_node, f"unknown language '{language}'", join(where, language))
                ok = False
                continue
            value = Url.check(self, value_node, ctx, join(where, language))
            if value is INVALID:
                ok = False
            else:
                urls[language] = value
        if not ok:
            return INVALID
        if ctx.required_language not in urls:
            return ctx.error(node, f"missing the address in {ctx.required_language}", where)
        return urls

    def json_schema(self, ctx):
        one = super().json_schema(ctx)
        per_language = {
            "type": "object",
            "properties": {language: dict(one) for language in ctx.languages},
            "required": [ctx.required_language],
            "additionalProperties": False,
        }
        return {"anyOf": [one, per_language], "description": self.doc}


def _link(url, label):
    if isinstance(url, dict):
        required = next(iter(url)) if "fi" not in url else "fi"
        return model.Link(url=url[required], label=label, urls=tuple(url.items()))
    return model.Link(url=url, label=label)


LINK = Record(
    "link",
    [
        Field(
            "url",
            LocalizedUrl(
                "An https:// address, or one per language (fi: …, sv: …, en: …) where the page "
                "is published in several; shown as a QR code. It must be in exhibits/sources.yaml."
            ),
        ),
        Field("label", Text("Short caption under the QR code.", max_len=40)),
    ],
    _link,
    "A link that becomes a QR code.",
)

FACT = Record(
    "fact",
    [
        Field("label", Text("What the number is.", max_len=80)),
        Field("value", Number("The number; '.' is the decimal point.")),
        Field("unit", Str("Unit, the same in every language: t CO₂e, %, g CO₂/kWh.", 24), False),
        Field("year", Int("The year the figure is for.", minimum=1900, maximum=2100)),
        Field("target", Bool("The figure is a goal for `year`, not a measured one."), False, False),
        Field("source", SourceRef("Where the figure is published: an id from sources.yaml.")),
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
        Field("source", SourceRef("Where the figure is published: an id from sources.yaml.")),
    ],
    model.Milestone,
)

GOAL = Record(
    "goal",
    [
        Field("baseline_year", Int("The year emissions are compared with.", 1900, 2100)),
        Field("target_year", Int("The year of the goal.", 1900, 2100)),
        Field("target_cut", Number("Per cent below the baseline year by the target year.", 0, 100)),
        Field("source", SourceRef("Who set the goal: an id from sources.yaml.")),
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
