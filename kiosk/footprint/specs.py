"""The declared shape of exhibits/quiz.yaml. The validator and `kiosk schema` both read this;
checks.py adds the checks across keys (options, units, conditions)."""

from __future__ import annotations

import yaml

from kiosk.content.loader import ContentFile
from kiosk.content.spec_types import (
    FLOAT,
    ID_PATTERN,
    INT,
    INVALID,
    STR,
    CitedUrl,
    CitingStr,
    Enum,
    Field,
    Id,
    Int,
    List,
    Number,
    Pattern,
    Record,
    Ref,
    Spec,
    Str,
    Text,
    _documented,
    _pairs,
    join,
    regex_escape,
)
from kiosk.content.specs import LINK
from kiosk.footprint import model
from kiosk.footprint.checks import check_factor, check_question, check_quiz, check_saving
from kiosk.footprint.units import FOOTPRINT, WORDS, UnitError, parse_unit


class UnitSpec(Str):
    """A unit from the quiz's vocabulary (units.py), such as g CO2e/kWh or kWh/person/yr."""

    expected = "a unit"

    def __init__(self, doc: str = ""):
        super().__init__(doc, numbers_ok=False)

    def convert(self, node, ctx, where):
        text = super().convert(node, ctx, where)
        if text is INVALID:
            return INVALID
        try:
            return parse_unit(text)
        except UnitError as problem:
            return ctx.error(node, str(problem), where)

    def json_schema(self, ctx):
        """The words as parse_unit reads them: any run of blanks within and around a word."""
        longest_first = sorted(WORDS, key=len, reverse=True)
        words = "|".join(r"\s+".join(map(regex_escape, w.split())) for w in longest_first)
        part = rf"\s*({words})\s*"
        pattern = rf"^{part}(/{part})*$"
        return _documented({"type": "string", "pattern": pattern}, self.doc)


class NumberOrFactor(Spec):
    """A number in the factor's own unit, or the id of another factor to take the value from."""

    expected = "a number or a factor id"

    def __init__(self, doc: str = ""):
        self.doc = doc
        self.number = Number(minimum=0)
        self.factor = Ref("factor")
        self.factor.expected = self.expected  # a curator may have meant either

    def check_node(self, node, ctx, where):
        if isinstance(node, yaml.ScalarNode) and node.tag in (INT, FLOAT):
            return self.number.check_node(node, ctx, where)
        if isinstance(node, yaml.ScalarNode) and node.tag == STR:
            return self.factor.check_node(node, ctx, where)
        return self.wrong_type(node, ctx, where)

    def json_schema(self, ctx):
        number = self.number.json_schema(ctx)
        return _documented({"anyOf": [number, self.factor.json_schema(ctx)]}, self.doc)


class Cells(Spec):
    """A factor's values by answer: `option: value`, or for two questions
    `option: {option: value}`. Which options must appear is checked in checks.py."""

    expected = "values by option (option: value)"

    def __init__(self, doc: str = ""):
        self.doc = doc
        self.cell = NumberOrFactor()

    def check_node(self, node, ctx, where):
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, where)
        cells, ok = [], True
        for key_node, value_node in _pairs(node, ctx, where):
            here = join(where, key_node.value)
            if isinstance(value_node, yaml.MappingNode):
                inner = self.check(value_node, ctx, here)
                if inner is INVALID:
                    ok = False
                else:
                    cells += [((key_node.value, *key), value) for key, value in inner]
                continue
            value = self.cell.check(value_node, ctx, here)
            if value is INVALID:
                ok = False
            else:
                cells.append(((key_node.value,), value))
        return tuple(cells) if ok else INVALID

    def json_schema(self, ctx):
        cell = self.cell.json_schema(ctx)
        nested = {"type": "object", "additionalProperties": cell}
        return _documented(
            {"type": "object", "additionalProperties": {"anyOf": [cell, nested]}}, self.doc
        )


class ShareCells(Cells):
    """A question's shares: `option: per cent`, or by the answer to `shares_by`,
    `option: {option: per cent}`. Which options must appear is checked in checks.py."""

    expected = "shares by option (option: per cent)"

    def __init__(self, doc: str = ""):
        self.doc = doc
        self.cell = Number(minimum=0, maximum=100)


