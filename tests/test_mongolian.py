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
