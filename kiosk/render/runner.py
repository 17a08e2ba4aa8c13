"""The work of `kiosk render`: every screen of the kiosk as a PNG, in each language and size, and
DIR/index.html, a contact sheet of them all, so that a curator can check an edit without a
touchscreen. Texts that overflow or are cut off are warned about, naming the screen (the
station, theme or quiz question) and the language, and so are pictures that cannot be shown or
were not prepared in time (each screen waits for its pictures first).

This process never imports Kivy: the rendering happens in a child process
(kiosk.render.worker), because Kivy allows one App per process. Without a display of its own
(no $DISPLAY, one that cannot be opened, or one too small for the sizes asked for) the command
starts a virtual one (Xvfb) for the child, and stops it at the end.
"""

from __future__ import annotations

import html
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.progress import Progress
from kiosk.screens import (
    RENDER_AFTER_QUIZ,
    RENDER_EACH_QUESTION,
    RENDER_EACH_STATION,
    RENDER_EACH_THEME,
    RENDER_ONCE,
    SCREENS,
    screen_for_theme,
)
from kiosk.xvfb import VirtualDisplay, XvfbMissing, x_screen_size

INDEX_FILE = "index.html"
THUMBS_DIR = "thumbs"
THUMB_WIDTH = 360
SILENCE_S = 180  # longer than the slowest screen or the app's start takes on a slow machine
PREFIX = "@render "  # the worker's result lines; kiosk.render.worker.PREFIX


@dataclass(frozen=True)
class Item:
    """One screen to render: `key` names its files (station-district-heat), `name` is how a
    warning names it (station district-heat), `title` heads its group on the contact sheet."""

    key: str
    screen: str
    name: str
    title: str
    target: str | None = None
    index: int = 0

    def job(self) -> dict:
        return {"key": self.key, "screen": self.screen, "target": self.target, "index": self.index}


@dataclass
class Shot:
    """One screen in one language and size, as the worker reported it."""

    item: Item
    language: str
    size: tuple[int, int]
    file: str | None = None
    error: str | None = None
    problems: list[dict] = field(default_factory=list)
    pages: int = 1

    @property
    def size_text(self) -> str:
        return f"{self.size[0]}x{self.size[1]}"

    def warnings(self) -> list[str]:
        where = f"{self.item.name} ({self.language}, {self.size_text})"
        return [f"{where}: {p['problem']}: '{p['text']}'" for p in self.problems]


# Planning ----------------------------------------------------------------------------------


def plan(content, language: str) -> list[Item]:
    """Every screen the content has, in the order a visitor meets them (kiosk.screens says
    how each is met). The quiz's questions follow one another, each answered before the next,
    and the result comes after the last."""
    exhibition = content.exhibition
    items = [
        Item(screen.name, screen.name, screen.label, _capitalized(screen.label))
        for screen in SCREENS.values()
        if screen.render == RENDER_ONCE
    ]
    for theme in exhibition.themes:
        screen = screen_for_theme(theme.kind)
        if SCREENS[screen].render != RENDER_EACH_THEME:
            continue
        title = f"Theme: {theme.title(language)} ({theme.id})"
        items.append(Item(f"theme-{theme.id}", screen, f"theme {theme.id}", title, theme.id))
    stations = [screen for screen in SCREENS.values() if screen.render == RENDER_EACH_STATION]
    for screen in stations:
        for theme in exhibition.themes:
            for station in theme.stations:
                title = f"Station: {station.title(language)} ({station.id})"
                name = f"station {station.id}"
                key = f"{screen.name}-{station.id}"
                items.append(Item(key, screen.name, name, title, station.id))
    quiz = getattr(content, "quiz", None)
    if quiz is not None and quiz.questions:
        count = len(quiz.questions)
        for screen in SCREENS.values():
            if screen.render != RENDER_EACH_QUESTION:
                continue
            for index, question in enumerate(quiz.questions):
                title = f"Quiz {index + 1}/{count}: {question.text(language)} ({question.id})"
                name = f"quiz question {question.id}"
                key = f"{screen.name}-{index + 1:02d}-{question.id}"
                items.append(Item(key, screen.name, name, title, question.id, index))
        for screen in SCREENS.values():
            if screen.render == RENDER_AFTER_QUIZ:
                label = screen.label
                items.append(Item(screen.name, screen.name, label, _capitalized(label)))
    return items


