"""Mongolian–Chinese bilingual halls (蒙汉双语): names, fixed strings, the
font loaded only where it is needed, and a hall's own wordings."""
import re

import pytest

import bilingual
import models
import validators
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
