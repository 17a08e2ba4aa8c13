"""Reads exhibits/ and media/ into one Content, or reports every problem found on the way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.content import model
from kiosk.content.media_paths import MediaLibrary
from kiosk.content.problems import Diagnostics
from kiosk.content.source import parse_yaml, read_plain_file
from kiosk.content.spec_types import INVALID, Context, suggest
from kiosk.content.specs import EXHIBITION, SOURCES, TERMINOLOGY, THEME
from kiosk.content.terminology import check_terminology
from kiosk.languages import LANGUAGES
from kiosk.paths import shown_path

EXHIBITION_FILE = "exhibition.yaml"
THEMES_DIR = "themes"
SOURCES_FILE = "sources.yaml"
TERMINOLOGY_FILE = "terminology.yaml"
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class ContentFile:
    """A file another package adds to the content folder (the quiz, the pledges): read when it
    exists, checked against `spec`, its value put into the Content's `field`. The package
    declares it beside its spec; kiosk.content_files lists them all."""

    name: str  # in the content folder, e.g. quiz.yaml
    schema_name: str  # the file's first line points to schema/<schema_name>.schema.json
    spec: object
    field: str  # the model.Content field its value goes into


@dataclass(frozen=True)
class LoadResult:
    content: model.Content | None  # None when any error was found
    diagnostics: Diagnostics


def load_content(
    content_dir: Path,
    media_dir: Path,
    languages: tuple[str, ...] = LANGUAGES,
    required_language: str = "fi",
    url_max_len: int = Context.url_max_len,
    link_domains: tuple[str, ...] = (),
    *,
    added_files: tuple[ContentFile, ...] = (),
) -> LoadResult:
    """exhibition.yaml and themes/, and those of `added_files` that exist (all of them:
    kiosk.content_files.load_content_folder). `url_max_len` is the longest link that stays a
    scannable QR code at the configured size: kiosk.qr.url_limit(settings); `link_domains` the
    domains links may go to without a warning (kiosk.yaml's links.allowed_domains; empty: any)."""
    content_dir, media_dir = Path(content_dir), Path(media_dir)
    diagnostics = Diagnostics()
    if not content_dir.is_dir():
        diagnostics.error(shown_path(content_dir), None, "content folder not found")
        return LoadResult(None, diagnostics)
    ctx = Context(
        path="",
        diagnostics=diagnostics,
        languages=languages,
        required_language=required_language,
        media=MediaLibrary(media_dir, shown_path(media_dir)),
        url_max_len=url_max_len,
        link_domains=link_domains,
    )
    digest = hashlib.sha256()

    def read(path, schema_name, spec):
        return read_file(path, schema_name, spec, ctx, digest, root=content_dir)

    source_list = _read_sources(content_dir, ctx, read)
    sources = dict(ctx.sources) if source_list else None
    unverified = source_list.unverified if source_list else ()
    exhibition = read(content_dir / EXHIBITION_FILE, "exhibition", EXHIBITION)
    themes, broken = {}, []
    for path in _theme_files(content_dir, diagnostics):
        theme = read(path, "theme", THEME)
        if theme is INVALID or theme is None:
            # Known by its file name, so that references to it do not repeat its errors.
            ctx.ids.setdefault(("theme", path.stem), (ctx.path, None))
            broken.append(path.stem)
        else:
            if theme.id != path.stem:
                diagnostics.error(ctx.path, (1, 1), f"theme id '{theme.id}' differs from file name")
            themes[theme.id] = theme
    added = {}
    for file in added_files:
        path = content_dir / file.name
        if _present(path):
            added[file.field] = read(path, file.schema_name, file.spec)
    # A theme file that could not be read hides its stations: references to them would only
    # echo its error, so they wait until it reads again.
    unknowable = ({"station"} if broken else set()) | ({"source"} if sources is None else set())
    _resolve_refs(ctx, unknowable=unknowable)
    sources = sources or {}
    _check_addresses(ctx, sources, unverified)
    terminology = None
    if _present(content_dir / TERMINOLOGY_FILE):
        texts = list(ctx.texts)
        path = content_dir / TERMINOLOGY_FILE
        terminology = read_file(path, "terminology", TERMINOLOGY, ctx, root=content_dir)
        if terminology in (INVALID, None):
            terminology = None
        else:
            waived = {
                shown_path(content_dir / name) for name, _reason in terminology.not_checked_yet
            }
            texts = [text for text in texts if text[2] not in waived]
            check_terminology(texts, terminology.terms, diagnostics)
    if exhibition in (INVALID, None):
        return LoadResult(None, diagnostics)
    exhibition = _with_themes(exhibition, themes, broken, content_dir, diagnostics)
    if diagnostics.errors:
        return LoadResult(None, diagnostics)
    _hash_media(exhibition, media_dir, digest)
    content = model.Content(
        exhibition,
        digest.hexdigest()[:16],
        sources=tuple(sources.values()),
        unverified_addresses=unverified,
        terminology=terminology,
        **added,
    )
    return LoadResult(content, diagnostics)


def _present(path: Path) -> bool:
    """Whether there is anything at `path`, even a broken link (which read_file reports)."""
    return path.exists() or path.is_symlink()


def read_file(path: Path, schema_name: str, spec, ctx: Context, digest=None, root=None):
    """One file checked against `spec`: its value, or INVALID / None after reporting. With
    `root`, a link out of that folder is reported, not followed."""
    ctx.path, ctx.seen = shown_path(path), set()
    if not _present(path):
        ctx.diagnostics.error(ctx.path, None, "file not found")
        return None
    raw = read_plain_file(path, ctx.diagnostics, ctx.path, root)
    if raw is None:
        return None
    if digest is not None:
        digest.update(str(path.name).encode() + b"\0")
        digest.update(raw)
    node = parse_yaml(raw, ctx.diagnostics, ctx.path)
    if node is None:
        return None
    ctx.lines = tuple(raw.decode("utf-8", errors="replace").splitlines())
    _check_schema_comment(raw, schema_name, ctx)
    return spec.check(node, ctx, "")


def _read_sources(content_dir: Path, ctx: Context, read) -> model.SourceList | None:
    """exhibits/sources.yaml, read first (with `read`, as load_content reads every file) so
    that every figure can carry its source."""
    path = content_dir / SOURCES_FILE
    if not _present(path):
        ctx.diagnostics.error(
            shown_path(path),
            None,
            "file not found: every figure and address in the content needs its source listed here",
        )
        return None
    source_list = read(path, "sources", SOURCES)
    if source_list in (INVALID, None):
        return None  # figures citing it wait until it reads again, so as not to echo its error
    ctx.sources = {source.id: source for source in source_list.sources}
    return source_list


def _check_addresses(ctx: Context, sources: dict, unverified: tuple) -> None:
    """Every address in the content is a page on the sources list, or one it names as not
    verified yet."""
    if not sources:
        return  # the list itself is missing or broken; that error says it all
    listed = {source.url for source in sources.values()}
    listed |= {address.url for address in unverified}
    for url, path, mark, where in ctx.addresses:
        if url not in listed:
            ctx.diagnostics.error(
                path,
                mark,
                f"address '{url}' is not in {SOURCES_FILE}: list it there with what page it is "
                "and when and how it was checked",
                where,
            )


def _theme_files(content_dir: Path, diagnostics: Diagnostics) -> list[Path]:
    for stray in sorted(content_dir.rglob("*.yml")):
        diagnostics.warning(shown_path(stray), None, "ignored: content files end in .yaml")
    return sorted((content_dir / THEMES_DIR).glob("*.yaml"))


def _check_schema_comment(raw: bytes, schema_name: str, ctx: Context) -> None:
    first = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff").rstrip()
    expected = f"{schema_name}.schema.json"
    if not first.startswith(SCHEMA_COMMENT) or not first.endswith(expected):
        ctx.diagnostics.warning(
            ctx.path,
            (1, 1),
            f"first line should be '{SCHEMA_COMMENT}…/schema/{expected}' "
            "so that editors check this file as you type",
        )


def _resolve_refs(ctx: Context, unknowable: set[str]) -> None:
    for kind, value, path, mark, where in ctx.refs:
        if (kind, value) not in ctx.ids and kind not in unknowable:
            known = [v for k, v in ctx.ids if k == kind]
            ctx.diagnostics.error(
                path, mark, f"no {kind} with id '{value}'{suggest(value, known)}", where
            )


def _with_themes(
    exhibition, themes: dict, broken: list, content_dir: Path, diagnostics: Diagnostics
):
    """The exhibition with its theme ids replaced by themes, after the cross-file checks."""
    listed = exhibition.themes
    for theme_id in [*themes, *broken]:
        if theme_id not in listed:
            path = shown_path(content_dir / THEMES_DIR / f"{theme_id}.yaml")
            diagnostics.warning(
                path, (1, 1), f"theme '{theme_id}' is not listed in {EXHIBITION_FILE}"
            )
    ordered = tuple(themes[t] for t in listed if t in themes)
    kinds = {theme.kind for theme in ordered}
    exhibition_path = shown_path(content_dir / EXHIBITION_FILE)
    for kind in model.REQUIRED_THEME_KINDS:
        # After other errors a missing kind is most likely their echo, so it waits for them.
        if kind not in kinds and not diagnostics.errors:
            diagnostics.error(
                exhibition_path, (1, 1), f"the exhibition has no theme of kind '{kind}'"
            )
    return replace(exhibition, themes=ordered)


def _hash_media(exhibition: model.Exhibition, media_dir: Path, digest) -> None:
    for name in exhibition.picture_files():
        digest.update(name.encode() + b"\0")
        digest.update((media_dir / name).read_bytes())
