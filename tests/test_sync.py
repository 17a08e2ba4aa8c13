"""Content from a git repository: a bare repository on disk is the remote, and three kiosks,
each with its own data folder, sync from it (kiosk.sync)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import load_content_for
from kiosk.ops.health import HealthReporter
from kiosk.reload import ContentWatcher
from kiosk.sync import engine
from kiosk.sync.releases import Layout, current_commit, through_current
from kiosk.sync.state import BACKOFF_FIRST_S, load_state
from kiosk.sync.status import SyncStatusReader
from tests.contentkit import edit
from tests.synckit import ContentRepo, allowed_signers, kiosk_settings, retitle, ssh_key

REPO = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def content(tmp_path):
    return ContentRepo(tmp_path / "content")


@pytest.fixture
def curator_key(tmp_path):
    return ssh_key(tmp_path / "keys", "curator")


@pytest.fixture
def kiosks(tmp_path, content, curator_key):
    signers = allowed_signers(tmp_path / "allowed_signers", curator_key)
    return [kiosk_settings(tmp_path / f"kiosk{n}", content.origin, signers) for n in (1, 2, 3)]


def shown_title(settings) -> str:
    """The food theme's first station title in Finnish, as the kiosk would load it now."""
    result = load_content_for(through_current(settings))
    assert result.content is not None, result.diagnostics.lines()
    return result.content.exhibition.theme("food").stations[0].title("fi")


def test_a_good_signed_commit_reaches_every_kiosk(content, curator_key, kiosks):
    retitle(content, "Ruokaa lähellä")
    commit = content.commit("New food title", curator_key)
    for settings in kiosks:
        outcome = engine.sync(settings)
        assert outcome.status == engine.SWITCHED and outcome.commit == commit, outcome
        assert current_commit(Layout.for_settings(settings)) == commit
        assert shown_title(settings) == "Ruokaa lähellä"
        status = SyncStatusReader(settings).read()
        assert status.commit == commit and status.failures == 0 and status.last_success
        # Again: nothing new, nothing said.
        again = engine.sync(settings)
        assert again.status == engine.UP_TO_DATE and not again.new


def test_with_no_repository_the_bundled_exhibition_is_shown(tmp_path):
    from kiosk.config import load_settings

    settings, diagnostics = load_settings(REPO / "kiosk.yaml")
    assert settings.sync.repository is None
    assert through_current(settings) is settings
    assert engine.sync(settings).status == engine.OFF


