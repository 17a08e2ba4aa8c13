"""Screens drawn through off-screen frames, and a slide that moves the frames, not the screens.

Kiosk PCs without a graphics chip draw in software (Mesa llvmpipe, as under Xvfb), where a frame
costs about as much as the pixels every layer covers: a full page of cards and text is several
full-screen passes. A slide that moves two such pages redraws both on every frame, and its first
frame, the one that answers the visitor's tap, redraws the page being left as well.

Here the current screen is drawn into its own frame (a Kivy Fbo), which Kivy redraws only when
something on that screen changes, and the window shows the frame as one opaque picture. A slide
then moves two pictures: the page being left is not drawn again at all (its frame is frozen as
the visitor last saw it), and the new page is drawn once, into its frame. A change in place (a
language switch) fades the picture of the page as it was out over the new page, mixing the two
in one pass (kiosk.ui.crossfade). In both, the frame that answers the tap only shows pictures
already drawn, and the new page follows a frame later. On a machine with a graphics chip all of
this costs next to nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import (
    Callback,
    ClearBuffers,
    ClearColor,
    Color,
    Fbo,
    InstructionGroup,
    PopMatrix,
    PushMatrix,
    Rectangle,
    Translate,
)
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable
from kivy.properties import NumericProperty, OptionProperty
from kivy.uix.screenmanager import ScreenManager, TransitionBase

from kiosk.ui.crossfade import Crossfade
from kiosk.ui.kv import load_kv

FADE_DIM = 0.93
"""The page as it was, dimmed this much in the frame that answers a change in place and while it
fades out: the tap is seen at once."""
FADE_FROM = 0.75
"""How much of the old page shows when the new one is first drawn under it."""


@dataclass
class Fade:
    old: ScreenFrame
    new: ScreenFrame
    began: float
    new_drawn: bool = False


def after_this_frame(callback) -> None:
    """Calls `callback()` once the frame being drawn now (or the next one) is on the screen."""

    def drawing(*_):
        Window.unbind(on_draw=drawing)
        Clock.schedule_once(lambda _dt: callback(), 0)  # the next tick: after the buffer swap

    Window.bind(on_draw=drawing)


class ScreenFrame:
    """One off-screen frame: draws a screen's canvas, and the picture that shows it."""

    def __init__(self, size, paper):
        self.screen = None
        self.blanked = False
        self.fading = False
        """Its picture is fading out over its screen's new one (change_in_place)."""
        self.fbo = Fbo(size=size, with_stencilbuffer=True)
        # Shown pixel for pixel: a blend of neighbours would only cost time.
        self.fbo.texture.mag_filter = self.fbo.texture.min_filter = "nearest"
        with self.fbo.before:
            ClearColor(*paper)
            ClearBuffers()
            PushMatrix()
            self._origin = Translate(0, 0)
        with self.fbo.after:
            PopMatrix()
        self.picture = InstructionGroup()
        # Every pixel of the frame is opaque (cleared to the paper colour), so blending it onto
        # the window would only cost time.
        self.picture.add(Callback(lambda _instr: glDisable(GL_BLEND)))
        self.paper = paper
        self.tint = Color(1, 1, 1, 1)
        self.picture.add(self.tint)
        self.rect = Rectangle(texture=self.fbo.texture, size=size)
        self.picture.add(self.rect)
        self.picture.add(Callback(lambda _instr: glEnable(GL_BLEND)))

    def hold(self, screen, pos) -> None:
        self.screen = screen
        self.place(pos)
        self.fbo.add(screen.canvas)

    def place(self, pos) -> None:
        """The screen sits at `pos` in the window: so does its picture, at rest."""
        origin = (-pos[0], -pos[1])
        if tuple(self._origin.xy) != origin:  # a change has the whole screen drawn again
            self._origin.xy = origin
        self.rect.pos = pos

    def blank(self, blank: bool) -> None:
        """Show plain paper instead of the frame's picture (which is not drawn yet)."""
        self.blanked = blank
        self.rect.texture = None if blank else self.fbo.texture
        self.tint.rgba = self.paper if blank else (1, 1, 1, 1)

    def let_go(self) -> None:
        if self.screen is not None:
            self.fbo.remove(self.screen.canvas)
            self.screen = None


