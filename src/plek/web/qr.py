"""QR codes as inline SVG made on the server: no image request, no script, no style attribute."""

from __future__ import annotations

import qrcode
from django.utils.html import format_html
from django.utils.safestring import SafeString


def qr_svg(data: str, title: str, element_id: str = "plek-qr") -> SafeString:
    """One SVG path of unit squares; sized by CSS (class ``plek-qr``), named by its title."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    squares = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    size = len(matrix)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="plek-qr" viewBox="0 0 {size} {size}" '
        'role="img" aria-labelledby="{id}-title" shape-rendering="crispEdges">'
        '<title id="{id}-title">{title}</title>'
        '<rect width="{size}" height="{size}" fill="#ffffff"/>'
        '<path d="{squares}" fill="#000000"/></svg>',
        size=size,
        id=element_id,
        title=title,
        squares=squares,
    )
