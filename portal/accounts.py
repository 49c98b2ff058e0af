"""Staff accounts, created by administrators within their scope, their kiosk
PINs and badges."""
from flask import abort, flash, g, make_response, redirect, render_template, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from i18n import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import ValidationError

import models
from qr import qr_data_uri

from . import audit
from .base import PortalModelView, choice_filter
from .labels import DESCRIPTIONS, LABELS


def _kiosk_sign_in(view, context, user, name):
    """Whether the account has a kiosk PIN and a badge, and where to change
    them (read from the row itself: no query per row)."""
    if not user.uses_kiosks:
        return '—'
    states = [
        (_('PIN'), bool(user.pin_hash)),
        (_('Badge'), bool(user.badge_hash)),
    ]
    html = Markup(' ').join(
        Markup('<span class="badge badge-{}" data-credential="{}">{} {}</span>').format(
            'success' if present else 'light', text, text, '✓' if present else '—')
        for text, present in states)
    if view.can_edit:
        html += Markup(' <a class="btn btn-sm btn-outline-primary ml-1" '
                       'href="{}">{}</a>').format(
            view.get_url('.kiosk_view', id=user.id), _('PIN and badge'))
    return html


def shown_once(body):
    """A page that carries a secret: no browser or proxy may keep it."""
    response = make_response(body)
    response.headers['Cache-Control'] = 'no-store'
    return response


class UserView(PortalModelView):
    """Accounts: a manager creates accounts of their halls, never a city admin."""
    column_labels = dict(LABELS, name=_l('Full name'))
    column_list = ('username', 'name', 'role', 'hall', 'is_active', 'last_login',
                   'locked_until', 'kiosk_sign_in')
    column_details_list = column_list + ('pin_set_at', 'badge_issued_at',
                                         'failed_logins', 'created_at')
    column_formatters = {'kiosk_sign_in': _kiosk_sign_in}
    column_searchable_list = ('username', 'name')
    column_filters = (choice_filter(models.User.hall, _l('Hall'), models.Hall),
                      'role', 'is_active')
    column_sortable_list = ('username', 'name', 'role', 'last_login',
                            ('hall', models.Hall.name))
    column_default_sort = 'username'
    form_columns = ('username', 'name', 'role', 'hall', 'is_active', 'password')
    form_extra_fields = {'password': PasswordField(
        LABELS['password'], description=DESCRIPTIONS['password'])}

    def scope_query(self, query, hall_ids):
        query = query.where(models.User.hall.in_(hall_ids))
        if not g.user.may('administer_city'):
            query = query.where(models.User.role.not_in(
                models.roles_that('administer_city')))
        return query

    def get_list(self, *args, **kwargs):
        """The page of accounts with their halls, in one query for all rows."""
        count, records = super().get_list(*args, **kwargs)
        if isinstance(records, list) and records:
            halls = {hall.id: hall for hall in models.Hall.select().where(
                models.Hall.id.in_({record.hall_id for record in records}))}
            for record in records:
                record.hall = halls[record.hall_id]
        return count, records

    def prepare_form(self, form, obj):
        form = super().prepare_form(form, obj)
        if not g.user.may('administer_city'):
            form.role.choices = [(value, text) for value, text in models.ROLES
                                 if value not in models.roles_that(
                                     'administer_city')]
        return form

    def check_form(self, form):
        """A password on creation, and a role the user may give."""
        if (not g.user.may('administer_city')
                and form.role.data in models.roles_that('administer_city')):
            form.role.errors = list(form.role.errors) + [_('Not a valid choice.')]
        creating = (request.endpoint or '').endswith('.create_view')
        if creating and not form.password.data:
            form.password.errors = list(form.password.errors) + [
                _('Give the new account a password.')]

    def on_model_change(self, form, model, is_created):
        if form.password.data:
            model.set_password(form.password.data)  # refuses short passwords
            model.unlock()
        if model.id == g.user.id and not model.is_active:
            raise ValidationError(_l('You cannot deactivate your own account.'))
        super().on_model_change(form, model, is_created)

    # -- kiosk PIN and badge: set by managers, shown once, stored hashed -----

    def _account(self):
        """The account a kiosk credential action is about: editors only,
        and only accounts in scope (404 otherwise)."""
        if not self.can_edit:
            abort(403)
        return self.get_one(request.values.get('id'))

    def _back(self, user):
        return redirect(self.get_url('.kiosk_view', id=user.id))

    @expose('/kiosk/')
    def kiosk_view(self):
        """The account's kiosk sign-in: its PIN and badge, and the actions."""
        user = self._account()
        return self.render('portal/admin/user_kiosk.html', account=user,
                           csrf=generate_csrf(),
                           lock_minutes=models.User.LOCK_MINUTES,
                           max_failures=models.User.MAX_FAILURES)

    @expose('/kiosk/pin/', methods=('POST',))
    def set_pin(self):
        """Set the PIN the manager typed, or a generated one; shown once."""
        user = self._account()
        generate = bool(request.form.get('generate'))
        try:
            with models.db.atomic():
                pin = user.set_pin(None if generate else
                                   request.form.get('pin') or '')
                user.save()
                audit.record('pin', user, after={
                    'pin_set_at': user.pin_set_at, 'generated': generate})
        except models.DomainError as error:
            flash(str(error), 'error')
            return self._back(user)
        return shown_once(self.render('portal/admin/user_pin.html',
                                      account=user, pin=pin))

    @expose('/kiosk/pin/remove/', methods=('POST',))
    def remove_pin(self):
        """No more PIN sign-in for the account (its badge still works)."""
        user = self._account()
        if user.pin_hash:
            with models.db.atomic():
                before = {'pin_set_at': user.pin_set_at}
                user.clear_pin()
                user.save()
                audit.record('pin_remove', user, before=before)
            flash(_('The kiosk PIN of %(name)s was removed.', name=user.name),
                  'success')
        return self._back(user)

    @expose('/kiosk/badge/', methods=('POST',))
    def issue_badge(self):
        """Issue (or replace) the badge; its QR is printed now or never."""
        user = self._account()
        try:
            with models.db.atomic():
                replaced = bool(user.badge_hash)
                code = user.issue_badge()
                audit.record('badge', user, after={
                    'badge_issued_at': user.badge_issued_at,
                    'replaced': replaced})
        except models.DomainError as error:
            flash(str(error), 'error')
            return self._back(user)
        return shown_once(render_template(
            'portal/credential_card.html', kind='badge',
            title=_('Kiosk badge of %(name)s', name=user.name),
            note=_('Print this badge now: it is shown only this once. Any '
                   'earlier badge of %(name)s no longer works.',
                   name=user.name),
            hall=user.hall.name, holder=user.name, subtitle=user.role_label,
            caption=_('Scan at the self-service terminal to sign in.'),
            qr=qr_data_uri(code), issued_at=user.badge_issued_at,
            back=self.get_url('.kiosk_view', id=user.id)))

    @expose('/kiosk/badge/revoke/', methods=('POST',))
    def revoke_badge(self):
        """The badge stops working at once (lost, or its holder left)."""
        user = self._account()
        if user.badge_hash:
            with models.db.atomic():
                before = {'badge_issued_at': user.badge_issued_at}
                user.revoke_badge()
                audit.record('badge_revoke', user, before=before)
            flash(_('The badge of %(name)s no longer works.', name=user.name),
                  'success')
        return self._back(user)
