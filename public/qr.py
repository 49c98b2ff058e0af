"""QR codes drawn on the server, embedded in the page: nothing is fetched."""
import base64
import io

import qrcode


def qr_data_uri(text):
    """A PNG data URI of a QR code for the text (quiet zone included)."""
    image = qrcode.make(text, box_size=8, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format='PNG')
    return 'data:image/png;base64,' + base64.b64encode(
        buffer.getvalue()).decode('ascii')
