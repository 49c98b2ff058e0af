"""The standing warning while applicant links have no public address."""
from flask import current_app
from flask_babel import gettext as _

from . import auth


@auth.notice
def public_url_unset(user):
    """Managers learn that PUBLIC_URL is missing, and what it means."""
    if not user.may('manage_hall') or current_app.config.get('PUBLIC_URL'):
        return []
    return [_('The public address for applicant links is not set '
              '(PUBLIC_URL). Until it is, the QR codes on receipts and '
              'notices point at whatever address each kiosk uses to reach the '
              'server, which applicants\' phones may not be able to open. Ask '
              'the server administrator to set PUBLIC_URL, for example '
              'https://bangban.example.gov.cn.')]
