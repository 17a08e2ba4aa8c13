"""The kinds of Spec (Str, Url, Text, List, Record, ...) the YAML files are declared with: one
declaration both validates YAML nodes and prints the JSON Schema, so the editor's schema and the
kiosk's validator cannot drift apart.

Every check works on PyYAML nodes, keeps their marks, and reports into Diagnostics instead of
raising, so one run lists every problem in every file.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import yaml
import yaml.constructor

from kiosk.content.problems import Diagnostics, escaped, is_hidden
from kiosk.languages import ENGLISH_NAMES, LANGUAGES

INVALID = object()
"""Returned by a check whose value was wrong; the problem is already reported."""

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, MAP, SEQ = _TAG + "timestamp", _TAG + "map", _TAG + "seq"
_STANDARD_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MAP, SEQ}
_constructor = yaml.constructor.SafeConstructor()

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_ID_LEN = 64
"""The longest id; the statistics store (kiosk.stats.store) refuses longer ones."""
MAX_DIGITS = 30
"""More digits than any figure needs; Python refuses to convert some 4,300 and more."""


@dataclass
class Context:
    """What a check needs besides the node: where to report, and the shared registries."""

    path: str
    diagnostics: Diagnostics
    languages: tuple[str, ...] = LANGUAGES
    required_language: str = "fi"
    media: object = None  # kiosk.content.media_paths.MediaLibrary, when media paths are checked
    # The longest link (UTF-8 bytes) that stays a scannable QR code at the configured size:
    # kiosk.qr.url_limit(settings). This default is its value for the default settings (a 30 mm
    # code, no campaign parameters); tests/test_qr.py pins that the two agree.
    url_max_len: int = 152
    # kiosk.yaml's links.allowed_domains: a link to another domain is a warning. Empty: any.
    link_domains: tuple[str, ...] = ()
    ids: dict = field(default_factory=dict)  # (kind, id) -> (path, mark)
    refs: list = field(default_factory=list)  # (kind, id, path, mark, where)
    seen: set = field(default_factory=set)
    # Every web address in the content (links, cited pages, addresses written in source texts),
    # checked against exhibits/sources.yaml:
    # (url, path, mark, where).
    addresses: list = field(default_factory=list)
    # Every visitor-facing text, checked against exhibits/terminology.yaml:
    # (language, text, path, mark, where).
    texts: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # id -> kiosk.content.model.Source, once read
    lines: tuple[str, ...] = ()  # the lines of the file being checked, for positions in a text

    def error(self, node, message: str, where: str) -> object:
        self.diagnostics.error(self.path, node.start_mark, message, where)
        return INVALID

    def warning(self, node, message: str, where: str) -> None:
        self.diagnostics.warning(self.path, node.start_mark, message, where)


def join(where: str, key) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def describe(node) -> str:
    """How a curator would name what they wrote."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {
        INT: "a number",
        FLOAT: "a number",
        BOOL: f"true/false ({node.value})",
        NULL: "nothing (the value is empty)",
        TIMESTAMP: f"a date ({node.value})",
    }.get(node.tag, f"text ('{_clip(node.value)}')")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class Spec:
    """One kind of value. `expected` completes the sentence 'expected …'."""

    expected = "a value"
    doc = ""

    def check(self, node, ctx: Context, where: str):
        if not _enter(node, ctx, where):
            return INVALID
        return self.check_node(node, ctx, where)

    def check_node(self, node, ctx: Context, where: str):
        raise NotImplementedError

    def json_schema(self, ctx: Context) -> dict:
        raise NotImplementedError

    def wrong_type(self, node, ctx: Context, where: str):
        return ctx.error(node, f"expected {self.expected}, got {describe(node)}", where)


def _enter(node, ctx: Context, where: str) -> bool:
    """Refuses aliases (the walk would otherwise expand an alias bomb) and foreign tags."""
    if id(node) in ctx.seen:
        ctx.error(node, "anchors and aliases (&name, *name) are not supported; write it out", where)
        return False
    ctx.seen.add(id(node))
    if node.tag not in _STANDARD_TAGS:
        ctx.error(node, f"YAML tag '{node.tag.replace(_TAG, '!!')}' is not allowed", where)
        return False
    return True


