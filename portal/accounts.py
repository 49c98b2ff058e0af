"""Staff accounts, created by administrators within their scope, and the audit log."""
from flask import g, request
from flask_admin.contrib.peewee.filters import FilterEqual
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import ValidationError

import models

from .audit import ACTIONS, format_values
from .base import PortalModelView, RequestOptions, choice_filter
from .labels import DESCRIPTIONS, LABELS


class UserView(PortalModelView):
    """Accounts: a manager creates accounts of their halls, never a city admin."""
    column_labels = dict(LABELS, name=_l('Full name'))
    column_list = ('username', 'name', 'role', 'hall', 'is_active', 'last_login',
                   'locked_until')
    column_details_list = column_list + ('failed_logins', 'created_at')
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
        return query.where(models.User.hall.in_(hall_ids),
                           models.User.role != 'city_admin')

    def prepare_form(self, form, obj):
        form = super().prepare_form(form, obj)
        if g.user.role != 'city_admin':
            form.role.choices = [(value, text) for value, text in models.ROLES
                                 if value != 'city_admin']
        return form

    def check_form(self, form):
        """A password on creation, and a role the user may give."""
        if g.user.role != 'city_admin' and form.role.data == 'city_admin':
            form.role.errors = list(form.role.errors) + [_('Not a valid choice.')]
        creating = (request.endpoint or '').endswith('.create_view')
        if creating and not form.password.data:
            form.password.errors = list(form.password.errors) + [
                _('Give the new account a password.')]

    def on_model_change(self, form, model, is_created):
        if form.password.data:
            model.set_password(form.password.data)  # refuses short passwords
            model.failed_logins, model.locked_until = 0, None
        if model.id == g.user.id and not model.is_active:
            raise ValidationError(_('You cannot deactivate your own account.'))
        super().on_model_change(form, model, is_created)


class AuditLogView(PortalModelView):
    """Read-only: who changed what in the user's halls, before and after."""
    editors = ()
    column_list = ('at', 'user', 'hall', 'action', 'model', 'record_id')
    column_details_list = column_list + ('before', 'after')
    column_default_sort = ('at', True)
    column_choices = {'action': ACTIONS}
    column_formatters_detail = {'before': format_values, 'after': format_values}
    column_filters = (
        FilterEqual(models.AuditLog.action, _l('Action'), options=ACTIONS),
        FilterEqual(models.AuditLog.model, _l('Record type'), options=lambda: RequestOptions(
            lambda: [(name, name) for (name,) in models.AuditLog.select(models.AuditLog.model)
                     .distinct().order_by(models.AuditLog.model).tuples()])),
        choice_filter(models.AuditLog.hall, _l('Hall'), models.Hall),
    )
    column_searchable_list = ('record_id',)
