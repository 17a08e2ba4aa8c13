"""The `git` binary, run as a subprocess with a clean, non-interactive environment: no prompt
for a password, no user or system configuration, a time limit on every call."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

FETCH_TIMEOUT_S = 900
LOCAL_TIMEOUT_S = 300
# git's own variables (GIT_DIR, GIT_WORK_TREE, ...) from a caller's shell would redirect it.
_CLEAN_PREFIXES = ("GIT_",)


def _die_with_parent() -> None:
    """In the child before git starts: killed along with the sync that started it. A git left
    running after its sync was killed would go on writing refs beside the next sync's git."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


class GitError(Exception):
    """git failed or could not be run; the message is git's own first line."""


class UnsafeFiles(Exception):
    """The commit holds a file that would land outside its folder (an absolute link, a link
    or name leading out): the commit is refused, not retried."""


def git_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_CLEAN_PREFIXES)}
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_SSH_COMMAND="ssh -o BatchMode=yes -o ConnectTimeout=20",
        LC_ALL="C",
    )
    return env


class Repository:
    """A bare repository on disk that `git` works in."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def run(
        self, *args: str, timeout: float = LOCAL_TIMEOUT_S, check: bool = True
    ) -> subprocess.CompletedProcess:
        command = ["git", f"--git-dir={self.path}", *args]
        try:
            done = subprocess.run(
                command,
                env=git_environment(),
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        except subprocess.TimeoutExpired as exc:
            raise GitError(f"git {args[0]} took longer than {timeout:.0f} s") from exc
        except OSError as exc:
            raise GitError(f"cannot run git: {exc}") from exc
        if check and done.returncode != 0:
            raise GitError(first_line(done.stderr) or f"git {args[0]} failed")
        return done

    def ensure(self) -> None:
        """A bare repository at `path`: made if missing, made anew if broken (a first sync
        killed half-way leaves a folder git does not recognise)."""
        if self.path.exists():
            probe = self.run("rev-parse", "--git-dir", check=False)
            if probe.returncode == 0:
                return
            import shutil

            shutil.rmtree(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["git", "init", "--bare", "--quiet", str(self.path)],
            env=git_environment(),
            capture_output=True,
            text=True,
            timeout=LOCAL_TIMEOUT_S,
        )
        if done.returncode != 0:
            raise GitError(first_line(done.stderr) or "git init failed")

    def remove_stale_locks(self) -> list[Path]:
        """Lock files left by a git killed mid-way (a SIGKILL, a power cut); call only while
        holding the sync lock, when no other git works here."""
        removed = []
        for lock in self.path.rglob("*.lock"):
            try:
                lock.unlink()
                removed.append(lock)
            except OSError:
                pass
        return removed

    def fetch(self, address: str, branch: str) -> str:
        """Fetches `branch` of `address`; the commit it is at."""
        ref = f"refs/remotes/origin/{branch}"
        self.run(
            "-c",
            "http.lowSpeedLimit=1000",
            "-c",
            "http.lowSpeedTime=60",
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            address,
            f"+refs/heads/{branch}:{ref}",
            timeout=FETCH_TIMEOUT_S,
        )
        return self.commit_of(ref)

    def commit_of(self, revision: str) -> str:
        return self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").stdout.strip()

    def has_commit(self, commit: str) -> bool:
        done = self.run("cat-file", "-e", f"{commit}^{{commit}}", check=False)
        return done.returncode == 0

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when `newer` is `older` or descends from it."""
        done = self.run("merge-base", "--is-ancestor", older, newer, check=False)
        if done.returncode not in (0, 1):
            raise GitError(first_line(done.stderr) or "git merge-base failed")
        return done.returncode == 0

    def verify_signature(self, commit: str, allowed_signers: Path) -> str | None:
        """None when `commit` carries a good SSH signature by a key in `allowed_signers`, else
        why not (unsigned, unknown key, bad signature)."""
        done = self.run(
            "-c",
            f"gpg.ssh.allowedSignersFile={Path(allowed_signers).resolve()}",
            "verify-commit",
            "--raw",
            commit,
            check=False,
        )
        if done.returncode == 0:
            return None
        text = done.stderr.strip()
        if not text:
            return "the commit is not signed"
        return first_line(text.replace("\n", " ")) or "the signature could not be verified"

    def archive_into(self, commit: str, folder: Path) -> None:
        """The files of `commit` into `folder` (which must not exist), through `git archive`:
        no .git inside, and tarfile's data filter refuses links and names that leave it."""
        import tarfile

        folder.mkdir(parents=True)
        command = ["git", f"--git-dir={self.path}", "archive", "--format=tar", commit]
        with subprocess.Popen(
            command,
            env=git_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        ) as process:
            try:
                with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                    archive.extractall(folder, filter="data")
                # tarfile stops at the end-of-archive marker; git still writes the padding
                # after it, and would die of a broken pipe if it were not read.
                while process.stdout.read(65536):
                    pass
            except tarfile.FilterError as exc:
                process.kill()
                raise UnsafeFiles(str(exc)) from exc
            except tarfile.TarError as exc:
                process.kill()
                raise GitError(f"the commit's files could not be unpacked: {exc}") from exc
            finally:
                process.stdout.close()
            error = process.stderr.read().decode("utf-8", "replace")
            if process.wait(LOCAL_TIMEOUT_S) != 0:
                raise GitError(first_line(error) or "git archive failed")


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return ""
