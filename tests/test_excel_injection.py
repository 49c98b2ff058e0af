"""No text a user typed leaves in a spreadsheet as a live formula (OWASP CSV
injection), in any export; such text comes back in as the same text."""
import ast
import io
import os

import pytest
from openpyxl import load_workbook
import peewee

import models

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE = ['=HYPERLINK("http://evil.example/","点我")', '+1+cmd|\' /C calc\'!A0',
           '-2+3', '@SUM(A1:A2)']
# Leading white space is trimmed by every import, so these are checked on the
# way out only.
SPACED = ['\t=1+1', '\r=1+1']


@pytest.fixture
def city(auth):
    auth.login('demo-city')
    return auth._client


def cells(data):
    """Every cell of every sheet of an exported file, formulas unevaluated."""
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row]


def assert_no_formula(data, expected):
    found = cells(data)
    formulas = [cell.coordinate for cell in found if cell.data_type == 'f']
    assert formulas == [], 'formula cells exported: %s' % formulas
    texts = {cell.value for cell in found}
    for text in expected:
        assert text in texts, text


def test_catalogue_export_writes_hostile_item_names_as_text(city):
    items = list(models.Item.select().where(
        models.Item.levels.contains('county'), models.Item.is_active == True)  # noqa: E712
        .limit(len(HOSTILE)))
    for item, text in zip(items, HOSTILE):
        item.remarks = text
        item.save()
    data = city.get('/portal/excel/catalogue.xlsx?level=county').data
    assert_no_formula(data, HOSTILE[:len(items)])

    # The same file imported back changes nothing: the text stays text.
    before = sorted((i.id, i.remarks) for i in models.Item.select())
    response = city.post('/portal/excel/import/', data={
        'level': 'county', 'file': (io.BytesIO(data), 'list.xlsx')},
        content_type='multipart/form-data')
    assert response.status_code == 302
    assert sorted((i.id, i.remarks) for i in models.Item.select()) == before


def test_liaison_export_writes_hostile_titles_as_text(city):
    liaisons = list(models.Liaison.select().limit(len(HOSTILE)))
    for liaison, text in zip(liaisons, HOSTILE):
        liaison.title = text
        liaison.save()
    data = city.get('/portal/excel/liaisons.xlsx').data
    assert_no_formula(data, HOSTILE[:len(liaisons)])


def test_leading_tab_or_return_is_not_a_formula_either(city):
    liaisons = list(models.Liaison.select().limit(2))
    for liaison, text in zip(liaisons, SPACED):
        # The models refuse a tab or a line break in a title now; a value
        # stored before that rule must still go out as text.
        (peewee.ModelUpdate(models.Liaison, {models.Liaison.title: text})
         .where(models.Liaison.id == liaison.id).execute())
    data = city.get('/portal/excel/liaisons.xlsx').data
    assert_no_formula(data, ['\t=1+1'])


def test_statistics_export_writes_a_hostile_hall_name_as_text(city):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    hall.name = '=1+2'
    hall.save()
    data = city.get('/portal/stats/export.xlsx').data
    assert_no_formula(data, [])
    assert any(cell.value == '=1+2' for cell in cells(data))


def test_every_workbook_in_the_product_is_saved_through_xlsx_file():
    """A new export that saves its own workbook would skip the protection."""
    offenders = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in ('.venv', 'tests', '.git', 'node_modules')]
        for name in files:
            if not name.endswith('.py'):
                continue
            path = os.path.join(folder, name)
            tree = ast.parse(open(path, encoding='utf-8').read())
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == 'save' and node.args
                        and os.path.relpath(path, ROOT) != os.path.join('portal', 'excel.py')
                        and 'Workbook' in open(path, encoding='utf-8').read()):
                    offenders.append('%s:%d' % (os.path.relpath(path, ROOT), node.lineno))
    assert offenders == [], ('save workbooks with portal.excel.xlsx_file: %s' % offenders)