class Scalar(Spec):
    """A single value; `tags` are the YAML types it accepts."""

    tags: tuple[str, ...] = (STR,)

    def check_node(self, node, ctx, where):
        if not isinstance(node, yaml.ScalarNode) or node.tag not in self.tags:
            return self.wrong_type(node, ctx, where)
        return self.convert(node, ctx, where)

    def convert(self, node, ctx, where):
        return node.value


# What text may hold that is not seen: line breaks and tabs, a soft hyphen (a place to break
# a long word), and the zero-width (non-)joiners some scripts and emoji need.
TEXT_INVISIBLES = frozenset("\n\t\u00ad\u200c\u200d")


def hidden_characters(text: str, allowed: frozenset = TEXT_INVISIBLES) -> list[str]:
    """The control and invisible characters in `text` that are not `allowed`, each once."""
    return list(dict.fromkeys(c for c in text if c not in allowed and is_hidden(c)))


def _no_hidden_characters(text, node, ctx, where) -> bool:
    """Control characters (ESC, BEL) and bidirectional overrides show in a visitor's text as
    boxes or reorder it, and in a terminal they are commands: refused, named escaped."""
    found = hidden_characters(text)
    if found:
        named = ", ".join(escaped(c) for c in found[:5])
        message = f"text contains invisible or control characters ({named}); remove them"
        ctx.error(node, message, where)
    return not found


class Str(Scalar):
    """Free text that is the same in every language, such as a source or a unit."""

    expected = "text"

    def __init__(self, doc: str = "", max_len: int | None = None, numbers_ok: bool = True):
        self.doc = doc
        self.max_len = max_len
        self.tags = (STR, INT, FLOAT) if numbers_ok else (STR,)

    def convert(self, node, ctx, where):
        text = node.value.strip()
        if not text:
            return ctx.error(node, "empty text", where)
        if not _no_hidden_characters(text, node, ctx, where):
            return INVALID
        if self.max_len and len(text) > self.max_len:
            return ctx.error(node, f"text is {len(text)} characters; at most {self.max_len}", where)
        return text

    def json_schema(self, ctx):
        schema = {"type": ["string", "number"] if INT in self.tags else "string", "minLength": 1}
        if self.max_len:
            schema["maxLength"] = self.max_len
        return _documented(schema, self.doc)


def regex_escape(text: str) -> str:
    """`text` as a literal in a regular expression that Python and ECMAScript (JSON Schema's
    dialect) both read the same way: only the syntax characters are escaped. Python's
    re.escape also escapes spaces and other characters, which ECMAScript's unicode mode
    refuses (`\\ ` is not a valid escape there)."""
    return re.sub(r"([\\^$.|?*+()\[\]{}/])", r"\\\1", text)


class Pattern(Str):
    """Text that must match a regular expression, described in words for the curator."""

    def __init__(self, pattern: str, expected: str, doc: str = ""):
        super().__init__(doc, numbers_ok=False)
        self.pattern = pattern
        self.expected = expected

    def convert(self, node, ctx, where):
        text = super().convert(node, ctx, where)
        if text is INVALID:
            return INVALID
        if not re.match(self.pattern, text):
            return ctx.error(node, f"expected {self.expected}, got '{_clip(text)}'", where)
        return text

    def json_schema(self, ctx):
        return _documented({"type": "string", "pattern": self.pattern}, self.doc)


class _IdText(Pattern):
    """An id as written: the pattern, and at most MAX_ID_LEN characters."""

    def convert(self, node, ctx, where):
        value = super().convert(node, ctx, where)
        if value is not INVALID and len(value) > MAX_ID_LEN:
            message = (
                f"id is {len(value)} characters; at most {MAX_ID_LEN} (the statistics count by it)"
            )
            return ctx.error(node, message, where)
        return value

    def json_schema(self, ctx):
        schema = {"type": "string", "pattern": self.pattern, "maxLength": MAX_ID_LEN}
        return _documented(schema, self.doc)


class Id(_IdText):
    """Names a thing so that others can refer to it; unique within its kind."""

    def __init__(self, kind: str, doc: str = ""):
        super().__init__(ID_PATTERN, "an id of lower-case letters, digits and '-'", doc)
        self.kind = kind

    def convert(self, node, ctx, where):
        value = super().convert(node, ctx, where)
        if value is INVALID:
            return INVALID
        first = ctx.ids.get((self.kind, value))
        if first:
            path, mark = first
            return ctx.error(
                node,
                f"duplicate {self.kind} id '{value}' (first defined at {path}:{mark.line + 1})",
                where,
            )
        ctx.ids[(self.kind, value)] = (ctx.path, node.start_mark)
        return value


