"""The kiosk's state as Prometheus metrics (text exposition format 0.0.4): written atomically
for node_exporter's textfile collector, and optionally served over HTTP on a loopback address.
Pure Python, no Kivy: the UI gathers a KioskMetrics on its clock and hands it to a
MetricsPublisher, which writes and serves it on its own thread.

A kiosk that dies cannot say so: the alert rules (deploy/prometheus/) watch the file's age
(node_textfile_mtime_seconds) or the failed scrape, and `should_be_open` keeps them quiet
while the opening hours close the kiosk on purpose.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic import write_atomically

PREFIX = "ilmastotekoja"
INTERVAL_S = 15.0
TEXTFILE_NAME = "ilmastotekoja.prom"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# What the kiosk is doing; exactly one is 1. unavailable: no content to show (the calm
# "unavailable" screen), or the kiosk is stopping; content_error: the files have errors and
# older good content is on screen; asleep: outside opening hours; visiting: a visit runs.
STATES = ("attract", "visiting", "asleep", "unavailable", "content_error")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KioskMetrics:
    """One moment of the kiosk. Times are Unix seconds; None when unknown (left out)."""

    kiosk_id: str
    version: str
    up: bool = True
    state: str = "attract"
    should_be_open: bool = True
    content_hash: str | None = None
    content_commit: str | None = None
    content_errors: int = 0
    visits: int = 0
    quiz_completions: int = 0
    pledges: dict[str, int] = field(default_factory=dict)
    last_interaction: float | None = None
    sync_configured: bool = False
    sync_last_success: float | None = None
    sync_failures: int = 0
    sync_refused: bool = False
    resident_memory_bytes: int | None = None
    log_lines_dropped: int = 0
    stats_events_dropped: int = 0


def exposition(metrics: KioskMetrics) -> str:
    """`metrics` in the Prometheus text format, every line labelled with the kiosk's id."""
    lines: list[str] = []
    kiosk = {"kiosk": metrics.kiosk_id}

    def add(name, kind, help_text, samples):
        full = f"{PREFIX}_{name}"
        lines.append(f"# HELP {full} {help_text}")
        lines.append(f"# TYPE {full} {kind}")
        suffix = "_total" if kind == "counter" else ""
        for labels, value in samples:
            lines.append(f"{full}{suffix}{_labels({**kiosk, **labels})} {_number(value)}")

    add(
        "up",
        "gauge",
        "1 while the kiosk runs; 0 in its last write as it stops.",
        [({}, int(metrics.up))],
    )
    add(
        "state",
        "gauge",
        "What the kiosk is doing: one of the states is 1.",
        [({"state": state}, int(state == metrics.state)) for state in STATES],
    )
    add(
        "should_be_open",
        "gauge",
        "1 when the opening hours say the kiosk is open now.",
        [({}, int(metrics.should_be_open))],
    )
    add("build_info", "gauge", "The kiosk software's version.", [({"version": metrics.version}, 1)])
    content = {"hash": metrics.content_hash or "", "commit": metrics.content_commit or ""}
    add(
        "content_info",
        "gauge",
        "The content on screen: its hash and its git commit.",
        [(content, 1)],
    )
    add(
        "content_errors",
        "gauge",
        "Errors in the content as last loaded (the older good content stays on screen).",
        [({}, metrics.content_errors)],
    )
    add("visits", "counter", "Visits begun since the kiosk started.", [({}, metrics.visits)])
    add(
        "quiz_completions",
        "counter",
        "Quizzes completed since the kiosk started.",
        [({}, metrics.quiz_completions)],
    )
    add(
        "pledges",
        "counter",
        "Pledges made, by pledge, as kept in the statistics.",
        [({"pledge": pledge}, count) for pledge, count in sorted(metrics.pledges.items())],
    )
    if metrics.last_interaction is not None:
        add(
            "last_interaction_timestamp_seconds",
            "gauge",
            "When a visitor last touched.",
            [({}, metrics.last_interaction)],
        )
    if metrics.sync_configured:
        if metrics.sync_last_success is not None:
            add(
                "sync_last_success_timestamp_seconds",
                "gauge",
                "When kiosk sync last reached the content repository.",
                [({}, metrics.sync_last_success)],
            )
        add(
            "sync_failures",
            "counter",
            "Syncs that could not reach the content repository.",
            [({}, metrics.sync_failures)],
        )
        add(
            "sync_refused",
            "gauge",
            "1 while the repository's newest commit is refused (errors, signature, kiosk version).",
            [({}, int(metrics.sync_refused))],
        )
    if metrics.resident_memory_bytes is not None:
        add(
            "resident_memory_bytes",
            "gauge",
            "The kiosk process's resident memory.",
            [({}, metrics.resident_memory_bytes)],
        )
    add(
        "log_lines_dropped",
        "counter",
        "Log lines that could not be written.",
        [({}, metrics.log_lines_dropped)],
    )
    add(
        "stats_events_dropped",
        "counter",
        "Statistics events that could not be written.",
        [({}, metrics.stats_events_dropped)],
    )
    return "\n".join(lines) + "\n"


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{key}="{_escape(str(value))}"' for key, value in labels.items())
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def textfile_path(settings) -> Path:
    """kiosk.yaml's metrics.textfile (relative to kiosk.yaml), else under the data folder."""
    if settings.metrics.textfile:
        return Path(settings.base_dir) / settings.metrics.textfile
    return Path(settings.data_dir) / "metrics" / TEXTFILE_NAME