class FramedScreenManager(ScreenManager):
    """A ScreenManager whose screens are drawn through ScreenFrames (two: the screen shown,
    and the one sliding in). Use it with FrameSlide."""

    paper = (1, 1, 1, 1)
    """The frames' background: the window's clear colour."""
    fade_s = NumericProperty(0.2)
    """How long the page as it was takes to fade out after a change in place."""

    def __init__(self, paper=None, **kwargs):
        if paper is not None:
            self.paper = tuple(paper)
        self._frames: list[ScreenFrame] = []
        self._fading: Fade | None = None
        self._fade_event = None
        self._crossfade: Crossfade | None = None
        self._fills: dict = {}  # screen -> what fills it, run when it is next drawn
        super().__init__(**kwargs)
        self.bind(size=self._new_frames, pos=self._place_frames)

    # Where a screen's canvas goes -------------------------------------------------------

    def real_add_widget(self, screen, *args):
        super().real_add_widget(screen, *args)  # its canvas goes straight into ours
        # The kiosk's first screen: its first frame is drawn straight into the window (no frame
        # to make and fill first), and it is framed right after. FrameSlide frames a screen
        # sliding in at once.
        self._frame_after_this_frame(screen)

    def real_remove_widget(self, screen, *args):
        self.end_fade()
        frame = self.frame_of(screen)
        if frame is not None:
            self.freeze(frame)
            self.canvas.remove(frame.picture)
            frame.let_go()
        super().real_remove_widget(screen, *args)

    # What a screen shows ----------------------------------------------------------------

    def fill_later(self, screen, fill) -> None:
        """`fill()` fills the screen for what it is to show next; it runs just before the
        screen is next drawn (a slide's first frame shows paper where the screen comes in, so
        the tap is answered before the page is made). A later fill replaces an earlier one."""
        self._fills[screen] = fill

    def fill_now(self, screen, fill=None) -> None:
        """Runs `fill`, or the screen's pending fill if none is given (and drops that)."""
        pending = self._fills.pop(screen, None)
        fill = fill or pending
        if fill is not None:
            fill()

    def clear_widgets(self, *args, **kwargs):
        self._fills.clear()
        super().clear_widgets(*args, **kwargs)

    def frame_of(self, screen) -> ScreenFrame | None:
        return next((frame for frame in self._frames if frame.screen is screen), None)

    def freeze(self, frame: ScreenFrame) -> None:
        """Keep the frame's picture as it is: Kivy stops redrawing it."""
        if frame.fbo in self.canvas.children:
            self.canvas.remove(frame.fbo)

    def draw_after_next_frame(self, frame: ScreenFrame) -> None:
        """Blank paper in the frame's place for one frame, then its screen: the frame that
        answers a tap only moves pictures already drawn, and the new screen follows one frame
        later (a sixtieth of a second on a graphics chip, some 50 ms in software)."""
        self.freeze(frame)
        frame.blank(True)
        screen = frame.screen

        def draw_it():
            if frame.screen is not screen or frame.picture not in self.canvas.children:
                return
            self.fill_now(screen)
            frame.blank(False)
            self.canvas.insert(self.canvas.indexof(frame.picture), frame.fbo)

        after_this_frame(draw_it)

    def change_in_place(self, screen, fill) -> None:
        """For a change of the screen on show in place (a language switch), which `fill()`
        makes: the picture of the page as it was dims and fades out over the page as it is
        now. The frame that answers the tap shows the old picture dimmed, which costs what a
        frame at rest does; the screen is filled after it, drawn once, into a frame of its own,
        on the next frame, and shows through as the old one fades."""
        old = self.frame_of(screen)
        if old is None or self.transition.is_active:
            self.fill_now(screen, fill)  # drawn directly (the first screen), or a slide frames it
            return
        self.end_fade()
        self.freeze(old)
        old.let_go()
        old.fading = True  # its picture is in use until the fade ends
        old.tint.rgb = (FADE_DIM,) * 3
        new = self._free_frame()
        new.hold(screen, self.pos)
        self.fill_later(screen, fill)
        fade = self._fading = Fade(old, new, time.perf_counter())

        def draw_new():
            if self._fading is fade:
                self._draw_new(fade)

        after_this_frame(draw_new)
        self._fade_event = Clock.schedule_interval(self._fade_step, 0)

    def _draw_new(self, fade: Fade) -> None:
        """The new page into its frame, drawn with the next frame, and the two mixed."""
        self.fill_now(fade.new.screen)
        if self._crossfade is None:
            self._crossfade = Crossfade(self._frame_size(), FADE_DIM)
        self._crossfade.start(fade.old.fbo.texture, fade.new.fbo.texture, self.pos)
        self._crossfade.share(FADE_FROM * self._fade_left(fade))
        index = self.canvas.indexof(fade.old.picture)
        self.canvas.remove(fade.old.picture)
        self.canvas.insert(index, self._crossfade.instruction)
        self.canvas.insert(index, fade.new.fbo)
        fade.new_drawn = True

    def _fade_left(self, fade: Fade) -> float:
        return 1 - (time.perf_counter() - fade.began) / self.fade_s

    def _fade_step(self, _dt):
        fade = self._fading
        left = self._fade_left(fade)
        if left <= 0:
            self.end_fade()
            return False
        if fade.new_drawn:
            self._crossfade.share(FADE_FROM * left)
        return True

    @property
    def at_rest(self) -> bool:
        """No slide runs and no page fades."""
        return not self.transition.is_active and self._fading is None

    def end_fade(self) -> None:
        """The new page alone, at once (at the end of the fade, or a slide or another change
        starts): filled and drawn now if it was not yet."""
        fade = self._fading
        if fade is None:
            return
        self._fading = None
        self._fade_event.cancel()
        old, new = fade.old, fade.new
        old.fading = False
        old.tint.rgb = (1, 1, 1)
        if fade.new_drawn:
            index = self.canvas.indexof(self._crossfade.instruction)
            self.canvas.remove(self._crossfade.instruction)
        else:
            index = self.canvas.indexof(old.picture)
            self.canvas.remove(old.picture)
            self.fill_now(new.screen)
            new.fbo.draw()
            self.canvas.insert(index, new.fbo)
            index += 1
        self.canvas.insert(index, new.picture)

    def _frame_after_this_frame(self, screen) -> None:
        def frame_it():
            if screen.canvas in self.canvas.children and self.frame_of(screen) is None:
                self.put_in_frame(screen)

        after_this_frame(frame_it)

    def frame_now(self, screen) -> ScreenFrame:
        """The screen's frame, drawn now if the screen was being drawn directly."""
        self.fill_now(screen)
        frame = self.frame_of(screen)
        if frame is None:
            frame = self.put_in_frame(screen)
            frame.fbo.draw()
        return frame

    def put_in_frame(self, screen) -> ScreenFrame:
        if screen.canvas in self.canvas.children:
            self.canvas.remove(screen.canvas)
        frame = self._free_frame()
        frame.hold(screen, self.pos)
        self.canvas.add(frame.fbo)
        self.canvas.add(frame.picture)
        return frame

    def _free_frame(self) -> ScreenFrame:
        for frame in self._frames:
            if frame.screen is None and not frame.fading:
                return frame
        frame = ScreenFrame(self._frame_size(), self.paper)
        self._frames.append(frame)
        return frame

    def _frame_size(self):
        return (max(1, int(self.width)), max(1, int(self.height)))

    def _new_frames(self, *_):
        """A new size needs frames of that size (screens are made anew for it too)."""
        held = [frame.screen for frame in self._frames if frame.screen is not None]
        for screen in held:
            self.real_remove_widget(screen)
        self._frames = []
        self._crossfade = None
        for screen in held:
            self.real_add_widget(screen)

    def _place_frames(self, *_):
        for frame in self._frames:
            if frame.screen is not None:
                frame.place(self.pos)


class FrameSlide(TransitionBase):
    """SlideTransition for a FramedScreenManager: the screens stay put and their pictures
    move. The screen being left is frozen as the visitor last saw it."""

    direction = OptionProperty("left", options=("left", "right"))

    def add_screen(self, screen):
        manager = self.manager
        manager.end_fade()
        manager.freeze(manager.frame_now(self.screen_out))
        super().add_screen(screen)
        manager.draw_after_next_frame(manager.frame_of(screen) or manager.put_in_frame(screen))

    def on_progress(self, progress):
        manager = self.manager
        width = manager.width
        sign = -1 if self.direction == "left" else 1
        x, y = manager.pos
        frame_in, frame_out = manager.frame_of(self.screen_in), manager.frame_of(self.screen_out)
        if frame_in is not None:
            frame_in.rect.pos = (x - sign * width * (1 - progress), y)
        if frame_out is not None:
            frame_out.rect.pos = (x + sign * width * progress, y)

    def on_complete(self):
        frame_in = self.manager.frame_of(self.screen_in)
        if frame_in is not None:
            frame_in.place(self.manager.pos)
        super().on_complete()


load_kv(__file__)
