"""The Kivy touch UI. Import only after kiosk.ui.launch.configure_kivy() has run."""
