"""In a real browser with CSRF on: a hall manager and the city download the
official 附件8 form from the statistics page, and bring a 附件2 liaison
registry back in, in Chinese and in English."""

from openpyxl import Workbook

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot
from pages import download  # noqa: F401


def upload(page, path):
    page.set_input_files('#liaison-file', str(path))
    follow(page, '#liaison-import button[type=submit]')


def liaisons():
    return sorted((l.hall_id, l.department_id or 0, l.agent_id, l.title)
                  for l in models.Liaison.select())


def statistics_form(page):
    page.goto(page.base_url + '/portal/stats/?month=2026-09')
    return download(page, 'a[href*="export.xlsx"]')


def test_a_manager_downloads_the_form_and_imports_the_registry(page, tmp_path):
    sign_in(page, 'demo-manager')
    book = statistics_form(page)
    assert len(book.worksheets) == 1
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0].endswith('帮办代办服务事项办件统计表（2026年9月）')
    assert rows[3][2:6] == ('受理数量', '在办数量', '办结数量', '满意度')
    screenshot(page, 'forms-01-manager-statistics-zh')

    page.goto(page.base_url + '/portal/excel/')
    registry = tmp_path / 'liaisons.xlsx'
    book = download(page, 'a[href$="liaisons.xlsx"]')
    book.save(registry)
    before = liaisons()
    upload(page, registry)
    assert '已导入' in page.inner_text('body')
    assert liaisons() == before  # the registry as exported: nothing changes
    screenshot(page, 'forms-02-manager-registry-imported-zh')

    wrong = Workbook()
    wrong.active.append(['序号', '地区', '单位名称', '姓名', '职务', '联系电话', '备注'])
    wrong.active.append([1, '没有这个大厅', '某局', '王', '', '', ''])
    wrong.save(tmp_path / 'wrong.xlsx')
    upload(page, tmp_path / 'wrong.xlsx')
    errors = page.inner_text('#liaison-import .import-errors')
    assert '第2行' in errors and '未导入任何数据' in errors
    screenshot(page, 'forms-03-manager-registry-errors-zh')

    page.goto(page.base_url + '/portal/excel/')
    switch_portal_language(page)
    assert 'Import the liaison registry' in page.inner_text('body')
    upload(page, tmp_path / 'wrong.xlsx')
    errors = page.inner_text('#liaison-import .import-errors')
    assert 'Row 2: unknown hall' in errors and 'Nothing was imported' in errors
    screenshot(page, 'forms-04-manager-registry-errors-en')
    assert liaisons() == before


def test_the_city_gets_the_form_with_an_english_copy(page):
    sign_in(page, 'demo-city')
    book = statistics_form(page)
    assert book.worksheets[0].title == '办件统计'
    screenshot(page, 'forms-05-city-statistics-zh')
    switch_portal_language(page)
    book = statistics_form(page)
    assert 'Download Excel' in page.inner_text('body')
    official, english = book.worksheets
    assert list(official.iter_rows(values_only=True))[2][:2] == ('序号', '单位名称')
    assert list(english.iter_rows(values_only=True))[3][2:6] == (
        'Accepted', 'Still open', 'Completed', 'Satisfaction')
    page.goto(page.base_url + '/portal/excel/')
    assert page.locator('#liaison-import').count() == 1
    screenshot(page, 'forms-06-city-excel-lists-en')
