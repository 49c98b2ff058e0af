"""Excel in and out: the catalogue as form 附件1, the liaison registry as 附件2.

The column titles are those of the paper forms of policy document 004, so the
files are the forms the halls already exchange; they stay Chinese whatever the
interface language. An import checks every row first and writes nothing when
any row is wrong.
"""
import datetime
import io
import re
import tempfile
import zipfile

import peewee

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import force_locale, get_locale, pgettext
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import InvalidFileException

import models
import validators
from action_keys import once

from . import audit, auth
from .base import PortalView

# 附件1 as the policy prints it; the list carries columns more: the
# everyday names the kiosk's search knows (别名), the name in traditional
# Mongolian of bilingual halls (蒙古文名称), then who the item is for by the
# identity number (the ages and the sex). A file without them still imports,
# and leaves what they hold as it is.
OFFICIAL_CATALOGUE_COLUMNS = ['序号', '单位', '事项名称', '子项名称', '事项类型',
                              '事项分类', '承诺时限', '办理形式', '备注']
ALIAS_CATALOGUE_COLUMNS = OFFICIAL_CATALOGUE_COLUMNS + ['别名']
MONGOLIAN_CATALOGUE_COLUMNS = ALIAS_CATALOGUE_COLUMNS + ['蒙古文名称']
CATALOGUE_COLUMNS = MONGOLIAN_CATALOGUE_COLUMNS + ['最低年龄', '最高年龄', '适用性别']
LIAISON_COLUMNS = ['序号', '地区', '单位名称', '姓名', '职务', '联系电话', '备注']
# 附件4 as printed: one title row of ten columns, 相关单位流转情况 split in
# two below it; then what a line needs to be imported again (the applicant's
# document number, the form of service, the case number).
LEDGER_COLUMNS = ['序号', '申请日期', '申请人姓名及电话', '帮办代办事项名称',
                  '帮办代办窗口收件人姓名', '相关单位流转情况', '',
                  '帮办代办窗口反馈时间', '评价情况', '备注', '证件号码', '办理形式',
                  '办件编号']
LEDGER_SUBHEADER = ['', '', '', '', '', '受理日期', '办结日期', '', '', '', '', '',
                    '']
LEDGER_TITLE = '帮办代办工作登记台账'


def ledger_document(applicant):
    """证件号码 as the ledger writes it: the number, and for a passport
    (unique only within its issuing state) the state's code after it."""
    if applicant.id_type == 'passport':
        return '%s %s' % (applicant.id_number, applicant.nationality)
    return applicant.id_number


LEVEL_LISTS = {'village': '村级', 'town': '镇级', 'county': '县级', 'city': '市级'}
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


def _zh(choices, value):
    """A choice's label as written on the Chinese form."""
    with force_locale('zh_Hans_CN'):
        return str(models.label(choices, value))


def _names(choices):
    """Every way a choice may be written in a file: code, Chinese, English."""
    names = {}
    for locale in ('en', 'zh_Hans_CN'):
        with force_locale(locale):
            names.update({str(text).strip().lower(): value for value, text in choices})
    names.update({value: value for value, _text in choices})
    return names


# Text a spreadsheet would run as a formula or a DDE command when it starts
# with one of these (OWASP, CSV injection): exported as text, never a formula.
FORMULA_PREFIXES = ('=', '+', '-', '@', '\t', '\r')


