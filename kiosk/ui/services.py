"""Kiosk-mode duties around the screens, wired to the Kivy clock: statistics, the health file,
the systemd watchdog, opening hours, live reload, preparing pictures and a clean stop. Each duty
is a plain-Python part elsewhere (kiosk.stats, kiosk.ops, kiosk.reload, kiosk.media); this
module only connects them."""

from __future__ import annotations

import signal
from datetime import datetime
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.logger import Logger

from kiosk import __version__
from kiosk.config import content_check_key, kiosk_id, load_content_for
from kiosk.content.cache import ContentCache, content_cache_path
from kiosk.faults import FAULTS
from kiosk.media import media_cache_dir
from kiosk.ops import restart, schedule, watchdog
from kiosk.ops.data_folder import check_writable
from kiosk.ops.health import HealthReporter, health_path, rss_bytes
from kiosk.ops.last_settings import SettingsFileWatcher
from kiosk.ops.logs import dropped_log_lines, retry_log
from kiosk.reload import ContentWatcher, WatcherThread
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.service import StatisticsService
from kiosk.stats.store import QUIZ_COMPLETED, VISIT_START
from kiosk.stats.tracker import VisitTracker
from kiosk.ui import pictures
from kiosk.ui.frame_clock import after_this_frame

if TYPE_CHECKING:
    from kiosk.ops.metrics import KioskMetrics, MetricsPublisher

TICK_S = 2.0  # health file and watchdog; systemd's WatchdogSec is 30 s


def display_power(on: bool) -> None:
    """DPMS on or off where the X server has it; elsewhere the dark sleep screen is enough."""
    import subprocess

    # Awake, nothing may blank the screen; asleep, DPMS turns it off until opening time.
    commands = (
        [["xset", "s", "off", "s", "noblank", "-dpms"]]
        if on
        else [["xset", "+dpms"], ["xset", "dpms", "force", "off"]]
    )
    try:
        for command in commands:
            subprocess.run(command, check=False, capture_output=True, timeout=5)
    except (OSError, subprocess.SubprocessError) as exc:
        Logger.info(f"Kiosk: no display power control ({exc})")


