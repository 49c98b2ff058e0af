"""Mongolian–Chinese bilingual halls (蒙汉双语): names, fixed strings, the
font loaded only where it is needed, and a hall's own wordings."""
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

import bilingual
import models
import validators
from portal.excel import CATALOGUE_COLUMNS
from support import statements

import flows

FONT = 'NotoSansMongolian-Regular.subset.woff2'
NNBSP = '\u202f'
TOWN = 'QL-SM-SL'  # the demo's bilingual hall


def hall(code=TOWN):
    return models.Hall.get(models.Hall.code == code)


def mongolian_spans(body):
    return re.findall(r'<span class="mn" lang="mn-Mong">([^<]*)</span>', body)


def receipt_in(code):
    """A fresh receipt code for a demo case registered in the hall."""
    case = (models.Case.select().join(models.Hall, on=models.Case.hall)
            .where(models.Hall.code == code,
                   models.Case.status == 'in_handling')
            .order_by(models.Case.id).first())
    assert case is not None
    return case, case.issue_receipt()


# --- names ---------------------------------------------------------------------

@pytest.mark.parametrize('typed, kept', [
    ('ᠰᠦᠩ ᠯᠢᠩ', 'ᠰᠦᠩ ᠯᠢᠩ'),
    ('  ᠪᠠᠯᠭᠠᠰᠤ' + NNBSP + 'ᠶᠢᠨ   ᠲᠥᠪ  ', 'ᠪᠠᠯᠭᠠᠰᠤ' + NNBSP + 'ᠶᠢᠨ ᠲᠥᠪ'),
    ('2 ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ (ᠠ)', '2 ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣ (ᠠ)'),
    ('', ''),
])
def test_a_mongolian_name_keeps_its_joiners_and_folds_spaces(typed, kept):
    assert validators.mongolian_name(typed) == kept


@pytest.mark.parametrize('typed', [
    '松岭镇', 'Сүн лин', 'Songling', '<script>alert(1)</script>',
    'ᠰᠦᠩ<b>', '123', 'ᠰᠦᠩ\u0000', 'ᠰᠦᠩ\u202e', '\u180e',
])
def test_other_scripts_and_markup_are_refused(typed):
    with pytest.raises(models.DomainError):
        validators.mongolian_name(typed)


def test_every_write_of_a_name_is_checked(demo_app):
    window = flows.window(1, TOWN)
    with pytest.raises(models.FieldError):
        models.Window.update(name_mn='帮办代办窗口').where(
            models.Window.id == window.id).execute()
    department = models.Department.get(models.Department.code == 'RSJ')
    department.name_mn = 'Social'
    with pytest.raises(models.FieldError):
        department.save()
    assert models.Department.get_by_id(department.id).name_mn.startswith('ᠬᠥᠳᠡᠯᠮᠦᠷᠢ')


# --- the pages of a bilingual hall -----------------------------------------------

def test_the_call_screen_shows_both_scripts(demo_client):
    town = hall()
    first = models.Ticket.issue(flows.window(2, TOWN))
    models.Ticket.call_next(flows.window(2, TOWN), flows.user('demo-agent'))
    body = demo_client.get('/display/' + TOWN).get_data(as_text=True)
    assert FONT in body and 'css/mongolian.css' in body
    spans = mongolian_spans(body)
    assert town.name_mn in spans and town.name in body
    assert flows.window(2, TOWN).name_mn in spans
    assert 'ᠳᠠᠭᠤᠳᠠᠵᠤ ᠪᠠᠶᠢᠨ\u180eᠠ' in spans  # Now calling
    assert '2 ᠳ᠋ᠤᠭᠠᠷ ᠴᠣᠩᠬᠣᠨ\u202fᠳᠤ ᠣᠴᠢᠨ\u180eᠠ ᠤᠤ' in spans  # go to window 2
    # Chinese stays the page's language; the columns say theirs.
    assert '<html lang="zh-CN">' in body and '正在叫号' in body
    data = demo_client.get('/display/%s/calls.json' % TOWN).get_json()
    assert data['calls'][0]['window_name_mn'] == flows.window(2, TOWN).name_mn
    assert data['calls'][0]['speech'] == '请%s号到2号窗口办理' % first.label
    assert 'data-mn-now-label="{n} ᠳ᠋ᠤᠭᠠᠷ' in body


def test_a_hall_that_is_not_bilingual_never_loads_the_font(demo_client):
    for url in ('/display/QL-YX', '/display/QL-SM'):
        body = demo_client.get(url).get_data(as_text=True)
        assert FONT not in body and 'mongolian.css' not in body
        assert 'lang="mn-Mong"' not in body