def test_the_first_release_replaces_the_bundled_content_through_the_link(
    tmp_path, content, curator_key, kiosks
):
    settings = kiosks[0]
    bundled = through_current(settings)  # what the kiosk does at its start
    layout = Layout.for_settings(settings)
    assert current_commit(layout) is None and layout.current.is_symlink()
    clock = Clock(100.0)
    watcher = ContentWatcher(
        bundled.content_dir, bundled.media_dir, lambda: load_content_for(bundled), clock
    )
    first = watcher.load_now().content
    assert first.exhibition.title("fi").startswith("Ilmastotekoja – ")  # the checkout's own
    content.commit("First release", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    assert watcher.poll() is None  # changed: waits for the files to settle
    clock.now += 1.0
    result = watcher.poll()
    assert result is not None and result.content is not None
    assert result.content.exhibition.theme("food").stations[0].title("fi") == "Asema"

    retitle(content, "Toinen otsikko")
    content.commit("Second release", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    watcher.poll()
    clock.now += 1.0
    result = watcher.poll()
    assert result.content.exhibition.theme("food").stations[0].title("fi") == "Toinen otsikko"


def test_a_broken_commit_reaches_no_kiosk_and_is_reported(tmp_path, content, curator_key, kiosks):
    good = content.commit("Good", curator_key)
    for settings in kiosks:
        assert engine.sync(settings).status == engine.SWITCHED
    edit(content.station_title_file(), "kind: food", "kind: fod")
    broken = content.commit("Broken", curator_key)
    for settings in kiosks:
        outcome = engine.sync(settings)
        assert outcome.status == engine.REFUSED and outcome.commit == broken and outcome.new
        assert outcome.errors[0].startswith("exhibits/themes/food.yaml:3:7: error: kind: 'fod'")
        assert "exhibits/themes/food.yaml:3:7" in outcome.message
        assert current_commit(Layout.for_settings(settings)) == good
        assert shown_title(settings) == "Asema"
        # Reported once: the next run says nothing new and does not check it again.
        again = engine.sync(settings)
        assert again.status == engine.REFUSED and not again.new
        # The kiosk's health file tells it.
        reader = SyncStatusReader(settings)
        health = HealthReporter(None, settings.schedule, sync_status=reader.read_dict)
        health.content_loaded(load_content_for(through_current(settings)).content.content_hash)
        sync = health.snapshot()["sync"]
        assert sync["commit"] == good and sync["refused_commit"] == broken
        assert sync["refused_errors"] == outcome.errors
        assert health.snapshot()["state"] == "running", "the good content stays on screen"
        releases = Layout.for_settings(settings).releases
        assert [p.name for p in releases.iterdir() if p.name != "bundled"] == [good]

    edit(content.station_title_file(), "kind: fod", "kind: food")
    fixed = content.commit("Fixed", curator_key)
    outcome = engine.sync(kiosks[0])
    assert outcome.status == engine.SWITCHED and outcome.commit == fixed
    assert SyncStatusReader(kiosks[0]).read().refused_commit is None


def test_unsigned_and_wrongly_signed_commits_are_refused(tmp_path, content, curator_key, kiosks):
    good = content.commit("Good", curator_key)
    settings = kiosks[0]
    assert engine.sync(settings).status == engine.SWITCHED
    retitle(content, "Allekirjoittamaton")
    unsigned = content.commit("Unsigned")
    outcome = engine.sync(settings)
    assert outcome.status == engine.REFUSED and outcome.commit == unsigned
    assert "signature not accepted" in outcome.message
    assert current_commit(Layout.for_settings(settings)) == good

    stranger = ssh_key(tmp_path / "keys", "stranger")
    retitle(content, "Vieras avain")
    wrong = content.commit("Signed by a key nobody allowed", stranger)
    outcome = engine.sync(settings)
    assert outcome.status == engine.REFUSED and outcome.commit == wrong
    assert "signature not accepted" in outcome.message
    assert shown_title(settings) == "Asema"

    # A kiosk without an allowed-signers file takes any commit.
    open_kiosk = kiosk_settings(tmp_path / "open", content.origin)
    assert engine.sync(open_kiosk).status == engine.SWITCHED
    assert shown_title(open_kiosk) == "Vieras avain"


def test_rollback_returns_to_the_previous_release_and_holds_there(content, curator_key, kiosks):
    settings = kiosks[0]
    layout = Layout.for_settings(settings)
    commits = []
    for title in ("Yksi", "Kaksi", "Kolme", "Neljä"):
        retitle(content, title)
        commits.append(content.commit(title, curator_key))
        assert engine.sync(settings).status == engine.SWITCHED
    kept = sorted(p.name for p in layout.releases.iterdir() if p.name != "bundled")
    assert kept == sorted(commits[1:]), "the last three releases are kept"

    outcome = engine.rollback(settings)
    assert outcome.status == engine.ROLLED_BACK and outcome.commit == commits[2]
    assert shown_title(settings) == "Kolme"
    held = engine.sync(settings)
    assert held.status == engine.HELD and current_commit(layout) == commits[2]
    assert engine.rollback(settings).commit == commits[1]
    assert shown_title(settings) == "Kaksi"
    assert engine.sync(settings).status == engine.HELD
    assert engine.rollback(settings).status == engine.FAILED, "no older release is kept"

    retitle(content, "Viisi")
    newer = content.commit("Viisi", curator_key)
    outcome = engine.sync(settings)
    assert outcome.status == engine.SWITCHED and outcome.commit == newer
    assert shown_title(settings) == "Viisi" and load_state(layout.state_file).held is None


def test_sync_only_moves_forward(content, curator_key, kiosks):
    settings = kiosks[0]
    first = content.commit("One", curator_key)
    retitle(content, "Kaksi")
    second = content.commit("Two", curator_key)
    assert engine.sync(settings).commit == second
    # Someone force-pushes the branch back to the first commit.
    subprocess.run(
        ["git", "-C", str(content.work), "push", "-q", "-f", "origin", f"{first}:main"],
        check=True,
    )
    outcome = engine.sync(settings)
    assert outcome.status == engine.REFUSED and "does not descend" in outcome.message
    assert current_commit(Layout.for_settings(settings)) == second


def test_content_that_needs_a_newer_kiosk_is_refused_clearly(content, curator_key, kiosks):
    settings = kiosks[0]
    good = content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    (content.work / "release.yaml").write_text(
        '# yaml-language-server: $schema=schema/release.schema.json\nmin_kiosk_version: "99.1"\n',
        encoding="utf-8",
    )
    content.commit("Needs a future kiosk", curator_key)
    outcome = engine.sync(settings)
    assert outcome.status == engine.REFUSED, outcome
    assert "needs kiosk 99.1 or newer and this kiosk is" in outcome.message
    assert current_commit(Layout.for_settings(settings)) == good


def test_an_unreachable_repository_changes_nothing_and_backs_off(
    tmp_path, content, curator_key, kiosks
):
    settings = kiosks[0]
    good = content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    hidden = content.origin.with_name("away.git")
    content.origin.rename(hidden)  # the USB stick is pulled, the server is gone
    clock = Clock()
    first = engine.sync(settings, now=clock)
    assert first.status == engine.FAILED and first.new
    assert "cannot fetch main from" in first.message
    assert engine.sync(settings, now=clock).status == engine.WAITING
    clock.now += BACKOFF_FIRST_S + 1
    second = engine.sync(settings, now=clock)
    assert second.status == engine.FAILED and not second.new, "one log line per incident"
    state = load_state(Layout.for_settings(settings).state_file)
    assert state.failures == 2 and state.next_attempt - clock.now == 2 * BACKOFF_FIRST_S
    clock.now += BACKOFF_FIRST_S  # only half of the second back-off
    assert engine.sync(settings, now=clock).status == engine.WAITING
    assert engine.sync(settings, now=clock, force=True).status == engine.FAILED
    assert current_commit(Layout.for_settings(settings)) == good
    assert shown_title(settings) == "Asema"
    status = SyncStatusReader(settings).read()
    assert (
        status.failures == 3 and status.failures_total == 3 and "cannot fetch" in status.last_error
    )

    hidden.rename(content.origin)
    clock.now += 3600
    back = engine.sync(settings, now=clock)
    assert back.status == engine.UP_TO_DATE and back.new and "works again" in back.message
    assert SyncStatusReader(settings).read().last_success == clock.now


def test_a_sync_killed_half_way_leaves_the_current_release_intact(
    tmp_path, content, curator_key, kiosks
):
    settings = kiosks[0]
    layout = Layout.for_settings(settings)
    good = content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    # A big picture makes the fetch and the unpacking take a while.
    (content.work / "media" / "big.png").write_bytes(os.urandom(40_000_000))
    retitle(content, "Iso kuva")
    big = content.commit("Big", curator_key)
    command = [
        sys.executable,
        "-m",
        "kiosk",
        "sync",
        "--config",
        str(settings.base_dir / "kiosk.yaml"),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_in = set()
    for phase in ("fetch", "staging"):
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if phase == "fetch" and any((layout.repository / "objects").rglob("tmp_*")):
                break
            if phase == "staging" and any(layout.releases.glob(".staging-*/media/*")):
                break
            time.sleep(0.001)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed_in.add(phase)
        process.wait()
        assert current_commit(layout) == good
        assert shown_title(settings) == "Asema"
    assert killed_in, "the sync ended before it could be killed"
    assert load_state(layout.state_file).failures == 0, load_state(layout.state_file)
    outcome = engine.sync(settings)
    assert outcome.status == engine.SWITCHED and outcome.commit == big, outcome
    assert not list(layout.releases.glob(".staging-*"))
    assert shown_title(settings) == "Iso kuva"


def test_a_lock_left_by_a_killed_git_does_not_stop_the_next_sync(content, curator_key, kiosks):
    settings = kiosks[0]
    layout = Layout.for_settings(settings)
    content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    lock = layout.repository / "refs" / "remotes" / "origin" / "main.lock"
    lock.write_text("")
    retitle(content, "Uusi")
    content.commit("Next", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    assert not lock.exists()


def test_the_sync_command_reports_each_incident_once(tmp_path, content, curator_key, kiosks):
    config = kiosks[0].base_dir / "kiosk.yaml"
    command = [sys.executable, "-m", "kiosk", "sync", "--config", str(config)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run():
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stderr

    content.commit("Good", curator_key)
    code, said = run()
    assert code == 0 and "kiosk sync: switched from none to" in said
    assert run() == (0, ""), "nothing new: nothing said"
    edit(content.station_title_file(), "kind: food", "kind: fod")
    content.commit("Broken", curator_key)
    code, said = run()
    assert code == 1 and "refused" in said and "exhibits/themes/food.yaml:3:7: error:" in said
    code, said = run()
    assert code == 1 and said == ""


def test_a_full_disk_while_unpacking_changes_nothing_and_backs_off(content, curator_key, kiosks):
    """The disk fills up while the new release is unpacked (a file-size limit stands in for a
    full disk: the write fails with an OSError as it would with ENOSPC)."""
    import resource

    from kiosk.sync.git import Repository

    settings = kiosks[0]
    layout = Layout.for_settings(settings)
    good = content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    (content.work / "media" / "big.png").write_bytes(os.urandom(3_000_000))
    big = content.commit("Big", curator_key)
    # Its objects are already here (fetched earlier): only the unpacking writes much.
    assert Repository(layout.repository).fetch(str(content.origin), "main") == big

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))

    command = [sys.executable, "-m", "kiosk", "sync", "--config"]
    command.append(str(settings.base_dir / "kiosk.yaml"))
    done = subprocess.run(
        command,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=full_disk,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and f"cannot prepare commit {big[:10]}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, "one line for the incident"
    assert current_commit(layout) == good and shown_title(settings) == "Asema"
    assert not list(layout.releases.glob(".staging-*")), "the half-unpacked release is gone"
    state = load_state(layout.state_file)
    assert state.failures == 1 and state.next_attempt > time.time()
    assert engine.sync(settings, force=True).status == engine.SWITCHED  # space again


def test_a_link_leading_out_of_the_release_is_refused(content, curator_key, kiosks):
    settings = kiosks[0]
    good = content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    os.symlink("/etc/passwd", content.work / "media" / "passwd.png")
    content.commit("A link out", curator_key)
    outcome = engine.sync(settings)
    assert outcome.status == engine.REFUSED, outcome
    assert "leads outside the release" in outcome.message
    layout = Layout.for_settings(settings)
    assert current_commit(layout) == good and not list(layout.releases.glob(".staging-*"))


def test_a_current_link_to_a_removed_release_falls_back_to_the_bundled_content(
    content, curator_key, kiosks
):
    settings = kiosks[0]
    layout = Layout.for_settings(settings)
    good = content.commit("Good", curator_key)
    assert engine.sync(settings).status == engine.SWITCHED
    shutil.rmtree(layout.release(good))  # someone cleaned the data folder by hand
    through_current(settings)  # the kiosk starts
    assert current_commit(layout) is None
    title = load_content_for(through_current(settings)).content.exhibition.title("fi")
    assert title.startswith("Ilmastotekoja – ")
    assert engine.sync(settings).status == engine.SWITCHED  # and the next sync brings it back
    assert shown_title(settings) == "Asema"


def test_a_repository_folder_is_found_relative_to_kiosk_yaml(tmp_path, content, curator_key):
    from kiosk.config import Settings

    settings = kiosk_settings(tmp_path / "usb-kiosk", Path("..") / "content" / "origin.git")
    assert engine.repository_address(settings) == str(
        tmp_path / "usb-kiosk" / ".." / "content" / "origin.git"
    )
    content.commit("Good")
    assert engine.sync(settings).status == engine.SWITCHED
    for address in ("https://git.example.org/c.git", "git@git.example.org:espoo/c.git", "/m/c"):
        other = Settings(sync=replace(settings.sync, repository=address))
        assert engine.repository_address(other) == address
