"""Screens drawn through off-screen frames, and a slide that moves the frames, not the screens.

Kiosk PCs without a graphics chip draw in software (Mesa llvmpipe, as under Xvfb), where a frame
costs about as much as the pixels every layer covers: a full page of cards and text is several
full-screen passes. A slide that moves two such pages redraws both on every frame, and its first
frame, the one that answers the visitor's tap, redraws the page being left as well.

Here the current screen is drawn into its own frame (a Kivy Fbo), which Kivy redraws only when
something on that screen changes, and the window shows the frame as one opaque picture. A slide
then moves two pictures: the page being left is not drawn again at all (its frame is frozen as
the visitor last saw it), and the new page is drawn once into its frame, a band at a time as it
comes into view: the frame that answers the tap draws its first band, and each frame of the
slide draws only the band newly in view. A change in place (a language switch) fades the
picture of the page as it was out over the new page, mixing the two in one pass
(kiosk.ui.crossfade), the new page drawn band by band from the left in the same way. On a
machine with a graphics chip all of this costs next to nothing.
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
from kivy.graphics.opengl import GL_BLEND, GL_SCISSOR_TEST, glDisable, glEnable, glScissor
from kivy.graphics.scissor_instructions import Rect, scissor_stack
from kivy.properties import OptionProperty
from kivy.uix.screenmanager import ScreenManager, TransitionBase

from kiosk.ui.crossfade import InPlaceFade
from kiosk.ui.frame_clock import after_this_frame
from kiosk.ui.kv import load_kv


class ScreenFrame:
    """One off-screen frame: draws a screen's canvas, and the picture that shows it.

    A frame can be drawn a band at a time as its screen comes into view (`start_reveal`,
    `reveal`): each drawing is clipped to the band newly in view, and what was drawn before
    stays, so a page sliding in costs one drawing of it spread over the frames of the slide,
    and its first band is drawn in the frame that answers the tap."""

    def __init__(self, size, paper):
        self.screen = None
        self.fading = False
        """Its picture is fading out over its screen's new one (change_in_place)."""
        self._revealing = None  # (from_end, length) while drawn a band at a time
        self._shown = 0  # columns in view, from the side it comes in from
        self._drawn = 0  # columns drawn so far, from that side
        self._ending = False  # the reveal ends after the next drawing
        self._clipped = False
        # No stencil buffer: nothing on a screen clips with a stencil (framed.kv and
        # PageScroll clip with a scissor), and one would cost four bytes a pixel per frame.
        self.fbo = Fbo(size=size, with_stencilbuffer=False)
        # Shown pixel for pixel: a blend of neighbours would only cost time.
        self.fbo.texture.mag_filter = self.fbo.texture.min_filter = "nearest"
        with self.fbo.before:
            Callback(self._clip)
            ClearColor(*paper)
            ClearBuffers()
            PushMatrix()
            self._origin = Translate(0, 0)
        with self.fbo.after:
            PopMatrix()
            Callback(self._unclip)
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

    def let_go(self) -> None:
        self._revealing, self._ending = None, False
        if self.screen is not None:
            self.fbo.remove(self.screen.canvas)
            self.screen = None

    # Drawn a band at a time ---------------------------------------------------------------

    def start_reveal(self, from_end: bool) -> None:
        """From now on the frame is drawn a band of columns at a time (`reveal`), coming into
        view from its left edge (`from_end` False) or its right edge; nothing is drawn yet."""
        self._revealing = (from_end, int(self.fbo.size[0]))
        self._shown = self._drawn = 0
        self._ending = False

    def reveal(self, shown: float) -> int:
        """`shown` columns of the frame, from the side it comes in from, are about to be in
        view: those not drawn yet are drawn with the next frame. Returns how many columns
        the frame shows drawn once that frame is drawn."""
        if self._revealing is None:
            return int(self.fbo.size[0])
        shown = min(self._revealing[1], max(0, int(shown + 0.999)))
        if shown > self._shown:
            self._shown = shown
            self.fbo.ask_update()
        return self._shown

    def revealed(self) -> int:
        """How many columns of the frame show its screen drawn (all, when not revealing)."""
        return self._drawn if self._revealing is not None else int(self.fbo.size[0])

    def redraw_revealed(self) -> None:
        """Its screen changed while it comes into view: what is drawn so far is drawn again."""
        if self._revealing is not None:
            self._drawn = 0
            self.fbo.ask_update()

    def end_reveal(self) -> None:
        """Drawn whole again whenever its screen changes, once the columns in view but not
        drawn yet are (with the next frame)."""
        if self._revealing is None:
            return
        changed = self.screen is not None and self.screen.canvas.needs_redraw
        if self._drawn < self._shown or changed:
            self._ending = True
        else:
            self._revealing = None

    def _clip(self, _instruction) -> None:
        """Before the frame is drawn: while revealing, only the columns in view and not drawn
        yet are, or all those in view when something on the screen changed since the last
        drawing (the columns drawn before would be out of date)."""
        self._clipped = False
        if self._revealing is None:
            return
        from_end, length = self._revealing
        changed = self._drawn > 0 and self.screen is not None and self.screen.canvas.needs_redraw
        start = 0 if changed else self._drawn
        end = self._shown
        self._drawn = max(self._drawn, end)
        if self._ending:
            self._ending = False
            self._revealing = None
            if changed:
                return  # drawn whole
        band = (length - end if from_end else start, 0, max(0, end - start), int(self.fbo.size[1]))
        # Frames are drawn at the top of the window's canvas, outside any other clip.
        if scissor_stack.empty:
            self._clipped = True
            scissor_stack.push(Rect(*band))
            glEnable(GL_SCISSOR_TEST)
            glScissor(*band)

    def _unclip(self, _instruction) -> None:
        if self._clipped:
            scissor_stack.pop()
            glDisable(GL_SCISSOR_TEST)
            self._clipped = False


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
        """`fill()` fills the screen for what it is to show next; it runs when the screen
        is next shown (FrameSlide fills it as the slide starts). A later fill replaces an
        earlier one."""
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

    def covers_window(self) -> bool:
        """Only frames' pictures are drawn (opaque, edge to edge: one at rest, two side by side
        in a slide, one mix in a fade), no screen straight onto the window: the window need
        not be cleared under them."""
        children = self.canvas.children
        if any(screen.canvas in children for screen in self.screens):
            return False
        fade = self._crossfade
        return any(frame.picture in children for frame in self._frames) or (
            fade is not None and fade.instruction in children
        )

    def frame_of(self, screen) -> ScreenFrame | None:
        return next((frame for frame in self._frames if frame.screen is screen), None)

    def freeze(self, frame: ScreenFrame) -> None:
        """Keep the frame's picture as it is: Kivy stops redrawing it."""
        if frame.fbo in self.canvas.children:
            self.canvas.remove(frame.fbo)

    def thaw(self, frame: ScreenFrame) -> None:
        """Undoes `freeze`: Kivy redraws the frame whenever its screen changes, and now."""
        children = self.canvas.children
        if frame.fbo not in children and frame.picture in children:
            self.canvas.insert(self.canvas.indexof(frame.picture), frame.fbo)
            frame.fbo.ask_update()

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


