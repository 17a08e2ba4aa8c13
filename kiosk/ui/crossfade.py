"""Two frames' pictures mixed in one pass, for a change in place (a language switch).

Blending a see-through picture over another reads every pixel under it as well, which in
software rendering costs about as much as drawing a third picture. Here one opaque rectangle
samples both pictures and mixes them in its shader: a fade costs what a slide does."""

from __future__ import annotations

from kivy.graphics import BindTexture, Callback, Color, Rectangle, RenderContext
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable

MIX_SHADER = """$HEADER$
uniform sampler2D texture1;
uniform float old_share;
uniform float new_drawn;
uniform vec4 paper;

void main(void) {
    vec3 new_page = new_drawn > 0.5 ? texture2D(texture0, tex_coord0).rgb : paper.rgb;
    vec3 old_page = texture2D(texture1, tex_coord0).rgb;
    gl_FragColor = vec4(mix(new_page, old_page, old_share), 1.0);
}
"""


class Crossfade:
    """The picture of a page as it was (`old`), mixed over the page as it is now, or over
    paper until the new page is drawn. `instruction` goes where the frame's picture was."""

    def __init__(self, size, paper):
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
        self.instruction["paper"] = [float(value) for value in paper]

    def start(self, old_texture, pos, old_share: float) -> None:
        self._old.texture = old_texture
        self.rect.pos = pos
        self.rect.texture = None
        self.instruction["new_drawn"] = 0.0
        self.share(old_share)

    def new_drawn(self, texture) -> None:
        self.rect.texture = texture
        self.instruction["new_drawn"] = 1.0

    def share(self, old_share: float) -> None:
        """How much of the old picture shows: 1 all of it, 0 none."""
        self.instruction["old_share"] = float(old_share)
