"""Ilmastotekoja kiosk: the City of Espoo's climate-action exhibition on a touch screen."""

__version__ = "0.1.0"
