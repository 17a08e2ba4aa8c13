"""The last few pages a screen was filled with, kept whole: their widgets, with their text
already rendered. Going back to one of them, or switching the language back and forth, then
costs moving widgets instead of making them and rendering every line of text again (the
slowest part of showing a page in software rendering) and leaves no garbage of the old one."""

from __future__ import annotations

from collections import OrderedDict


class Page:
    """What `populate` made: the children of the screen's page containers, and the values of
    its page properties and attributes."""

    def __init__(self, screen):
        self.children = {
            name: list(reversed(screen.ids[name].children)) for name in screen.page_containers
        }
        self.values = {name: getattr(screen, name) for name in screen.page_values}

    def put_back(self, screen) -> None:
        for name, children in self.children.items():
            container = screen.ids[name]
            container.clear_widgets()
            for child in children:
                container.add_widget(child)
        for name, value in self.values.items():
            setattr(screen, name, value)


class PageCache:
    """At most `size` pages by what they show (KioskScreen.show's key); the oldest goes first."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict = OrderedDict()

    def keep(self, key, screen) -> None:
        self._pages[key] = Page(screen)
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    def put_back(self, key, screen) -> bool:
        """Fills `screen` with the page kept for `key`; False when there is none."""
        page = self._pages.pop(key, None)
        if page is None:
            return False
        page.put_back(screen)
        return True

    def clear(self) -> None:
        self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)
