"""What every portal view shares: who gets in, which records they see, safe saves.

A view lists only records of the user's halls (`auth.scope()`), a crafted id of
any other record is a 404, every picker offers only records in scope, and a
save either writes everything (with its audit entry) or nothing.
"""
import datetime

from flask import abort, current_app, flash, g, request, send_file
from flask_admin import BaseView, expose
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.filters import FilterEqual
from flask_admin.contrib.peewee.form import CustomModelConverter
from flask_admin.form import SecureForm
from flask_admin.model import typefmt
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from flask_wtf.csrf import _FlaskFormCSRF
from markupsafe import Markup
from peewee import (
    AutoField, BlobField, DateField, DateTimeField, ForeignKeyField,
    IntegrityError, TextField,
)
from wtforms.validators import Length, ValidationError
from wtfpeewee.fields import SelectQueryField

import models
import validators

from . import auth
from .auth import AccessMixin, may
from .audit import AuditMixin
from .labels import DESCRIPTIONS, LABELS


class PortalView(AccessMixin, BaseView):
    """A portal page of our own (staffing, Excel)."""


def page_number():
    """The page asked for in `?page=` (from 0); 0 for anything else."""
    page = request.args.get('page', '0')
    return int(page) if page.isdigit() and len(page) < 7 else 0


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
        if isinstance(field, models.MongolianNameField):
            field_args['validators'] = list(field_args.get('validators') or []) + [
                mongolian_script]
        return super().convert(model, field, field_args)


