"""The climate pledge as the result screen and the stations offer it: one pledge per visit (kept
by the visit's QuizSession, forgotten at reset), its running total from the statistics."""

from __future__ import annotations

from kivy.logger import Logger

TOTAL_WAIT_S = 0.2
"""How long a screen waits for the statistics' writer to count the pledges still on their way
to disk; a total shown a moment late beats a screen that stalls."""


class PledgeOffer:
    """Mixed into a KioskScreen that shows a kiosk.ui.quiz_widgets.PledgeBox."""

    @property
    def pledge_made(self) -> str | None:
        """The id of the pledge made on this visit, if any."""
        session = self.quiz_session
        return session.pledge if session is not None else None

    def fill_pledge_box(self, box, pledge) -> None:
        """Show `pledge` (a kiosk.stats.pledges.Pledge) in `box`, or hide the box for None."""
        box.opacity = 1 if pledge is not None else 0
        box.disabled = pledge is None
        if pledge is None:
            box.pledge_id = box.text = box.total_text = ""
            return
        box.pledge_id = pledge.id
        box.heading = self.tr("Make a climate pledge")
        box.text = pledge.text(self.language)
        box.button_text = self.tr("I make this pledge")
        box.thanks = self.tr("Thank you! Your pledge has been counted.")
        box.pledged = self.pledge_made == pledge.id
        box.total_text = self.pledge_total(pledge.id)

    def pledge_total(self, pledge_id: str) -> str:
        """ "1 284 visitors have made this pledge", when the statistics keep count."""
        try:
            totals = self.statistics.pledge_totals(wait_s=TOTAL_WAIT_S)
        except Exception:  # noqa: BLE001 - a total is not worth an error on screen
            Logger.exception("Kiosk: no pledge totals")
            return ""
        if totals is None:
            return ""
        count = totals.get(pledge_id, 0)
        if count == 0:
            return self.tr("Be the first to make this pledge.")
        message = (
            "{count} visitor has made this pledge."
            if count == 1
            else "{count} visitors have made this pledge."
        )
        return self.tr(message, count=self.number(count))

    def record_pledge(self, pledge_id: str) -> bool:
        """The visitor makes this pledge; False when there is none or this visit has made one
        already (later taps change nothing)."""
        session = self.quiz_session
        if not pledge_id or session is None or session.pledge is not None:
            return False
        session.pledge = pledge_id
        self.track("pledged", pledge_id)
        return True
