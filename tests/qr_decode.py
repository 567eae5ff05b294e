"""Read QR codes back with a real decoder (zxing-cpp), from the SVG the app sends."""

from __future__ import annotations

import re

import numpy as np
import zxingcpp

#: One square of the qrcode package's SVG path: "M4,4H5V5H4z".
SQUARE = re.compile(r"M(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)H(\d+(?:\.\d+)?)V(\d+(?:\.\d+)?)H\d+(?:\.\d+)?z")


def svg_to_pixels(svg: str, scale: int = 8) -> np.ndarray:
    """Paint the SVG's squares black on white, ``scale`` pixels per module.

    The qrcode package's path factory writes only axis-aligned squares, so painting them
    is exact; the decoder then sees what a printer would print.
    """
    width = float(re.search(r'viewBox="0 0 (\d+(?:\.\d+)?) ', svg).group(1))
    size = int(width * scale)
    image = np.full((size, size), 255, dtype=np.uint8)
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    squares = SQUARE.findall(path)
    assert squares, "no squares in the QR path"
    for x0, y0, x1, y1 in squares:
        image[int(float(y0) * scale):int(float(y1) * scale),
              int(float(x0) * scale):int(float(x1) * scale)] = 0
    return image


def decode(pixels) -> list[str]:
    """The texts of every QR code zxing-cpp finds in the image."""
    return [result.text for result in zxingcpp.read_barcodes(pixels)
            if result.format == zxingcpp.BarcodeFormat.QRCode]


def decode_svg(svg: str) -> list[str]:
    return decode(svg_to_pixels(svg))
