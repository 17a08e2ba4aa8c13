"""URL -> QR code image that phones scan from the screen. Imports no Kivy.

A widget shows a code sharply by drawing whole screen pixels per module: it asks
`qr_size_px` how big the code should be, `pixels_per_module` how to get there, and makes a
texture from `cached_png` (or from `module_image`, one pixel per module) with nearest filtering.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import math
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import qrcode
from PIL import Image
from qrcode import constants, util

from kiosk.atomic import write_atomically

ERROR_CORRECTION = constants.ERROR_CORRECT_M  # restores 15 %: glare, a smudge, a fingertip
QUIET_ZONE = 4  # light modules around the code, as ISO/IEC 18004 asks
# Phones resolve about 0.4 mm modules at hand distance on paper; a screen adds glare and
# moiré, and visitors stand a little further back, so the kiosk counts on 0.5 mm.
MIN_MODULE_MM = 0.5
DARK, LIGHT = 0, 255
EXHIBITION_CAMPAIGN = "ilmastotekoja"  # utm_campaign of codes that belong to no station
CAMPAIGN_ID_ROOM = 20  # room kept for utm_campaign=<station id>; the bundled ids are shorter
CACHE_FORMAT = 1  # change it when the images change for the same parameters

log = logging.getLogger(__name__)


# The scannability rule: how long a link may be for the configured code size.


def scannable_version(qr_size_mm: float) -> int:
    """The largest QR version whose modules, quiet zone included, are at least MIN_MODULE_MM
    in a code qr_size_mm wide; 0 if not even version 1 is."""
    modules = math.floor(qr_size_mm / MIN_MODULE_MM + 1e-9)  # 30 / 0.5 must be 60, not 59
    return max(0, min(40, (modules - 2 * QUIET_ZONE - 17) // 4))  # version v is 17 + 4v wide


def byte_capacity(version: int) -> int:
    """How many bytes a code of `version` holds at ERROR_CORRECTION (byte mode, the mode a
    URL with lower-case letters is written in)."""
    if version < 1:
        return 0
    header = 4 + util.length_in_bits(util.MODE_8BIT_BYTE, version)
    return (util.BIT_LIMIT_TABLE[ERROR_CORRECTION][version] - header) // 8


def url_limit(settings) -> int:
    """The longest link, in UTF-8 bytes, that stays scannable at the configured size once the
    campaign parameters (if on) are added to it."""
    capacity = byte_capacity(scannable_version(settings.display.qr_size_mm))
    return max(0, capacity - campaign_room(settings.links.campaign))


def campaign_room(campaign) -> int:
    """What `with_campaign` adds to a link, for a station id of CAMPAIGN_ID_ROOM characters."""
    link = "https://example.fi/?page"
    return len(with_campaign(link, campaign, "x" * CAMPAIGN_ID_ROOM)) - len(link)


def with_campaign(url: str, campaign, station_id: str | None = None) -> str:
    """`url` with utm_source, utm_medium and utm_campaign (the station's id, or the exhibition's
    name) when `campaign.enabled`. The link's own query stays as written, and a parameter it
    already has is not added again."""
    if not campaign.enabled:
        return url
    parts = urlsplit(url)
    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    wanted = (
        ("utm_source", campaign.source),
        ("utm_medium", campaign.medium),
        ("utm_campaign", station_id or EXHIBITION_CAMPAIGN),
    )
    added = urlencode([(key, value) for key, value in wanted if key not in present])
    if not added:
        return url
    query = f"{parts.query.rstrip('&')}&{added}" if parts.query else added
    return urlunsplit(parts._replace(query=query))


# Sizes on the screen.


def qr_size_px(display, screen_px: tuple[int, int]) -> int:
    """Screen pixels for display.qr_size_mm, on a screen of `screen_px` (the window's size when
    it fills the screen)."""
    # Pixels are square, so the long sides match whichever way the screen is turned.
    mm_per_px = max(display.width_mm, display.height_mm) / max(screen_px)
    return max(1, round(display.qr_size_mm / mm_per_px))


def pixels_per_module(modules: int, target_px: int) -> int:
    """Whole pixels per module for a code `modules` wide (quiet zone included) to be at least
    `target_px`: never smaller, so the modules keep the size the scannability rule counted on;
    larger by less than one pixel per module."""
    return max(1, math.ceil(target_px / modules))


# Images.


def module_matrix(url: str) -> list[list[bool]]:
    """The code's modules, quiet zone included, row by row; True is dark."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def module_image(url: str) -> Image.Image:
    """The code at one pixel per module: grey scale, dark on light, quiet zone included."""
    matrix = module_matrix(url)
    image = Image.new("L", (len(matrix), len(matrix)))
    image.putdata([DARK if dark else LIGHT for row in matrix for dark in row])
    return image


def qr_image(url: str, pixels_per_module: int) -> Image.Image:
    """The code with every module a square of `pixels_per_module` pixels."""
    image = module_image(url)
    size = image.width * pixels_per_module
    return image.resize((size, size), Image.Resampling.NEAREST)


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# The disk cache.


def cache_path(url: str, pixels_per_module: int, data_dir: Path) -> Path:
    """Where the code is kept: named by a hash of everything that shapes its image."""
    parameters = {
        "url": url,
        "error_correction": "M",
        "quiet_zone": QUIET_ZONE,
        "pixels_per_module": pixels_per_module,
        "format": CACHE_FORMAT,
    }
    key = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:32]
    return Path(data_dir) / "cache" / "qr" / f"{key}.png"


def cached_png(url: str, pixels_per_module: int, data_dir: Path) -> bytes:
    """The code as PNG bytes, made once and then read from <data_dir>/cache/qr/. A cache file
    that does not read back as a whole image is made again; a cache that cannot be written
    only costs the time to make the code."""
    path = cache_path(url, pixels_per_module, data_dir)
    with contextlib.suppress(OSError):
        data = path.read_bytes()
        if _is_whole_png(data):
            return data
    data = png_bytes(qr_image(url, pixels_per_module))
    try:
        write_atomically(path, data)
    except OSError as exc:
        log.warning("QR code not cached: %s", exc)
    return data


def _is_whole_png(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()  # decodes every row, so a truncated file fails here
            return image.width == image.height > 0
    except Exception:  # Pillow raises many kinds on a damaged file; each means "make it again"
        return False
