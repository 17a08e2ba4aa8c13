"""Exhibition content: YAML files -> a validated, immutable model. Imports no Kivy."""

from kiosk.content.loader import load_content
from kiosk.content.problems import Problem, Report

__all__ = ["Problem", "Report", "load_content"]