class Ref(_IdText):
    """Refers to an Id of `kind`; resolved once every file has been read."""

    def __init__(self, kind: str, doc: str = ""):
        super().__init__(ID_PATTERN, f"a {kind} id", doc)
        self.kind = kind

    def convert(self, node, ctx, where):
        value = super().convert(node, ctx, where)
        if value is not INVALID:
            ctx.refs.append((self.kind, value, ctx.path, node.start_mark, where))
        return value


class Url(Str):
    """A link for a phone to open: https only, short enough to stay a scannable QR code."""

    expected = "an https:// address"
    # Editors get a fixed bound: the real one depends on the QR size in kiosk.yaml, which the
    # schema cannot know, so the validator checks ctx.url_max_len instead.
    schema_max_len = 300

    def __init__(self, doc: str = "", listed: bool = True):
        """`listed`: the address is one a visitor is given, so it must be on the sources list."""
        super().__init__(doc, numbers_ok=False)
        self.listed = listed

    def convert(self, node, ctx, where):
        from urllib.parse import urlsplit

        from kiosk.content.links import LinkProblem, checked_host, outside

        text = node.value.strip()
        if re.search(r"\s", text):
            return ctx.error(node, f"link contains white space: '{_clip(text)}'", where)
        try:
            host = checked_host(text)
        except LinkProblem as problem:
            return ctx.error(node, str(problem), where)
        text = super().convert(node, ctx, where)
        if text is INVALID:
            return INVALID
        if urlsplit(text).scheme.lower() != "https":
            return ctx.error(node, f"link is not https: '{_clip(text)}'; use https://", where)
        if "." not in host:
            return ctx.error(node, f"link has no valid host name: '{_clip(text)}'", where)
        if ctx.link_domains and outside(host, ctx.link_domains):
            domains = ", ".join(ctx.link_domains)
            message = (
                f"link goes to {host}, outside links.allowed_domains in kiosk.yaml ({domains})"
            )
            ctx.warning(node, message, where)
        size = len(text.encode("utf-8"))  # what the code holds: letters like ä take two bytes
        if size > ctx.url_max_len:
            in_bytes = f" ({size} bytes in UTF-8)" if size != len(text) else ""
            return ctx.error(
                node,
                f"link is {len(text)} characters{in_bytes}; at most {ctx.url_max_len} stay "
                "scannable as a QR code at the configured size",
                where,
            )
        if self.listed:
            ctx.addresses.append((text, ctx.path, node.start_mark, where))
        return text

    def json_schema(self, ctx):
        schema = {
            "type": "string",
            "pattern": r"^https://[^\s]+$",
            "maxLength": self.schema_max_len,
        }
        return _documented(schema, self.doc)


CITED_URL_PATTERN = r"https://[^\s/]+\.[^\s/]+(/\S*)?"


class CitedUrl(Str):
    """The address of a page a figure is taken from, for the curators and the method document,
    never shown as a QR code: https, and on the sources list like every address in the content,
    but not bound by the QR code's length or links.allowed_domains."""

    expected = "an https:// address"

    def __init__(self, doc: str = ""):
        super().__init__(doc, numbers_ok=False)

    def convert(self, node, ctx, where):
        text = super().convert(node, ctx, where)
        if text is INVALID:
            return INVALID
        if not re.fullmatch(CITED_URL_PATTERN, text):
            return ctx.error(node, f"not an https:// address: '{_clip(text)}'", where)
        ctx.addresses.append((text, ctx.path, node.start_mark, where))
        return text

    def json_schema(self, ctx):
        return _documented({"type": "string", "pattern": f"^{CITED_URL_PATTERN}$"}, self.doc)


ADDRESS_IN_TEXT = re.compile(r"https?://[^\s]+")


