"""A curator's picture -> an upright picture no larger than the screen needs. No Kivy.

Curators put in JPEG or PNG of any size (a 50-megapixel camera photo) and in any EXIF
orientation. Kivy would decode such a file at full size on the UI thread and keep it in its
texture cache, so the kiosk shows a scaled-down copy instead (kiosk.media.cache).
"""

from __future__ import annotations

import io
import zlib

from kiosk.content import media_paths  # the one size limit, shared with validate

ORIENTATION_TAG = 0x0112  # EXIF Orientation; 5 to 8 turn the picture a quarter
# Drawings and charts stay PNG (JPEG would blur their edges and text): in a drawing a few flat
# colours cover nearly everything, in a photo, even a black-and-white one, they do not.
FLAT_COLOURS, FLAT_SHARE = 16, 0.8
COLOUR_SAMPLE_PX = 64  # colours are counted on a 64 x 64 sample: cheap, and enough to tell
JPEG_QUALITY = 88
REDUCING_GAP = 3.0  # Pillow: reduce() by whole factors first; the result looks the same, faster


class PictureProblem(Exception):
    """A picture that cannot be shown: a content problem for a curator to fix. str() is a
    message that names the file; the screen shows a placeholder instead."""


class PictureMissing(PictureProblem):
    pass


class PictureUnreadable(PictureProblem):
    """The file is there but cannot be read (permissions, a disk error)."""


class PictureDamaged(PictureProblem):
    """Not a picture at all, or a picture that stops halfway."""


class PictureUnsupported(PictureProblem):
    """A picture, but not PNG or JPEG."""


class PictureTooLarge(PictureProblem):
    pass


def picture_box(screen_px: tuple[int, int]) -> tuple[int, int]:
    """The largest picture, in pixels, that a screen of `screen_px` shows: a square of its long
    side, so one prepared copy serves a full-screen picture in either orientation of the screen
    and of the picture, and a 4K screen gets bigger pictures than a 1080p one. The screen's size
    in millimetres (Settings.display) does not enter: a picture needs as many pixels as the
    screen has, however large they are."""
    side = int(max(screen_px))  # Kivy may give floats; the cache name must not change with it
    if side < 1:
        raise ValueError(f"screen size must be positive, got {screen_px}")
    return side, side


def fitted_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """`size` scaled to fit inside `box`, keeping its shape; never enlarged."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def upright_size(source) -> tuple[int, int] | None:
    """The picture's size as shown, EXIF turns applied, from its header alone (a few kilobytes
    read, nothing decoded), or None when the header says nothing usable. For a stand-in of the
    right shape while the picture is prepared; a PNG's EXIF block after its pixels is missed."""
    try:
        with media_paths.open_picture(source) as image:
            width, height = image.size
            # Only an EXIF block met in the header: asking Pillow for a PNG's other one would
            # decode all of its pixels to reach it.
            turned = "exif" in image.info and _orientation(image) >= 5
    except Exception:  # noqa: BLE001 - a missing or broken file is the preparer's to report
        return None
    if width < 1 or height < 1:
        return None
    return (height, width) if turned else (width, height)


def fitted_picture(data: bytes, shown: str, box: tuple[int, int]):
    """The picture in `data` upright, in RGB or RGBA, scaled down to fit inside `box`.
    `shown` names the file in messages. Raises a PictureProblem."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = media_paths.open_picture(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise PictureTooLarge(media_paths.too_large(shown)) from exc
    except UnidentifiedImageError as exc:
        raise PictureDamaged(f"{shown} is not a readable picture (PNG or JPEG)") from exc
    if image.format not in media_paths.PICTURE_FORMATS:
        raise PictureUnsupported(f"{shown} is a {image.format} picture; use PNG or JPEG")
    if image.width * image.height > media_paths.pixel_limit(image.format):
        raise PictureTooLarge(media_paths.too_large(shown, image.size, image.format))
    try:
        if image.format == "PNG":
            image.load()  # a PNG may keep its EXIF block after the pixels; no draft for PNG
        orientation = _orientation(image)
        quarter_turn = orientation >= 5
        upright = (image.height, image.width) if quarter_turn else image.size
        size = fitted_size(upright, box)
        if image.format != "PNG":
            # A JPEG is decoded at 1/2, 1/4 or 1/8 scale straight from the DCT: a 50 MP photo
            # for a 1080p screen costs a quarter of a full decode and a sixteenth of the memory.
            image.draft(None, (size[1], size[0]) if quarter_turn else size)
        image.load()
        if orientation != 1:  # turned on the small, drafted picture: cheaper
            ImageOps.exif_transpose(image, in_place=True)
        image = _resizable(image)
        if image.size != size:
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        return _rgb_or_rgba(image)
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as exc:
        # Pillow reports a truncated or corrupt file with any of these.
        raise PictureDamaged(f"{shown} is damaged and cannot be shown ({exc})") from exc


def encoded(image) -> tuple[bytes, str]:
    """The picture as file bytes and their suffix: PNG for transparency and for drawings (few
    flat colours), JPEG for photographs, which it keeps at a tenth of the size."""
    buffer = io.BytesIO()
    if image.mode == "RGBA" or _drawing(image):
        image.save(buffer, format="PNG")
        return buffer.getvalue(), ".png"
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue(), ".jpg"


def _orientation(image) -> int:
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block must not cost the picture itself
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _resizable(image):
    """A mode that LANCZOS works on, kept as small as possible: Pillow resizes palette and
    bilevel pictures with NEAREST only, and cannot resize 16-bit grey or CMYK well."""
    if _has_alpha(image):
        return image if image.mode in ("RGBA", "LA") else image.convert("RGBA")
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("1", "L"):
        return image.convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def _rgb_or_rgba(image):
    """RGB, or RGBA when the picture really is transparent somewhere."""
    if image.mode in ("RGBA", "LA"):
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] < 255:
            return image
    return image.convert("RGB")


def _drawing(image) -> bool:
    from PIL import Image

    sample = image.resize(
        (min(COLOUR_SAMPLE_PX, image.width), min(COLOUR_SAMPLE_PX, image.height)),
        Image.Resampling.NEAREST,  # picks pixels, so it adds no blended colours of its own
    )
    counts = sorted((count for count, _ in sample.getcolors(sample.width * sample.height)))
    return sum(counts[-FLAT_COLOURS:]) >= FLAT_SHARE * sample.width * sample.height
