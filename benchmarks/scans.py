"""Make scans of reports: print HTML to PDF, rasterise, skew, blur, grey, save.

A real scan is a page photographed or fed through a scanner: a fraction of a
degree of rotation, some blur, a grey background, 150–300 dpi. These functions
turn an HTML report into such pages, as PNG images and as an image-only PDF (no
text layer), so the OCR path is tested on what it will meet.
"""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #000; padding: 2pt 3pt; text-align: center; }
"""


BORDERLESS = "td, th { border: none !important; }"


def html_to_pdf(markup: str, *, borders: bool = True) -> bytes:
    """The HTML printed to PDF by weasyprint, CJK in WenQuanYi, tables ruled (or
    with no rules at all, as many reports print them)."""
    import weasyprint

    sheets = [weasyprint.CSS(string=CSS)]
    if not borders:
        sheets.append(weasyprint.CSS(string=BORDERLESS))
    return weasyprint.HTML(string=markup).write_pdf(stylesheets=sheets)


def rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page of ``pdf`` as a greyscale image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in doc]
    finally:
        doc.close()


def degrade(page: Image.Image, rng: random.Random, *, max_angle: float = 0.6) -> Image.Image:
    """A scanned look: grey paper, a slight rotation, blur and a little noise."""
    angle = rng.uniform(-max_angle, max_angle)
    grey = rng.randint(215, 235)
    img = page.point(lambda v: grey * v // 255)  # white paper becomes grey, ink stays dark
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=grey)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.0)))
    noise = Image.effect_noise(img.size, 12).point(lambda v: v - 128)
    return Image.blend(img, Image.merge("L", [noise]).point(lambda v: v), 0.04)


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """The pages as a PDF of images only: no text layer, as a scanner writes."""
    out = io.BytesIO()
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=rgb[1:])
    return out.getvalue()


def scan_html(
    markup: str,
    rng: random.Random,
    *,
    dpi: int = 200,
    max_angle: float = 0.6,
    borders: bool = True,
) -> list[Image.Image]:
    """An HTML report as scanned page images."""
    pages = rasterise(html_to_pdf(markup, borders=borders), dpi)
    return [degrade(p, rng, max_angle=max_angle) for p in pages]