def addresses_in(text: str) -> list[str]:
    """The web addresses written in `text`: an address ends at white space,
    without a trailing full stop, comma, semicolon or colon, or a closing bracket it did not
    open ('(see https://a.fi/x)' gives 'https://a.fi/x'; 'https://a.fi/p(1)' keeps its '(1)')."""
    found = []
    for match in ADDRESS_IN_TEXT.finditer(text):
        url = match.group()
        while url:
            if url[-1] in ".,;:" or url[-1] == ")" and url.count(")") > url.count("("):
                url = url[:-1]
            else:
                break
        found.append(url)
    return found


class CitingStr(Str):
    """Free text that may name pages by their address (a source line): every address in it must
    be on the sources list, reported where it stands in the file."""

    def convert(self, node, ctx, where):
        text = super().convert(node, ctx, where)
        if text is INVALID:
            return INVALID
        for url in addresses_in(text):
            ctx.addresses.append((url, ctx.path, _mark_of(node, url, ctx.lines), where))
        return text


def _mark_of(node, url: str, lines: tuple[str, ...]):
    """Where `url` stands in the file whose `lines` are given: searched in the lines `node`
    spans (a folded scalar reads differently from its value, but an address has no spaces, so
    it is never folded across lines). Without the lines, the start of the node."""
    start, end = node.start_mark, node.end_mark
    for number in range(start.line, min(end.line, len(lines) - 1) + 1):
        column = lines[number].find(url, start.column if number == start.line else 0)
        if column >= 0:
            return (number + 1, column + 1)
    return start


class Int(Scalar):
    expected = "a whole number"
    tags = (INT,)

    def __init__(self, doc: str = "", minimum: int | None = None, maximum: int | None = None):
        self.doc, self.minimum, self.maximum = doc, minimum, maximum

    def convert(self, node, ctx, where):
        value = _number(node, ctx, where, self.expected)
        return value if value is INVALID else _in_range(value, self, node, ctx, where)

    def json_schema(self, ctx):
        return _documented(_range_schema({"type": "integer"}, self), self.doc)


class Number(Int):
    expected = "a number"
    tags = (INT, FLOAT)

    def convert(self, node, ctx, where):
        value = _number(node, ctx, where, self.expected)
        if value is INVALID:
            return INVALID
        if not math.isfinite(value):
            return ctx.error(node, f"expected a finite number, got {node.value}", where)
        return _in_range(value, self, node, ctx, where)

    def json_schema(self, ctx):
        return _documented(_range_schema({"type": "number"}, self), self.doc)


def _number(node, ctx, where, expected: str):
    """The number a scalar tagged int or float holds, or INVALID after reporting: an explicit
    tag (`!!int abc`) does not make text a number, and thousands of digits are a mistake that
    would only cost time to convert."""
    digits = sum(character.isdigit() for character in node.value)
    if digits > MAX_DIGITS:
        return ctx.error(node, f"number has {digits} digits; at most {MAX_DIGITS}", where)
    try:
        if node.tag == INT:
            value = _constructor.construct_yaml_int(node)
        else:
            value = _constructor.construct_yaml_float(node)
    except (ValueError, TypeError):
        return ctx.error(node, f"expected {expected}, got '{_clip(node.value)}'", where)
    # YAML 1.1 reads a leading zero as octal and colons as base 60; nobody writing a figure
    # means either.
    written = node.value.replace("_", "")
    if ":" in written:
        message = f"'{written}' would be read as {value} (YAML base 60); write one number"
        return ctx.error(node, message, where)
    if node.tag == INT and re.fullmatch(r"[-+]?0[0-7]+", written):
        decimal = re.sub(r"^([-+]?)0+", r"\1", written)
        message = (
            f"'{written}' would be read as {value} (YAML octal); "
            f"write {decimal} without the leading zero"
        )
        return ctx.error(node, message, where)
    return value


def _in_range(value, spec, node, ctx, where):
    if spec.minimum is not None and value < spec.minimum:
        return ctx.error(node, f"{value} is below the smallest allowed, {spec.minimum}", where)
    if spec.maximum is not None and value > spec.maximum:
        return ctx.error(node, f"{value} is above the largest allowed, {spec.maximum}", where)
    return value


def _range_schema(schema: dict, spec) -> dict:
    if spec.minimum is not None:
        schema["minimum"] = spec.minimum
    if spec.maximum is not None:
        schema["maximum"] = spec.maximum
    return schema


