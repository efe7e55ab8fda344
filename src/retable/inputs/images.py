"""Page images (PNG, JPEG, TIFF) as inputs: recognised by their magic bytes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from ..errors import BinaryInputError

_MAGIC = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def is_image(data: bytes) -> bool:
    """A PNG, JPEG or TIFF file, by its first bytes."""
    return data.startswith(_MAGIC)


def image_pages(data: bytes, source: str | None = None) -> Iterator[Any]:
    """Each page of an image file (a TIFF may hold several) as a greyscale PIL image."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        for frame in ImageSequence.Iterator(img):
            yield frame.convert("L")
    except (UnidentifiedImageError, OSError) as exc:
        reason = type(exc).__name__  # the message names a memory address: not stable
        raise BinaryInputError(f"cannot read this image ({reason})", source) from None
