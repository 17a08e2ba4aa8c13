"""`kiosk sync` and `kiosk rollback` as functions of the settings and the clock.

A sync fetches the branch; a new commit is switched to only when it
1. is newer: it descends from the current release, and is not the commit a rollback left
   (or one before it);
2. carries a good SSH signature by an allowed signer, when kiosk.yaml names that file;
3. declares (release.yaml) no kiosk version newer than this one;
4. passes the same validation as `kiosk validate`, in a staging folder.
A refused commit is remembered and reported once; the screen keeps what it shows. A fetch that
fails (no network, a repository that cannot be reached, a full disk) counts as a failure and
backs off: later runs return at once until the back-off ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import __version__
from kiosk.content.release import read_release, too_old_for
from kiosk.paths import shown_path
from kiosk.sync import releases
from kiosk.sync.git import GitError, Repository, UnsafeFiles
from kiosk.sync.releases import Layout
from kiosk.sync.state import SyncState, load_state, save_state

MAX_REPORTED_ERRORS = 5

SWITCHED, UP_TO_DATE, HELD, REFUSED, FAILED, WAITING, BUSY, OFF = (
    "switched",
    "up-to-date",
    "held",
    "refused",
    "failed",
    "waiting",
    "busy",
    "off",
)
ROLLED_BACK = "rolled-back"


@dataclass
class Outcome:
    """What one sync or rollback did. `new` is True when `message` is news for the log (a
    switch, or an incident not reported before); a repeated incident is not logged again."""

    status: str
    message: str
    commit: str | None = None
    errors: list[str] = field(default_factory=list)
    new: bool = True

    @property
    def ok(self) -> bool:
        return self.status not in (REFUSED, FAILED)


class Refusal(Exception):
    """The commit must not be shown; the message says why, `errors` lists file:line lines."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


