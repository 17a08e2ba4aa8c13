"""Media paths from content: they must stay inside media/ and name a readable PNG or JPEG."""

from __future__ import annotations

import os
import threading
import zlib
from collections import OrderedDict
from pathlib import Path, PurePosixPath

from kiosk.content.spec_types import INVALID, Str, suggest

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")
# Pillow names many cameras' JPEGs MPO (a JPEG with a preview picture appended): still a JPEG.
PICTURE_FORMATS = ("PNG", "JPEG", "MPO")
# A 50-megapixel camera photo is welcome (the kiosk scales it down); past this a file is a mistake
# or a decompression bomb. Pillow's own guard (a warning from 89 MP, a refusal from 179 MP) is
# moved here by open_picture(), so that the kiosk has one limit and one message for it.
MAX_PICTURE_PIXELS = 200_000_000
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size when the screen needs no more (Pillow's
# draft mode), so even 200 MP cost a few tens of MB. A PNG is always decoded whole, four bytes a
# pixel with transparency: 40 MP are 160 MB, which a kiosk PC spares while it prepares one.
MAX_PNG_PIXELS = 40_000_000
DRAFT_PX = (512, 512)  # validation decodes a JPEG this small: every byte is read, few are kept
VERIFIED_KEPT = 4096  # pictures whose check is remembered across loads, by file and stat


def pixel_limit(picture_format: str) -> int:
    """The most pixels the kiosk takes in a picture of `picture_format` (Pillow's name)."""
    return MAX_PNG_PIXELS if picture_format == "PNG" else MAX_PICTURE_PIXELS


_verified: OrderedDict[tuple, str | None] = OrderedDict()
_verified_lock = threading.Lock()


class MediaLibrary:
    """The media folder; remembers which files it has already opened, keyed by their stat."""

    def __init__(self, root: Path, shown: str | None = None):
        self.root = Path(root)
        self.shown = shown or str(root)
        self._answers: dict[str, str | None] = {}  # one library serves one load

    def problem(self, value: str) -> str | None:
        """Why `value` is not a usable picture in this library, or None when it is."""
        if value not in self._answers:
            self._answers[value] = self._problem(value)
        return self._answers[value]

    def _problem(self, value: str) -> str | None:
        if "\\" in value or value.startswith("/") or PurePosixPath(value).is_absolute():
            return f"picture path must be relative to {self.shown}/, got '{value}'"
        if len(value) > 1 and value[1] == ":":
            return f"picture path must be relative to {self.shown}/, got '{value}'"
        if ".." in PurePosixPath(value).parts:
            return f"picture path leaves {self.shown}/ ('..' is not allowed): '{value}'"
        path = self.root / value
        if not os.path.lexists(path):
            return f"picture not found: {self.shown}/{value}{self._near_miss(path)}"
        root = os.path.realpath(self.root)
        if os.path.commonpath([root, os.path.realpath(path)]) != root:
            return f"picture path leads outside {self.shown}/ through a link: '{value}'"
        if not path.is_file():
            return f"{self.shown}/{value} is not a file"
        if path.suffix.lower() not in PICTURE_SUFFIXES:
            return f"unsupported picture type '{path.suffix}' ({value}); use PNG or JPEG"
        return self._verify(path, value)

    def _near_miss(self, path: Path) -> str:
        try:
            names = [p.name for p in path.parent.iterdir()]
        except OSError:
            return ""
        return suggest(path.name, names)

    def _verify(self, path: Path, value: str) -> str | None:
        try:
            stat = path.stat()
        except OSError as exc:
            return f"cannot read {self.shown}/{value}: {exc.strerror}"
        # Decoding is the costly part of a load: a picture unchanged since an earlier load (of
        # this process) is not decoded again. The shown name is part of the answer, so of the key.
        shown = f"{self.shown}/{value}"
        key = (shown, os.path.realpath(path), stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
        key += (stat.st_ino,)
        with _verified_lock:
            if key in _verified:
                _verified.move_to_end(key)
                return _verified[key]
        problem = _open_problem(path, shown)
        with _verified_lock:
            _verified[key] = problem
            while len(_verified) > VERIFIED_KEPT:
                _verified.popitem(last=False)
        return problem


def _open_problem(path: Path, shown: str) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with open_picture(path) as image:
            if image.format not in PICTURE_FORMATS:
                return f"{shown} is a {image.format} picture; use PNG or JPEG"
            if image.width * image.height > pixel_limit(image.format):
                return too_large(shown, image.size, image.format)
            # Decoded, not only verified: Pillow's verify() reads no JPEG data, and a PNG's
            # chunks can all be whole around compressed pixels that are not.
            if image.format != "PNG":
                image.draft("RGB", DRAFT_PX)
            image.load()
    except PermissionError:
        return f"cannot read {shown}: permission denied"
    except Image.DecompressionBombError:
        return too_large(shown)
    except UnidentifiedImageError:
        return f"{shown} is not a readable picture (PNG or JPEG)"
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as exc:
        return f"{shown} is damaged and cannot be shown ({exc})"
    return None


def open_picture(file):
    """PIL's Image.open (it reads the header only) with Pillow's size guard set to the kiosk's
    limit. The setting is Pillow's documented, process-wide one; callers still compare the size
    with MAX_PICTURE_PIXELS, because Pillow only warns up to twice its limit."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PICTURE_PIXELS
    return Image.open(file)


def too_large(
    shown: str, size: tuple[int, int] | None = None, picture_format: str | None = None
) -> str:
    """The message for a picture over its format's pixel limit (size unknown when Pillow
    refused it, and then the limit is the one for every format)."""
    limit = pixel_limit(picture_format or "") // 1_000_000
    measured = f" ({size[0]} x {size[1]} pixels)" if size else ""
    kind = "PNG pictures" if picture_format == "PNG" else "pictures"
    return (
        f"{shown} is too large{measured}; the kiosk takes {kind} of up to {limit} megapixels: "
        "save a smaller copy (4000 pixels wide is more than any screen shows)"
    )


class MediaPath(Str):
    """A path inside media/ naming a picture."""

    expected = "a picture path inside media/"

    def __init__(self, doc: str = ""):
        super().__init__(doc, numbers_ok=False)

    def convert(self, node, ctx, where):
        value = super().convert(node, ctx, where)
        if value is INVALID or ctx.media is None:
            return value
        problem = ctx.media.problem(value)
        return ctx.error(node, problem, where) if problem else value

    def json_schema(self, ctx):
        schema = super().json_schema(ctx)
        schema["pattern"] = r"^(?!/)(?!.*(^|/)\.\.(/|$))[^\\]+\.(png|jpe?g|PNG|JPE?G)$"
        return schema
