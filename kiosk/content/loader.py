"""Reads exhibits/ and media/ into one Content, or reports every problem found on the way."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.content import model
from kiosk.content.media import MediaLibrary
from kiosk.content.report import Report
from kiosk.content.schema import INVALID, Context, suggest
from kiosk.content.source import read_yaml
from kiosk.content.specs import EXHIBITION, SOURCES, TERMINOLOGY, THEME
from kiosk.content.terminology import check_terminology

EXHIBITION_FILE = "exhibition.yaml"
THEMES_DIR = "themes"
QUIZ_FILE = "quiz.yaml"
PLEDGES_FILE = "pledges.yaml"
SOURCES_FILE = "sources.yaml"
TERMINOLOGY_FILE = "terminology.yaml"
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class LoadResult:
    content: model.Content | None  # None when any error was found
    report: Report


def shown_path(path: Path) -> str:
    """The path as a curator would type it: relative to where they stand, if inside it."""
    try:
        return (
            os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
        )
    except (OSError, ValueError):
        return str(path)


def load_content(
    content_dir: Path,
    media_dir: Path,
    languages: tuple[str, ...] = ("fi", "sv", "en"),
    required_language: str = "fi",
    url_max_len: int = Context.url_max_len,
) -> LoadResult:
    """`url_max_len` is the longest link that stays a scannable QR code at the configured
    size: kiosk.qr.url_limit(settings)."""
    content_dir, media_dir = Path(content_dir), Path(media_dir)
    report = Report()
    if not content_dir.is_dir():
        report.error(shown_path(content_dir), None, "content folder not found")
        return LoadResult(None, report)
    ctx = Context(
        path="",
        report=report,
        languages=languages,
        required_language=required_language,
        media=MediaLibrary(media_dir, shown_path(media_dir)),
        url_max_len=url_max_len,
    )
    digest = hashlib.sha256()
    sources = _read_sources(content_dir, ctx, digest)
    exhibition = read_file(content_dir / EXHIBITION_FILE, "exhibition", EXHIBITION, ctx, digest)
    themes, broken = {}, []
    for path in _theme_files(content_dir, report):
        theme = read_file(path, "theme", THEME, ctx, digest)
        if theme is INVALID or theme is None:
            # Known by its file name, so that references to it do not repeat its errors.
            ctx.ids.setdefault(("theme", path.stem), (ctx.path, None))
            broken.append(path.stem)
        else:
            if theme.id != path.stem:
                report.error(ctx.path, (1, 1), f"theme id '{theme.id}' differs from file name")
            themes[theme.id] = theme
    quiz = None
    if (content_dir / QUIZ_FILE).exists():
        from kiosk.footprint.specs import QUIZ  # the quiz engine is optional to the exhibition

        quiz = read_file(content_dir / QUIZ_FILE, "quiz", QUIZ, ctx, digest)
    pledges = ()
    if (content_dir / PLEDGES_FILE).exists():
        from kiosk.stats.specs import PLEDGES  # the pledge wall is optional too

        pledges = read_file(content_dir / PLEDGES_FILE, "pledges", PLEDGES, ctx, digest)
    # A theme file that could not be read hides its stations: references to them would only
    # echo its error, so they wait until it reads again.
    unknowable = ({"station"} if broken else set()) | ({"source"} if sources is None else set())
    _resolve_refs(ctx, unknowable=unknowable)
    sources = sources or {}
    _check_addresses(ctx, sources, content_dir)
    terminology = None
    if (content_dir / TERMINOLOGY_FILE).exists():
        texts = list(ctx.texts)
        terminology = read_file(content_dir / TERMINOLOGY_FILE, "terminology", TERMINOLOGY, ctx)
        if terminology in (INVALID, None):
            terminology = None
        else:
            waived = {
                shown_path(content_dir / name) for name, _reason in terminology.not_checked_yet
            }
            texts = [text for text in texts if text[2] not in waived]
            check_terminology(texts, terminology.terms, report)
    if exhibition in (INVALID, None):
        return LoadResult(None, report)
    exhibition = _with_themes(exhibition, themes, broken, content_dir, report)
    if report.errors:
        return LoadResult(None, report)
    _hash_media(exhibition, media_dir, digest)
    content = model.Content(
        exhibition,
        digest.hexdigest()[:16],
        quiz=quiz,
        pledges=pledges,
        sources=tuple(sources.values()),
        terminology=terminology,
    )
    return LoadResult(content, report)


def read_file(path: Path, schema_name: str, spec, ctx: Context, digest=None):
    """One file checked against `spec`: its value, or INVALID / None after reporting."""
    ctx.path, ctx.seen = shown_path(path), set()
    if not path.exists():
        ctx.report.error(ctx.path, None, "file not found")
        return None
    if digest is not None:
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes())
    node = read_yaml(path, ctx.report, ctx.path)
    if node is None:
        return None
    _check_schema_comment(path, schema_name, ctx)
    return spec.check(node, ctx, "")


def _read_sources(content_dir: Path, ctx: Context, digest) -> dict | None:
    """exhibits/sources.yaml, read first so that every figure can carry its source."""
    path = content_dir / SOURCES_FILE
    if not path.exists():
        ctx.report.error(
            shown_path(path),
            None,
            "file not found: every figure and address in the content needs its source listed here",
        )
        return None
    sources = read_file(path, "sources", SOURCES, ctx, digest)
    if sources in (INVALID, None):
        return None  # figures citing it wait until it reads again, so as not to echo its error
    ctx.sources = {source.id: source for source in sources}
    return ctx.sources


def _check_addresses(ctx: Context, sources: dict, content_dir: Path) -> None:
    """Every address the content gives a visitor is a page on the sources list."""
    if not sources:
        return  # the list itself is missing or broken; that error says it all
    listed = {source.url for source in sources.values()}
    for url, path, mark, where in ctx.addresses:
        if url not in listed:
            ctx.report.error(
                path,
                mark,
                f"address '{url}' is not in {SOURCES_FILE}: list it there with what page it is "
                "and when and how it was checked",
                where,
            )


def _theme_files(content_dir: Path, report: Report) -> list[Path]:
    for stray in sorted(content_dir.rglob("*.yml")):
        report.warning(shown_path(stray), None, "ignored: content files end in .yaml")
    return sorted((content_dir / THEMES_DIR).glob("*.yaml"))


def _check_schema_comment(path: Path, schema_name: str, ctx: Context) -> None:
    with path.open(encoding="utf-8", errors="replace") as handle:
        first = handle.readline().lstrip("\ufeff").rstrip()
    expected = f"{schema_name}.schema.json"
    if not first.startswith(SCHEMA_COMMENT) or not first.endswith(expected):
        ctx.report.warning(
            ctx.path,
            (1, 1),
            f"first line should be '{SCHEMA_COMMENT}…/schema/{expected}' "
            "so that editors check this file as you type",
        )


def _resolve_refs(ctx: Context, unknowable: set[str]) -> None:
    for kind, value, path, mark, where in ctx.refs:
        if (kind, value) not in ctx.ids and kind not in unknowable:
            known = [v for k, v in ctx.ids if k == kind]
            ctx.report.error(
                path, mark, f"no {kind} with id '{value}'{suggest(value, known)}", where
            )


def _with_themes(exhibition, themes: dict, broken: list, content_dir: Path, report: Report):
    """The exhibition with its theme ids replaced by themes, after the cross-file checks."""
    listed = exhibition.themes
    for theme_id in [*themes, *broken]:
        if theme_id not in listed:
            path = shown_path(content_dir / THEMES_DIR / f"{theme_id}.yaml")
            report.warning(path, (1, 1), f"theme '{theme_id}' is not listed in {EXHIBITION_FILE}")
    ordered = tuple(themes[t] for t in listed if t in themes)
    kinds = {theme.kind for theme in ordered}
    exhibition_path = shown_path(content_dir / EXHIBITION_FILE)
    for kind in model.REQUIRED_THEME_KINDS:
        # After other errors a missing kind is most likely their echo, so it waits for them.
        if kind not in kinds and not report.errors:
            report.error(exhibition_path, (1, 1), f"the exhibition has no theme of kind '{kind}'")
    return replace(exhibition, themes=ordered)


def _hash_media(exhibition: model.Exhibition, media_dir: Path, digest) -> None:
    for name in exhibition.picture_files():
        digest.update(name.encode() + b"\0")
        digest.update((media_dir / name).read_bytes())