@contextlib.contextmanager
def sync_lock(layout: Layout):
    """Yields True while this process alone syncs or rolls back, False if another does."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.lock_file, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def short(commit: str | None) -> str:
    return commit[:10] if commit else "none"


def sync(
    settings,
    now: Callable[[], float] = time.time,
    force: bool = False,
    accept_unrelated: bool = False,
) -> Outcome:
    """One sync (see the module's doc). `force` ignores the back-off (staff asked for it);
    `accept_unrelated` takes a commit that does not descend from the current release (a new
    repository, a rewritten history), after a person has checked it."""
    config = settings.sync
    if not config.repository:
        return Outcome(OFF, "no content repository in kiosk.yaml (sync.repository)", new=False)
    layout = Layout.for_settings(settings)
    with sync_lock(layout) as mine:
        if not mine:
            return Outcome(BUSY, "another sync is running", new=False)
        state = load_state(layout.state_file)
        if not force and now() < state.next_attempt:
            wait = state.next_attempt - now()
            message = f"backing off after {state.failures} failure(s): next try in {wait:.0f} s"
            return Outcome(WAITING, message, new=False)
        outcome = _sync_locked(settings, layout, state, now, accept_unrelated)
        try:
            save_state(layout.state_file, state)
        except OSError as exc:
            outcome.message += f" (the sync state could not be saved: {exc})"
        return outcome


def repository_address(settings) -> str:
    """sync.repository as git is given it: a folder named relative to kiosk.yaml is made
    absolute (git would take it relative to wherever the sync runs); URLs and scp-like
    addresses (git@host:path) as written."""
    address = settings.sync.repository
    if "://" in address or re.match(r"^[\w.-]+@[\w.-]+:", address) or os.path.isabs(address):
        return address
    return str(Path(settings.base_dir) / address)


def _sync_locked(settings, layout: Layout, state: SyncState, now, accept_unrelated) -> Outcome:
    config = settings.sync
    repository = Repository(layout.repository)
    try:
        releases.remove_leftovers(layout)
        repository.ensure()
        repository.remove_stale_locks()
        tip = repository.fetch(repository_address(settings), config.branch)
    except (GitError, OSError) as exc:
        error = f"cannot fetch {config.branch} from {config.repository}: {exc}"
        return Outcome(FAILED, error, new=state.failed(now(), error))
    recovered = state.succeeded(now())
    outcome = _judge(settings, layout, repository, state, tip, now, accept_unrelated)
    if recovered and not outcome.new:
        outcome.new = True
        outcome.message = f"sync works again; {outcome.message}"
    return outcome


def _judge(settings, layout, repository, state, tip, now, accept_unrelated) -> Outcome:
    current = releases.current_commit(layout)
    if tip == current:
        return Outcome(UP_TO_DATE, f"up to date at {short(tip)}", tip, new=False)
    if state.held:
        if repository.has_commit(state.held) and repository.is_ancestor(tip, state.held):
            message = (
                f"held at {short(current)} after a rollback; {short(tip)} is not applied "
                "again until a newer commit arrives"
            )
            return Outcome(HELD, message, current, new=state.report_once(f"held: {tip}"))
        state.held = None
    refused = state.refused or {}
    if refused.get("commit") == tip and refused.get("kiosk_version") == __version__:
        message = f"commit {short(tip)} was refused: {refused.get('reason')}"
        return Outcome(REFUSED, message, tip, list(refused.get("errors", [])), new=False)
    try:
        _check_and_stage(settings, layout, repository, tip, current, accept_unrelated)
    except Refusal as refusal:
        state.refused = {
            "commit": tip,
            "reason": str(refusal),
            "errors": refusal.errors,
            "kiosk_version": __version__,
            "at": now(),
        }
        message = f"commit {short(tip)} refused: {refusal}"
        state.report_once(f"refused: {tip}")
        return Outcome(REFUSED, message, tip, refusal.errors)
    except (GitError, OSError) as exc:
        with contextlib.suppress(OSError):
            releases.remove(layout.staging(tip))
        error = f"cannot prepare commit {short(tip)}: {exc}"
        return Outcome(FAILED, error, tip, new=state.failed(now(), error))
    releases.switch_to(layout, tip)
    state.remember_switch(tip, now())
    state.refused = None
    state.report_once(f"switched: {tip}")
    releases.prune(layout, state.history)
    return Outcome(SWITCHED, f"switched from {short(current)} to {short(tip)}", tip)


def _check_and_stage(settings, layout, repository, tip, current, accept_unrelated) -> None:
    config = settings.sync
    forward = current is None or (
        repository.has_commit(current) and repository.is_ancestor(current, tip)
    )
    if not forward and not accept_unrelated:
        raise Refusal(
            f"it does not descend from the current release {short(current)} (a rewritten "
            "history or another repository); check it, then run "
            "`kiosk sync --accept-unrelated`"
        )
    if config.allowed_signers:
        signers = Path(settings.base_dir) / config.allowed_signers
        if not signers.is_file():
            raise Refusal(f"the allowed-signers file {signers} is missing")
        why = repository.verify_signature(tip, signers)
        if why is not None:
            raise Refusal(f"signature not accepted: {why}")
    if layout.release(tip).is_dir():
        return  # switched to before (then rolled back past): already checked
    staging = layout.staging(tip)
    releases.remove(staging)
    try:
        repository.archive_into(tip, staging)
        _check_release(settings, staging)
    except UnsafeFiles as exc:
        releases.remove(staging)
        raise Refusal(f"it holds a file that leads outside the release: {exc}") from exc
    except Refusal:
        releases.remove(staging)
        raise
    os.replace(staging, layout.release(tip))


def _check_release(settings, folder: Path) -> None:
    from kiosk.config import load_content_for

    info, diagnostics = read_release(folder)
    if info is None:
        raise Refusal("release.yaml has errors", _relative(diagnostics.lines(), folder))
    too_old = too_old_for(info)
    if too_old:
        raise Refusal(too_old)
    content_dir = folder / releases.CONTENT_FOLDER
    media_dir = folder / releases.MEDIA_FOLDER
    if not content_dir.is_dir():
        raise Refusal(f"the commit has no {releases.CONTENT_FOLDER}/ folder")
    result = load_content_for(settings, content_dir, media_dir)
    errors = [str(problem) for problem in sorted(set(result.diagnostics.errors), key=_order)]
    if result.content is None or errors:
        lines = _relative(errors, folder)[:MAX_REPORTED_ERRORS]
        raise Refusal(f"the content has {len(errors)} error(s), first: {lines[0]}", lines)


def _order(problem):
    return (problem.path, problem.line or 0, problem.col or 0)


def _relative(lines: list[str], folder: Path) -> list[str]:
    """Problems named as in the repository (exhibits/themes/food.yaml:3:7), not the staging
    folder they were checked in."""
    prefixes = sorted({str(folder) + os.sep, shown_path(folder) + os.sep}, key=len, reverse=True)
    out = []
    for line in lines:
        for prefix in prefixes:
            if line.startswith(prefix):
                line = line[len(prefix) :]
                break
        out.append(line)
    return out


def request_sync(settings) -> None:
    """Asks for a sync at once, without privileges: touches the trigger file, which a systemd
    path unit watches (deploy/kiosk-sync.path); the sync then ignores its back-off."""
    from kiosk.atomic import write_atomically

    write_atomically(Layout.for_settings(settings).trigger_file, f"{time.time():.0f}\n")


def trigger_pending(settings) -> bool:
    """True when staff asked for a sync after the last attempt."""
    layout = Layout.for_settings(settings)
    try:
        asked = layout.trigger_file.stat().st_mtime
    except OSError:
        return False
    last = load_state(layout.state_file).last_attempt
    return last is None or asked > last


def rollback(settings, now: Callable[[], float] = time.time) -> Outcome:
    """Back to the release before the current one; sync then holds there until a commit newer
    than the one left arrives."""
    layout = Layout.for_settings(settings)
    with sync_lock(layout) as mine:
        if not mine:
            return Outcome(BUSY, "a sync is running; try again in a moment", new=False)
        state = load_state(layout.state_file)
        current = releases.current_commit(layout)
        history = [c for c in state.history if layout.release(c).is_dir()]
        if current not in history or history.index(current) == 0:
            return Outcome(
                FAILED, f"no earlier release is kept to return to (current: {short(current)})"
            )
        previous = history[history.index(current) - 1]
        releases.switch_to(layout, previous)
        if not state.held:
            state.held = current
        state.report_once(f"rolled back: {previous}")
        save_state(layout.state_file, state)
        message = f"rolled back from {short(current)} to {short(previous)}; held there"
        return Outcome(ROLLED_BACK, message, previous)