HTTPS_URL = CitedUrl(
    "The address where the figures can be read (https); it must be in exhibits/sources.yaml."
)

OPTION_ID = Pattern(ID_PATTERN, "an option id of lower-case letters, digits and '-'")


class Answers(Spec):
    """Answers by question: `question: option`, or with `several` also
    `question: [option, option]`. Question ids are resolved like any reference."""

    def __init__(self, doc: str = "", several: bool = False):
        self.doc, self.several = doc, several
        self.question = Ref("question")
        self.options = List(OPTION_ID, min_items=1, unique=True)

    @property
    def expected(self):
        return "answers (question: option" + (" or [options])" if self.several else ")")

    def check_node(self, node, ctx, where):
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, where)
        answers, ok = [], True
        for key_node, value_node in _pairs(node, ctx, where):
            here = join(where, key_node.value)
            question = self.question.check(key_node, ctx, here)
            if self.several and isinstance(value_node, yaml.SequenceNode):
                options = self.options.check(value_node, ctx, here)
            else:
                options = OPTION_ID.check(value_node, ctx, here)
                if options is not INVALID and self.several:
                    options = (options,)
            if INVALID in (question, options):
                ok = False
            else:
                answers.append((question, options))
        return tuple(answers) if ok else INVALID

    def json_schema(self, ctx):
        option = OPTION_ID.json_schema(ctx)
        value = {"anyOf": [option, self.options.json_schema(ctx)]} if self.several else option
        schema = {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": value,
        }
        return _documented(schema, self.doc)


CATEGORY = Record(
    "category",
    [
        Field("id", Enum(model.CATEGORIES, "Which part of the footprint.")),
        Field("label", Text("The category's name on its bar.", max_len=30)),
    ],
    model.Category,
    "A part of the footprint, shown as one bar.",
)

OPTION = Record(
    "option",
    [
        Field("id", OPTION_ID),
        Field("label", Text("The button's text.", max_len=60)),
    ],
    model.Option,
    "One answer; a 'don't know / skip' button is added to every question.",
    schema_rule={"allOf": [{"properties": {"id": {"not": {"const": model.SKIPPED}}}}]},
)


def _question(shares=(), **fields):
    return model.Question(shares=shares, **fields)


QUESTION = Record(
    "question",
    [
        Field("id", Id("question", "Unique in the quiz; factors and tips refer to it.")),
        Field("category", Enum(model.CATEGORIES, "The part of the footprint it is about.")),
        Field("text", Text("The question.", max_len=90)),
        Field("options", List(OPTION, "The answers, one tap each.", min_items=2)),
        Field(
            "shares",
            ShareCells("How the population answers, per cent by option: skipping gives the mix."),
            False,
            (),
        ),
        Field(
            "shares_by",
            Ref("question", "An earlier question the shares depend on (shares by its answer)."),
            False,
        ),
        Field(
            "shares_source",
            CitingStr(
                "Who published the shares, and where; an address here must be in "
                "exhibits/sources.yaml."
            ),
            False,
        ),
        Field(
            "shares_note",
            CitingStr("How the shares were derived, and what is assumed."),
            False,
        ),
        Field(
            "ask_if",
            Answers("Asked only after these answers (e.g. car distance only for drivers).", True),
            False,
            (),
        ),
    ],
    _question,
    "A single-tap question.",
    check_question,
    schema_rule={"dependentRequired": {"shares": ["shares_source"], "shares_by": ["shares"]}},
)


def _factor(id, unit, value=None, by=(), values=(), skipped=None, **sourced):
    return model.Factor(
        id=id, unit=unit, value=value, by=by, cells=values, skipped=skipped, **sourced
    )


