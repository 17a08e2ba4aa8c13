"""The settings and content as a command loads them, from its --config, --content and --media
options or kiosk.yaml."""

from __future__ import annotations

from pathlib import Path

from kiosk.commands.errors import UsageError

DEFAULT_CONFIG = Path("kiosk.yaml")


def config_path(args) -> Path | None:
    """--config, or ./kiosk.yaml if it exists; None means the built-in defaults."""
    if args.config is not None:
        if not args.config.is_file():
            raise UsageError(f"settings file not found: {args.config}")
        return args.config
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def settings_from(args):
    """Settings from --config, or ./kiosk.yaml if it exists; problems are printed."""
    from kiosk.config import load_settings

    return load_settings(config_path(args))


def printed_settings(args):
    """settings_from, with the settings' problems printed to standard error (the journal)."""
    import sys

    settings, diagnostics = settings_from(args)
    for line in diagnostics.lines():
        print(line, file=sys.stderr)
    return settings, diagnostics


def content_dirs(args, settings) -> tuple[Path, Path]:
    """The content and media folders: --content and --media where the command has them, else
    kiosk.yaml's."""
    content_dir = getattr(args, "content", None) or settings.content_dir
    media_dir = getattr(args, "media", None) or settings.media_dir
    return Path(content_dir), Path(media_dir)


def content_from(args, settings, diagnostics):
    """The content from --content/--media or kiosk.yaml, checked with the settings' rules (its
    languages, how long a link may be to stay a scannable QR code); its problems join `diagnostics`.
    None when it has errors."""
    from kiosk.config import load_content_for

    content_dir, media_dir = content_dirs(args, settings)
    for folder, what in ((content_dir, "content"), (media_dir, "media")):
        if not folder.is_dir():
            raise UsageError(f"{what} folder not found: {folder}")
    result = load_content_for(settings, content_dir, media_dir)
    diagnostics.extend(result.diagnostics)
    return result.content
