"""The last few pages a screen was filled with, kept whole: their widgets, with their text
already rendered. Going back to one of them, or switching the language back and forth, then
costs moving widgets instead of making them and rendering every line of text again (the
slowest part of showing a page in software rendering) and leaves no garbage of the old one.

What the kept pages of all screens hold together is bounded in bytes of texture (their text
and pictures), scaled to the window (kiosk.cache_budget): the least recently used page goes
first, and a page that went is simply made again when it is next shown."""

from __future__ import annotations

from kiosk.cache_budget import ByteLRU, budget_for_window, texture_bytes


class Page:
    """What `populate` made: the children of the screen's page containers, and the values of
    its page properties and attributes."""

    def __init__(self, screen):
        self.children = {
            name: list(reversed(screen.ids[name].children)) for name in screen.page_containers
        }
        self.values = {name: getattr(screen, name) for name in screen.page_values}
        self.bytes = self._texture_bytes()
        """What its textures (rendered text, pictures) cost, each counted once."""

    def _texture_bytes(self) -> int:
        seen = {}
        for children in self.children.values():
            for child in children:
                for widget in child.walk(restrict=True):
                    texture = getattr(widget, "texture", None)
                    if texture is not None:
                        seen[id(texture)] = texture_bytes(*texture.size)
        return sum(seen.values())

    def let_go(self) -> None:
        """The page went for good (no screen will show it again): its rendered text and
        pictures are freed now. Its widgets are reference cycles, freed only by a full
        collection, which waits for a quiet moment (kiosk.ops.memory.QuietCollector): during
        a busy visit the textures of the pages that went held tens of megabytes until then.
        What Kivy holds a texture in: a Label and its core label, an Image and its core
        image; the canvas follows the widget's `texture`."""
        from kivy.uix.image import Image

        for children in self.children.values():
            for child in children:
                for widget in child.walk(restrict=True):
                    if isinstance(widget, Image):
                        widget.source = ""  # lets go of its core image and texture
                    core_label = getattr(widget, "_label", None)
                    if core_label is not None:
                        core_label.texture = None
                    if getattr(widget, "texture", None) is not None:
                        widget.texture = None
        self.children = {}

    def put_back(self, screen) -> None:
        for name, children in self.children.items():
            container = screen.ids[name]
            container.clear_widgets()
            for child in children:
                container.add_widget(child)
        for name, value in self.values.items():
            setattr(screen, name, value)


KEPT = ByteLRU(budget_for_window((1920, 1080)).kept_pages)
"""The kept pages of every screen, least recently used first; the app sets its budget for the
window (use_budget)."""


def use_budget(budget_bytes: int) -> None:
    """All screens' kept pages together hold at most this many bytes of texture."""
    let_go(KEPT.resize(budget_bytes))


def let_go(went) -> None:
    """Frees the textures of the pages in `went`, (key, Page) pairs that left the budget."""
    for _key, page in went:
        page.let_go()


class PageCache:
    """A screen's kept pages, at most `size` of them by what they show (KioskScreen.show's
    key), in `kept` (by default the one all screens share) with the other screens' pages: the
    least recently used page of any screen goes first when they are over its budget."""

    def __init__(self, size: int, kept: ByteLRU | None = None):
        self.size = size
        self._kept = KEPT if kept is None else kept
        self._keys: list = []  # this screen's, oldest first

    def keep(self, key, screen) -> None:
        self._forget_gone()
        if key in self._keys:
            self._keys.remove(key)
        self._keys.append(key)
        page = Page(screen)
        let_go(self._kept.put((self, key), page, page.bytes))
        while len(self._keys) > self.size:
            self._let_go(self._keys.pop(0))
        self._forget_gone()

    def put_back(self, key, screen) -> bool:
        """Fills `screen` with the page kept for `key`; False when there is none."""
        return self.swap(None, key, screen)

    def swap(self, shown_key, key, screen) -> bool:
        """Keeps the page on `screen` under `shown_key` (None: nothing to keep) and fills
        `screen` with the page kept for `key`; False when there is none. The wanted page is
        taken out first, so that keeping the page on show never lets it go: with room for one
        page, switching between two languages puts the other page back each time."""
        wanted = self._kept.pop((self, key))
        if key in self._keys:
            self._keys.remove(key)
        if shown_key is not None:
            self.keep(shown_key, screen)
        if wanted is None:
            return False
        wanted.put_back(screen)
        return True

    def clear(self) -> None:
        for key in self._keys:
            self._let_go(key)
        self._keys.clear()

    def _let_go(self, key) -> None:
        page = self._kept.pop((self, key))
        if page is not None:
            page.let_go()

    def _forget_gone(self) -> None:
        """Drops the keys of pages the shared budget let go."""
        self._keys = [key for key in self._keys if (self, key) in self._kept]

    def __len__(self) -> int:
        self._forget_gone()
        return len(self._keys)