def _capitalized(label: str) -> str:
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class RenderJob:
    """What to render: the kiosk's settings file (None: the defaults), its content and media,
    where the PNGs go, in which languages and sizes, and with which text scale (the
    visitor's A+ toggle is style.LARGE_TEXT_SCALE)."""

    config: Path | None
    content_dir: Path
    media_dir: Path
    out: Path
    languages: list[str]
    sizes: list[tuple[int, int]]
    text_scale: float = 1.0
    low_reach: bool = False
    """Portrait screens in the lowered layout (display.low_reach: always)."""


@dataclass(frozen=True)
class Outcome:
    """What a render came to: its contact sheet, every warning, and whether any screen failed."""

    index: Path
    warnings: list[str]
    failed: bool


def render_all(job: RenderJob, content, default_language: str) -> Outcome:
    """Every screen of `content` as a PNG in each of the job's languages and sizes, and the
    contact sheet; the warnings and failures are printed as they are found, then a summary.
    Raises XvfbMissing when there is no display to draw on and no Xvfb to make one."""
    items = plan(content, default_language)
    out = job.out
    out.mkdir(parents=True, exist_ok=True)
    worker_job = {
        "config": str(job.config) if job.config else None,
        "content_dir": str(job.content_dir),
        "media_dir": str(job.media_dir),
        "out": str(out),
        "languages": job.languages,
        "sizes": [list(size) for size in job.sizes],
        "text_scale": job.text_scale,
        "low_reach": job.low_reach,
        "plan": [item.job() for item in items],
    }
    shots, fatal = run_worker(worker_job, items, job.languages, job.sizes)
    make_thumbnails(out, shots)
    warnings = [line for shot in shots for line in shot.warnings()]
    failures = [shot for shot in shots if shot.error]
    for line in warnings:
        print(f"render: warning: {line}", file=sys.stderr)
    for shot in failures:
        where = f"{shot.item.name} ({shot.language}, {shot.size_text})"
        print(f"render: error: {where}: {shot.error}", file=sys.stderr)
    if fatal:
        print(f"render: error: {fatal}", file=sys.stderr)
    index = out / INDEX_FILE
    index.write_text(contact_sheet(items, shots, fatal), encoding="utf-8")
    done = sum(1 for shot in shots if shot.file)
    print(
        f"render: {done} screen(s), {len(failures)} failed, {len(warnings)} warning(s): {index}",
        file=sys.stderr,
    )
    return Outcome(index, warnings, bool(failures or fatal))


def run_worker(job, items, languages, sizes) -> tuple[list[Shot], str | None]:
    """Runs kiosk.render.worker on a display and collects what it found: one Shot per item,
    language and size (a failed one where the worker did not get to it)."""
    by_key = {item.key: item for item in items}
    shots: dict[tuple, Shot] = {}
    expected = [(item.key, lang, size) for size in sizes for lang in languages for item in items]
    progress = Progress(len(expected))
    fatal, skipped = None, set()
    width, height = max(w for w, _ in sizes), max(h for _, h in sizes)
    with tempfile.TemporaryDirectory(prefix="kiosk-render-") as scratch:
        job_file = Path(scratch) / "job.json"
        job_file.write_text(json.dumps(job), encoding="utf-8")
        log_file = Path(scratch) / "worker.log"
        screen = DisplayOfSize(width, height)
        with screen as display, log_file.open("w") as log:
            env = worker_env(display, Path(scratch), software_gl=screen.virtual)
            command = [sys.executable, "-m", "kiosk.render.worker", str(job_file)]
            worker = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=log, text=True, bufsize=1
            )
            for line in lines_of(worker, SILENCE_S):
                if line is None:
                    fatal = f"the renderer stopped answering for {SILENCE_S} s; it was stopped"
                    break
                if not line.startswith(PREFIX):
                    log.write(line)
                    continue
                record = json.loads(line[len(PREFIX) :])
                if record["kind"] == "fatal":
                    fatal = record["error"]
                    continue
                size = tuple(record["size"])
                key = (record["key"], record["language"], size)
                if record["kind"] == "skipped":
                    expected.remove(key)
                    skipped.add(by_key[record["key"]].screen)
                    progress.total = len(expected)
                    continue
                shot = Shot(by_key[record["key"]], record["language"], size)
                if record["kind"] == "screen":
                    shot.file = record["file"]
                    shot.problems = record["problems"]
                    shot.pages = record["pages"]
                else:
                    shot.error = record["error"]
                shots[key] = shot
                outcome = "failed" if shot.error else f"{len(shot.problems)} warning(s)"
                progress.step(len(shots), shot.file or record["key"], outcome)
            code = worker.wait()
        progress.finish()
        if skipped:
            names = ", ".join(sorted(skipped))
            print(
                f"render: not rendered, as this kiosk has no such screen: {names}", file=sys.stderr
            )
        if code != 0 and fatal is None:
            fatal = f"the renderer stopped with exit code {code}"
        if fatal or len(shots) < len(expected):
            tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
            for line in tail:
                print(f"render: log: {line}", file=sys.stderr)
    missing = [key for key in expected if key not in shots]
    for key, language, size in missing:
        error = fatal or "the renderer did not get to this screen"
        shots[(key, language, size)] = Shot(by_key[key], language, size, error=error)
    ordered = [shots[key] for key in expected]
    return ordered, fatal


