"""Links a phone opens from a QR code: what a curator sees as one address must be where the
phone goes. Deceptive ones are refused with the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import load_settings
from tests.contentkit import edit, list_source

REPO = Path(__file__).resolve().parent.parent
HOUSING = Path("exhibits/themes/housing.yaml")
GOOD = "url: https://ilmastovahti.espoo.fi"


def validate_link(capsys, url_yaml: str) -> tuple[int, list[str]]:
    edit(HOUSING, GOOD, f"url: {url_yaml}")
    code = main(["validate", "exhibits", "--media", "media"])
    return code, capsys.readouterr().out.splitlines()


WHERE = "exhibits/themes/housing.yaml:43:14: error: stations[0].links[0].url: "


@pytest.mark.parametrize(
    ("url_yaml", "message"),
    [
        (
            "https://user:pass@evil.example.com/",
            "link has a user name or password before '@' ('user:pass@'); "
            "a phone goes to the host after it, evil.example.com",
        ),
        (
            "https://www.espoo.fi@evil.example/",
            "link has a user name or password before '@' ('www.espoo.fi@'); "
            "a phone goes to the host after it, evil.example",
        ),
        (
            '"https://evil.example.com\\\\@www.espoo.fi/"',
            "link contains a backslash, which browsers read as '/': "
            "'https://evil.example.com\\@www.espoo.fi/'",
        ),
        (
            "https://www.еspoo.fi/",
            "host name 'www.еspoo.fi' mixes scripts (Cyrillic е among Latin letters): "
            "it looks like another address",
        ),
        (
            "https://www.xn--spoo-u4d.fi/",
            "host name 'www.еspoo.fi' mixes scripts (Cyrillic е among Latin letters): "
            "it looks like another address",
        ),
        (
            "https://раураl.com/",
            "host name 'раураl.com' mixes scripts (Cyrillic р, а, у among Latin letters): "
            "it looks like another address",
        ),
        (
            "https://espoo.fı/",
            "host name 'espoo.fı' has a letter that looks like another (ı, U+0131 LATIN SMALL "
            "LETTER DOTLESS I); use a-z, 0-9, '-', ä, ö and å",
        ),
        (
            '"https://www.espoo.fi/\\u200bfi"',
            "link contains invisible or control characters (\\u200b); they hide where it goes",
        ),
        (
            '"https://www.espoo.fi/\\u202efi"',
            "link contains invisible or control characters (\\u202e); they hide where it goes",
        ),
        (
            '"https://www.espoo.fi/\\x1b[2J"',
            "link contains invisible or control characters (\\x1b); they hide where it goes",
        ),
        (
            '"https://www.espoo.fi/\\0"',
            "link contains invisible or control characters (\\x00); they hide where it goes",
        ),
        ("https://www.espoo.fi:99999/", "link's port 99999 is out of range (1-65535)"),
        ("https://www.espoo.fi:0/", "link's port 0 is out of range (1-65535)"),
        ("https://www.espoo.fi:8x/", "link's port '8x' is not a number"),
        ("https://127.0.0.1/", "link goes to an IP address (127.0.0.1); use a host name"),
        ("https://[::1]/", "link goes to an IP address (::1); use a host name"),
        ("https://0x7f.1/", "link goes to an IP address (0x7f.1); use a host name"),
        (
            '"https://evil.example\\uff0f@espoo.fi/"',
            "link is not a valid address: 'https://evil.example／@espoo.fi/'",
        ),
    ],
)
def test_deceptive_links_are_refused_with_the_reason(exhibit, capsys, url_yaml, message):
    code, lines = validate_link(capsys, url_yaml)
    assert (code, lines) == (1, [WHERE + message])


@pytest.mark.parametrize(
    "url",
    [
        "https://www.hsy.fi/ilmanlaatu",
        "https://www.espoo.fi/fi/kestava-kehitys?utm_source=kiosk#alku",
        "https://www.hämeenlinna.fi/",
        "https://xn--hmeenlinna-q5a.fi/",
        "https://www.espoo.fi:443/",
        "https://www.espoo.fi/fi/asuminen/@omat-sivut",
    ],
)
def test_honest_links_pass(exhibit, capsys, url):
    list_source(Path("exhibits"), "linked-page", url)
    assert validate_link(capsys, url) == (0, [])


def kiosk_yaml(tmp_path, domains: str) -> Path:
    config = tmp_path / "kiosk.yaml"
    shutil.copy(REPO / "kiosk.yaml", config)
    edit(
        config,
        "  climate_watch: https://ilmastovahti.espoo.fi\n",
        f"  climate_watch: https://ilmastovahti.espoo.fi\n  allowed_domains: {domains}\n",
    )
    return config


def test_an_allow_list_of_link_domains_warns_on_others(exhibit, capsys):
    config = kiosk_yaml(exhibit, "[espoo.fi, hsy.fi]")
    settings, diagnostics = load_settings(config)
    assert diagnostics.lines() == []
    assert settings.links.allowed_domains == ("espoo.fi", "hsy.fi")
    edit(HOUSING, GOOD, "url: https://www.hsy.fi/ilmanlaatu")  # a subdomain of one listed
    edit(Path("exhibits/themes/food.yaml"), GOOD, "url: https://evilespoo.fi/")
    edit(Path("exhibits/themes/mobility.yaml"), GOOD, "url: https://espoo.fi.evil.example/")
    for number, url in enumerate(
        ["https://www.hsy.fi/ilmanlaatu", "https://evilespoo.fi/", "https://espoo.fi.evil.example/"]
    ):
        list_source(Path("exhibits"), f"linked-page-{number}", url)
    code = main(["validate", "--config", str(config), "--media", "media", "exhibits"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0  # a warning: a curator may link a new partner before kiosk.yaml lists it
    assert lines == [
        "exhibits/themes/food.yaml:43:14: warning: stations[0].links[0].url: link goes to "
        "evilespoo.fi, outside links.allowed_domains in kiosk.yaml (espoo.fi, hsy.fi)",
        "exhibits/themes/mobility.yaml:43:14: warning: stations[0].links[0].url: link goes to "
        "espoo.fi.evil.example, outside links.allowed_domains in kiosk.yaml (espoo.fi, hsy.fi)",
    ]


def test_the_allow_list_covers_kiosk_yaml_s_own_links(exhibit):
    config = kiosk_yaml(exhibit, "[hsy.fi]")
    _, diagnostics = load_settings(config)
    assert [line.split(": ", 1)[1] for line in diagnostics.lines()] == [
        "warning: links.newsletter: link goes to www.espoo.fi, outside links.allowed_domains "
        "in kiosk.yaml (hsy.fi)",
        "warning: links.climate_watch: link goes to ilmastovahti.espoo.fi, outside "
        "links.allowed_domains in kiosk.yaml (hsy.fi)",
    ]


def test_allowed_domains_are_domain_names(exhibit):
    _, diagnostics = load_settings(kiosk_yaml(exhibit, "[https://espoo.fi, 'x y']"))
    assert [line.split(": ", 2)[2] for line in diagnostics.lines()] == [
        "links.allowed_domains[0]: expected a domain name such as espoo.fi, got 'https://espoo.fi'",
        "links.allowed_domains[1]: expected a domain name such as espoo.fi, got 'x y'",
    ]
