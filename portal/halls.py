"""Hall structure: halls, stationed departments, windows and holidays."""
from flask import g
from flask_admin.form.widgets import Select2Widget
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from wtforms.validators import ValidationError
from wtfpeewee.fields import SelectMultipleQueryField

import models

from . import auth
from .base import PortalModelView, choice_filter, picker_query
from .labels import DESCRIPTIONS, LABELS

WEEKDAYS = [(0, _l('Monday')), (1, _l('Tuesday')), (2, _l('Wednesday')),
            (3, _l('Thursday')), (4, _l('Friday')), (5, _l('Saturday')),
            (6, _l('Sunday'))]


def _parents(view, hall):
    """Halls a hall may hang under: those in scope, and its current parent."""
    query = picker_query(models.Hall)
    if hall is not None and hall.parent_id is not None:
        query = models.Hall.select().where(
            models.Hall.id.in_(auth.scope()) | (models.Hall.id == hall.parent_id))
    return query


class HallView(PortalModelView):
    column_list = ('code', 'name', 'level', 'parent', 'phone', 'opens_at', 'closes_at',
                   'bilingual_mongolian', 'name_mn')
    column_searchable_list = ('code', 'name')
    column_filters = ('level',)
    column_sortable_list = ('code', 'name', 'level', ('parent', models.Hall.name))
    column_default_sort = 'code'
    form_columns = ('code', 'name', 'level', 'parent', 'address', 'phone',
                    'opens_at', 'closes_at', 'bilingual_mongolian', 'name_mn')
    form_args = {'code': {'description': _l(
        'A short unique code, e.g. QL-YX-BS for a town below QL-YX.')}}
    pickers = {'parent': _parents}

    def scope_query(self, query, hall_ids):
        return query.where(models.Hall.id.in_(hall_ids))

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        old = None if is_created else models.Hall.get_by_id(model.id)
        moved = old is None or old.parent_id != model.parent_id
        if moved and model.parent_id is None:
            # A new city is a deployment's decision: `flask create-admin`.
            raise ValidationError(_('Choose a parent hall among your halls; '
                                    'a new city is set up by the operator.'))
        if moved and model.parent_id not in auth.scope():
            raise ValidationError(_('Choose a parent hall among your halls.'))
        model.validate()

    def on_model_delete(self, model):
        if model.id == g.user.hall_id:
            raise models.DomainError(_l('You cannot delete your own hall.'))
        super().on_model_delete(model)


def _all_departments(view, record):
    return models.Department.select().order_by(models.Department.code)


class StationView(PortalModelView):
    """进驻部门: which departments have a desk in which hall."""
    column_list = ('hall', 'department')
    column_filters = (choice_filter(models.HallDepartment.hall, _l('Hall'), models.Hall),)
    column_sortable_list = (('hall', models.Hall.name), ('department', models.Department.code))
    form_columns = ('hall', 'department')
    pickers = {'department': _all_departments}


class WindowView(PortalModelView):
    column_list = ('hall', 'number', 'name', 'name_mn', 'kind', 'department', 'prefix',
                   'is_open')
    column_searchable_list = ('name',)
    column_filters = (choice_filter(models.Window.hall, _l('Hall'), models.Hall),
                      'kind', 'is_open')
    column_sortable_list = ('number', 'name', 'kind', ('hall', models.Hall.name))
    column_default_sort = [(models.Hall.code, False), ('number', False)]
    form_columns = ('hall', 'number', 'name', 'name_mn', 'kind', 'prefix', 'department',
                    'served_departments', 'served_items', 'is_open',
                    'minutes_per_ticket')
    form_extra_fields = {
        name: SelectMultipleQueryField(
            LABELS[name], query=query, description=DESCRIPTIONS[name],
            widget=Select2Widget(multiple=True))
        for name, query in (('served_departments', models.Department.select()),
                            ('served_items', models.Item.select()))
    }
    inline_models = [(models.SlotCapacity, dict(
        form_columns=('id', 'weekday', 'half_day', 'capacity'),
        form_args={'weekday': dict(choices=WEEKDAYS, coerce=int)}))]
    audit_related = ('slot_capacities', 'department_links', 'item_links')
    pickers = {'served_items': lambda view, record: models.Item.select().where(
        models.Item.is_active == True).order_by(models.Item.code)}  # noqa: E712

    def on_form_prefill(self, form, id):
        window = self.get_one(id)
        form.served_departments.data = [link.department for link in window.department_links]
        form.served_items.data = [link.item for link in window.item_links]

    def on_model_change(self, form, model, is_created):
        super().on_model_change(form, model, is_created)
        stationed = {row.department_id for row in models.HallDepartment.select()
                     .where(models.HallDepartment.hall == model.hall_id)}
        for department in form.served_departments.data:
            if department.id not in stationed:
                raise ValidationError(_('%(department)s is not stationed in this hall.',
                                        department=department))

    def after_model_change(self, form, model, is_created):
        """Save what the window serves before the audit entry is written."""
        models.WindowDepartment.delete().where(models.WindowDepartment.window == model).execute()
        models.WindowItem.delete().where(models.WindowItem.window == model).execute()
        for department in form.served_departments.data:
            models.WindowDepartment.create(window=model, department=department)
        for item in form.served_items.data:
            models.WindowItem.create(window=model, item=item)
        super().after_model_change(form, model, is_created)


def _override_hall(view, context, record, name):
    """A day override's hall, or its whole city."""
    if record.hall_id is None:
        return _('Whole city (%(city)s)', city=record.city.name)
    return record.hall.name


class HolidayView(PortalModelView):
    """Day overrides on top of the holiday notice: one hall's, or (no hall,
    city administrators only) every hall of the city's."""
    column_list = ('day', 'kind', 'hall', 'note')
    column_filters = ('kind', 'day')
    column_default_sort = ('day', True)
    column_formatters = {'hall': _override_hall}
    form_columns = ('hall', 'day', 'kind', 'note')
    form_args = {'hall': {'description': _l('Leave empty for every hall of the city '
                                            '(city administrators only).')}}

    def scope_query(self, query, hall_ids):
        cities = {models.Hall.city_of(h) for h in hall_ids}
        return query.where(models.Holiday.hall.in_(hall_ids) |
                           (models.Holiday.hall.is_null() &
                            models.Holiday.city.in_(list(cities))))

    def prepare_form(self, form, obj):
        form = super().prepare_form(form, obj)
        form.hall.allow_blank = g.user.may('administer_city')
        return form

    def _city_wide_check(self, record):
        if record.hall_id is None and not g.user.may('administer_city'):
            raise ValidationError(_('Only the city administrator changes '
                                    'city-wide holidays.'))

    def on_model_change(self, form, model, is_created):
        if not is_created:
            self._city_wide_check(models.Holiday.get_by_id(model.id))
        self._city_wide_check(model)
        model.city = (models.Hall.city_of(model.hall_id) if model.hall_id
                      else g.user.city_id)
        super().on_model_change(form, model, is_created)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        models.Case.reckon_due_dates(model.city_id, g.user)

    def on_model_delete(self, model):
        self._city_wide_check(model)
        super().on_model_delete(model)

    def after_model_delete(self, model):
        super().after_model_delete(model)
        models.Case.reckon_due_dates(model.city_id, g.user)
