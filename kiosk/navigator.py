"""Where the visitor is, and the intents that move them: pure Python, no Kivy.

Screens never change each other; they send intents here, and every listener (the screen
manager, statistics, the idle monitor) hears the one resulting change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.screens import ATTRACT, HOME, QUIZ, RESULT, SCREENS, STATION, screen_for_theme


@dataclass(frozen=True)
class Route:
    screen: str
    target: str | None = None  # the theme or station id the screen shows


Listener = Callable[[Route, str, str], None]  # (route, language, why)


class Navigator:
    """A stack of routes from home, the visitor's language, and nothing else about them."""

    def __init__(self, exhibition, languages: tuple[str, ...], default_language: str):
        self.exhibition = exhibition
        self.languages = languages
        self.default_language = default_language
        self.language = default_language
        self.stack: list[Route] = [Route(ATTRACT)]
        self._listeners: list[Listener] = []

    @property
    def route(self) -> Route:
        return self.stack[-1]

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self, why: str) -> None:
        for listener in list(self._listeners):
            listener(self.route, self.language, why)

    # Intents -----------------------------------------------------------------------------

    def start_visit(self) -> None:
        if self.route.screen == ATTRACT:
            self.stack = [Route(HOME)]
            self._notify("start")

    def home(self) -> None:
        self.stack = [Route(HOME)]
        self._notify("home")

    def open_theme(self, theme_id: str) -> None:
        theme = self.exhibition.theme(theme_id)
        if theme is None:
            return
        self._push(Route(screen_for_theme(theme.kind), theme_id))

    def open_station(self, station_id: str) -> None:
        if self.exhibition.station(station_id) is not None:
            self._push(Route(STATION, station_id))

    def open_quiz(self) -> None:
        self._push(Route(QUIZ))

    def open_result(self) -> None:
        """The quiz's result, with the questions underneath: Back returns to them."""
        if Route(QUIZ) not in self.stack:
            self.stack.append(Route(QUIZ))
        self._push(Route(RESULT))

    def back(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()
            self._notify("back")

    def set_language(self, language: str) -> None:
        if language in self.languages and language != self.language:
            self.language = language
            self._notify("language")

    def reset(self) -> None:
        """The visit is over: attract screen, default language, nothing remembered."""
        self.stack = [Route(ATTRACT)]
        self.language = self.default_language
        self._notify("reset")

    def replace_content(self, exhibition) -> None:
        """New content: the visitor stays where they are if that still exists, else home."""
        self.exhibition = exhibition
        if not all(self._exists(route) for route in self.stack):
            self.stack = [Route(HOME)] if self.route.screen != ATTRACT else [Route(ATTRACT)]
        self._notify("content")

    # What an intent would do -------------------------------------------------------------

    def leads_to(self, action) -> tuple[Route, str] | None:
        """The route and language a control's action (intent, argument), as in
        kiosk.speech.reading, would lead to from here, without going there: for making the
        page while the visitor's finger still rests on the control. None when the action
        changes nothing, or leads to a page that depends on more than the route (the quiz)."""
        intent, argument = action
        if intent == "open_theme":
            theme = self.exhibition.theme(argument) if self.exhibition else None
            route = Route(screen_for_theme(theme.kind), argument) if theme else None
        elif intent == "open_station":
            found = self.exhibition and self.exhibition.station(argument) is not None
            route = Route(STATION, argument) if found else None
        elif intent == "back":
            route = self.stack[-2] if len(self.stack) > 1 else None
        elif intent == "home":
            route = Route(HOME)
        elif intent == "language":
            if argument in self.languages and argument != self.language:
                return self.route, argument
            return None
        else:
            return None
        if route is None or route == self.route:
            return None
        return route, self.language

    # -------------------------------------------------------------------------------------

    def _push(self, route: Route) -> None:
        if route == self.route:
            return
        if route in self.stack:
            # Going to a screen already on the way back: return to it, so Back stays short.
            del self.stack[self.stack.index(route) + 1 :]
        else:
            self.stack.append(route)
        self._notify("open")

    def _exists(self, route: Route) -> bool:
        shows = SCREENS[route.screen].shows if route.screen in SCREENS else None
        if shows == "theme":
            return self.exhibition.theme(route.target) is not None
        if shows == "station":
            return self.exhibition.station(route.target) is not None
        return True