class Bool(Scalar):
    expected = "true or false"
    tags = (BOOL,)

    def __init__(self, doc: str = ""):
        self.doc = doc

    def convert(self, node, ctx, where):
        value = _constructor.bool_values.get(node.value.lower())
        if value is None:  # `!!bool maybe`
            return ctx.error(node, f"expected {self.expected}, got '{_clip(node.value)}'", where)
        return value

    def json_schema(self, ctx):
        return _documented({"type": "boolean"}, self.doc)


class Date(Scalar):
    expected = "a date (YYYY-MM-DD)"
    tags = (TIMESTAMP,)

    def __init__(self, doc: str = ""):
        self.doc = doc

    def convert(self, node, ctx, where):
        if not _constructor.timestamp_regexp.match(node.value):  # `!!timestamp junk`
            return ctx.error(node, f"'{_clip(node.value)}' is not {self.expected}", where)
        try:
            value = _constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:  # 2026-04-31
            return ctx.error(node, f"{_clip(node.value)} is not a date: {exc}", where)
        if not isinstance(value, date) or hasattr(value, "hour"):
            return ctx.error(node, f"expected {self.expected} without a time", where)
        return value

    def json_schema(self, ctx):
        return _documented({"type": "string", "format": "date"}, self.doc)


class Enum(Scalar):
    def __init__(self, values: tuple[str, ...], doc: str = ""):
        self.values, self.doc = values, doc
        self.expected = "one of " + ", ".join(values)

    def convert(self, node, ctx, where):
        if node.value not in self.values:
            message = (
                f"'{_clip(node.value)}' is not {self.expected}{suggest(node.value, self.values)}"
            )
            return ctx.error(node, message, where)
        return node.value

    def json_schema(self, ctx):
        return _documented({"enum": list(self.values)}, self.doc)


class Text(Spec):
    """A visitor-facing text in every configured language; the required one is mandatory,
    the others fall back to it with a warning."""

    def __init__(self, doc: str = "", paragraphs: bool = False, max_len: int | None = None):
        self.doc, self.paragraphs, self.max_len = doc, paragraphs, max_len

    @property
    def expected(self):
        return "texts by language (fi: …, sv: …, en: …)"

    def check_node(self, node, ctx, where):
        from kiosk.content.model import Text as TextValue

        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, where)
        texts = {}
        ok = True
        for key_node, value_node in _pairs(node, ctx, where):
            language = key_node.value
            here = join(where, language)
            if language not in ctx.languages:
                hint = suggest(language, ctx.languages)
                ctx.error(key_node, f"unknown language '{language}'{hint}", here)
                ok = False
                continue
            text = self._text(value_node, ctx, here)
            if text is INVALID:
                ok = False
            else:
                texts[language] = text
                ctx.texts.append((language, text, ctx.path, value_node.start_mark, here))
        if not ok:
            return INVALID
        required = ctx.required_language
        if required not in texts:
            name = ENGLISH_NAMES.get(required, required)
            return ctx.error(node, f"missing {name} text ({required}); it is required", where)
        for language in ctx.languages:
            if language not in texts:
                name = ENGLISH_NAMES.get(language, language)
                fallback = ENGLISH_NAMES.get(required, required)
                ctx.warning(node, f"missing {name} text ({language}); {fallback} is shown", where)
                texts[language] = texts[required]
        return TextValue(tuple((language, texts[language]) for language in ctx.languages))

    def _text(self, node, ctx, where):
        if not _enter(node, ctx, where):
            return INVALID
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (STR, INT, FLOAT):
            return ctx.error(node, f"expected text, got {describe(node)}", where)
        text = node.value.strip()
        if not text:
            return ctx.error(node, "empty text", where)
        if not _no_hidden_characters(text, node, ctx, where):
            return INVALID
        if not self.paragraphs and "\n" in text:
            return ctx.error(node, "text must be one line; paragraphs belong in a body", where)
        if self.max_len and len(text) > self.max_len:
            ctx.warning(
                node,
                f"text is {len(text)} characters; keep it under {self.max_len} so it fits",
                where,
            )
        return text

    def json_schema(self, ctx):
        one = {"type": ["string", "number"], "minLength": 1}
        return _documented(
            {
                "type": "object",
                "properties": {language: dict(one) for language in ctx.languages},
                "required": [ctx.required_language],
                "additionalProperties": False,
            },
            self.doc,
        )


