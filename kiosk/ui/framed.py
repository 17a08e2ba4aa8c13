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
from kivy.properties import OptionProperty
from kivy.uix.screenmanager import ScreenManager, TransitionBase

from kiosk.ui.crossfade import InPlaceFade
from kiosk.ui.frame_clock import after_this_frame
from kiosk.ui.kv import load_kv


class ScreenFrame:
    """One off-screen frame: draws a screen's canvas, and the picture that shows it."""

    def __init__(self, size, paper):
        self.screen = None
        self.blanked = False
        self.fading = False
        """Its picture is fading out over its screen's new one (change_in_place)."""
        # No stencil buffer: nothing on a screen clips with a stencil (see framed.kv and
        # PageScroll), and one would cost another four bytes a pixel for every frame.
        self.fbo = Fbo(size=size, with_stencilbuffer=False)
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


class FramedScreenManager(InPlaceFade, ScreenManager):
    """A ScreenManager whose screens are drawn through ScreenFrames (two: the screen shown,
    and the one sliding in). Use it with FrameSlide."""

    paper = (1, 1, 1, 1)
    """The frames' background: the window's clear colour."""

    def __init__(self, paper=None, **kwargs):
        if paper is not None:
            self.paper = tuple(paper)
        self._frames: list[ScreenFrame] = []
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

    def use_paper(self, paper) -> None:
        """Another background colour (the high-contrast palette): frames cleared to it."""
        self.paper = tuple(paper)
        self._new_frames()

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
