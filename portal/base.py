"""What every portal view shares: who gets in, which records they see, safe saves.

A view lists only records of the user's halls (`auth.scope()`), a crafted id of
any other record is a 404, every picker offers only records in scope, and a
save either writes everything (with its audit entry) or nothing.
"""
from flask import abort, current_app, flash, g, request
from flask_admin import BaseView
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.filters import FilterEqual
from flask_admin.contrib.peewee.form import CustomModelConverter
from flask_admin.form import SecureForm
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from flask_wtf.csrf import _FlaskFormCSRF
from peewee import AutoField, IntegrityError, TextField
from wtforms.validators import Length, ValidationError
from wtfpeewee.fields import SelectQueryField

import models

from . import auth
from .auth import AccessMixin, may
from .audit import AuditMixin
from .labels import DESCRIPTIONS, LABELS


class PortalView(AccessMixin, BaseView):
    """A portal page of our own (staffing, Excel)."""


class PortalForm(SecureForm):
    """Flask-Admin forms carrying the Flask-WTF token that CSRFProtect checks
    on every POST (SecureForm's own session token would be refused)."""

    class Meta(SecureForm.Meta):
        csrf_class = _FlaskFormCSRF
        csrf_field_name = 'csrf_token'

        @property
        def csrf(self):
            return current_app.config.get('WTF_CSRF_ENABLED', True)

        @property
        def csrf_secret(self):
            return current_app.config.get('WTF_CSRF_SECRET_KEY', current_app.secret_key)

        @property
        def csrf_time_limit(self):
            return current_app.config.get('WTF_CSRF_TIME_LIMIT', 3600)


class LabelledConverter(CustomModelConverter):
    """Form fields get our translatable labels and help texts."""

    def __init__(self, view, additional=None):
        super().__init__(view, additional)
        # peewee 4's AutoField is no PrimaryKeyField: keep inline ids hidden.
        self.converters[AutoField] = self.handle_pk

    def convert(self, model, field, field_args):
        field_args = dict(field_args or {})
        field_args.setdefault('label', LABELS.get(field.name, field.name))
        if field.name in DESCRIPTIONS:
            field_args.setdefault('description', DESCRIPTIONS[field.name])
        if isinstance(field, TextField) and models.max_length(field):
            # A CharField gets its Length from wtfpeewee; a TextField's
            # limit is ours (models.TEXT_MAX_LENGTH), shown the same way.
            field_args['validators'] = list(field_args.get('validators') or []) + [
                Length(max=models.max_length(field))]
        return super().convert(model, field, field_args)


def picker_query(model):
    """The records of `model` a picker may offer to the signed-in user."""
    halls = auth.scope()
    if model is models.Hall:
        return models.Hall.select().where(models.Hall.id.in_(halls))
    if model is models.Department:
        stationed = (models.HallDepartment
                     .select(models.HallDepartment.department)
                     .where(models.HallDepartment.hall.in_(halls)))
        return models.Department.select().where(models.Department.id.in_(stationed))
    if 'hall' in model._meta.fields:
        return (model.select(model, models.Hall)
                .join(models.Hall, on=(model.hall == models.Hall.id))
                .where(model.hall.in_(halls))
                .order_by(models.Hall.code, model.id))
    return model.select()  # shared, city-wide records (items, bundles)


def hall_label(record):
    """A picker's option when several halls are in scope: hall, then record."""
    return '%s · %s' % (record.hall.name, record)