class KioskServices:
    def __init__(self, app, health_file=None, now=datetime.now):
        settings = app.settings
        self.app = app
        self.settings = settings
        self.now = now
        self.last_stop = restart.begin_run(settings.data_dir)
        self.recorder = StatsRecorder.for_settings(settings)
        self.sync_status = None
        if settings.sync.repository:
            from kiosk.sync.status import SyncStatusReader  # only for a kiosk that syncs

            self.sync_status = SyncStatusReader(settings)
        self.health = HealthReporter(
            health_path(health_file, settings),
            settings.schedule,
            str(self.last_stop),
            sync_status=self.sync_status.read_dict if self.sync_status else None,
        )
        self.content_cache = ContentCache(content_cache_path(settings), content_check_key(settings))
        self.watcher = ContentWatcher(
            settings.content_dir,
            settings.media_dir,
            lambda: load_content_for(settings),
            cache=self.content_cache,
        )
        self.metrics: MetricsPublisher | None = None
        """Made with the other duties, after the first frame (or at a stop before it)."""
        self._metrics_event = None
        # Now, not in start(): the app makes its first screen, pictures and all, before that.
        self.pictures = pictures.Pictures(media_cache_dir(settings))
        pictures.use(self.pictures)
        config_path = getattr(app, "config_path", None)
        self.settings_watcher = SettingsFileWatcher(config_path) if config_path else None
        self.tracker = None
        self.statistics = StatisticsService(self.recorder)
        """What the screens are given of the statistics; its tracker arrives in start()."""
        self._thread = None
        self._tick_event = None
        self.stop_reason = None

    def initial_content(self):
        """The content to start with, or None; a fault in loading counts as invalid content."""
        try:
            result = self.watcher.load_now()
        except Exception:  # noqa: BLE001 - a validator bug must not take the screen down
            Logger.exception("Content: loading failed")
            self.health.content_loaded(None, ["content could not be loaded; see the log"])
            return None
        for line in result.diagnostics.lines():
            Logger.warning(f"Content: {line}")
        content = result.content
        self.health.content_loaded(content.content_hash if content else None, self.watcher.errors)
        return content

    def start(self, navigator) -> None:
        self.tracker = VisitTracker.for_settings(self.recorder, self.settings).follow(navigator)
        self.statistics.tracker = self.tracker
        signal.signal(signal.SIGTERM, self._sigterm)
        # The rest waits for the first frame: the attract screen is on show sooner.
        after_this_frame(self._start_duties)

    def _start_duties(self) -> None:
        """The live-reload thread, the tick (opening hours, health file, watchdog), display
        power and the metrics; systemd hears the kiosk is ready once its first frame is up."""
        if self.stop_reason is not None:
            return
        self._thread = WatcherThread(self.watcher, self._heard_of_content).start()
        interval = min(TICK_S, watchdog.watchdog_interval_s() or TICK_S)
        self._tick_event = Clock.schedule_interval(self.tick, interval)
        display_power(on=True)
        self.tick()
        from kiosk.ops.metrics import INTERVAL_S

        self._metrics_event = Clock.schedule_interval(self.publish_metrics, INTERVAL_S)
        self.publish_metrics()
        watchdog.ready()

    # On the UI thread, from the Kivy clock: a frozen UI stops the pings, and systemd restarts.
    def tick(self, *_):
        open_now = schedule.is_open(self.settings.schedule, self.now())
        if open_now == self.app.sleeping:
            self.app.wake() if open_now else self.app.sleep()
        if self.settings_watcher is not None:
            self.settings_watcher.poll()
        check_writable(self.settings.data_dir, FAULTS)
        retry_log()
        self.content_cache.retry()
        self.health.speech = self.app.speech.status()
        self.health.write()
        watchdog.watchdog_ping()

    def publish_metrics(self, *_) -> None:
        """On the Kivy clock: reading the values costs microseconds; the publisher writes the
        file on its own thread."""
        from kiosk.ops.metrics import exposition

        self._publisher().publish(exposition(self.kiosk_metrics()))

    def _publisher(self) -> MetricsPublisher:
        """The metrics' publisher, made and started the first time it is needed."""
        if self.metrics is None:
            from kiosk.ops.metrics import MetricsPublisher, textfile_path

            metrics = self.settings.metrics
            self.metrics = MetricsPublisher(
                textfile_path(self.settings), metrics.http_address, metrics.http_port
            ).start()
        return self.metrics

    def kiosk_metrics(self, up: bool = True) -> KioskMetrics:
        from kiosk.ops.metrics import KioskMetrics

        app, health, recorder = self.app, self.health, self.recorder
        if not up or app.content is None:
            state = "unavailable"
        elif self.watcher.stale:
            state = "content_error"  # older good content on screen; the files have errors
        elif app.sleeping:
            state = "asleep"
        elif self.tracker is not None and self.tracker.in_visit:
            state = "visiting"
        else:
            state = "attract"
        sync = self.sync_status.read() if self.sync_status else None
        touched = health.last_interaction
        return KioskMetrics(
            kiosk_id=kiosk_id(self.settings),
            version=__version__,
            up=up,
            state=state,
            should_be_open=schedule.is_open(self.settings.schedule, self.now()),
            content_hash=health.content_hash,
            content_commit=sync.commit if sync else None,
            content_errors=len(self.watcher.errors),
            visits=recorder.accepted(VISIT_START),
            quiz_completions=recorder.accepted(QUIZ_COMPLETED),
            pledges=recorder.pledge_totals(wait_s=0),
            last_interaction=touched.timestamp() if touched else None,
            sync_configured=sync is not None,
            sync_last_success=sync.last_success if sync else None,
            sync_failures=sync.failures_total if sync else 0,
            sync_refused=bool(sync and sync.refused_commit),
            resident_memory_bytes=rss_bytes(),
            log_lines_dropped=dropped_log_lines(),
            stats_events_dropped=recorder.dropped,
        )

    def touched(self) -> None:
        self.health.touched()

    def reload_now(self) -> None:
        """Staff asked for it: load at once, and show it if it is valid."""
        self._swap(self.watcher.load_now())

    def request_sync(self) -> None:
        """Staff asked for a sync: the trigger file starts it (deploy/ilmastotekoja-sync.path)."""
        from kiosk.sync.engine import request_sync

        try:
            request_sync(self.settings)
        except OSError as exc:
            Logger.warning(f"Sync: cannot ask for a sync ({exc})")

    def _heard_of_content(self, result) -> None:
        # The watcher thread found a change; the swap happens on the UI thread.
        Clock.schedule_once(lambda _dt: self._swap(result), 0)

    def _swap(self, result) -> None:
        for line in result.diagnostics.lines():
            Logger.warning(f"Content: {line}")
        current = self.watcher.current
        self.health.content_loaded(current.content_hash if current else None, self.watcher.errors)
        if result.content is not None:
            self.app.replace_content(result.content)

    def _sigterm(self, *_):
        Clock.schedule_once(lambda _dt: self.app.stop_kiosk(restart.SIGTERM), 0)

    def stop(self, reason: str) -> None:
        """Flush what must survive, say so in the health file, and let systemd know."""
        self.stop_reason = reason
        watchdog.stopping()
        if self._tick_event is not None:
            self._tick_event.cancel()
        if self._metrics_event is not None:
            self._metrics_event.cancel()
        if self._thread is not None:
            self._thread.stop(timeout=1.0)
        self.pictures.stop()
        self.app.speech.shutdown()
        if self.tracker is not None and self.tracker.in_visit:
            self.tracker.end_visit()
        self.recorder.close(2.0)
        self.health.stopping()
        self.health.write()
        from kiosk.ops.metrics import exposition

        self._publisher().stop(exposition(self.kiosk_metrics(up=False)), timeout=1.0)
        restart.record_stop(self.settings.data_dir, reason)
