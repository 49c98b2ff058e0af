"""QR codes drawn on the server and embedded in the page, nothing fetched:
inline SVG for what the kiosk prints, a PNG data URI for images on screen
and on printed cards."""
import base64
import io

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(text):
    """A QR code as inline SVG markup (the receipt, the one-time notice)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return Markup(svg[svg.index('<svg'):])


def qr_data_uri(text):
    """A PNG data URI of a QR code for the text (quiet zone included): the
    appointment page, staff badges and applicant cards."""
    image = qrcode.make(text, box_size=8, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format='PNG')
    return 'data:image/png;base64,' + base64.b64encode(
        buffer.getvalue()).decode('ascii')
