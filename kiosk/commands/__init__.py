"""One module per `python -m kiosk` command, each with `add_command(commands)` adding its
argparse parser and handler. kiosk.cli lists them; errors.py and common.py hold what they share."""
