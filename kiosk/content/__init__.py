"""Exhibition content: YAML files -> a validated, immutable model. Imports no Kivy."""

from kiosk.content.loader import load_content
from kiosk.content.problems import Diagnostics, Problem

__all__ = ["Diagnostics", "Problem", "load_content"]
