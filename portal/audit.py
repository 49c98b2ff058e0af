"""The audit trail: every portal change is recorded, and managers can read it."""
import json

from flask import g
from i18n import lazy_gettext as _l
from markupsafe import Markup

import models

ACTIONS = [
    ('create', _l('Created')),
    ('update', _l('Changed')),
    ('delete', _l('Deleted')),
    ('token', _l('Device token issued')),
    ('login', _l('Signed in')),
    ('login_failed', _l('Sign-in refused')),
    ('logout', _l('Signed out')),
    ('backup', _l('Database backed up')),
    ('restore', _l('Database restored')),
    ('time_zone', _l('Time zone assumption recorded')),
    ('shift_times', _l('Stored times converted to the hall\'s zone')),
    ('bind', _l('Terminal bound')),
    ('kiosk_signin', _l('Signed in at a kiosk')),
    ('kiosk_signin_fail', _l('Kiosk sign-in refused')),
    ('pin', _l('Kiosk PIN set')),
    ('pin_remove', _l('Kiosk PIN removed')),
    ('badge', _l('Badge issued')),
    ('badge_revoke', _l('Badge revoked')),
    ('card', _l('Applicant card issued')),
    ('card_revoke', _l('Applicant card revoked')),
]


def snapshot(record, related=()):
    """The values of a record worth keeping, with the named child lists."""
    values = {name: value for name, value in record.__data__.items()
              if not name.endswith('_hash')  # secrets never go to the log
              and name != 'session_epoch'}
    for backref in related:
        values[backref] = [
            {k: v for k, v in child.__data__.items() if k != 'id'}
            for child in getattr(record, backref)]
    return values


def hall_of(record):
    """The hall a record belongs to, for scoping its audit entries."""
    if isinstance(record, models.Hall):
        return record.id
    if isinstance(record, models.Shift):
        return record.kiosk.hall_id
    return getattr(record, 'hall_id', None)


def record(action, model, before=None, after=None):
    """Write one audit entry for the signed-in user."""
    models.AuditLog.record(g.get('user'), action, type(model).__name__, model.id,
                           before=before, after=after, hall=hall_of(model))


class AuditMixin:
    """Hooks Flask-Admin's model events: who, when, what, before and after."""
    audit_related = ()  # backrefs edited on the same page (inline models)

    def on_model_change(self, form, model, is_created):
        if not is_created:
            old = type(model).get_or_none(type(model).id == model.id)
            form.audit_before = snapshot(old, self.audit_related) if old else None
        super().on_model_change(form, model, is_created)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        record('create' if is_created else 'update', model,
               before=getattr(form, 'audit_before', None),
               after=snapshot(model, self.audit_related))

    def on_model_delete(self, model):
        super().on_model_delete(model)
        record('delete', model, before=snapshot(model, self.audit_related))


def format_values(view, context, entry, name):
    """Before/after values as a readable block (escaped)."""
    text = getattr(entry, name)
    if not text:
        return ''
    pretty = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
    return Markup('<pre class="audit-values">{}</pre>').format(pretty)