class PortalModelView(AuditMixin, AccessMixin, ModelView):
    """A Flask-Admin view of one model, scoped to the user's halls."""
    form_base_class = PortalForm
    model_form_converter = LabelledConverter
    # The bulk delete action cascades and skips the per-record checks.
    action_disallowed_list = ['delete']
    can_view_details = True
    can_set_page_size = True
    page_size = 50
    column_labels = LABELS
    column_descriptions = DESCRIPTIONS
    edit_permission = 'manage_hall'  # create, edit and delete
    pickers = {}  # field name -> callable giving the picker's query

    def __init__(self, model, name, endpoint, category=None, url=None, **kwargs):
        if self.column_choices is None:
            self.column_choices = {f.name: f.choices for f in model._meta.sorted_fields
                                   if f.choices}
        super().__init__(model, name=name, category=category, endpoint=endpoint,
                         url=url or endpoint.replace('_admin', 's'), **kwargs)

    def search_placeholder(self):
        """What the search box looks in, in the user's language."""
        return ', '.join(str(LABELS.get(name, name)) for name in
                         self.column_searchable_list or () if isinstance(name, str))

    # -- who may do what -----------------------------------------------------

    @property
    def can_create(self):
        return may(self.edit_permission)

    @property
    def can_edit(self):
        return may(self.edit_permission)

    @property
    def can_delete(self):
        return may(self.edit_permission)

    # -- which records -------------------------------------------------------

    def scope_query(self, query, hall_ids):
        """Only records of these halls; views of other shapes override this."""
        return query.where(self.model.hall.in_(hall_ids))

    def get_query(self):
        return self.scope_query(self.model.select(), auth.scope())

    def get_one(self, id):
        """The record, or 404 when it is missing or outside the user's halls."""
        try:
            pk = int(id)
        except (TypeError, ValueError):
            abort(404)
        record = self.get_query().where(self.model.id == pk).first()
        if record is None:
            abort(404)
        return record

    # -- forms ---------------------------------------------------------------

    def create_form(self, obj=None):
        return self.prepare_form(super().create_form(obj), obj)

    def edit_form(self, obj=None):
        return self.prepare_form(super().edit_form(obj), obj)

    def prepare_form(self, form, obj):
        """Limit every picker of the form to records in scope."""
        for field in form:
            if isinstance(field, SelectQueryField):
                make = self.pickers.get(field.name)
                field.query = make(self, obj) if make else picker_query(field.model)
                if 'hall' in field.model._meta.fields and len(auth.scope()) > 1:
                    field.get_label = hall_label
        return form

    def validate_form(self, form):
        if not super().validate_form(form):
            return False
        editing = (request.endpoint or '').endswith(('.create_view', '.edit_view'))
        if editing and hasattr(self, 'check_form'):
            self.check_form(form)
            return not any(field.errors for field in form)
        return True

    def on_model_change(self, form, model, is_created):
        self.check_same_hall(model)
        super().on_model_change(form, model, is_created)

    def check_same_hall(self, model):
        """Windows, agents, kiosks a record points to belong to its own hall."""
        hall_id = getattr(model, 'hall_id', None)
        if hall_id is None or isinstance(model, models.Hall):
            return
        for field in model._meta.refs:
            if field.name == 'hall':
                continue
            related = getattr(model, field.name)
            if getattr(related, 'hall_id', hall_id) != hall_id:
                raise ValidationError(_l('%(field)s must belong to the same hall.',
                                         field=LABELS.get(field.name, field.name)))

    # -- saving: all or nothing, with a message people understand ------------

    def create_model(self, form):
        with models.db.atomic() as transaction:
            result = super().create_model(form)
            if not result:
                transaction.rollback()
        self.record_refusal()
        return result

    def update_model(self, form, model):
        with models.db.atomic() as transaction:
            result = super().update_model(form, model)
            if not result:
                transaction.rollback()
        self.record_refusal(model)
        return result

    def record_refusal(self, model=None):
        """The refusal met while saving, recorded once the save is undone."""
        error = g.pop('refused_save', None)
        if error is not None:
            self.audit_refusal(error, model)

    def delete_model(self, model):
        """Delete one record; refuse (not cascade) when others still use it."""
        try:
            with models.db.atomic():
                self.on_model_delete(model)
                model.delete_instance()
        except IntegrityError:
            message = _l('This record is still in use elsewhere and cannot be '
                         'deleted. Nothing was changed.')
            self.audit_refusal(models.DomainError(message), model)
            flash(str(message), 'error')
            return False
        except (models.DomainError, ValidationError) as error:
            self.audit_refusal(error, model)
            flash(str(error), 'error')
            return False
        self.after_model_delete(model)
        return True

    def handle_view_exception(self, exc):
        if isinstance(exc, (models.DomainError, ValidationError)):
            g.refused_save = exc
        if isinstance(exc, models.DomainError):
            flash(str(exc), 'error')
            return True
        if isinstance(exc, IntegrityError):
            message = _l('This conflicts with an existing record: a code, number '
                         'or name is already in use. Nothing was changed.')
            g.refused_save = models.DomainError(message)
            flash(str(message), 'error')
            return True
        return super().handle_view_exception(exc)


class RequestOptions:
    """Filter options computed on each request, for the user who asks
    (Flask-Admin otherwise computes them once, at start-up)."""

    def __init__(self, make):
        self.make = make

    def __bool__(self):
        return True

    def __iter__(self):
        return iter(self.make())


def choice_filter(column, label, model, query=None):
    """A filter offering the records of `model` the user may pick."""
    def options():
        return [(str(record.id), str(record))
                for record in (query() if query else picker_query(model))]
    return FilterEqual(column, label, options=lambda: RequestOptions(options))
