"""docs/sources.md and docs/terminology.md, written from exhibits/sources.yaml and
exhibits/terminology.yaml so that the documents cannot drift from the content. No Kivy."""

from __future__ import annotations

from kiosk.content.model import Source, Terminology, UnverifiedAddress

SOURCES_DOC = "docs/sources.md"
TERMINOLOGY_DOC = "docs/terminology.md"
LANGUAGES = ("fi", "sv", "en")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def sources_markdown(
    sources: tuple[Source, ...], unverified: tuple[UnverifiedAddress, ...] = ()
) -> str:
    lines = [
        "# Sources of the exhibition",
        "",
        "Generated from `exhibits/sources.yaml` by `tools/write_content_docs.py`; edit the YAML,",
        "not this file (a test fails when the two differ). Every figure on a screen names one of",
        "these sources, and every address the content gives a visitor is one of these pages.",
        "",
        "| id | page | publisher | year | address | checked | how |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for source in sorted(sources, key=lambda s: s.id):
        lines.append(
            "| "
            + " | ".join(
                _cell(value)
                for value in (
                    f"`{source.id}`",
                    f"{source.title} ({source.page})",
                    source.publisher("en"),
                    source.year,
                    f"<{source.url}>",
                    source.checked.isoformat(),
                    source.how,
                )
            )
            + " |"
        )
    if unverified:
        lines += [
            "",
            "## Not verified yet",
            "",
            "The content cites these addresses, but no copy of the page could be read to check",
            "what it takes from them. `kiosk validate` lets them pass because they are named",
            "here; verify each (and move it to the table above) or replace the figure.",
            "",
            "| address | used by | why |",
            "| --- | --- | --- |",
        ]
        for address in unverified:
            row = (f"<{address.url}>", address.used_by, address.why)
            lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"


def terminology_markdown(terminology: Terminology) -> str:
    lines = [
        "# Terminology",
        "",
        "Generated from `exhibits/terminology.yaml` by `tools/write_content_docs.py`; edit the",
        "YAML, not this file. `kiosk validate` warns where the content uses a variant to avoid,",
        "and a test fails where the UI strings (`kiosk/locale/*.po`) do.",
        "",
        "| concept | fi | sv | en | avoid | note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for term in terminology.terms:
        avoid = "; ".join(
            f"{language}: " + ", ".join(f"~~{word}~~" for word in words)
            for language, words in term.avoid
        )
        agreed = [term.agreed(language) for language in LANGUAGES]
        row = (term.id, *agreed, avoid, term.note or "")
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    if terminology.not_checked_yet:
        lines += ["", "Not checked yet:", ""]
        lines += [f"- `exhibits/{name}`: {reason}" for name, reason in terminology.not_checked_yet]
    return "\n".join(lines) + "\n"
