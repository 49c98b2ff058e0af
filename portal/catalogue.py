"""The city-wide catalogue: departments, items with their guides, bundles.

The catalogue is shared by every hall. The city administrator keeps the list
of departments; hall managers add and edit items and bundles (004: counties
compile the village, town and county lists), only the city deletes them, and
supervisors read. Halls choose what they offer by stationing departments and
by what their windows serve.
"""
from flask import g
from flask_admin.contrib.peewee.filters import BasePeeweeFilter, FilterEqual
from i18n import lazy_gettext as _l
from wtforms import FileField, SelectMultipleField, widgets

import models

from . import auth
from .base import PortalModelView, choice_filter, may
from .labels import LABELS


class SharedView(PortalModelView):
    """City-wide records: everyone in the portal reads, the city edits."""
    edit_permission = 'administer_city'

    def scope_query(self, query, hall_ids):
        return query


def _all_departments(view, record):
    return models.Department.select().order_by(models.Department.code)


class DepartmentView(SharedView):
    column_list = ('code', 'name', 'short_name')
    column_searchable_list = ('code', 'name', 'short_name')
    column_default_sort = 'code'
    form_columns = ('code', 'name', 'short_name')


class ListedView(SharedView):
    """Items and bundles: managers add and edit, only the city deletes."""
    edit_permission = 'manage_hall'

    @property
    def can_delete(self):
        return may('administer_city')


class LevelsField(SelectMultipleField):
    """Hall levels as tick boxes, stored as "city,county,town,village"."""
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def process_data(self, value):
        self.data = [lv for lv in (value or '').split(',') if lv]

    def populate_obj(self, obj, name):
        setattr(obj, name, ','.join(lv for lv in models.LEVEL_ORDER if lv in self.data))


class LevelFilter(BasePeeweeFilter):
    """Items offered at halls of one level."""

    def apply(self, query, value):
        return query.where(models.Item.levels.contains(value))

    def operation(self):
        return _l('offered at')


def _levels(view, context, item, name):
    return ' '.join(str(models.label(models.LEVELS, lv)) for lv in item.level_list)


class ItemView(ListedView):
    """Items, with materials and the service guide edited on one page."""
    column_labels = dict(LABELS, name=_l('Item name'))
    column_list = ('code', 'name', 'sub_name', 'department', 'power_kind', 'category',
                   'time_limit_days', 'levels', 'is_active')
    column_searchable_list = ('name',)  # the search itself is Item.search
    column_filters = (
        choice_filter(models.Item.department, _l('Department'), models.Department,
                      query=models.Department.select),
        FilterEqual(models.Item.category, _l('Category'), options=models.CATEGORIES),
        FilterEqual(models.Item.power_kind, _l('Kind of power'), options=models.POWER_KINDS),
        LevelFilter(models.Item.levels, _l('Hall levels'), options=models.LEVELS),
        'time_limit_days', 'is_active')
    column_sortable_list = ('code', 'name', 'category', 'power_kind', 'time_limit_days',
                            ('department', models.Department.code))
    column_default_sort = 'code'
    column_formatters = {'levels': _levels}
    form_columns = ('code', 'department', 'name', 'sub_name', 'power_kind', 'category',
                    'time_limit_days', 'offers_assisted', 'offers_proxy',
                    'offers_home_visit', 'levels', 'is_active', 'basic_info',
                    'conditions', 'procedure', 'fees', 'legal_basis', 'intermediary',
                    'faq', 'remarks')
    form_overrides = {'levels': LevelsField}
    form_args = {'levels': {'choices': models.LEVELS}}
    inline_models = [(models.ItemMaterial, dict(form_columns=(
        'id', 'name', 'copies', 'form', 'source', 'required', 'deferrable', 'position')))]
    audit_related = ('materials',)
    pickers = {'department': _all_departments}

    def search_placeholder(self):
        return str(_l('Name, pinyin or initials (e.g. sbdj)'))

    def get_list(self, page, sort_column, sort_desc, search, filters,
                 execute=True, page_size=None):
        # Search by Chinese, full pinyin or initials ("sbdj"), as everywhere.
        g.item_search = search
        return super().get_list(page, sort_column, sort_desc, None, filters,
                                execute, page_size)

    def get_query(self):
        query = super().get_query()
        text = g.get('item_search')
        if text:
            found = models.Item.search(text, active_only=False).select(models.Item.id)
            query = query.where(models.Item.id.in_(found))
        return query


class BundleView(ListedView):
    """一件事一次办: items of several departments, one lead department."""
    column_list = ('code', 'name', 'kind', 'lead_department', 'is_active')
    column_searchable_list = ('code', 'name', 'pinyin', 'initials')
    column_filters = ('kind', 'is_active')
    column_default_sort = 'code'
    form_columns = ('code', 'name', 'kind', 'lead_department', 'description', 'is_active')
    inline_models = [(models.BundleItem, dict(form_columns=('id', 'item', 'stage', 'position')))]
    audit_related = ('parts',)
    pickers = {'lead_department': _all_departments}


# The largest template file kept (an application form, a model text).
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def _levels_in_scope():
    """The hall levels whose item lists the signed-in user keeps: every
    level for the city, else the levels of the halls they oversee."""
    if may('administer_city'):
        return None
    halls = models.Hall.select(models.Hall.level).where(
        models.Hall.id.in_(auth.scope()))
    return sorted({hall.level for hall in halls})


def _offered_at(levels):
    """Items offered at one of these levels (all items for None)."""
    query = models.Item.select(models.Item.id)
    if levels is None:
        return query
    condition = None
    for level in levels:
        offered = models.Item.levels.contains(level)
        condition = offered if condition is None else condition | offered
    return query.where(condition) if condition is not None else query.where(
        models.Item.id.is_null())


def _template_items(view, record):
    return (models.Item.select()
            .where(models.Item.id.in_(_offered_at(_levels_in_scope())))
            .order_by(models.Item.code))


class ItemTemplateView(PortalModelView):
    """Templates applicants download for an item (申请书, 告知承诺书, 示范文本):
    managers keep those of the items on their halls' levels, the city all."""
    column_list = ('item', 'title', 'filename', 'content_type', 'uploaded_at')
    column_searchable_list = ('title', 'filename')
    column_default_sort = ('uploaded_at', True)
    form_columns = ('item', 'title', 'upload')
    form_extra_fields = {'upload': FileField(_l('File'))}
    pickers = {'item': _template_items}

    def scope_query(self, query, hall_ids):
        return query.where(self.model.item.in_(_offered_at(_levels_in_scope())))

    def on_model_change(self, form, model, is_created):
        upload = form.upload.data
        if upload is not None and getattr(upload, 'filename', ''):
            data = upload.read(TEMPLATE_MAX_BYTES + 1)
            if len(data) > TEMPLATE_MAX_BYTES:
                raise models.DomainError(_l(
                    'The file is larger than %(n)d MB.',
                    n=TEMPLATE_MAX_BYTES // (1024 * 1024)))
            model.data = data
            model.filename = upload.filename.replace('\\', '/').rsplit('/', 1)[-1]
            model.content_type = (upload.mimetype or
                                  'application/octet-stream')[:100]
            model.uploaded_at = models.now()
        elif is_created:
            raise models.DomainError(_l('Choose the file of the template.'))
        if model.item_id not in {item.id for item in _template_items(self, model)}:
            raise models.DomainError(_l('Choose an item from the list.'))
        super().on_model_change(form, model, is_created)