def requested_page(total, per_page):
    """The page asked for (?page=, kept within the pages) and how many
    pages `total` rows make at `per_page` a page."""
    pages = max(-(-total // per_page), 1)
    return min(max(request.args.get('page', 1, type=int), 1), pages), pages
def mongolian_script(form, field):
    """A Mongolian name is in Mongolian script: said beside the field."""
    try:
        field.data = validators.mongolian_name(field.data)
    except models.DomainError as error:
        raise ValidationError(str(error)) from None


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


def yes_no(view, value, name):
    """A true or false value as a word of the reader's language."""
    return _('Yes') if value else _('No')


# Lists, detail pages and exports say yes or no, never True or False.
BOOLEAN_FORMATTERS = {bool: yes_no}
LIST_FORMATTERS = {**typefmt.BASE_FORMATTERS, **BOOLEAN_FORMATTERS}
DETAIL_FORMATTERS = {**typefmt.DETAIL_FORMATTERS, **BOOLEAN_FORMATTERS}
EXPORT_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, **BOOLEAN_FORMATTERS}

# Pickers every list offers when its records point to one of these (the
# "by hall, agent, item" of a list), in this order.
PICKER_FILTERS = (
    ('hall', models.Hall, _l('Hall')),
    ('kiosk', models.Kiosk, _l('Kiosk')),
    ('window', models.Window, _l('Window')),
    ('agent', models.Agent, _l('Agent')),
    ('department', models.Department, _l('Department')),
    ('item', models.Item, _l('Item')),
)


def internal(field):
    """Fields no page shows: keys, secrets, search keys made from the name,
    stored files."""
    return (isinstance(field, (AutoField, BlobField))
            or field.name.endswith('_hash')
            or field.name in ('pinyin', 'initials', 'alias_keys', 'session_epoch'))


class PortalModelView(AuditMixin, AccessMixin, ModelView):
    """A Flask-Admin view of one model, scoped to the user's halls.

    Every column, detail row, filter and form field is named from
    `labels.LABELS` (never a field name), true and false are said in words,
    the list filters by the hall, agent, item and dates its records carry,
    and it exports to Excel exactly what it shows.
    """
    form_base_class = PortalForm
    model_form_converter = LabelledConverter
    # Flask-Admin's list with its column help named (axe-core).
    list_template = 'portal/admin/list.html'
    # The bulk delete action cascades and skips the per-record checks.
    action_disallowed_list = ['delete']
    can_view_details = True
    can_set_page_size = True
    can_export = True
    export_types = ['xlsx']
    page_size = 50
    column_labels = LABELS
    column_descriptions = DESCRIPTIONS
    column_type_formatters = LIST_FORMATTERS
    column_type_formatters_detail = DETAIL_FORMATTERS
    column_type_formatters_export = EXPORT_FORMATTERS
    edit_permission = 'manage_hall'  # create, edit and delete
    pickers = {}  # field name -> callable giving the picker's query
    EXPORT_BATCH = 500

    def __init__(self, model, name, endpoint, category=None, url=None, **kwargs):
        if self.column_choices is None:
            self.column_choices = {f.name: f.choices for f in model._meta.sorted_fields
                                   if f.choices}
        self.column_filters = self.standard_filters(model)
        super().__init__(model, name=name, category=category, endpoint=endpoint,
                         url=url or endpoint.replace('_admin', 's'), **kwargs)

    def standard_filters(self, model):
        """The view's own filters, then a picker for each hall, kiosk,
        window, agent, department or item the records point to and dates
        they show, where the view has none for that field."""
        own = list(self.column_filters or ())
        taken = {getattr(getattr(f, 'column', None), 'name', f) for f in own}
        fields = model._meta.fields
        added = []
        for name, target, label in PICKER_FILTERS:
            field = fields.get(name)
            if (name not in taken and isinstance(field, ForeignKeyField)
                    and field.rel_model is target):
                added.append(choice_filter(field, label, target))
        shown = self.column_list or ()
        for name in shown:
            if (isinstance(name, str) and name not in taken
                    and isinstance(fields.get(name), (DateField, DateTimeField))):
                added.append(name)
        return tuple(own + added) or None

    def get_column_name(self, field):
        """A column's label in the reader's language: the view's own, else
        the portal's label of the field (or of the record a dotted column
        reads from)."""
        labels = self.column_labels or {}
        name = str(field)
        for key in (name, name.split('.')[0]):
            if key in labels:
                return labels[key]
            if key in LABELS:
                return LABELS[key]
        return super().get_column_name(field)

    def get_details_columns(self):
        """Every field of the record a reader may need, labelled; never
        keys, secrets, search keys or stored files (`internal`)."""
        if self.column_details_list:
            return super().get_details_columns()
        names = [field.name for field in self.model._meta.sorted_fields
                 if not internal(field)]
        excluded = set(self.column_details_exclude_list or ())
        return [(name, self.get_column_name(name)) for name in names
                if name not in excluded]

    def search_placeholder(self):
        """What the search box looks in, in the user's language."""
        return ', '.join(str(self.get_column_name(name)) for name in
                         self.column_searchable_list or () if isinstance(name, str))

    # -- lists: the records a page shows, each related record read once ------

    def get_list(self, page, sort_column, sort_desc, search, filters,
                 execute=True, page_size=None):
        count, query = super().get_list(page, sort_column, sort_desc, search,
                                        filters, execute=False,
                                        page_size=page_size)
        if not execute:
            return count, query
        rows = list(query)
        self.attach_related(rows)
        return count, rows

    def related_columns(self):
        """The foreign keys among the columns the list shows."""
        fields = self.model._meta.fields
        return [fields[name] for name, _label in self.get_list_columns()
                if isinstance(fields.get(name), ForeignKeyField)]

    def attach_related(self, rows):
        """Read the records the rows point to, one query per column (not
        one per row), and hand each row its own. Records the list's query
        already joined in are not read again."""
        for field in self.related_columns():
            ids = {row.__data__.get(field.name) for row in rows
                   if field.name not in row.__rel__} - {None}
            if not ids:
                continue
            target = field.rel_model
            found = {r.id: r for r in target.select().where(target.id.in_(ids))}
            for row in rows:
                related = found.get(row.__data__.get(field.name))
                if related is not None:
                    setattr(row, field.name, related)

    # -- Excel: what the list shows, filtered and sorted as it is ------------

    @expose('/export/<export_type>/')
    def export(self, export_type):
        """The list as it stands (filters, search, order), every page of it,
        as an Excel workbook written a batch at a time."""
        from .excel import XLSX, streamed_xlsx  # excel builds on these views
        if export_type not in self.export_types:
            abort(404)
        args = self._get_list_extra_args()
        column = self._get_column_by_idx(args.sort)
        _count, query = self.get_list(None, column[0] if column else None,
                                      args.sort_desc, args.search, args.filters,
                                      execute=False, page_size=0)
        query = query.order_by_extend(self.model.id)  # batches never overlap
        columns = self.get_list_columns()
        data = streamed_xlsx(str(self.name), [str(label) for _n, label in columns],
                             self.export_rows(query, columns))
        name = '%s-%s.xlsx' % (self.endpoint.replace('_admin', ''),
                               models.now().strftime('%Y%m%d-%H%M'))
        return send_file(data, as_attachment=True, download_name=name,
                         mimetype=XLSX)

    def export_rows(self, query, columns):
        """The rows of the workbook, read `EXPORT_BATCH` records at a time."""
        offset = 0
        while True:
            batch = list(query.limit(self.EXPORT_BATCH).offset(offset))
            if not batch:
                return
            self.attach_related(batch)
            for record in batch:
                yield [self.export_cell(record, name) for name, _label in columns]
            offset += len(batch)

    def export_cell(self, record, name):
        """One cell: what the list shows, as plain text or a value."""
        value = self._get_list_value(None, record, name, self.column_formatters,
                                     self.column_type_formatters_export)
        if isinstance(value, Markup):
            return value.striptags()
        if isinstance(value, (str, int, float, datetime.date)) or value is None:
            return value
        return str(value)

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
