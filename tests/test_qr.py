"""QR codes: every code decodes with a real decoder to exactly its URL, at a size phones scan."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import zxingcpp
from PIL import Image

from kiosk import qr
from kiosk.cli import main
from kiosk.config import Campaign, Display, Links, Settings
from kiosk.content.spec_types import Context
from kiosk.display import mm_to_px
from tests.contentkit import edit

REPO = Path(__file__).resolve().parent.parent
HOUSING = Path("exhibits/themes/housing.yaml")
ON = Campaign(enabled=True)
SCHEMA_LINE = "# yaml-language-server: $schema=schema/kiosk.schema.json\n"

URLS = [
    "https://ilmastovahti.espoo.fi",
    "https://www.espoo.fi/fi/kestava-kehitys?lang=fi&x=1#osio",
    "https://www.espoo.fi/fi/kestävä-kehitys",  # UTF-8 in byte mode
    "https://x.fi/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789012345",  # upper case: an alphanumeric run
    "https://www.espoo.fi/" + "a" * (152 - 21),  # the longest link a 30 mm code takes
    qr.with_campaign("https://www.hsl.fi/?a=1", ON, "district-heat"),
]


def decode(image: Image.Image):
    """The one code in `image`, read by zxing-cpp."""
    (result,) = zxingcpp.read_barcodes(image)
    assert result.valid and result.format == zxingcpp.BarcodeFormat.QRCode
    return result


def decode_file(path: Path) -> str:
    with Image.open(path) as image:
        return decode(image).text


def write_settings(text: str) -> None:
    Path("kiosk.yaml").write_text(SCHEMA_LINE + text, encoding="utf-8")


# The scannability rule


def test_the_rule_counts_half_millimetre_modules_in_a_30_mm_code():
    # 30 mm / 0.5 mm = 60 modules; less the quiet zone, 52: version 8 (49 modules) fits.
    assert qr.scannable_version(30) == 8
    assert qr.scannable_version(20) == 3  # the smallest size kiosk.yaml allows
    assert qr.scannable_version(200) == 40
    # Byte capacities at error correction M, from the table in ISO/IEC 18004.
    assert [qr.byte_capacity(v) for v in (1, 3, 8, 40)] == [14, 42, 152, 2331]


def test_the_capacity_table_agrees_with_python_qrcode_at_every_version():
    import qrcode
    from qrcode import util

    level = qrcode.constants.ERROR_CORRECT_M
    for version in range(1, 41):
        header = 4 + util.length_in_bits(util.MODE_8BIT_BYTE, version)
        assert qr.byte_capacity(version) == (util.BIT_LIMIT_TABLE[level][version] - header) // 8
        # A link of exactly that many bytes fits the version; one byte more does not (and
        # past version 40 fits no code at all).
        for extra, fits in ((0, True), (1, False)):
            code = qrcode.QRCode(version=None, error_correction=level)
            data = b"a" * (qr.byte_capacity(version) + extra)
            code.add_data(util.QRData(data, util.MODE_8BIT_BYTE))
            if version == 40 and not fits:
                with pytest.raises(ValueError):
                    code.make(fit=True)
                continue
            code.make(fit=True)
            assert (code.version <= version) is fits, (version, extra)


def test_the_validator_default_is_the_rule_for_the_default_settings():
    assert qr.url_limit(Settings()) == Context.url_max_len == 152


def test_campaign_parameters_take_their_room_from_the_limit():
    settings = Settings(links=Links(campaign=ON))
    room = len("&utm_source=kiosk&utm_medium=qr&utm_campaign=") + qr.CAMPAIGN_ID_ROOM
    assert qr.url_limit(settings) == 152 - room


def test_a_link_at_the_limit_fits_the_version_and_one_more_byte_does_not():
    largest = 17 + 4 * qr.scannable_version(30) + 2 * qr.QUIET_ZONE
    at_limit = "https://www.espoo.fi/" + "a" * (152 - 21)
    assert len(qr.module_matrix(at_limit)) == largest
    assert len(qr.module_matrix(at_limit + "a")) > largest


# Images


@pytest.mark.parametrize("url", URLS)
def test_every_code_decodes_to_exactly_its_url(url):
    result = decode(qr.qr_image(url, 4))
    assert result.text == url
    assert result.ec_level in ("M", "Q", "H")


@pytest.mark.parametrize("pixels", [1, 2, 3, 7])
def test_modules_are_whole_pixels_with_a_quiet_zone_of_four(pixels):
    image = qr.qr_image(URLS[1], pixels)
    assert image.width == image.height and image.width % pixels == 0
    modules = image.width // pixels
    assert modules == len(qr.module_matrix(URLS[1]))
    # Every module is a uniform square: sampling one pixel per module and enlarging it again
    # gives back the image.
    sampled = image.resize((modules, modules), Image.Resampling.NEAREST)
    assert sampled.resize(image.size, Image.Resampling.NEAREST).tobytes() == image.tobytes()
    assert {value for _, value in image.getcolors()} == {qr.DARK, qr.LIGHT}
    zone = qr.QUIET_ZONE * pixels
    strips = [(0, 0, image.width, zone), (0, 0, zone, image.height)]
    strips += [(0, image.height - zone, image.width, image.height)]
    strips += [(image.width - zone, 0, image.width, image.height)]
    for box in strips:
        assert image.crop(box).getextrema() == (qr.LIGHT, qr.LIGHT), box
    # The finder pattern starts right after the quiet zone: the zone is four, not more.
    assert image.getpixel((zone, zone)) == qr.DARK


def test_one_pixel_per_module_image_is_the_matrix():
    matrix = qr.module_matrix(URLS[0])
    image = qr.module_image(URLS[0])
    assert image.size == (len(matrix), len(matrix))
    assert image.getpixel((4, 4)) == qr.DARK and image.getpixel((0, 0)) == qr.LIGHT


# Sizes on the screen


@pytest.mark.parametrize("screen", [(1920, 1080), (1080, 1920)])
def test_30_mm_on_a_24_inch_full_hd_screen_in_either_orientation(screen):
    display = Display(width_mm=527, height_mm=296, qr_size_mm=30)
    assert mm_to_px(display, screen, display.qr_size_mm) == 109  # 30 mm / (527 mm / 1920 px)


def test_pixels_per_module_never_shrinks_the_code_and_overshoots_by_under_a_module_step():
    assert qr.pixels_per_module(37, 109) == 3
    assert qr.pixels_per_module(57, 30) == 1
    for modules in range(25, 186, 4):
        for target in range(20, 800, 7):
            pixels = qr.pixels_per_module(modules, target)
            assert modules * pixels >= target or pixels == 1
            assert modules * (pixels - 1) < target


# Campaign parameters


def test_campaign_off_leaves_the_link_alone():
    assert qr.with_campaign("https://x.fi/a?b=1", Campaign()) == "https://x.fi/a?b=1"


def test_campaign_parameters_name_the_station_or_the_exhibition():
    assert qr.with_campaign("https://x.fi/a", ON, "district-heat") == (
        "https://x.fi/a?utm_source=kiosk&utm_medium=qr&utm_campaign=district-heat"
    )
    assert qr.with_campaign("https://x.fi", ON).endswith("utm_campaign=ilmastotekoja")
    custom = Campaign(enabled=True, source="espoo kiosk", medium="screen")
    assert "?utm_source=espoo+kiosk&utm_medium=screen&" in qr.with_campaign("https://x.fi/", custom)


def test_campaign_keeps_the_query_and_fragment_and_adds_nothing_twice():
    url = qr.with_campaign("https://x.fi/a?lang=fi&utm_source=newsletter#top", ON, "s")
    assert url == "https://x.fi/a?lang=fi&utm_source=newsletter&utm_medium=qr&utm_campaign=s#top"
    keys = [key for key, _ in parse_qsl(urlsplit(url).query)]
    assert len(keys) == len(set(keys))
    complete = "https://x.fi/?utm_source=a&utm_medium=b&utm_campaign=c"
    assert qr.with_campaign(complete, ON, "s") == complete


# `kiosk qr --out`


def export(capsys, *args) -> tuple[int, list[dict], str]:
    code = main(["qr", "--out", "codes", *args])
    captured = capsys.readouterr()
    index_path = Path("codes/index.json")
    index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.exists() else []
    return code, index, captured.out + captured.err


def assert_index_matches_the_files(folder: Path, index: list[dict]) -> None:
    assert sorted(entry["file"] for entry in index) == sorted(p.name for p in folder.glob("*.png"))
    for entry in index:
        assert decode_file(folder / entry["file"]) == entry["url"], entry["file"]


def test_export_writes_every_code_and_an_index(exhibit, capsys):
    code, index, output = export(capsys)
    assert code == 0, output
    assert_index_matches_the_files(Path("codes"), index)
    names = [entry["file"] for entry in index]
    assert names[:2] == ["newsletter.png", "climate-watch.png"]
    assert "station-housing-station-1.png" in names and len(names) == 2 + 7
    housing = index[names.index("station-housing-station-1.png")]
    assert housing == {
        "file": "station-housing-station-1.png",
        "url": "https://ilmastovahti.espoo.fi",
        "modules": 37,  # version 3 (29) and the quiet zone (2 x 4)
        "label": {"fi": "Ilmastovahti", "sv": "Klimatvakten", "en": "Climate Watch"},
        "station": "housing-station",
    }
    assert index[0]["url"] == Settings().links.newsletter


def test_export_encodes_campaign_parameters_when_they_are_on(exhibit, capsys):
    write_settings("links:\n  campaign:\n    enabled: true\n")
    code, index, output = export(capsys)
    assert code == 0, output
    assert_index_matches_the_files(Path("codes"), index)
    by_file = {entry["file"]: entry["url"] for entry in index}
    assert by_file["station-food-station-1.png"] == (
        "https://ilmastovahti.espoo.fi?utm_source=kiosk&utm_medium=qr&utm_campaign=food-station"
    )
    assert by_file["newsletter.png"].endswith("&utm_campaign=ilmastotekoja")


def test_export_lists_the_quiz_tips_links():
    from kiosk.commands.qr import kiosk_codes
    from kiosk.content_files import load_content_folder

    content = load_content_folder(REPO / "exhibits", REPO / "media").content
    codes = kiosk_codes(Settings(), content)
    assert [(c.name, c.url, c.tip) for c in codes if c.tip] == [
        ("tip-fewer-car-trips-1", "https://www.hsl.fi", "fewer-car-trips"),
        ("tip-buy-less-1", "https://ilmastovahti.espoo.fi", "buy-less"),
    ]
    hsl = next(c for c in codes if c.tip == "fewer-car-trips")
    assert hsl.label.values[0] == ("fi", "HSL – reitit ja liput")


def test_invalid_content_is_reported_as_validate_does_and_nothing_is_written(exhibit, capsys):
    edit(HOUSING, "url: https://", "url: http://")
    code, _, output = export(capsys)
    assert code == 1
    assert (
        "exhibits/themes/housing.yaml:43:14: error: stations[0].links[0].url: "
        "link is not https: 'http://ilmastovahti.espoo.fi'; use https://"
    ) in output
    assert "1 error(s), 0 warning(s)" in output
    assert not Path("codes").exists()


def test_a_link_too_long_for_the_configured_size_is_a_content_error(exhibit, capsys):
    write_settings("display:\n  qr_size_mm: 20\n")  # version 3: 42 bytes at M
    url = "https://ilmastovahti.espoo.fi/" + "a" * 20
    edit(HOUSING, "url: https://ilmastovahti.espoo.fi", f"url: {url}")
    expected = (
        "exhibits/themes/housing.yaml:43:14: error: stations[0].links[0].url: "
        "link is 50 characters; at most 42 stay scannable as a QR code at the configured size"
    )
    assert main(["validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [expected]
    code, _, output = export(capsys)
    assert code == 1 and expected in output


def test_a_kiosk_yaml_link_too_long_for_the_code_is_refused_by_the_export(exhibit, capsys):
    # kiosk.yaml's links are checked at the QR size it sets, where the curator can find them.
    newsletter = "https://www.espoo.fi/fi/kestava-kehitys/uutiskirje"
    write_settings(f"links:\n  newsletter: {newsletter}\ndisplay:\n  qr_size_mm: 20\n")
    code, _, output = export(capsys)
    assert code == 1
    assert (
        "kiosk.yaml:3:15: error: links.newsletter: link is 50 characters; at most 42 stay "
        "scannable as a QR code at the configured size"
    ) in output
    assert not Path("codes").exists()


def test_the_export_refuses_a_code_made_too_long_by_its_campaign_parameters():
    # The validator leaves room for a station id of CAMPAIGN_ID_ROOM characters; a longer id
    # can still push the final link past what the code holds.
    from kiosk.commands.qr import KioskCode, too_long

    settings = Settings(display=replace(Settings().display, qr_size_mm=20))
    station = "x" * (qr.CAMPAIGN_ID_ROOM + 10)
    url = qr.with_campaign("https://www.espoo.fi", Campaign(enabled=True), station)
    assert too_long([KioskCode("short", "https://www.espoo.fi")], settings) == []
    assert too_long([KioskCode("long", url)], settings) == [
        f"long: link is {len(url)} characters as encoded ({url}); at most 42 stay scannable "
        "as a QR code at the configured size"
    ]


def test_usage_errors(exhibit, capsys):
    Path("codes").write_text("a file")
    assert main(["qr", "--out", "codes"]) == 2
    assert "--out is a file, not a folder: codes" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["qr"])
    assert exit_info.value.code == 2


def test_bundled_content_exports_codes_that_decode(tmp_path, capsys):
    out = tmp_path / "codes"
    code = main(["qr", "--out", str(out), "--config", str(REPO / "kiosk.yaml")])
    assert code == 0, capsys.readouterr()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert_index_matches_the_files(out, index)
    assert len(index) > 2 and all(entry["modules"] <= 57 for entry in index)


def test_qr_modules_import_no_kivy():
    script = (
        "import sys, kiosk.qr, kiosk.commands.qr, kiosk.cli\n"
        "kiosk.cli._parser()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'kivy'], 'kivy imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)


def test_loading_the_settings_leaves_python_qrcode_unimported():
    # The start-up path checks the links' length from the capacity table.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.config import load_settings\n"
        "import kiosk.qr\n"
        "settings, diagnostics = load_settings(Path('kiosk.yaml'))\n"
        "assert settings is not None and kiosk.qr.url_limit(settings) > 0\n"
        "assert 'qrcode' not in sys.modules, 'qrcode imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)
