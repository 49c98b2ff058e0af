"""A bilingual hall's own wording of the fixed Mongolian strings (蒙古文用语):
its translator corrects the catalogue's Mongolian without a release. The
managers of the hall and the city (manage_hall) change them; each change
is audited. Only halls set bilingual have any."""
from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import bilingual
import models
from action_keys import once

from . import auth
from .base import PortalView


def register(admin, category):
    admin.add_view(MongolianStringsView(
        name=_l('Mongolian strings'), endpoint='mongolian_strings',
        url='/portal/mongolian', category=category))


class MongolianStringsView(PortalView):
    permission = 'manage_hall'

    def _halls(self):
        """The bilingual halls in the user's scope, in one query."""
        return list(models.Hall.select()
                    .where(models.Hall.id.in_(auth.scope()),
                           models.Hall.bilingual_mongolian == True)  # noqa: E712
                    .order_by(models.Hall.level, models.Hall.code))

    def _hall(self, halls):
        """The hall asked for (?hall=): bilingual and in scope, else 404."""
        raw = request.values.get('hall')
        if not raw:
            return halls[0] if halls else None
        found = next((h for h in halls if str(h.id) == raw), None)
        if found is None:
            abort(404)
        return found

    @expose('/')
    def index(self):
        halls = self._halls()
        hall = self._hall(halls)
        strings = bilingual.strings()
        wordings = models.MongolianPhrase.of(hall.id) if hall else {}
        rows = [(msgid, gettext(msgid), text, wordings.get(msgid, ''))
                for msgid, text in sorted(strings.items())]
        return self.render('portal/mongolian_strings.html', halls=halls,
                           hall=hall, rows=rows)

    @expose('/', methods=('POST',))
    @once
    def save(self):
        hall = self._hall(self._halls())
        if hall is None:
            abort(404)
        wordings = dict(zip(request.form.getlist('msgid'),
                            request.form.getlist('text')))
        try:
            changed = models.MongolianPhrase.change(hall, wordings, g.user,
                                                    bilingual.strings())
        except models.DomainError as error:
            flash(_('Nothing was changed: %(reason)s', reason=str(error)), 'error')
        else:
            flash(_('%(n)d Mongolian strings changed.', n=changed), 'success')
        return redirect(url_for('.index', hall=hall.id))
