"""Helpers for the tests of pictures: camera pictures turned by an EXIF tag, a pattern that
shows any turn or mirror, and a damaged JPEG."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

ORIENTATION = 0x0112  # the EXIF tag

RED, BLUE, WHITE = (220, 30, 30), (30, 60, 200), (255, 255, 255)
# What the stored pixels must undergo so that exif_transpose() turns them back upright.
STORED_AS = {
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,
    8: Image.Transpose.ROTATE_270,
}


def upright_pattern(size: tuple[int, int]) -> Image.Image:
    """White, a red square top left and a blue one top right: wrong any way it is turned or
    mirrored."""
    width, height = size
    image = Image.new("RGB", size, WHITE)
    image.paste(RED, (0, 0, width // 4, height // 4))
    image.paste(BLUE, (width - width // 4, 0, width, height // 4))
    return image


def save_turned(image: Image.Image, path: Path, orientation: int, **options) -> Path:
    """Saves the picture as a camera held sideways would: turned pixels and an EXIF tag."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    stored = image.transpose(STORED_AS[orientation]) if orientation in STORED_AS else image
    stored.save(path, exif=exif.tobytes(), **options)
    return path


def truncated_jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path
