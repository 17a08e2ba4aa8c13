"""`kiosk render`'s work: runner.py plans the screens, starts worker.py (the real app, in a child
process) on a display and writes the contact sheet. kiosk.commands.render reads the options."""