class MetricsPublisher:
    """Writes the latest text to `path` and serves it on (address, port) when a port is given;
    both on daemon threads, so that a slow disk never holds up a frame. A failure is logged
    once per kind, not every 15 s."""

    def __init__(self, path: Path | None, address: str = "127.0.0.1", port: int | None = None):
        self.path = Path(path) if path is not None else None
        self._text = ""
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._failed = False
        self._writer = threading.Thread(target=self._write_loop, name="metrics", daemon=True)
        self._server = None
        self._written = threading.Event()
        if port is not None:
            # http.server (with http.client and email, ~9 ms) only when the port is asked for.
            from http.server import ThreadingHTTPServer

            try:
                self._server = ThreadingHTTPServer((address, port), self._handler())
            except OSError as exc:
                log.warning(
                    "metrics: cannot serve on %s:%s (%s); the file is still written",
                    address,
                    port,
                    exc,
                )
        self._serving = None

    @property
    def address(self) -> tuple[str, int] | None:
        return self._server.server_address[:2] if self._server else None

    def start(self) -> MetricsPublisher:
        self._writer.start()
        if self._server is not None:
            self._serving = threading.Thread(
                target=self._server.serve_forever, name="metrics-http", daemon=True
            )
            self._serving.start()
        return self

    def publish(self, text: str) -> None:
        """Hands over new text: served at once, written by the writer thread."""
        with self._lock:
            self._text = text
        self._written.clear()
        self._wake.set()

    def wait_written(self, timeout: float) -> bool:
        return self._written.wait(timeout)

    @property
    def text(self) -> str:
        with self._lock:
            return self._text

    def stop(self, final_text: str | None = None, timeout: float = 2.0) -> None:
        """Writes `final_text` (up 0) if given, then stops serving."""
        if final_text is not None:
            self.publish(final_text)
            self.wait_written(timeout)
        self._stop.set()
        self._wake.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def write_now(self) -> bool:
        if self.path is None:
            return True
        try:
            write_atomically(self.path, self.text)
        except OSError as exc:
            if not self._failed:
                log.warning("metrics: cannot write %s: %s", self.path, exc)
            self._failed = True
            return False
        if self._failed:
            log.info("metrics: writing %s again", self.path)
        self._failed = False
        return True

    def _write_loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self.text:
                self.write_now()
            self._written.set()
            if self._stop.is_set():
                return

    def _handler(self):
        from http.server import BaseHTTPRequestHandler

        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                if self.path.split("?")[0] not in ("/metrics", "/"):
                    self.send_error(404)
                    return
                body = publisher.text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):  # every scrape would be a log line
                pass

        return Handler