def xlsx_file(book):
    """A workbook saved for download, every cell of user text kept as text.

    openpyxl turns any string starting with "=" into a formula as it is
    assigned; every export goes through here so no value typed by a user is
    ever sent as a live formula.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    cell.data_type = 's'
                    cell.quotePrefix = True
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def streamed_xlsx(title, header, rows, above=(), merged=(), widths=()):
    """A workbook of any length, written row by row as `rows` yields them
    (openpyxl's write-only mode) to a temporary file, ready to send; the
    header bold, user text kept as text as in `xlsx_file`.

    `header` is one row of titles, or several rows for a grouped header;
    `above` rows (a form's title) come before it, `merged` ranges
    ("A1:M1") join cells of these rows, and `widths` sets the columns."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for column, width in zip('ABCDEFGHIJKLMNOPQRSTUVWXYZ', widths):
        sheet.column_dimensions[column].width = width
    bold, big = Font(bold=True), Font(bold=True, size=14)
    for line in above:
        sheet.append([_styled(sheet, value, big) for value in line])
    grouped = bool(header) and isinstance(header[0], list)
    centred = Alignment(horizontal='center', vertical='center', wrap_text=True)
    for line in (header if grouped else [header]):
        sheet.append([_styled(sheet, value, bold, centred if grouped else None)
                      for value in line])
    for cells in merged:
        sheet.merged_cells.add(cells)
    for row in rows:
        # Plain values cost a fraction of styled cells: only text that a
        # spreadsheet would run as a formula gets a cell of its own.
        sheet.append([_as_text(sheet, value)
                      if isinstance(value, str)
                      and value.startswith(FORMULA_PREFIXES) else value
                      for value in row])
    data = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(data)
    data.seek(0)
    return data


def _styled(sheet, value, font, alignment=None):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _as_text(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = 's'
    cell.quotePrefix = True
    return cell


def _book(title, columns, rows):
    """A workbook: a title row, the form's column titles, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet['A1'].font = Font(bold=True, size=14)
    sheet.append(columns)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        sheet.append([number] + list(row))
    return xlsx_file(book)


def catalogue_workbook(level):
    """The 附件1 list of one hall level: every active item offered there."""
    items = (models.Item.select(models.Item, models.Department)
             .join(models.Department)
             .where(models.Item.levels.contains(level),
                    models.Item.is_active == True)  # noqa: E712
             .order_by(models.Department.code, models.Item.code))
    rows = [(item.department.name, item.name, item.sub_name,
             _zh(models.POWER_KINDS, item.power_kind),
             _zh(models.CATEGORIES, item.category),
             '%d个工作日' % item.time_limit_days if item.time_limit_days else '即办',
             '、'.join(_zh(models.SERVICE_FORMS, form) for form in item.service_forms),
             item.remarks, '、'.join(item.alias_list), item.name_mn,
             item.min_age, item.max_age,
             _zh(models.ITEM_SEXES, item.sex) if item.sex else '')
            for item in items if level in item.level_list]
    return _book('%s帮办代办事项清单' % LEVEL_LISTS[level], CATALOGUE_COLUMNS, rows)


def liaison_workbook(hall_ids):
    """The 附件2 registry of liaisons of these halls."""
    liaisons = (models.Liaison.select(models.Liaison, models.Hall, models.Agent,
                                      models.Department)
                .join_from(models.Liaison, models.Hall)
                .join_from(models.Liaison, models.Agent)
                .join_from(models.Liaison, models.Department, peewee.JOIN.LEFT_OUTER)
                .where(models.Liaison.hall.in_(hall_ids))
                .order_by(models.Hall.code, models.Liaison.id))
    rows = [(liaison.hall.name,
             liaison.department.name if liaison.department_id else liaison.hall.name,
             liaison.agent.name, liaison.title, liaison.agent.phone, '')
            for liaison in liaisons]
    return _book('帮办代办窗口和进驻部门联络员情况登记表', LIAISON_COLUMNS, rows)


# An import is a hall's list, not a database: at most this many rows, and
# a workbook that unpacks to at most this many bytes (a small .xlsx can
# unpack to gigabytes).
MAX_ROWS = 5000
MAX_UNPACKED = 50 * 1024 * 1024


def _workbook(stream):
    """The workbook, opened to be read row by row; ValueError when it is
    no .xlsx or unpacks to more than MAX_UNPACKED bytes."""
    not_xlsx = _('This file is not an Excel workbook (.xlsx). Save the '
                 'list as .xlsx and upload it again.')
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        stream.seek(0)
        if unpacked > MAX_UNPACKED:
            raise ValueError(_('This workbook is too large to import (more than '
                               '%(mb)d MB unpacked). Split the list and upload '
                               'the parts one by one.', mb=MAX_UNPACKED // 2 ** 20))
        return load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ValueError(not_xlsx)


def read_rows(stream, columns, missing=None, below=None):
    """The data rows of an uploaded workbook as (row number, cells); raises
    ValueError with a message (`missing` when the columns are not found)
    when the file is not the expected form or has more than MAX_ROWS rows.
    The sheet is read row by row, only as wide as the form; `below` is the
    second row of a grouped header, skipped when it follows the first."""
    book = _workbook(stream)
    try:
        rows = book.active.iter_rows(values_only=True, max_col=len(columns))
        for number, row in enumerate(rows, start=1):
            if number > 5:
                break
            if _cells(row, columns) == columns:
                return [(n, cells) for n, cells in _data_rows(rows, number, columns)
                        if not (below and n == number + 1 and cells == below)]
    finally:
        book.close()
    raise ValueError(missing or _('The sheet must have the columns of form 附件1 in '
                                  'one of its first rows: %(columns)s.',
                                  columns='、'.join(columns)))


def _cells(row, columns):
    """A row's cells as text, as many as the form has columns."""
    row = tuple(row) + (None,) * len(columns)
    return [str(c).strip() if c is not None else '' for c in row[:len(columns)]]


def _data_rows(rows, title_row, columns):
    """The non-empty rows after the title row, MAX_ROWS at most."""
    data = []
    for number, row in enumerate(rows, start=title_row + 1):
        if any(c not in (None, '') for c in row):
            if len(data) == MAX_ROWS:
                raise ValueError(_('At most %(n)d rows can be imported at once.',
                                   n=MAX_ROWS))
            data.append((number, _cells(row, columns)))
    return data


def upload_rows(upload, columns, below=None):
    """The data rows of an uploaded .xlsx with these columns; ValueError
    with the reason when there is no file or it is not the form."""
    if upload is None or not upload.filename:
        raise ValueError(_('Choose a file.'))
    if not upload.filename.lower().endswith('.xlsx'):
        raise ValueError(_('This file is not an Excel workbook (.xlsx). Save the '
                           'list as .xlsx and upload it again.'))
    return read_rows(io.BytesIO(upload.read()), columns, below=below, missing=_(
        'The sheet must have these columns in one of its first rows: '
        '%(columns)s.', columns='、'.join(c for c in columns if c)))


def _days(text):
    """承诺时限: "5", "5个工作日" or "即办" (on the spot)."""
    if text in ('即办', '0'):
        return 0
    match = re.fullmatch(r'(\d{1,3})\s*(个?工作日|天|日)?', text)
    return int(match.group(1)) if match else None


def check_catalogue(rows):
    """Every row checked; returns (values per row, errors as (row, message))."""
    departments = {}
    for department in models.Department.select():
        departments[department.name] = departments[department.short_name or
                                                   department.name] = department
    kinds, categories = _names(models.POWER_KINDS), _names(models.CATEGORIES)
    forms, sexes = _names(models.SERVICE_FORMS), _names(models.ITEM_SEXES)
    values, errors, seen = [], [], {}
    for number, cells in rows:
        _n, unit, name, sub_name, kind, category, limit, how, remarks = cells[:9]
        aliases = cells[9] if len(cells) > 9 else None
        name_mn = cells[10] if len(cells) > 10 else None
        problems, eligibility = [], {}
        if len(cells) > 11:
            for field, text in (('min_age', cells[11]), ('max_age', cells[12])):
                age = _age(text)
                if age is False:
                    problems.append(_('the age "%(value)s" is not a number of years '
                                      'from 0 to 150', value=text))
                eligibility[field] = age
            sex = sexes.get(cells[13].lower())
            if sex is None:
                problems.append(_('the sex "%(value)s" is not one of: %(sexes)s',
                                  value=cells[13], sexes='、'.join(
                                      str(text) for _v, text in models.ITEM_SEXES)))
            eligibility['sex'] = sex
        if unit not in departments:
            problems.append(_('unknown department "%(value)s"', value=unit))
        if not name or len(name) > 120 or len(sub_name) > 120:
            problems.append(_('the item name is missing or longer than 120 characters'))
        if kind.lower() not in kinds:
            problems.append(_('unknown kind of power "%(value)s"', value=kind))
        if category.lower() not in categories:
            problems.append(_('unknown category "%(value)s"', value=category))
        days = _days(limit)
        if days is None:
            problems.append(_('the time limit "%(value)s" is not a number of working '
                              'days', value=limit))
        chosen = {forms.get(part.strip().lower())
                  for part in re.split(r'[、,，/;；]+', how) if part.strip()}
        if not chosen or None in chosen:
            problems.append(_('the form of handling "%(value)s" is not one of: '
                              '%(forms)s', value=how, forms='、'.join(
                                  str(text) for _v, text in models.SERVICE_FORMS)))
        if len(remarks) > 200:
            problems.append(_('the remarks are longer than 200 characters'))
        if name_mn is not None:
            try:
                name_mn = validators.mongolian_name(name_mn)
            except models.DomainError as error:
                problems.append(str(error).rstrip('.。'))
        if not problems:
            try:  # what the item would keep: no control characters either
                models.Item.check_values(dict(name=name, sub_name=sub_name,
                                              remarks=remarks, aliases=aliases))
                if eligibility:
                    models.Item.check_eligibility(**eligibility)
            except models.FieldError as error:
                problems.append(str(error).rstrip('.。'))
        key = (unit, name, sub_name)
        if key in seen:
            problems.append(_('the same item is already in row %(row)d', row=seen[key]))
        seen.setdefault(key, number)
        if problems:
            errors.append((number, _('Row %(row)d: %(problems)s.', row=number,
                                     problems='; '.join(problems))))
            continue
        values.append(dict(
            department=departments[unit], name=name, sub_name=sub_name,
            power_kind=kinds[kind.lower()], category=categories[category.lower()],
            time_limit_days=days, remarks=remarks,
            offers_assisted='assisted' in chosen, offers_proxy='proxy' in chosen,
            offers_home_visit='home_visit' in chosen))
        if aliases is not None:
            values[-1]['aliases'] = aliases
        if name_mn is not None:
            values[-1]['name_mn'] = name_mn
        values[-1].update(eligibility)
    return values, errors


def _age(text):
    """最低年龄 / 最高年龄: empty (none), or years from 0 to 150, "80" or
    "80周岁"; False when it is neither."""
    if not text:
        return None
    match = re.fullmatch(r'(\d{1,3})(?:\.0)?\s*(周岁|岁)?', text)
    if match is None or int(match.group(1)) > 150:
        return False
    return int(match.group(1))


def read_catalogue(data):
    """The rows of an uploaded 附件1, with or without the columns after 备注."""
    for columns in (CATALOGUE_COLUMNS, MONGOLIAN_CATALOGUE_COLUMNS,
                    ALIAS_CATALOGUE_COLUMNS):
        try:
            return read_rows(io.BytesIO(data), columns)
        except ValueError:
            pass
    return read_rows(io.BytesIO(data), OFFICIAL_CATALOGUE_COLUMNS)


def apply_catalogue(values, level):
    """Write checked rows: update the matching items, create the others, and
    make each one offered at `level`. A row that changes nothing is neither
    saved nor audited. Returns (created, updated)."""
    created = updated = 0
    with models.db.atomic():
        for row in values:
            item = models.Item.get_or_none(
                models.Item.department == row['department'],
                models.Item.name == row['name'], models.Item.sub_name == row['sub_name'])
            before = audit.snapshot(item) if item else None
            if item is None:
                item = models.Item(code=models.Item.next_code(row['department']),
                                   levels='')
            for field, value in row.items():
                setattr(item, field, value)
            item.levels = ','.join(lv for lv in models.LEVEL_ORDER
                                   if lv in item.level_list or lv == level)
            if before is not None and audit.snapshot(item) == before:
                continue
            item.save()
            audit.record('update' if before else 'create', item, before=before,
                         after=audit.snapshot(item))
            created, updated = created + (before is None), updated + (before is not None)
    return created, updated


class ExcelView(PortalView):
    """Export the catalogue and liaison registry; the city imports the catalogue."""

    @expose('/')
    def index(self, errors=None, liaison_errors=None):
        return self.render('portal/admin/excel.html', levels=LEVEL_LISTS,
                           level_labels=dict(models.LEVELS),
                           errors=errors or [], can_import=self.can_import(),
                           liaison_errors=liaison_errors or [],
                           can_import_liaisons=g.user.may('manage_hall'),
                           liaison_columns=LIAISON_COLUMNS)

    def can_import(self):
        return g.user.may('administer_city')

    @expose('/catalogue.xlsx')
    def export_catalogue(self):
        level = request.args.get('level')
        if level not in LEVEL_LISTS:
            abort(404)
        return send_file(catalogue_workbook(level), mimetype=XLSX, as_attachment=True,
                         download_name='%s帮办代办事项清单.xlsx' % LEVEL_LISTS[level])

    @expose('/liaisons.xlsx')
    def export_liaisons(self):
        return send_file(liaison_workbook(auth.scope()), mimetype=XLSX,
                         as_attachment=True, download_name='联络员情况登记表.xlsx')

    @expose('/import-liaisons/', methods=('POST',))
    def import_liaisons(self):
        """附件2 into the halls in scope: every row, or nothing and why."""
        from . import imports
        if not g.user.may('manage_hall'):
            abort(403)
        upload = request.files.get('file')
        try:
            rows = upload_rows(upload, LIAISON_COLUMNS)
        except ValueError as error:
            return self.index(liaison_errors=[str(error)]), 400
        values, errors = imports.check_liaisons(rows, auth.scope())
        if errors or not values:
            errors = errors or [_('The sheet has no rows.')]
            errors.append(_('Nothing was imported; correct the rows and upload again.'))
            return self.index(liaison_errors=errors), 400
        added, changed = imports.apply_liaisons(values)
        flash(_('Imported %(n)d rows: %(changed)d liaisons set, %(added)d new agents.',
                n=len(values), changed=changed, added=added), 'success')
        return redirect(url_for('.index'))

    def _ledger_hall(self):
        """The hall a ledger is imported into: one's own, or for the city
        any hall it chooses; another's is not found."""
        hall_id = request.values.get('hall', type=int) or g.user.hall_id
        if hall_id not in auth.scope() or not (
                hall_id == g.user.hall_id or g.user.may('administer_city')):
            abort(404)
        return models.Hall.get_by_id(hall_id)

    @expose('/ledger/', methods=('GET', 'POST'))
    @once
    def import_ledger(self):
        """附件4 into a hall's ledger: every row, or nothing and why; rows
        already in the ledger are left as they are."""
        from . import imports
        if not g.user.may('manage_hall'):
            abort(403)
        hall = self._ledger_hall()
        if request.method == 'GET':
            return self._ledger_page(hall)
        try:
            rows = upload_rows(request.files.get('file'), LEDGER_COLUMNS,
                               below=LEDGER_SUBHEADER)
        except ValueError as error:
            return self._ledger_page(hall, [str(error)]), 400
        values, already, errors = imports.check_ledger(rows, hall)
        if errors or not rows:
            errors = errors or [_('The sheet has no rows.')]
            errors.append(_('Nothing was imported; correct the rows and upload again.'))
            return self._ledger_page(hall, errors), 400
        done = imports.apply_ledger(hall, values, g.user)
        flash(_('Imported %(n)d rows into %(hall)s: %(added)d new cases, '
                '%(already)d already in the ledger.', n=len(rows), hall=hall.name,
                added=done.added, already=len(rows) - done.added), 'success')
        if done.rectifying or done.on_paper:
            flash(_('Bad ratings among them: %(opened)d still within the '
                    'rectification deadline opened a rectification task; '
                    '%(older)d older ones were handled on paper and opened '
                    'none.', opened=done.rectifying, older=done.on_paper),
                  'warning' if done.rectifying else 'info')
        days = [row['registered_on'] for row in values]
        span = dict(to=max(days).isoformat(), **{'from': min(days).isoformat()}) \
            if days else {}
        return redirect(url_for('.import_ledger', hall=hall.id, **span))

    def _ledger_page(self, hall, errors=()):
        halls = (models.Hall.select().where(models.Hall.id.in_(auth.scope()))
                 .order_by(models.Hall.code)
                 if g.user.may('administer_city') else [hall])
        # After an import: the ledger of the dates it brought in.
        span = {name: models.parse_day(request.args.get(name))
                for name in ('from', 'to')}
        imported = (url_for('cases.ledger', hall=hall.id, to=span['to'].isoformat(),
                            **{'from': span['from'].isoformat()})
                    if all(span.values()) else None)
        return self.render('portal/admin/ledger_import.html', hall=hall,
                           halls=halls, errors=errors, imported=imported,
                           columns=[c for c in LEDGER_COLUMNS if c],
                           flow_columns=[c for c in LEDGER_SUBHEADER if c],
                           max_rows=MAX_ROWS,
                           rectification_days=models.CitySettings.of(
                               models.Hall.city_of(hall.id)).rectification_days)

    @expose('/import/', methods=('POST',))
    def import_catalogue(self):
        """Check every row; write all of them, or nothing and say why."""
        if not self.can_import():
            abort(403)
        level = request.form.get('level')
        upload = request.files.get('file')
        if level not in LEVEL_LISTS or upload is None or not upload.filename:
            return self.index(errors=[_('Choose a hall level and a file.')]), 400
        if not upload.filename.lower().endswith('.xlsx'):
            return self.index(errors=[_('This file is not an Excel workbook (.xlsx). '
                                        'Save the list as .xlsx and upload it again.')]), 400
        try:
            rows = read_catalogue(upload.read())
        except ValueError as error:
            return self.index(errors=[str(error)]), 400
        values, errors = check_catalogue(rows)
        if errors or not values:
            errors = [message for _row, message in errors] or [_('The sheet has no rows.')]
            errors.append(_('Nothing was imported; correct the rows and upload again.'))
            return self.index(errors=errors), 400
        created, updated = apply_catalogue(values, level)
        flash(_('Imported %(n)d rows: %(created)d new items, %(updated)d updated.',
                n=len(values), created=created, updated=updated), 'success')
        return redirect(url_for('.index'))


STATISTICS_COLUMNS = 7  # 序号, 单位名称, the four counts, 备注
THIN = Side(style='thin')


def statistics_workbook(hall, first, last, by='hall'):
    """The monthly statistics form (附件8) of a unit for `first`..`last`: what
    the statistics page exports, and what the monthly report job keeps as the
    month's official copy.

    The first sheet is the form as policy document 004 prints it, in Chinese
    whatever the interface language; a reader of another language gets a copy
    of it in that language as a second sheet."""
    import reports
    rows, total = reports.monthly_statistics(
        [hall.id] if by == 'department' else hall.subtree_ids(), first, last,
        by=by)
    book = Workbook()
    with force_locale('zh_Hans_CN'):
        _statistics_sheet(book.active, hall, first, last, rows, total)
    if not str(get_locale()).startswith('zh'):
        _statistics_sheet(book.create_sheet(), hall, first, last, rows, total)
    return xlsx_file(book)


def _period(first, last):
    """The month of the form ("2026年9月"), or its dates when not one whole month."""
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    if first.day == 1 and last == following - datetime.timedelta(days=1):
        return _('%(year)d/%(month)d', year=first.year, month=first.month)
    return _('%(first)s to %(last)s', first=first.isoformat(), last=last.isoformat())


def _statistics_sheet(sheet, hall, first, last, rows, total):
    """附件8 in the current language: a title with the unit and month, the
    grouped header of two rows, a line per unit, the total and the form's notes."""
    sheet.title = _('Statistics')[:31]
    sheet.append([_('%(unit)s: statistics of assisted and proxy handling cases '
                    '(%(period)s)', unit=hall.name, period=_period(first, last))])
    sheet.append([_('Unit: %(hall)s', hall=hall.name), '',
                  _('Period: %(first)s to %(last)s', first=first.isoformat(),
                    last=last.isoformat())])
    sheet.append([_('No.'), _('Unit name'), _('Assisted and proxy handling cases'),
                  None, None, None, _('Remarks')])
    sheet.append([None, None, pgettext('number of cases', 'Accepted'), _('Still open'), _('Completed'),
                  _('Satisfaction'), None])
    for number, row in enumerate(rows, start=1):
        sheet.append(_statistics_line(number, str(row.unit), row))
    sheet.append(_statistics_line(None, _('Total'), total))
    table_end = sheet.max_row
    sheet.append([_('Notes: 1. Accepted = still open + completed.')])
    sheet.append([_('2. Satisfaction = cases rated very satisfied, satisfied or '
                    'basically satisfied / all completed cases × 100%.')])
    sheet.merge_cells('A1:G1')
    sheet.merge_cells('A2:B2')
    sheet.merge_cells('C2:G2')
    for merged in ('A3:A4', 'B3:B4', 'C3:F3', 'G3:G4',
                   'A%d:G%d' % (table_end + 1, table_end + 1),
                   'A%d:G%d' % (table_end + 2, table_end + 2)):
        sheet.merge_cells(merged)
    sheet['A1'].font = Font(bold=True, size=16)
    sheet['A1'].alignment = Alignment(horizontal='center')
    sheet.row_dimensions[1].height = 30
    border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    for line in sheet.iter_rows(min_row=3, max_row=table_end,
                                max_col=STATISTICS_COLUMNS):
        for cell in line:
            cell.border = border
            if cell.row <= 4 or cell.row == table_end:
                cell.font = Font(bold=True)
            if cell.row <= 4:
                cell.alignment = Alignment(horizontal='center', vertical='center',
                                           wrap_text=True)
            elif cell.column == 6:
                cell.number_format = '0.0%'
    for column, width in zip('ABCDEFG', (6, 30, 11, 11, 11, 11, 30)):
        sheet.column_dimensions[column].width = width


def _statistics_line(number, unit, row):
    """One unit's line: counts as numbers, 满意度 as a fraction shown as a
    percentage (empty without a completed case)."""
    satisfaction = (None if not row.closed
                    else round(row.satisfied / row.closed, 3))
    remarks = []
    if row.terminated:
        remarks.append(_('including %(n)d terminated', n=row.terminated))
    if row.overdue:
        remarks.append(_('%(n)d overdue', n=row.overdue))
    if row.suspended:
        remarks.append(_('%(n)d suspended', n=row.suspended))
    return [number, unit, row.accepted, row.open, row.closed, satisfaction,
            '; '.join(remarks) or None]


def appraisal_columns():
    """The appraisal's column titles, in the reader's language."""
    return [_('No.'), _('Hall'), _('Agent'), _('Cases handled'),
            _('Closed on time'), _('On-time rate'), _('Satisfaction'),
            _('Bad ratings'), _('Called back'), _('Rectified'),
            _('Rectified on time'), _('Complaints'), _('Complaints upheld'),
            _('Cases sampled'), _('Shortcomings found')]


def _appraisal_line(number, hall, agent, row):
    rate = (None if row.on_time_rate is None else row.on_time_rate / 100)
    satisfaction = (None if row.satisfaction is None
                    else row.satisfaction / 100)
    return [number, hall, agent, row.handled, row.on_time, rate,
            satisfaction, row.bad, row.bad_called_back, row.bad_closed,
            row.bad_on_time, row.complaints, row.complaints_upheld,
            row.sampled, row.shortcomings]


def appraisal_workbook(hall, period, rows, total):
    """The agents' appraisal (考核) of a month or year (reports.appraisal's
    rows and total) in the reader's language: a title, the column titles,
    a line per agent and the total; rates as percentages."""
    book = Workbook()
    sheet = book.active
    sheet.title = _('Appraisal')[:31]
    sheet.append([_('%(hall)s: appraisal of agents (%(period)s)',
                    hall=hall.name, period=period)])
    sheet['A1'].font = Font(bold=True, size=14)
    sheet.append(appraisal_columns())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical='center')
    for number, row in enumerate(rows, start=1):
        sheet.append(_appraisal_line(number, row.unit.hall.name,
                                     row.unit.name, row))
    sheet.append(_appraisal_line(None, _('Total'), None, total))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows(min_row=3, min_col=6, max_col=7):
        for cell in line:
            cell.number_format = '0.0%'
    for column, width in zip('ABC', (6, 24, 14)):
        sheet.column_dimensions[column].width = width
    return xlsx_file(book)
