"""Random and mutated YAML never makes the validator raise: every outcome is a report."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content.problems import Problem
from kiosk.content_files import load_content_folder
from tests.contentkit import THEME, make_exhibition

TEMPLATE = THEME.format(id="housing", kind="housing")
FUZZ = settings(max_examples=150, deadline=None)


@pytest.fixture(scope="module")
def base():
    """The valid exhibition each example edits a copy of; removed after the module's tests."""
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-") as folder:
        yield make_exhibition(Path(folder))


def check(base: Path, text: str | bytes) -> None:
    root = Path(tempfile.mkdtemp(dir=base))
    try:
        shutil.copytree(base / "exhibits", root / "exhibits")
        target = root / "exhibits/themes/housing.yaml"
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = load_content_folder(root / "exhibits", base / "media")
    finally:
        shutil.rmtree(root)
    for problem in result.diagnostics.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.col >= 1
        assert str(problem).startswith(str(target))
    assert (result.content is None) == bool(result.diagnostics.errors)


@FUZZ
@given(st.text(max_size=400))
def test_random_text(base, text):
    check(base, text.encode("utf-8", errors="replace"))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(base, data):
    check(base, data)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates()
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "title", "fi", "sv", "stations", "x"]), inner, max_size=4
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(documents)
def test_random_documents(base, document):
    check(base, yaml.safe_dump(document, allow_unicode=True))


@st.composite
def mutated_template(draw):
    lines = TEMPLATE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(["delete", "duplicate", "insert", "indent", "dedent", "swap"])
        )
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "insert":
            junk = draw(st.text(alphabet=" :-[]{}&*!|>#'\"ab1\t", max_size=12))
            lines.insert(at, junk + "\n")
        elif action == "indent":
            lines[at] = "  " + lines[at]
        elif action == "dedent":
            lines[at] = lines[at][2:] if lines[at].startswith("  ") else lines[at]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        if not lines:
            break
    return "".join(lines)


@FUZZ
@given(mutated_template())
def test_mutated_valid_file(base, text):
    check(base, text)