def test_the_progress_page_shows_both_scripts(demo_client):
    case, code = receipt_in(TOWN)
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert FONT in body
    spans = mongolian_spans(body)
    assert hall().name_mn in spans and 'ᠬᠡᠷᠡᠭ\u202fᠦᠨ ᠳ᠋ᠤᠭᠠᠷ' in spans
    flows.english(demo_client, next='/p/')
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'Case number' in body and hall().name_mn in mongolian_spans(body)
    other, other_code = receipt_in('QL-YX')
    body = demo_client.get('/p/' + other_code).get_data(as_text=True)
    assert FONT not in body and 'lang="mn-Mong"' not in body


# --- a hall's own wording of the fixed strings ----------------------------------

NOW_CALLING = 'Now calling'
OWN = 'ᠳᠠᠭᠤᠳᠤᠵᠤ ᠪᠠᠶᠢᠨ\u180eᠠ ᠰᠢᠨ\u180eᠡ'


def strings_page(client, hall_id=None):
    url = '/portal/mongolian/' + ('?hall=%d' % hall_id if hall_id else '')
    return client.get(url)


def save(client, hall_id, wordings):
    return client.post('/portal/mongolian/?hall=%d' % hall_id, data={
        'msgid': list(wordings), 'text': list(wordings.values())})


def test_a_hall_words_a_string_its_own_way_and_its_screens_use_it(demo_client):
    town = hall()
    flows.sign_in(demo_client, 'demo-city')
    page = strings_page(demo_client).get_data(as_text=True)
    assert 'data-mongolian-strings' in page and FONT in page
    assert save(demo_client, town.id, {NOW_CALLING: '  ' + OWN + ' '}).status_code == 302
    assert models.MongolianPhrase.of(town.id) == {NOW_CALLING: OWN}
    entry = (models.AuditLog.select().where(models.AuditLog.model == 'MongolianPhrase')
             .order_by(models.AuditLog.id.desc()).get())
    assert entry.user.username == 'demo-city' and entry.hall_id == town.id
    assert OWN in entry.after and NOW_CALLING in entry.after
    body = demo_client.get('/display/' + TOWN).get_data(as_text=True)
    assert OWN in mongolian_spans(body)
    # The same form again changes nothing and writes no entry.
    count = models.AuditLog.select().count()
    save(demo_client, town.id, {NOW_CALLING: OWN})
    assert models.AuditLog.select().count() == count
    # Emptied: the catalogue's wording is back.
    save(demo_client, town.id, {NOW_CALLING: ''})
    assert models.MongolianPhrase.of(town.id) == {}
    body = demo_client.get('/display/' + TOWN).get_data(as_text=True)
    assert 'ᠳᠠᠭᠤᠳᠠᠵᠤ ᠪᠠᠶᠢᠨ\u180eᠠ' in mongolian_spans(body)


@pytest.mark.parametrize('msgid, text', [
    (NOW_CALLING, '正在叫号'),
    (NOW_CALLING, '<b>ᠳᠠᠭᠤᠳᠠᠵᠤ</b>'),
    ('Window %(n)s', 'ᠴᠣᠩᠬᠣ'),  # the number would be lost
    ('Window %(n)s', '%(x)s ᠴᠣᠩᠬᠣ'),
    ('Sign in', 'ᠣᠷᠣᠬᠤ'),  # not shown to applicants
])
def test_a_bad_wording_changes_nothing(demo_client, msgid, text):
    town = hall()
    flows.sign_in(demo_client, 'demo-city')
    flows.english(demo_client, next='/portal/')
    response = save(demo_client, town.id, {'Recall': 'ᠳᠠᠬᠢᠨ', msgid: text})
    assert response.status_code == 302
    assert models.MongolianPhrase.of(town.id) == {}
    page = demo_client.get(response.headers['Location']).get_data(as_text=True)
    assert 'Nothing was changed' in page


def test_wordings_belong_to_managers_of_bilingual_halls_in_scope(demo_client):
    town = hall()
    flows.sign_in(demo_client, 'demo-manager')  # the county 云溪, another county
    assert strings_page(demo_client, town.id).status_code == 404
    assert save(demo_client, town.id, {NOW_CALLING: OWN}).status_code == 404
    page = strings_page(demo_client).get_data(as_text=True)
    # No bilingual hall: no vertical columns (the portal declares the font
    # for Mongolian names, fetched only where there are Mongolian letters).
    assert 'data-no-bilingual' in page and 'css/mongolian.css' not in page
    yunxi = hall('QL-YX')
    assert save(demo_client, yunxi.id, {NOW_CALLING: OWN}).status_code == 404
    assert models.MongolianPhrase.select().count() == 0
    demo_client.post('/portal/logout')
    flows.sign_in(demo_client, 'demo-agent')
    assert strings_page(demo_client).status_code == 403
    assert save(demo_client, town.id, {NOW_CALLING: OWN}).status_code == 403
    demo_client.post('/portal/logout')
    assert strings_page(demo_client).status_code == 302  # to sign-in
    assert models.MongolianPhrase.select().count() == 0


