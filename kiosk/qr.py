"""URL -> QR code image that phones scan from the screen. Imports no Kivy.

A widget shows a code sharply by drawing whole screen pixels per module: it asks
kiosk.display.mm_to_px how big the code should be, `pixels_per_module` how to get there, and makes a
texture from `module_image` (one pixel per module) with nearest filtering. `qr_image` makes
the larger images `kiosk qr` writes for print and for decoders.

python-qrcode is imported only to make a code: the link-length check that loading kiosk.yaml
runs reads the capacities from a table, so the kiosk's start does not wait for that import.
"""

from __future__ import annotations

import io
import math
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from PIL import Image

ERROR_CORRECTION = "M"  # level M restores 15 %: glare, a smudge, a fingertip
QUIET_ZONE = 4  # light modules around the code, as ISO/IEC 18004 asks
# Phones resolve about 0.4 mm modules at hand distance on paper; a screen adds glare and
# moiré, and visitors stand a little further back, so the kiosk counts on 0.5 mm.
MIN_MODULE_MM = 0.5
DARK, LIGHT = 0, 255
EXHIBITION_CAMPAIGN = "ilmastotekoja"  # utm_campaign of codes that belong to no station
CAMPAIGN_ID_ROOM = 20  # room kept for utm_campaign=<station id>; the bundled ids are shorter


# The scannability rule: how long a link may be for the configured code size.


def scannable_version(qr_size_mm: float) -> int:
    """The largest QR version whose modules, quiet zone included, are at least MIN_MODULE_MM
    in a code qr_size_mm wide; 0 if not even version 1 is."""
    modules = math.floor(qr_size_mm / MIN_MODULE_MM + 1e-9)  # 30 / 0.5 must be 60, not 59
    return max(0, min(40, (modules - 2 * QUIET_ZONE - 17) // 4))  # version v is 17 + 4v wide


BYTE_CAPACITY_M = (
    14, 26, 42, 62, 84, 106, 122, 152, 180, 213,
    251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
    711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370,
    1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
)  # fmt: skip
"""Bytes a code of version 1..40 holds at error correction level M in byte mode (ISO/IEC
18004, table 7); tests/test_qr.py checks it against python-qrcode's own tables."""


def byte_capacity(version: int) -> int:
    """How many bytes a code of `version` holds at ERROR_CORRECTION (byte mode, the mode a
    URL with lower-case letters is written in)."""
    if version < 1:
        return 0
    return BYTE_CAPACITY_M[min(version, 40) - 1]


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


def pixels_per_module(modules: int, target_px: int) -> int:
    """Whole pixels per module for a code `modules` wide (quiet zone included) to be at least
    `target_px`: never smaller, so the modules keep the size the scannability rule counted on;
    larger by less than one pixel per module."""
    return max(1, math.ceil(target_px / modules))


# Images.


def module_matrix(url: str) -> list[list[bool]]:
    """The code's modules, quiet zone included, row by row; True is dark."""
    import qrcode  # ~15 ms: only when a code is made

    level = getattr(qrcode.constants, f"ERROR_CORRECT_{ERROR_CORRECTION}")
    code = qrcode.QRCode(error_correction=level, border=QUIET_ZONE)
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