FACTOR = Record(
    "factor",
    [
        Field("id", Id("factor", "Unique in the quiz; lines and tips refer to it.")),
        Field("unit", UnitSpec("The unit of every value here, e.g. g CO2e/kWh.")),
        Field("value", Number("A constant, in `unit`.", minimum=0), False),
        Field(
            "by", List(Ref("question"), "The questions the value depends on.", 1, True), False, ()
        ),
        Field("values", Cells("The value for each answer to the questions in `by`."), False, ()),
        Field(
            "skipped",
            NumberOrFactor("The Finnish-average default, used when a question in `by` is skipped."),
            False,
        ),
        Field("source", CitingStr("Who published the figures here, and where."), False),
        Field("year", Int("The year the figure is for.", minimum=1900, maximum=2100), False),
        Field("note", CitingStr("A caveat, such as an old or uncertain figure."), False),
        Field("derivation", CitingStr("How a figure not published as such was worked out."), False),
        Field("url", HTTPS_URL, False),
    ],
    _factor,
    "A number with its unit and source: a constant `value`, or values `by` answers.",
    check_factor,
    schema_rule={
        "oneOf": [{"required": ["value"]}, {"required": ["by", "values"]}],
        "dependentRequired": {"value": ["source"], "skipped": ["by"]},
    },
)

LINE = Record(
    "line",
    [
        Field("id", Id("line", "Unique in the quiz.")),
        Field("category", Enum(model.CATEGORIES, "The category the line adds to.")),
        Field("times", List(Ref("factor"), "Factors multiplied together.", min_items=1)),
        Field("per", List(Ref("factor"), "Factors divided by."), False, ()),
    ],
    model.Line,
    f"One part of the footprint: times ÷ per, which must work out in {FOOTPRINT}.",
)

SAVING = Record(
    "saving",
    [
        Field("switch", Answers("The answers after the change; saving = now − then."), False, ()),
        Field("times", List(Ref("factor"), "Factors multiplied together."), False, ()),
        Field("per", List(Ref("factor"), "Factors divided by."), False, ()),
    ],
    model.Saving,
    f"Either switch, or times ÷ per working out in {FOOTPRINT}.",
    check_saving,
    schema_rule={
        "oneOf": [{"required": ["switch"]}, {"required": ["times"]}],
        "dependentRequired": {"per": ["times"]},
    },
)

TIP = Record(
    "tip",
    [
        Field("id", Id("tip", "Unique in the quiz.")),
        Field("title", Text("The action, in a few words.", max_len=60)),
        Field("text", Text("One or two sentences: what to do and why it helps.", max_len=240)),
        Field(
            "when",
            Answers("Shown only with these answers (`skipped` for a skipped one).", several=True),
            False,
            (),
        ),
        Field("saving", SAVING),
        Field("station", Ref("station", "The station about what Espoo does for it."), False),
        Field("link", LINK, False),
        Field(
            "source",
            CitingStr("Where the tip's figures come from, as shown under it.", 80),
            False,
        ),
    ],
    model.Tip,
    "An action with the condition it applies under and the saving it brings.",
)

REFERENCE = Record(
    "reference",
    [
        Field("id", Id("reference", "Unique in the quiz.")),
        Field("label", Text("Who or what the figure is for.", max_len=50)),
        Field("value", Number("The footprint.", minimum=0)),
        Field("unit", UnitSpec(f"The unit; it must convert to {FOOTPRINT}.")),
        Field("year", Int("The year the figure is for.", minimum=1900, maximum=2100)),
        Field("source", CitingStr("Who published the figure, and where.")),
        Field("note", CitingStr("A caveat."), False),
    ],
    model.Reference,
    "A footprint the visitor's is compared with.",
)

QUIZ = Record(
    "quiz",
    [
        Field("title", Text("The quiz's name.", max_len=60)),
        Field("skip_label", Text("The 'don't know / skip' button.", max_len=30)),
        Field("categories", List(CATEGORY, "The bars, in display order.", min_items=1)),
        Field("questions", List(QUESTION, "In the order they are asked.", min_items=1)),
        Field("factors", List(FACTOR, "Every number the footprint is computed from.", 1)),
        Field("lines", List(LINE, "What the footprint adds up.", min_items=1)),
        Field("tips", List(TIP, "Actions; shown largest saving first."), False, ()),
        Field("references", List(REFERENCE, "Footprints to compare with."), False, ()),
        Field(
            "baseline",
            Pattern(ID_PATTERN, "a reference id", "The reference skipping everything gives."),
            False,
        ),
    ],
    model.Quiz,
    "exhibits/quiz.yaml: the carbon-footprint quiz (see docs/quiz-format.md).",
    check_quiz,
)

QUIZ_FILE = ContentFile("quiz.yaml", "quiz", QUIZ, "quiz")