def call_at(window):
    models.Ticket.issue(window)
    models.Ticket.call_next(window, flows.user('demo-agent'))


def test_a_screen_reads_a_halls_wordings_once(demo_client):
    town = hall()
    models.MongolianPhrase.change(town, {'Latest calls': 'ᠰᠠᠶᠢᠬᠠᠨ'}, None,
                                  bilingual_strings(demo_client))
    call_at(flows.window(2, TOWN))
    database = demo_client.application.extensions['database']
    with statements(database) as few:
        demo_client.get('/display/' + TOWN)
    for number in range(3, 9):
        call_at(models.Window.create(
            hall=town, number=number, name='窗口%d' % number, kind='department',
            prefix='KLMNOP'[number - 3], name_mn='ᠴᠣᠩᠬᠣ %d' % number))
    with statements(database) as more:
        body = demo_client.get('/display/' + TOWN).get_data(as_text=True)
    assert {'ᠴᠣᠩᠬᠣ 8', 'ᠰᠠᠶᠢᠬᠠᠨ'} <= set(mongolian_spans(body))
    assert len(more) == len(few)
    assert sum('mongolian_phrase' in sql for sql, _params in more) == 1


def bilingual_strings(client):
    with client.application.app_context():
        return bilingual.strings()


# --- the catalogue's Excel list and the portal's forms -----------------------------

def catalogue_rows(client):
    response = client.get('/portal/excel/catalogue.xlsx?level=town')
    return [list(r) for r in load_workbook(io.BytesIO(response.data))
            .active.iter_rows(values_only=True)]


def upload(client, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return client.post('/portal/excel/import/', data={
        'level': 'town', 'file': (io.BytesIO(data.getvalue()), 'list.xlsx')},
        content_type='multipart/form-data')


def test_the_list_carries_the_mongolian_names_out_and_back(demo_client):
    flows.sign_in(demo_client, 'demo-city')
    rows = catalogue_rows(demo_client)
    assert rows[1] == CATALOGUE_COLUMNS and rows[1][10] == '蒙古文名称'
    card = flows.item('RSJ-005')
    by_name = {(r[2], r[3] or ''): r for r in rows[2:]}
    assert by_name[(card.name, card.sub_name)][10] == card.name_mn
    # The list as it came out goes back in and changes nothing.
    entries = models.AuditLog.select().count()
    assert upload(demo_client, rows).status_code == 302
    assert models.AuditLog.select().count() == entries
    # A name typed in the sheet arrives; one in another script is refused
    # and the whole list changes nothing.
    row = list(by_name[(card.name, card.sub_name)])
    row[10] = 'ᠺᠠᠷᠲ'
    assert upload(demo_client, rows[:2] + [row]).status_code == 302
    assert flows.item('RSJ-005').name_mn == 'ᠺᠠᠷᠲ'
    row[10], row[9] = '社保卡', '新别名'
    response = upload(demo_client, rows[:2] + [row])
    assert response.status_code == 400
    assert flows.item('RSJ-005').name_mn == 'ᠺᠠᠷᠲ'
    assert flows.item('RSJ-005').aliases != '新别名'


def test_the_portal_refuses_a_name_in_another_script_beside_the_field(demo_client):
    flows.sign_in(demo_client, 'demo-city')
    flows.english(demo_client, next='/portal/')
    window = flows.window(1, TOWN)
    url = '/portal/windows/edit/?id=%d' % window.id
    form = demo_client.get(url).get_data(as_text=True)
    assert 'name="name_mn"' in form and 'Name in Mongolian' in form
    data = {'hall': str(window.hall_id), 'number': '1', 'name': window.name,
            'name_mn': '<script>alert(1)</script>', 'kind': window.kind,
            'prefix': window.prefix, 'is_open': 'y', 'minutes_per_ticket': '8'}
    body = demo_client.post(url, data=data).get_data(as_text=True)
    assert 'traditional Mongolian script' in body and '<script>alert(1)' not in body
    assert flows.window(1, TOWN).name_mn == window.name_mn
    data['name_mn'] = ' ᠴᠣᠩᠬᠣ  ᠨᠢᠭᠡ '
    assert demo_client.post(url, data=data).status_code == 302
    assert flows.window(1, TOWN).name_mn == 'ᠴᠣᠩᠬᠣ ᠨᠢᠭᠡ'
    town = hall()
    url = '/portal/halls/edit/?id=%d' % town.id
    assert 'name="bilingual_mongolian"' in demo_client.get(url).get_data(as_text=True)