FIRST_STEP = 1 / 18
"""How far a slide has come in the frame that answers the tap (a sixtieth of a second of a
0.3 s slide): the new page's edge is already in view, and the page left has moved."""


class FrameSlide(TransitionBase):
    """SlideTransition for a FramedScreenManager: the screens stay put and their pictures
    move. The screen being left is frozen as the visitor last saw it; the screen coming in is
    filled at once and drawn into its frame a band at a time as it comes into view, from the
    frame that answers the tap on."""

    direction = OptionProperty("left", options=("left", "right"))

    def add_screen(self, screen):
        manager = self.manager
        manager.end_fade()
        manager.freeze(manager.frame_now(self.screen_out))
        super().add_screen(screen)
        frame = manager.frame_of(screen) or manager.put_in_frame(screen)
        manager.fill_now(screen)
        frame.start_reveal(from_end=self.direction == "right")
        if frame.fbo not in manager.canvas.children:
            manager.canvas.insert(manager.canvas.indexof(frame.picture), frame.fbo)

    def on_progress(self, progress):
        manager = self.manager
        width = manager.width
        sign = -1 if self.direction == "left" else 1
        x, y = manager.pos
        if progress < 1:
            progress = max(progress, FIRST_STEP)
        frame_in, frame_out = manager.frame_of(self.screen_in), manager.frame_of(self.screen_out)
        if frame_in is not None:
            frame_in.rect.pos = (x - sign * width * (1 - progress), y)
            frame_in.reveal(width * progress)
        if frame_out is not None:
            frame_out.rect.pos = (x + sign * width * progress, y)

    def on_complete(self):
        frame_in = self.manager.frame_of(self.screen_in)
        if frame_in is not None:
            frame_in.reveal(self.manager.width)
            frame_in.end_reveal()
            frame_in.place(self.manager.pos)
        super().on_complete()


load_kv(__file__)
