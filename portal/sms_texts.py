"""The texts sent to applicants by SMS, per city: the city administrator
edits them (each checked for its placeholders on save); managers and
supervisors read them, with the SMS of their halls and how each went."""
from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _

import models

from . import auth
from .base import PortalView, page_number


class SmsTextsView(PortalView):
    PER_PAGE = 50

    @expose('/')
    def index(self):
        settings = models.CitySettings.of(g.user.city_id)
        page = page_number()
        return self._page(settings.sms_texts(), page)

    def _rows(self, page):
        """The SMS of the user's halls on one page, newest first, with
        their cases' numbers: one query."""
        return list(models.OutboxMessage
                    .select(models.OutboxMessage,
                            models.Case.number.alias('case_number'))
                    .join(models.Case, models.JOIN.LEFT_OUTER)
                    .where(models.OutboxMessage.channel == 'sms',
                           models.OutboxMessage.hall.in_(auth.scope()))
                    .order_by(models.OutboxMessage.id.desc())
                    .limit(self.PER_PAGE + 1).offset(page * self.PER_PAGE)
                    .objects())

    def _page(self, texts, page=0, status=200):
        rows = self._rows(page)
        return self.render(
            'portal/sms_texts.html', kinds=models.SMS_KINDS, texts=texts,
            defaults=models.SMS_DEFAULTS,
            placeholders=models.SMS_PLACEHOLDERS,
            editor=auth.may('administer_city'),
            rows=rows[:self.PER_PAGE], page=page,
            more=len(rows) > self.PER_PAGE), status

    @expose('/', methods=('POST',))
    def save(self):
        if not auth.may('administer_city'):
            abort(403)
        texts = {kind: request.form.get(kind, '')[:2000]
                 for kind, _label in models.SMS_KINDS}
        try:
            models.CitySettings.of(g.user.city_id).set_sms_texts(texts, g.user)
        except models.DomainError as error:
            flash(str(error), 'error')
            return self._page(texts, status=400)
        flash(_('The SMS texts are saved.'), 'success')
        return redirect(url_for('.index'))
