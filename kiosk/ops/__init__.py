"""Kiosk-mode concerns that need no window: opening hours, staff PIN, health, watchdog,
restart reasons and logs. Imports no Kivy."""
