"""A bilingual hall's own Mongolian (蒙古文用语): its translator corrects the
catalogue's fixed strings without a release, and records the clips its
screens play for a call in Mongolian (蒙古语叫号录音). The managers of the hall
and the city (manage_hall) change them; each change is audited. Only halls
set bilingual have any."""
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
    admin.add_view(MongolianCallView(
        name=_l('Mongolian call recordings'), endpoint='mongolian_call',
        url='/portal/mongolian-call', category=category))


class BilingualHallView(PortalView):
    """A page about one bilingual hall of the user's scope (`?hall=`)."""
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


class MongolianStringsView(BilingualHallView):

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


class MongolianCallView(BilingualHallView):
    """The recorded pieces of a bilingual hall's Mongolian call, and whether
    its screens play them after the Mandarin voice or instead of it."""

    @expose('/')
    def index(self):
        halls = self._halls()
        hall = self._hall(halls)
        pieces = []
        if hall is not None:
            recorded = {clip.key: clip for clip in models.CallClip.select(
                *[getattr(models.CallClip, name) for name in models.CallClip.LISTED])
                .where(models.CallClip.hall == hall)}
            phrases = dict(models.CALL_PHRASES)
            for key, window in models.CallClip.keys(hall):
                if window is not None:
                    title = _('Name of window %(n)s, %(name)s', n=window.number,
                              name=window.name)
                else:
                    title = phrases.get(key) or _('Letter or digit %(c)s',
                                                  c=key.split('-', 1)[1])
                pieces.append(dict(key=key, title=title, clip=recorded.get(key),
                                   group=key.split('-', 1)[0]))
        return self.render('portal/mongolian_call.html', halls=halls, hall=hall,
                           pieces=pieces, modes=models.MONGOLIAN_CALL_MODES,
                           max_kb=models.CLIP_MAX_BYTES // 1024,
                           types=sorted(models.CLIP_TYPES),
                           missing=[p['title'] for p in pieces
                                    if p['group'] != 'window' and not p['clip']])

    def _posted_hall(self):
        hall = self._hall(self._halls())
        if hall is None:
            abort(404)
        return hall

    @expose('/clips', methods=('POST',))
    @once
    def upload(self):
        """Keep the recording of one piece, in place of the one before."""
        hall = self._posted_hall()
        upload = request.files.get('file')
        data = upload.read(models.CLIP_MAX_BYTES + 1) if upload else b''
        try:
            models.CallClip.upload(hall, request.form.get('key', ''), data,
                                   upload.filename if upload else '', user=g.user)
        except models.DomainError as error:
            flash(_('The recording was not kept: %(reason)s Nothing was changed.',
                    reason=str(error)), 'error')
        else:
            flash(_('The recording is kept; the hall\'s screens use it from the '
                    'next call.'), 'success')
        return redirect(url_for('.index', hall=hall.id))

    @expose('/clips/remove', methods=('POST',))
    @once
    def remove(self):
        """Take one piece's recording away."""
        hall = self._posted_hall()
        if models.CallClip.remove(hall, request.form.get('key', ''), g.user):
            flash(_('The recording was removed.'), 'success')
        else:
            flash(_('There was no such recording. Nothing was changed.'), 'error')
        return redirect(url_for('.index', hall=hall.id))

    @expose('/mode', methods=('POST',))
    @once
    def mode(self):
        """Mandarin and then the recording, or the recording only."""
        hall = self._posted_hall()
        try:
            models.CallClip.set_mode(hall, request.form.get('mode'), g.user)
        except models.DomainError as error:
            flash(_('Nothing was changed: %(reason)s', reason=str(error)), 'error')
        else:
            flash(_('How the hall\'s screens say a call is saved.'), 'success')
        return redirect(url_for('.index', hall=hall.id))
