"""What every command shares about failing: the usage error and the exit codes. This module
imports nothing of the kiosk, so any command (and kiosk.cli) may import it."""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit code 2."""
