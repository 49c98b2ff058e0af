"""The audit trail: every change and every refusal is recorded, and
supervisors and managers read it (with the case history) in one view."""
import json

from flask import g, has_request_context, request
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import models

from .labels import LABELS

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
    ('away', _l('Marked away')),
    ('back', _l('Marked back')),
    ('access', _l('Page refused')),
    ('audit_archive', _l('Audit trail archived')),
    ('reveal_id', _l('Document number shown in full')),
    ('print', _l('Official form printed')),
    ('import', _l('Register imported')),
    ('revoke', _l('API client revoked')),
]


def snapshot(record, related=()):
    """The values of a record worth keeping, with the named child lists."""
    values = {name: value for name, value in record.__data__.items()
              if not name.endswith('_hash')  # secrets never go to the log
              and name != 'session_epoch'}
    for name, value in values.items():
        if isinstance(value, (bytes, memoryview)):  # a file: its size only
            values[name] = '%d B' % len(bytes(value))
    for backref in related:
        # In a fixed order, not the storage order (PostgreSQL's may differ
        # from one read to the next, and a page re-creates its rows): a
        # list that holds the same rows is no change. Rows whose order
        # matters carry their position, so moving one still shows.
        values[backref] = sorted(
            ({k: v for k, v in child.__data__.items() if k != 'id'}
             for child in getattr(record, backref)),
            key=lambda row: json.dumps(row, sort_keys=True, default=str))
    return values


def hall_of(record):
    """The hall a record belongs to, for scoping its audit entries."""
    if isinstance(record, models.Hall):
        return record.id
    if isinstance(record, models.Shift):
        return record.kiosk.hall_id
    return getattr(record, 'hall_id', None)


def record(action, model, before=None, after=None):
    """Write one audit entry for the signed-in user (none for a change
    that changed nothing)."""
    return models.AuditLog.record(g.get('user'), action, type(model).__name__,
                                  model.id, before=before, after=after,
                                  hall=hall_of(model))


def record_refused_page(response):
    """Every page or action of the portal refused to a signed-in user (403,
    whichever check refused it) is recorded, with the address asked for."""
    user = g.get('user')
    if response.status_code == 403 and user is not None and \
            request.path.startswith('/portal'):
        models.AuditLog.refuse(
            user, 'access', 'Page', request.path[:40],
            _l('Your role or halls do not allow this page.'), hall=user.hall_id)
    return response


def audit_reveal(applicant, hall_id, **where):
    """The signed-in user asked to see an applicant's document number in
    full (PIPL: every such look is accounted for)."""
    return models.AuditLog.record(g.user, 'reveal_id', 'Applicant',
                                  applicant.id, after=where or None,
                                  hall=hall_id)


def audit_print(case, kind, **more):
    """An official form of a case printed (it carries the applicant's
    document number in full, as the paper requires)."""
    return models.AuditLog.record(g.user, 'print', 'Case', case.id,
                                  after=dict(form=kind, number=case.number,
                                             **more),
                                  hall=case.hall_id)


def audit_export(hall, kind, first, last, rows):
    """An official register of a hall exported whole (it carries document
    numbers in full, as printing a form does): which, for which dates, how
    many lines."""
    return models.AuditLog.record(g.user, 'print', 'Hall', hall.id,
                                  after=dict(form=kind, first=first.isoformat(),
                                             last=last.isoformat(), rows=rows),
                                  hall=hall.id)


def reason_of(error):
    """What the user was told, untranslated when it can be."""
    message = getattr(error, 'message', None)
    if message is None and isinstance(error, Exception) and error.args:
        message = error.args[0]
    return error if message is None else message


def refused(action, model, record_id, error, hall=None):
    """Record that the signed-in user was refused, with the reason they
    were told; a refusal the domain already recorded is not written twice."""
    if getattr(error, 'audited', False):
        return None
    user = g.get('user') if has_request_context() else None
    if hall is None and user is not None:
        hall = user.hall_id  # the refused user's own hall sees it
    entry = models.AuditLog.refuse(
        user, action, model if isinstance(model, str) else type(model).__name__,
        record_id, reason_of(error), hall=hall)
    try:
        error.audited = True
    except AttributeError:
        pass
    return entry


class AuditMixin:
    """Hooks Flask-Admin's model events: who, when, what, before and after;
    and what was refused, and why."""
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

    def audit_refusal(self, error, model=None):
        """A create, change or delete this view refused."""
        endpoint = (request.endpoint or '').rsplit('.', 1)[-1]
        action = {'create_view': 'create', 'edit_view': 'update',
                  'delete_view': 'delete'}.get(endpoint, endpoint)
        record_id = model.id if model is not None else request.args.get('id', '')
        refused(action, self.model.__name__, record_id, error,
                hall=hall_of(model) if model is not None else None)


def show_value(model, name, value):
    """A stored value as the reader says it: choice labels, yes or no."""
    if value is None or value == '':
        return '—'
    field = getattr(getattr(models, model or '', None), '_meta', None)
    field = field.fields.get(name) if field else None
    if field is not None and field.choices and not isinstance(value, (list, dict)):
        return str(models.label(field.choices, value))
    if isinstance(value, bool):
        return str(_('yes') if value else _('no'))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def change_list(entry):
    """An entry's changes as (field label, before, after), said now in the
    reader's language."""
    return [(str(LABELS.get(name, name)) if name else '',
             show_value(entry.model, name, before),
             show_value(entry.model, name, after))
            for name, before, after in entry.changes()]
