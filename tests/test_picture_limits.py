"""Pictures that would pass a look at their header but cannot be shown, or would cost the
kiosk gigabytes: validation decodes them, and one pixel limit per format, stated in the error,
keeps the preparer's memory bounded."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content import media_paths
from kiosk.media.cache import prepare
from kiosk.media.picture import PictureTooLarge
from tests.contentkit import edit

HOUSING = Path("exhibits/themes/housing.yaml")
WHERE = "exhibits/themes/housing.yaml:13:9: error: image.file: "


def validate(capsys) -> tuple[int, list[str]]:
    code = main(["validate", "exhibits", "--media", "media"])
    return code, capsys.readouterr().out.splitlines()


def use_picture(name: str) -> None:
    edit(HOUSING, "  file: pic.png", f"  file: {name}")


def test_a_truncated_jpeg_is_an_error_in_validation(exhibit, capsys):
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, format="JPEG")
    Path("media/half.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    use_picture("half.jpg")
    code, lines = validate(capsys)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        WHERE + "media/half.jpg is damaged and cannot be shown (image file is truncated"
    )


def test_a_png_whose_pixels_are_damaged_is_an_error_in_validation(exhibit, capsys):
    """Every chunk's checksum right, the compressed pixels wrong: only decoding finds it."""
    picture = png_chunks(400, 300, colour_type=2, pixels=b"\x78\x9c" + b"\xff" * 200)
    Path("media/bad.png").write_bytes(picture)
    use_picture("bad.png")
    code, lines = validate(capsys)
    assert code == 1
    assert lines[0].startswith(WHERE + "media/bad.png is damaged and cannot be shown (")


def png_chunks(width: int, height: int, colour_type: int, pixels: bytes) -> bytes:
    """A PNG file from its parts, so a picture of any size costs a few bytes to make."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_196_megapixel_png_is_refused_with_its_size_and_the_limit(exhibit, capsys):
    """14,000 x 14,000 RGBA: a 762 KB file that decodes to 784 MB (1.7 GB to prepare)."""
    Path("media/huge.png").write_bytes(
        png_chunks(14_000, 14_000, colour_type=6, pixels=zlib.compress(b"\0" * 100_000))
    )
    use_picture("huge.png")
    message = (
        "media/huge.png is too large (14000 x 14000 pixels); the kiosk takes PNG pictures of up "
        f"to {media_paths.MAX_PNG_PIXELS // 1_000_000} megapixels: save a smaller copy "
        "(4000 pixels "
        "wide is more than any screen shows)"
    )
    assert validate(capsys) == (1, [WHERE + message])
    with pytest.raises(PictureTooLarge) as refused:
        prepare(Path("media/huge.png"), Path("cache"), (1920, 1920))
    assert str(refused.value) == message


def test_the_limits_are_stated_per_format():
    png, jpeg, mpo = (media_paths.pixel_limit(kind) for kind in ("PNG", "JPEG", "MPO"))
    assert png == media_paths.MAX_PNG_PIXELS < media_paths.MAX_PICTURE_PIXELS
    assert jpeg == mpo == media_paths.MAX_PICTURE_PIXELS


PEAK = """
import resource, sys
from pathlib import Path
from kiosk.media.cache import prepare
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
prepare(Path(sys.argv[1]), Path(sys.argv[2]), (1920, 1920))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_preparing_a_large_photo_takes_a_fraction_of_its_decoded_size(tmp_path):
    """A 48-megapixel JPEG is 144 MB decoded; drafted from the DCT at a quarter of its width
    it is 9 MB. Measured in a fresh process, whose peak memory is this picture's alone."""
    photo = tmp_path / "photo.jpg"
    Image.effect_noise((2000, 1500), 40).convert("RGB").resize((8000, 6000)).save(photo)
    result = subprocess.run(
        [sys.executable, "-c", PEAK, str(photo), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    grown_mb = int(result.stdout)
    assert grown_mb < 144 / 2, f"preparing grew the process by {grown_mb} MB"
