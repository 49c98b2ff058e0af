"""The city-wide catalogue: departments, items with their guides, bundles.

The catalogue is shared by every hall. The city administrator keeps the list
of departments; hall managers add and edit items and bundles (004: counties
compile the village, town and county lists), only the city deletes them, and
supervisors read. Halls choose what they offer by stationing departments and
by what their windows serve.
"""
from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.peewee.filters import BasePeeweeFilter, FilterEqual
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from markupsafe import Markup
from wtforms import SelectMultipleField, widgets

import models
from action_keys import once
from service_guide import guide, parse_moment, template_file

from . import auth
from .base import PortalModelView, PortalView, choice_filter, may
from .labels import LABELS


class SharedView(PortalModelView):
    """City-wide records: everyone in the portal reads, the city edits."""
    edit_permission = 'administer_city'

    def scope_query(self, query, hall_ids):
        return query


def _all_departments(view, record):
    return models.Department.select().order_by(models.Department.code)


class DepartmentView(SharedView):
    column_list = ('code', 'name', 'short_name', 'name_mn')
    column_searchable_list = ('code', 'name', 'short_name')
    column_default_sort = 'code'
    form_columns = ('code', 'name', 'short_name', 'name_mn')


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


def _guide_link(view, context, item, name):
    return Markup('<a href="{}">{}</a>').format(
        url_for('guide.item', item_id=item.id), item.name)


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
    column_formatters = {'levels': _levels, 'name': _guide_link}
    form_columns = ('code', 'department', 'name', 'sub_name', 'name_mn', 'aliases', 'power_kind',
                    'category', 'time_limit_days', 'min_age', 'max_age', 'sex',
                    'offers_assisted', 'offers_proxy',
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
        return str(_l('Name, everyday name, pinyin or initials (e.g. 社保, sbdj)'))

    def get_list(self, page, sort_column, sort_desc, search, filters,
                 execute=True, page_size=None):
        # Search by Chinese, full pinyin or initials ("sbdj"), as everywhere.
        g.item_search = search
        return super().get_list(page, sort_column, sort_desc, None, filters,
                                execute, page_size)

    @expose('/details/')
    def details_view(self):
        """An item's page is its service guide, with the way to edit it."""
        item = self.get_one(request.args.get('id'))
        return self.render('portal/guide/item.html', may_upload=may_upload(item),
                           **guide(item))

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


def may_upload(item):
    """Whether the signed-in user keeps this item's templates: managers
    those of the items on their halls' levels, the city all."""
    return may('manage_hall') and _offered_at(_levels_in_scope()).where(
        models.Item.id == item.id).exists()


def _download_link(view, context, version, name):
    return Markup('<a href="{}">{}</a>').format(
        url_for('guide.download', template_id=version.id), version.filename)


def _item_link(view, context, version, name):
    return Markup('<a href="{}">{}</a>').format(
        url_for('guide.item', item_id=version.item_id), version.item)


class ItemTemplateView(PortalModelView):
    """Every version of every template (申请书, 告知承诺书, 填写说明, 示范文本)
    of the items a manager keeps. Versions are uploaded on the item's
    service guide and never edited or deleted."""
    can_create = can_edit = can_delete = False
    column_labels = dict(LABELS, title=_l('Template name'), version=_l('Version'),
                         size=_l('Size (bytes)'),
                         uploaded_by=_l('Uploaded by'))
    column_list = ('item', 'kind', 'title', 'version', 'filename', 'size',
                   'uploaded_at', 'uploaded_by')
    column_details_list = column_list + ('content_type',)
    column_searchable_list = ('title', 'filename')
    column_filters = (
        FilterEqual(models.ItemTemplate.kind, _l('Kind'),
                    options=models.TEMPLATE_KINDS),)
    column_sortable_list = ('title', 'version', 'uploaded_at', 'size')
    column_default_sort = ('uploaded_at', True)
    column_formatters = {'filename': _download_link, 'item': _item_link}
    column_formatters_detail = column_formatters

    def scope_query(self, query, hall_ids):
        return query.where(self.model.item.in_(_offered_at(_levels_in_scope())))

    def get_query(self):
        # Every column but the files: a page of versions reads no file.
        return self.scope_query(self.model.described(), auth.scope())


# -- the service guide ---------------------------------------------------------

GUIDE_PAGE_SIZE = 50


class GuideView(PortalView):
    """The service guide (办事指南) of every item, for everyone signed in:
    agents and helpers read it while advising an applicant; managers upload
    new versions of its templates."""
    permission = None

    @expose('/')
    def index(self):
        """Find an item by Chinese, full pinyin or initials, or by category."""
        text = (request.args.get('q') or '').strip()[:40]
        category = request.args.get('category') or ''
        page = max(request.args.get('page', 1, type=int), 1)
        query = models.Item.search(text)
        if category in dict(models.CATEGORIES):
            query = query.where(models.Item.category == category)
        found = list(query.select(models.Item, models.Department)
                     .join(models.Department)
                     .order_by(models.Item.code)
                     .limit(GUIDE_PAGE_SIZE + 1)
                     .offset((page - 1) * GUIDE_PAGE_SIZE))
        return self.render('portal/guide/index.html', items=found[:GUIDE_PAGE_SIZE],
                           more=len(found) > GUIDE_PAGE_SIZE, page=page, q=text,
                           category=category, categories=models.CATEGORIES)

    @expose('/<int:item_id>')
    def item(self, item_id):
        """One item's guide; with `as_of`, its templates as they were then
        (what a case registered then keeps)."""
        item = self._item(item_id)
        moment = parse_moment(request.args.get('as_of'))
        return self.render('portal/guide/item.html', may_upload=may_upload(item),
                           **guide(item, moment))

    @expose('/<int:item_id>/templates', methods=['POST'])
    @once
    def upload(self, item_id):
        """Keep a new version of a template (the first, for a new title)."""
        item = self._item(item_id)
        if not may_upload(item):
            abort(403)
        upload = request.files.get('file')
        data = upload.read(models.TEMPLATE_MAX_BYTES + 1) if upload else b''
        try:
            version = models.ItemTemplate.upload(
                item, request.form.get('title'), data,
                upload.filename if upload else '',
                kind=request.form.get('kind') or 'other', user=g.user)
        except models.DomainError as error:
            flash(_('The template was not kept: %(reason)s Nothing was changed.',
                    reason=str(error)), 'error')
        else:
            models.AuditLog.record(g.user, 'create', 'ItemTemplate', version.id,
                                   after={'item': item.code, 'title': version.title,
                                          'version': version.version,
                                          'filename': version.filename,
                                          'size': version.size},
                                   hall=g.user.hall_id)
            flash(_('Version %(n)d of "%(title)s" is kept; earlier versions stay '
                    'for the cases registered with them.', n=version.version,
                    title=version.title), 'success')
        return redirect(url_for('.item', item_id=item.id) + '#templates')

    @expose('/templates/<int:template_id>')
    def download(self, template_id):
        """One version of a template, as its file."""
        return template_file(template_id)

    def _item(self, item_id):
        item = (models.Item.select(models.Item, models.Department)
                .join(models.Department)
                .where(models.Item.id == item_id).first())
        if item is None:
            abort(404)
        return item
