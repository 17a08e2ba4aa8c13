"""Whether a link goes where it appears to: the checks behind kiosk.content.spec_types.Url. Pure.

A QR code hides its address from the visitor, so a curator's reading of the address is the
only check it gets. These are the ways an address can read as one host and open another:
a user name before '@' (`https://www.espoo.fi@evil.example/` opens evil.example), a
backslash (browsers read it as '/', Python's parser does not), letters of another script that
look like Latin ones (`www.еspoo.fi` with a Cyrillic е), invisible characters, an IP address
instead of a name, and a port no server can have.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from kiosk.content.problems import escaped, is_hidden

# Host names in Finland and Sweden: a-z, and the three letters their languages add.
HOST_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzäöå")
HOST_OTHERS = frozenset("0123456789-")
DOMAIN_PATTERN = r"^(?=.{1,253}$)([a-z0-9äöå]([a-z0-9äöå-]{0,61}[a-z0-9äöå])?\.)+[a-zäöå]{2,63}$"
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)")


class LinkProblem(ValueError):
    """Why a link is refused, in words for the curator."""


def checked_host(url: str) -> str:
    """The host `url` opens, as a reader sees it (international names decoded), or
    LinkProblem. Checks all but the scheme and the length, which the caller reports."""
    hidden = list(dict.fromkeys(c for c in url if is_hidden(c)))
    if hidden:
        named = ", ".join(escaped(c) for c in hidden[:5])
        raise LinkProblem(
            f"link contains invisible or control characters ({named}); they hide where it goes"
        )
    if "\\" in url:
        raise LinkProblem(f"link contains a backslash, which browsers read as '/': '{url}'")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise LinkProblem(f"link is not a valid address: '{url}'") from None
    _check_host_part(parts)
    host = parts.hostname or ""
    if _is_ip_address(host):
        raise LinkProblem(f"link goes to an IP address ({host}); use a host name")
    return readable_host(host)


def _check_host_part(parts: SplitResult) -> None:
    userinfo, at, host_port = parts.netloc.rpartition("@")
    if at:
        host = host_port.rpartition(":")[0] if ":" in host_port else host_port
        raise LinkProblem(
            f"link has a user name or password before '@' ('{userinfo}@'); "
            f"a phone goes to the host after it, {host.lower()}"
        )
    port = host_port.rpartition("]")[2] if host_port.startswith("[") else host_port
    _, colon, port = port.rpartition(":")
    if colon and port:
        if not port.isascii() or not port.isdigit():
            raise LinkProblem(f"link's port '{port}' is not a number")
        if not 1 <= int(port) <= 65535:
            raise LinkProblem(f"link's port {int(port)} is out of range (1-65535)")


def _is_ip_address(host: str) -> bool:
    """An IP address, also as browsers read a name whose last label is a number (0x7f.1)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        last_label = host.rstrip(".").rpartition(".")[2]
        return bool(host and _NUMERIC_LABEL.fullmatch(last_label))


def readable_host(host: str) -> str:
    """`host` with its international labels (xn--…) decoded and each label checked: one
    script, and only letters no one mistakes for others. LinkProblem if not."""
    labels = []
    for label in host.lower().split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except UnicodeError:
                raise LinkProblem(f"host name label '{label}' is not a valid xn-- name") from None
        labels.append(label)
    readable = ".".join(labels)
    for label in labels:
        _check_label(label, readable)
    return readable


def _check_label(label: str, host: str) -> None:
    strangers = [c for c in label if c not in HOST_LETTERS and c not in HOST_OTHERS]
    if not strangers:
        return
    latin = any(_script(c) == "Latin" for c in label if c.isalpha())
    foreign = list(dict.fromkeys(c for c in strangers if c.isalpha() and _script(c) != "Latin"))
    if latin and foreign:
        scripts = sorted({_script(c) for c in foreign})
        letters = ", ".join(foreign[:5])
        raise LinkProblem(
            f"host name '{host}' mixes scripts ({' and '.join(scripts)} {letters} among Latin "
            "letters): it looks like another address"
        )
    first = strangers[0]
    if first.isalpha():
        raise LinkProblem(
            f"host name '{host}' has a letter that looks like another ({first}, "
            f"U+{ord(first):04X} {unicodedata.name(first, '?')}); use a-z, 0-9, '-', ä, ö and å"
        )
    raise LinkProblem(f"host name '{host}' has '{first}', which a host name cannot hold")


def _script(letter: str) -> str:
    """The script a letter belongs to, from its Unicode name: LATIN SMALL LETTER A → Latin."""
    return unicodedata.name(letter, "?").split(" ")[0].title()


def outside(host: str, domains: tuple[str, ...]) -> bool:
    """Whether `host` is neither one of `domains` nor under one (www.espoo.fi is under
    espoo.fi; evilespoo.fi is not)."""
    host = host.lower().rstrip(".")
    return not any(host == d or host.endswith("." + d) for d in (readable(d) for d in domains))


def readable(domain: str) -> str:
    try:
        return readable_host(domain)
    except LinkProblem:
        return domain.lower()
