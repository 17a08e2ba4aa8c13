"""Curators' pictures scaled to the screen, upright, into a cache keyed by their content, on a
background thread; `kiosk prepare-media` does the same ahead of time. No Kivy."""

from kiosk.media.cache import MediaCacheError, media_cache_dir, prepare, prune
from kiosk.media.picture import (
    PictureDamaged,
    PictureMissing,
    PictureProblem,
    PictureTooLarge,
    PictureUnreadable,
    PictureUnsupported,
    picture_box,
    upright_size,
)
from kiosk.media.preparer import MediaPreparer, Prepared

__all__ = [
    "MediaCacheError",
    "MediaPreparer",
    "PictureDamaged",
    "PictureMissing",
    "PictureProblem",
    "PictureTooLarge",
    "PictureUnreadable",
    "PictureUnsupported",
    "Prepared",
    "media_cache_dir",
    "picture_box",
    "prepare",
    "prune",
    "upright_size",
]
