"""Espoo 2030: the city's goal, how far it has come, and the theme's stations."""

from __future__ import annotations

from kivy.properties import NumericProperty, StringProperty

from kiosk.citation import cite
from kiosk.ui.kv import load_kv
from kiosk.ui.screens.base import KioskScreen


class GoalScreen(KioskScreen):
    page_containers = ("cards",)  # emptied at the end of a visit (drop_pages)
    title = StringProperty("")
    lead = StringProperty("")
    target_text = StringProperty("")
    progress_text = StringProperty("")
    years_left_text = StringProperty("")
    source_text = StringProperty("")
    progress = NumericProperty(0)
    """Share of the way to the goal, 0..1."""

    def populate(self, exhibition, route):
        theme = exhibition.theme(route.target)
        self.title = theme.title(self.language)
        self.lead = theme.lead(self.language)
        self._show_goal(theme.goal)
        self.show_station_cards(theme)

    def _show_goal(self, goal):
        self.ids.goal_box.opacity = 1 if goal else 0
        if goal is None:
            self.progress = 0
            return
        latest = goal.latest
        self.progress = max(0.0, min(1.0, latest.cut / goal.target_cut))
        self.target_text = self.tr(
            "Goal: emissions {cut} % below {baseline} by {target}",
            cut=self.number(goal.target_cut),
            baseline=goal.baseline_year,
            target=goal.target_year,
        )
        self.progress_text = self.tr(
            "{year}: {cut} % below {baseline}",
            year=latest.year,
            cut=self.number(latest.cut),
            baseline=goal.baseline_year,
        )
        years = goal.target_year - self.now().year
        self.years_left_text = self.tr("{years} years to go", years=years) if years > 1 else ""
        self.source_text = cite(latest.source, self.language)


load_kv(__file__)
