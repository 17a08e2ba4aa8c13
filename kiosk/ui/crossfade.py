"""A change in place (a language switch) on a FramedScreenManager: the page as it was dims and
fades out over the page as it is now, which is drawn into its frame a band at a time, from the
left, from the frame that answers the tap on (a column not drawn yet shows the old page alone).

The two frames' pictures are mixed in one pass: blending a see-through picture over another
reads every pixel under it as well, which in software rendering costs about as much as drawing
a third picture. Here one opaque rectangle samples both pictures and mixes them in its shader."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.graphics import BindTexture, Callback, Color, Rectangle, RenderContext
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable
from kivy.properties import NumericProperty

if TYPE_CHECKING:
    from kiosk.ui.framed import ScreenFrame

FADE_DIM = 0.93
"""The page as it was, dimmed this much in the frame that answers a change in place and while it
fades out: the tap is seen at once."""
FADE_FROM = 0.75
"""How much of the old page shows when the new one is first drawn under it."""
REVEAL_S = 0.1
"""How long the new page takes to be drawn into its frame, a band at a time from the left."""
FIRST_REVEAL = 1 / 6
"""The share of the new page drawn in the frame that answers the tap."""


@dataclass
class Fade:
    old: ScreenFrame
    new: ScreenFrame
    began: float


MIX_SHADER = """$HEADER$
uniform sampler2D texture1;
uniform float old_share;
uniform float old_dim;
uniform float new_drawn;

void main(void) {
    vec3 new_page = texture2D(texture0, tex_coord0).rgb;
    vec3 old_page = texture2D(texture1, tex_coord0).rgb * old_dim;
    float share = tex_coord0.x < new_drawn ? old_share : 1.0;
    gl_FragColor = vec4(mix(new_page, old_page, share), 1.0);
}
"""


class Crossfade:
    """The picture of a page as it was, dimmed by `dim`, mixed over the page as it is now.
    `instruction` goes where the frame's picture was."""

    def __init__(self, size, dim: float):
        self.instruction = RenderContext(
            use_parent_projection=True, use_parent_modelview=True, use_parent_frag_modelview=True
        )
        self.instruction.shader.fs = MIX_SHADER
        with self.instruction:
            Callback(lambda _instr: glDisable(GL_BLEND))  # opaque: nothing under it is read
            self._old = BindTexture(index=1)
            Color(1, 1, 1, 1)
            self.rect = Rectangle(size=size)
            Callback(lambda _instr: glEnable(GL_BLEND))
        self.instruction["texture1"] = 1
        self.instruction["old_dim"] = float(dim)
        self.instruction["new_drawn"] = 0.0

    def start(self, old_texture, new_texture, pos) -> None:
        self._old.texture = old_texture
        self.rect.texture = new_texture
        self.rect.pos = pos

    def share(self, old_share: float) -> None:
        """How much of the old picture shows: 1 all of it, 0 none."""
        self.instruction["old_share"] = float(old_share)

    def new_drawn(self, share: float) -> None:
        """How much of the new picture, from the left, is drawn: the rest shows the old one."""
        self.instruction["new_drawn"] = float(share)


class InPlaceFade:
    """Mixed into FramedScreenManager (kiosk.ui.framed), whose frames it fades."""

    fade_s = NumericProperty(0.2)
    """How long the page as it was takes to fade out after a change in place."""
    _fading: Fade | None = None
    _fade_event = None
    _crossfade: Crossfade | None = None  # made at the first fade, for the frames' size

    def change_in_place(self, screen, fill) -> None:
        """For a change of the screen on show in place (a language switch), which `fill()`
        makes: the picture of the page as it was dims and fades out over the page as it is
        now. The screen is filled at once and drawn into a frame of its own a band at a time,
        from the left, over REVEAL_S: the frame that answers the tap shows the old picture
        dimmed with the first band of the new page showing through it."""
        old = self.frame_of(screen)
        if old is None or self.transition.is_active:
            self.fill_now(screen, fill)  # drawn directly (the first screen), or a slide frames it
            if old is not None:
                old.redraw_revealed()  # the bands of it that are in view already
            return
        self.end_fade()
        self.freeze(old)
        old.let_go()
        old.fading = True  # its picture is in use until the fade ends
        old.tint.rgb = (FADE_DIM,) * 3
        new = self._free_frame()
        new.hold(screen, self.pos)
        self.fill_now(screen, fill)
        new.start_reveal(from_end=False)
        fade = self._fading = Fade(old, new, time.perf_counter())
        self._draw_new(fade)
        self._fade_event = Clock.schedule_interval(self._fade_step, 0)

    def _draw_new(self, fade: Fade) -> None:
        """The new page into its frame, its first band drawn with this frame, and the two
        pictures mixed."""
        if self._crossfade is None:
            self._crossfade = Crossfade(self._frame_size(), FADE_DIM)
        self._crossfade.start(fade.old.fbo.texture, fade.new.fbo.texture, self.pos)
        self._crossfade.share(FADE_FROM * self._fade_left(fade))
        self._reveal(fade)
        index = self.canvas.indexof(fade.old.picture)
        self.canvas.remove(fade.old.picture)
        self.canvas.insert(index, self._crossfade.instruction)
        self.canvas.insert(index, fade.new.fbo)

    def _fade_left(self, fade: Fade) -> float:
        return 1 - (time.perf_counter() - fade.began) / self.fade_s

    def _reveal(self, fade: Fade) -> None:
        share = max(FIRST_REVEAL, (time.perf_counter() - fade.began) / REVEAL_S)
        width = fade.new.fbo.size[0]
        self._crossfade.new_drawn(fade.new.reveal(width * min(1.0, share)) / width)

    def _fade_step(self, _dt):
        fade = self._fading
        left = self._fade_left(fade)
        if left <= 0:
            self.end_fade()
            return False
        self._crossfade.share(FADE_FROM * left)
        self._reveal(fade)
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
        new.reveal(new.fbo.size[0])  # the rest of it, with the next frame
        new.end_reveal()
        index = self.canvas.indexof(self._crossfade.instruction)
        self.canvas.remove(self._crossfade.instruction)
        self.canvas.insert(index, new.picture)