def lines_of(worker, silence_s: float):
    """The worker's output lines as they come; None, after stopping it, if it says nothing
    for `silence_s` seconds (a renderer stuck in a graphics driver must not hang the command)."""
    lines: queue.Queue = queue.Queue()

    def read():
        for line in worker.stdout:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=silence_s)
        except queue.Empty:
            worker.kill()
            yield None
            return
        if not line:
            return
        yield line


def worker_env(display: str, scratch: Path, software_gl: bool) -> dict:
    env = dict(os.environ)
    env["DISPLAY"] = display
    if software_gl:
        env.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")
    env["KIVY_HOME"] = str(scratch / "kivy")
    env["KIVY_NO_ARGS"] = "1"
    env["KIVY_NO_CONSOLELOG"] = "1"
    env.pop("NOTIFY_SOCKET", None)  # the worker is not the kiosk service systemd watches
    env.pop("WATCHDOG_USEC", None)
    return env


# The display -------------------------------------------------------------------------------


class DisplayOfSize:
    """$DISPLAY when it opens and is at least width x height; else a new Xvfb of that size,
    stopped on leaving."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.server: VirtualDisplay | None = None

    @property
    def virtual(self) -> bool:
        """True when the display is our own Xvfb (which draws with software OpenGL)."""
        return self.server is not None

    def __enter__(self) -> str:
        current = os.environ.get("DISPLAY")
        if not current:
            reason = "no display here"
        else:
            size = screen_size()
            if size is None:
                reason = f"the display {current} cannot be opened"
            elif size[0] < self.width or size[1] < self.height:
                reason = f"the display {current} is smaller than {self.width}x{self.height}"
            else:
                return current
        self.server = VirtualDisplay(self.width, self.height)
        try:
            display = self.server.start()
        except XvfbMissing:
            self.server = None
            raise
        print(f"render: {reason}; started a virtual one ({display})", file=sys.stderr)
        return display

    def __exit__(self, *_exc) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


def screen_size() -> tuple[int, int] | None:
    """The size of the X screen in $DISPLAY, or None if it cannot be opened."""
    try:
        return x_screen_size()
    except OSError:
        return None


# The contact sheet -------------------------------------------------------------------------


def make_thumbnails(out: Path, shots: list[Shot]) -> None:
    """A small picture of the top of each PNG (one screen's height) for the contact sheet."""
    from PIL import Image

    folder = out / THUMBS_DIR
    folder.mkdir(exist_ok=True)
    for shot in shots:
        if not shot.file:
            continue
        try:
            with Image.open(out / shot.file) as image:
                top = image.crop((0, 0, shot.size[0], min(image.height, shot.size[1])))
                ratio = THUMB_WIDTH / top.width
                small = top.convert("RGB").resize(
                    (THUMB_WIDTH, max(1, round(top.height * ratio))), Image.Resampling.LANCZOS
                )
                small.save(folder / (Path(shot.file).stem + ".jpg"), quality=85)
        except OSError as exc:
            shot.error = f"the PNG could not be read: {exc}"
            shot.file = None


STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2a26; background: #f7f5f0; }
h1 { margin: 0 0 4px; } h2 { margin: 32px 0 8px; font-size: 18px; }
.summary { margin: 0 0 16px; }
.problems { background: #fff3cd; padding: 8px 16px 8px 32px; border-radius: 8px; }
.problems.failed { background: #f8d7da; }
.grid { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure { margin: 0; width: 360px; background: #fff; border-radius: 8px; padding: 8px;
  box-shadow: 0 1px 3px rgba(0,0,0,.15); }
figure.portrait { width: 203px; }
figure img { width: 100%; display: block; border: 1px solid #ddd; }
figure.warned { outline: 3px solid #e0a800; } figure.failed { outline: 3px solid #c82333; }
figcaption { margin-top: 6px; font-size: 13px; }
figcaption ul { margin: 4px 0 0; padding-left: 18px; color: #7a5300; }
figcaption .error { color: #c82333; }
.pages { color: #666; }
h2, li { overflow-wrap: anywhere; }
"""


def contact_sheet(items: list[Item], shots: list[Shot], fatal: str | None) -> str:
    e = html.escape
    by_item: dict[str, list[Shot]] = {}
    for shot in shots:
        by_item.setdefault(shot.item.key, []).append(shot)
    warned = [shot for shot in shots if shot.problems]
    failed = [shot for shot in shots if shot.error]
    done = sum(1 for shot in shots if shot.file)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Ilmastotekoja: every screen</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Ilmastotekoja: every screen</h1>",
        f'<p class="summary">{done} screen(s), {len(failed)} failed, '
        f"{sum(len(s.problems) for s in shots)} warning(s). "
        "Each picture opens at full size. A screen that scrolls is drawn all the way down: "
        "pink marks at its sides show how far a visitor sees without scrolling.</p>",
    ]
    if fatal:
        parts.append(f'<p class="problems failed">{e(fatal)}</p>')
    if failed:
        parts.append('<ul class="problems failed">')
        for shot in failed:
            where = f"{shot.item.name} ({shot.language}, {shot.size_text})"
            parts.append(f'<li><a href="#{e(shot.item.key)}">{e(where)}</a>: {e(shot.error)}</li>')
        parts.append("</ul>")
    if warned:
        parts.append('<ul class="problems">')
        for shot in warned:
            for line in shot.warnings():
                parts.append(f'<li><a href="#{e(shot.item.key)}">{e(line)}</a></li>')
        parts.append("</ul>")
    for item in items:
        group = by_item.get(item.key)
        if not group:
            continue
        parts.append(f'<h2 id="{e(item.key)}">{e(item.title)}</h2><div class="grid">')
        for shot in group:
            parts.append(_figure(shot))
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figure(shot: Shot) -> str:
    e = html.escape
    classes = ["portrait"] if shot.size[1] > shot.size[0] else []
    if shot.error:
        classes.append("failed")
    elif shot.problems:
        classes.append("warned")
    caption = f"<b>{e(shot.language)}</b> · {e(shot.size_text)}"
    if shot.pages > 1:
        caption += f' <span class="pages">· {shot.pages} screens long</span>'
    if shot.file:
        thumb = f"{THUMBS_DIR}/{Path(shot.file).stem}.jpg"
        picture = (
            f'<a href="{e(shot.file)}"><img src="{e(thumb)}" loading="lazy" '
            f'alt="{e(shot.item.name)}, {e(shot.language)}, {e(shot.size_text)}"></a>'
        )
        caption += f' · <a href="{e(shot.file)}">{e(shot.file)}</a>'
    else:
        picture = ""
    notes = [f'<li class="error">{e(shot.error)}</li>'] if shot.error else []
    notes += [f"<li>{e(p['problem'])}: '{e(p['text'])}'</li>" for p in shot.problems]
    listing = f"<ul>{''.join(notes)}</ul>" if notes else ""
    return (
        f'<figure class="{" ".join(classes)}">{picture}'
        f"<figcaption>{caption}{listing}</figcaption></figure>"
    )
