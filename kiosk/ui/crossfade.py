"""Two frames' pictures mixed in one pass, for a change in place (a language switch).

Blending a see-through picture over another reads every pixel under it as well, which in
software rendering costs about as much as drawing a third picture. Here one opaque rectangle
samples both pictures and mixes them in its shader."""

from __future__ import annotations

from kivy.graphics import BindTexture, Callback, Color, Rectangle, RenderContext
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable

MIX_SHADER = """$HEADER$
uniform sampler2D texture1;
uniform float old_share;
uniform float old_dim;

void main(void) {
    vec3 new_page = texture2D(texture0, tex_coord0).rgb;
    vec3 old_page = texture2D(texture1, tex_coord0).rgb * old_dim;
    gl_FragColor = vec4(mix(new_page, old_page, old_share), 1.0);
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

    def start(self, old_texture, new_texture, pos) -> None:
        self._old.texture = old_texture
        self.rect.texture = new_texture
        self.rect.pos = pos

    def share(self, old_share: float) -> None:
        """How much of the old picture shows: 1 all of it, 0 none."""
        self.instruction["old_share"] = float(old_share)
