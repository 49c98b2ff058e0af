"""In a real browser with CSRF on: a hall manager downloads the ledger as
form 附件4, imports it back (nothing changes), brings in a line from paper,
and reads the errors of a wrong sheet, in Chinese and in English; the city
picks the hall it imports into."""
import datetime
import io
import random

from openpyxl import load_workbook

import models
import validators
from pages import follow, sign_in, switch_portal_language
from support import screenshot
from pages import download


def upload(page, path):
    page.set_input_files('#ledger-file', str(path))
    follow(page, '#ledger-import button[type=submit]')


def cases():
    return sorted((c.number, c.status, c.registered_at, c.closed_at)
                  for c in models.Case.select())


def demo_ledger_span(hall):
    """A month of the hall's ledger that has cases in it."""
    last = (models.Case.select(models.Case.registered_at)
            .where(models.Case.hall == hall, models.Case.registered_at.is_null(False))
            .order_by(models.Case.registered_at.desc()).first()).registered_at.date()
    return last - datetime.timedelta(days=30), last


def new_line(hall, day):
    """A line of the paper ledger for a case the hall does not have."""
    item = (models.Item.select()
            .where(models.Item.is_active == True,  # noqa: E712
                   models.Item.levels.contains(hall.level),
                   models.Item.offers_assisted == True)  # noqa: E712
            .order_by(models.Item.code).first())
    department = (models.Department.select().join(models.HallDepartment)
                  .where(models.HallDepartment.hall == hall)
                  .order_by(models.Department.code).first())
    agent = (models.Agent.select().where(models.Agent.hall == hall)
             .order_by(models.Agent.id).first())
    number = validators.generate_resident_id(random.Random(20260907))
    text = day.isoformat()
    flow = '%s %s' % (department, text) if department else ''
    return [None, day, '纸质台账申请人\n13812345678', item.full_name,
            agent.name if agent else '', flow, flow, day, '非常满意', '', number,
            '帮办', '']


def test_a_manager_exports_imports_back_and_brings_in_a_paper_line(page, tmp_path):
    sign_in(page, 'demo-manager')
    hall = models.User.get(models.User.username == 'demo-manager').hall
    first, last = demo_ledger_span(hall)
    page.goto(page.base_url + '/portal/cases/ledger?from=%s&to=%s' % (first, last))
    book = download(page, 'a[href*="ledger.xlsx"]')
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == '帮办代办工作登记台账' and rows[3][5:7] == ('受理日期', '办结日期')
    assert len(rows) > 4
    exported = tmp_path / 'ledger.xlsx'
    book.save(exported)
    screenshot(page, 'ledger-01-manager-ledger-zh')

    follow(page, 'a[href*="/portal/excel/ledger/"]')
    assert '导入台账（附件4）' in page.inner_text('h1')
    before = cases()
    upload(page, exported)
    body = page.inner_text('body')
    assert '0 个新办件' in body and '行已在台账中' in body, body
    assert cases() == before
    screenshot(page, 'ledger-02-manager-round-trip-zh')

    # A line typed from the paper ledger, below the exported ones.
    day = last - datetime.timedelta(days=3)
    book.active.append(new_line(hall, day))
    book.save(tmp_path / 'with-paper.xlsx')
    upload(page, tmp_path / 'with-paper.xlsx')
    assert '1 个新办件' in page.inner_text('body')
    case = models.Case.get(models.Case.is_imported == True)  # noqa: E712
    assert case.status == 'evaluated' and case.registered_at.date() == day
    screenshot(page, 'ledger-03-manager-imported-zh')
    follow(page, '#imported-ledger')
    assert '纸质台账申请人' in page.inner_text('table.ledger')
    screenshot(page, 'ledger-04-manager-ledger-with-import-zh')

    wrong = load_workbook(tmp_path / 'with-paper.xlsx')
    line = new_line(hall, day)
    line[3], line[10] = '没有这个事项', '150402200202209308'
    wrong.active.append(line)
    wrong.save(tmp_path / 'wrong.xlsx')
    page.goto(page.base_url + '/portal/excel/ledger/')
    upload(page, tmp_path / 'wrong.xlsx')
    errors = page.inner_text('.import-errors')
    assert '没有这个事项' in errors and '校验码' in errors and '未导入任何数据' in errors
    screenshot(page, 'ledger-05-manager-errors-zh')

    switch_portal_language(page)
    upload(page, tmp_path / 'wrong.xlsx')
    errors = page.inner_text('.import-errors')
    assert 'is not an item or bundle offered in this hall' in errors
    assert 'Nothing was imported' in errors
    assert 'How the sheet is read' in page.inner_text('body')
    screenshot(page, 'ledger-06-manager-errors-en')
    assert models.Case.select().where(
        models.Case.is_imported == True).count() == 1  # noqa: E712


def test_the_city_picks_the_hall_it_imports_into(page, tmp_path):
    sign_in(page, 'demo-city')
    switch_portal_language(page)
    page.goto(page.base_url + '/portal/excel/')
    follow(page, 'a[href$="/portal/excel/ledger/"]')
    options = page.locator('#ledger-hall option')
    assert options.count() > 1
    town = (models.Hall.select().where(models.Hall.level == 'town')
            .order_by(models.Hall.code).first())
    page.select_option('#ledger-hall', str(town.id))
    book = load_workbook(io.BytesIO(_blank_form()))
    book.active.append(new_line(town, models.today() - datetime.timedelta(days=2)))
    book.save(tmp_path / 'town.xlsx')
    upload(page, tmp_path / 'town.xlsx')
    assert '1 new cases' in page.inner_text('body'), page.inner_text('body')
    case = models.Case.get(models.Case.is_imported == True)  # noqa: E712
    assert case.hall == town
    screenshot(page, 'ledger-07-city-imported-en')


def _blank_form():
    """The ledger form with no line, as a hall starting on paper fills it."""
    from openpyxl import Workbook

    from portal.excel import LEDGER_COLUMNS, LEDGER_SUBHEADER
    book = Workbook()
    book.active.append(['帮办代办工作登记台账'])
    book.active.append(LEDGER_COLUMNS)
    book.active.append(LEDGER_SUBHEADER)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