class List(Spec):
    def __init__(self, item: Spec, doc: str = "", min_items: int = 0, unique: bool = False):
        self.item, self.doc, self.min_items, self.unique = item, doc, min_items, unique

    @property
    def expected(self):
        return "a list (lines starting with '- ')"

    def check_node(self, node, ctx, where):
        if not isinstance(node, yaml.SequenceNode):
            return self.wrong_type(node, ctx, where)
        if len(node.value) < self.min_items:
            return ctx.error(node, f"list needs at least {self.min_items} item(s)", where)
        values = [self.item.check(child, ctx, join(where, i)) for i, child in enumerate(node.value)]
        if self.unique:
            for i, value in enumerate(values):
                if value is not INVALID and value in values[:i]:
                    values[i] = ctx.error(
                        node.value[i], f"'{value}' is listed twice", join(where, i)
                    )
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def json_schema(self, ctx):
        schema = {"type": "array", "items": self.item.json_schema(ctx)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return _documented(schema, self.doc)


class Nullable(Spec):
    """`inner`, or empty (null) for 'not set'."""

    def __init__(self, inner: Spec):
        self.inner = inner
        self.doc = inner.doc

    def check(self, node, ctx, where):
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            return None
        return self.inner.check(node, ctx, where)

    def json_schema(self, ctx):
        inner = self.inner.json_schema(ctx)
        return {"anyOf": [inner, {"type": "null"}], "description": inner.get("description", "")}


@dataclass(frozen=True)
class Field:
    key: str
    spec: Spec
    required: bool = True
    default: object = None


class Record(Spec):
    """A mapping with known keys, built into a model object once every key checks out."""

    def __init__(
        self,
        name: str,
        fields: list[Field],
        build: Callable,
        doc: str = "",
        rule: Callable | None = None,
        schema_rule: dict | None = None,
    ):
        """`rule(values, node, ctx, where)` checks keys against each other; False if wrong.
        `schema_rule` says in JSON Schema what of `rule` it can (such as `oneOf` or
        `dependentRequired`), so that an editor underlines the same mistakes."""
        self.name, self.fields, self.build, self.doc = name, {f.key: f for f in fields}, build, doc
        self.rule, self.schema_rule = rule, schema_rule or {}

    @property
    def expected(self):
        return f"a mapping for a {self.name} (key: value lines)"

    def check_node(self, node, ctx, where):
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, ctx, where)
        values, ok = {}, True
        for key_node, value_node in _pairs(node, ctx, where):
            key = key_node.value
            spec_field = self.fields.get(key)
            if spec_field is None:
                hint = suggest(key, self.fields)
                ctx.error(key_node, f"unknown key '{key}' in {self.name}{hint}", join(where, key))
                ok = False
                continue
            value = spec_field.spec.check(value_node, ctx, join(where, key))
            if value is INVALID:
                ok = False
            values[key] = value
        for key, spec_field in self.fields.items():
            if key in values:
                continue
            if spec_field.required:
                ctx.error(node, f"missing required key '{key}' in {self.name}", where)
                ok = False
            else:
                values[key] = spec_field.default
        if ok and self.rule is not None:
            ok = self.rule(values, node, ctx, where)
        return self.build(**values) if ok else INVALID

    def json_schema(self, ctx):
        return _documented(
            {
                "type": "object",
                "properties": {k: f.spec.json_schema(ctx) for k, f in self.fields.items()},
                "required": [k for k, f in self.fields.items() if f.required],
                "additionalProperties": False,
                **self.schema_rule,
            },
            self.doc,
        )


def _pairs(node, ctx, where):
    """The mapping's key/value pairs whose keys are plain and not repeated."""
    first_seen = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (STR, INT, BOOL):
            ctx.error(key_node, "a key must be a plain name", where)
            continue
        key = key_node.value
        if key in first_seen:
            line = first_seen[key].line + 1
            ctx.error(key_node, f"duplicate key '{key}' (first at line {line})", join(where, key))
            continue
        first_seen[key] = key_node.start_mark
        yield key_node, value_node


def _documented(schema: dict, doc: str) -> dict:
    if doc:
        schema["description"] = doc
    return schema
