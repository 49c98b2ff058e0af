"""Who an item is for by what the identity number states (issue 13 §4): the
age reached, the age not yet passed, the sex. The number's sex digit, the
documents that state less, the kiosk's refusal, the model's refusal whatever
the view, booking, the portal's item form and the 附件1 list."""
import datetime
import io
import random

import pytest
from openpyxl import load_workbook

import models
import validators
from flows import english, fresh, item, next_workday, open_case, text
from portal.excel import ALIAS_CATALOGUE_COLUMNS, CATALOGUE_COLUMNS
from support import workbook


def number(year, male, seed=1, make=validators.generate_resident_id):
    """An 18-digit number of someone born on 1 March of `year`."""
    return make(random.Random(seed), birth=datetime.date(year, 3, 1), male=male)


def serve(client, id_number, name='测试性'):
    """Scan a resident ID at the kiosk and record the applicant."""
    client.post('/kiosk/scan', data={'code': id_number})
    client.post('/kiosk/applicant', data={'kind': 'person', 'id_number': id_number,
                                          'name': name, 'phone': '13900006002'})
    return models.Applicant.get(models.Applicant.id_number == id_number)


def women_only(code='YBJ-003'):
    """A demo item made one for women (门诊慢特病, no condition of its own)."""
    target = item(code)
    assert target.sex == '' and target.min_age is None
    target.sex = 'female'
    target.save()
    return target


def county():
    return models.Hall.get(models.Hall.code == 'QL-YX')


# --- What the number states ------------------------------------------------------

def test_the_sex_digit_of_an_18_digit_number_is_read(app):
    # GB 11643's own example: the 17th digit 2 is even, a woman born 1949-12-31.
    assert models.document_facts('resident_id', '11010519491231002X') == (
        datetime.date(1949, 12, 31), 'female')
    for male in (True, False):
        expected = (datetime.date(1990, 3, 1), 'male' if male else 'female')
        for id_type, make in (
                ('resident_id', validators.generate_resident_id),
                ('residence_permit', validators.generate_residence_permit),
                ('foreign_permanent', validators.generate_foreign_permanent_id)):
            for seed in range(5):
                id_number = number(1990, male, seed, make)
                assert int(id_number[16]) % 2 == male
                assert models.document_facts(id_type, id_number) == expected


def test_documents_that_state_less_are_not_refused_by_what_they_do_not_state(app):
    allowance = models.Item(name='测试津贴', min_age=80, max_age=100, sex='female')
    # A passport, a travel permit, a credit code: no birth date, no sex.
    for id_type, id_number in (('passport', 'E12345678'), ('hk_macau_permit', 'H1234567890'),
                               ('credit_code', validators.generate_credit_code(random.Random(2)))):
        assert models.document_facts(id_type, id_number) == (None, None)
        assert allowance.eligibility_refusal(id_type, id_number) is None
        assert [str(c) for c in allowance.unstated_conditions(id_type, id_number)] == [
            'at least 80 years old', 'at most 100 years old', 'a woman']
    # The older foreign permanent resident ID: a birth date, no sex digit.
    old = validators.foreign_permanent_id('USA110080030101')
    assert models.document_facts('foreign_permanent', old) == (
        datetime.date(1980, 3, 1), None)
    refusal = allowance.eligibility_refusal('foreign_permanent', old)
    assert 'at least 80 years' in str(refusal)
    allowance.min_age = 40
    assert allowance.eligibility_refusal('foreign_permanent', old) is None
    assert [str(c) for c in allowance.unstated_conditions('foreign_permanent', old)] == [
        'a woman']
    # A number that is not valid for its type states nothing either.
    assert models.document_facts('resident_id', '110105194912310021') == (None, None)


def test_ages_and_sex_are_refused_at_their_bounds(app):
    rule = models.Item(name='测试事项', min_age=18, max_age=60, sex='male')
    man, woman = number(1966, True), number(1966, False)
    on = datetime.date(2026, 2, 28)  # 59 that day, 60 from 1 March
    assert rule.eligibility_refusal('resident_id', man, on=on) is None
    assert rule.eligibility_refusal('resident_id', man, on=datetime.date(2027, 2, 28)) is None
    refusal = str(rule.eligibility_refusal('resident_id', man, on=datetime.date(2027, 3, 1)))
    assert 'at most 60 years' in refusal and 'the applicant is 61' in refusal
    assert '1966' not in refusal  # the age only: the birth date is masked
    refusal = str(rule.eligibility_refusal('resident_id', woman, on=on))
    assert 'is for men only' in refusal and 'Refuse it' in refusal
    refusal = str(rule.eligibility_refusal('resident_id', woman, on=on, to_applicant=True))
    assert 'is for men only, by the identity document' in refusal
    assert 'Refuse' not in refusal
    refusal = str(rule.eligibility_refusal('resident_id', man, on=datetime.date(2027, 3, 1),
                                           to_applicant=True))
    assert 'at most 60 years; by your identity document you are 61' in refusal
    young = number(2010, True)
    assert 'at least 18 years' in str(rule.eligibility_refusal('resident_id', young, on=on))


# --- The kiosk and the model ------------------------------------------------------

def test_a_man_is_refused_a_women_only_item_and_a_woman_is_not(helper):
    target = women_only()
    english(helper)
    man = serve(helper, number(1970, True, seed=3), '测试男')
    page = text(helper.get('/kiosk/items/%d' % target.id))
    assert 'data-ineligible' in page and 'is for women only' in page
    assert 'Check the materials' not in page
    case = open_case(helper, target)  # recorded, to be refused with the reason
    response = helper.post('/kiosk/cases/%d/screen' % case.id, data={'all': '1'},
                           follow_redirects=True)
    assert 'is for women only' in text(response)
    assert fresh(case).materials.count() == 0
    assert 'is for women only' in text(helper.get('/kiosk/cases/%d/refuse' % case.id))
    assert man.cases.count() == 1
    # In Chinese too.
    helper.post('/lang/zh_Hans_CN')
    page = text(helper.get('/kiosk/items/%d' % target.id))
    assert '仅限女性办理' in page
    # A woman goes on to the checklist.
    english(helper)
    serve(helper, number(1970, False, seed=3), '测试女')
    page = text(helper.get('/kiosk/items/%d' % target.id))
    assert 'data-ineligible' not in page and 'Check the materials' in page


def test_a_passport_holder_is_not_refused_and_the_helper_is_told_what_to_check(helper):
    target = women_only()
    target.min_age = 60
    target.save()
    english(helper)
    helper.post('/kiosk/applicant', data={
        'id_type': 'passport', 'id_number': 'E87654321', 'nationality': 'USA',
        'name': 'Jane <i>Roe</i>', 'phone': '13900006006'})
    page = text(helper.get('/kiosk/items/%d' % target.id))
    assert 'data-ineligible' not in page and 'Check the materials' in page
    assert ('The identity document does not state it: check on the document '
            'that the applicant is at least 60 years old, a woman.') in page
    case = open_case(helper, target)
    page = text(helper.get('/kiosk/cases/%d/screen' % case.id))
    assert 'data-unstated' in page and 'data-all-provided' in page
    helper.post('/lang/zh_Hans_CN')
    page = text(helper.get('/kiosk/items/%d' % target.id))
    assert '证件号码未载明此项，请核对证件：申请人须年满60周岁、女性。' in page
    # A resident ID states both: nothing to check by hand.
    serve(helper, number(1950, False, seed=7), '测试老')
    page = text(helper.get('/kiosk/items/%d' % target.id))
    assert 'data-unstated' not in page and 'data-ineligible' not in page
    # The model, whatever the view.
    applicant = models.Applicant.find_or_create('passport', 'E12345678', 'Jane Roe',
                                                '13900006003', nationality='USA')
    case, _code = models.Case.open(county(), applicant, target.service_forms[0],
                                   'window', item=target)
    assert case.eligibility_refusal() is None
    case.screen([m.id for m in target.materials])
    assert not fresh(case).missing_materials()


def test_the_model_refuses_screening_registration_and_booking(demo_app):
    target = women_only()
    man = models.Applicant.find_or_create('person', number(1970, True, seed=4), '测试男')
    case, _code = models.Case.open(county(), man, target.service_forms[0], 'window',
                                   item=target)
    with pytest.raises(models.DomainError, match='women only'):
        case.screen([m.id for m in target.materials])
    with pytest.raises(models.DomainError, match='women only'):
        case.register()
    assert fresh(case).status == 'consultation'
    # A place at a window is not booked for an item the number rules out.
    allowance = item('MZJ-004')
    window = county().window_for(item=allowance)
    day = next_workday(county())
    young = models.Appointment.booker('测试青', 'resident_id', number(1984, True), '13900006004')
    before = models.Appointment.select().count()
    with pytest.raises(models.DomainError) as refused:
        models.Appointment.book(window, allowance, day, 'am', young)
    # Written for the one booking: no instruction to a helper.
    assert 'at least 80 years; by your identity document you are' in str(
        refused.value) and 'Refuse' not in str(refused.value)
    assert models.Appointment.select().count() == before
    old = models.Appointment.booker('测试老', 'resident_id', number(1940, False), '13900006005')
    appointment, _code = models.Appointment.book(window, allowance, day, 'am', old)
    assert appointment.id


def test_the_portal_case_page_shows_the_refusal_and_screening_refuses(agent, demo_client):
    target = women_only()
    man = models.Applicant.find_or_create('person', number(1971, True, seed=8), '测试窗')
    case, _code = models.Case.open(agent.hall, man, target.service_forms[0], 'window',
                                   item=target, user=agent)
    page = text(demo_client.get('/portal/cases/%d' % case.id))
    assert 'data-ineligible' in page and 'is for women only' in page
    data = {'m%d' % m.id: 'provided' for m in target.materials}
    response = demo_client.post('/portal/cases/%d/do/screen' % case.id, data=data,
                           follow_redirects=True)
    # The refusal flashed, and the standing one above the checklist.
    assert text(response).count('is for women only') == 2
    assert fresh(case).materials.count() == 0


def test_a_bundle_is_refused_by_any_of_its_parts(demo_app):
    bundle = models.Bundle.select().first()
    part = bundle.parts[0].item
    part.max_age = 30
    part.save()
    applicant = models.Applicant.find_or_create('person', number(1970, True, seed=6), '测试包')
    case, _code = models.Case.open(county(), applicant, 'assisted', 'window', bundle=bundle)
    assert 'at most 30 years' in str(case.eligibility_refusal())


# --- The portal's item form and the 附件1 list ---------------------------------------

@pytest.fixture
def city(auth):
    auth.login('demo-city')
    return auth._client


def form_data(target, **changes):
    data = {f: getattr(target, f) for f in (
        'code', 'name', 'sub_name', 'aliases', 'power_kind', 'category',
        'time_limit_days', 'basic_info', 'conditions', 'procedure', 'fees',
        'legal_basis', 'intermediary', 'faq', 'remarks')}
    data.update(department=target.department_id, levels=target.level_list,
                offers_assisted='y', offers_proxy='y', is_active='y',
                min_age=target.min_age or '', max_age=target.max_age or '',
                sex=target.sex)
    for n, m in enumerate(target.materials):
        data.update({'materials-%d-id' % n: m.id, 'materials-%d-name' % n: m.name,
                     'materials-%d-copies' % n: m.copies,
                     'materials-%d-form' % n: m.form,
                     'materials-%d-source' % n: m.source,
                     'materials-%d-position' % n: m.position})
        if m.required:
            data['materials-%d-required' % n] = 'y'
    data.update(changes)
    return data


def test_the_item_form_edits_the_conditions_and_refuses_bad_ones(city):
    target = item('YBJ-003')
    city.post('/lang/en')
    form = text(city.get('/portal/items/edit/?id=%d' % target.id))
    assert 'name="max_age"' in form and 'name="sex"' in form
    assert 'Women only' in form and 'Maximum age of the applicant' in form
    response = city.post('/portal/items/edit/?id=%d' % target.id,
                         data=form_data(target, min_age='18', max_age='70', sex='female'))
    assert response.status_code == 302, text(response)[:2000]
    edited = item('YBJ-003')
    assert (edited.min_age, edited.max_age, edited.sex) == (18, 70, 'female')
    for changes, message in (
            (dict(max_age='10'), 'cannot be below the minimum age'),
            (dict(max_age='151'), 'from 0 to 150'),
            (dict(sex='<script>x</script>'), 'Not a valid choice'),
            (dict(max_age='七十'), 'Not a valid integer')):
        response = city.post('/portal/items/edit/?id=%d' % target.id,
                             data=form_data(edited, **changes), follow_redirects=True)
        assert message in text(response), changes
        assert '<script>x</script>' not in response.get_data(as_text=True)
        again = item('YBJ-003')
        assert (again.min_age, again.max_age, again.sex) == (18, 70, 'female')


def export(client):
    response = client.get('/portal/excel/catalogue.xlsx?level=county')
    rows = [list(r) for r in load_workbook(io.BytesIO(response.data))
            .active.iter_rows(values_only=True)]
    return rows[1], {(r[2], r[3] or ''): r for r in rows[2:]}


def upload(client, data):
    return client.post('/portal/excel/import/', data={
        'level': 'county', 'file': (io.BytesIO(data), 'list.xlsx')},
        content_type='multipart/form-data')


def test_the_list_carries_the_conditions_out_and_in(city):
    women_only()
    header, rows = export(city)
    assert header == CATALOGUE_COLUMNS and header[11:] == ['最低年龄', '最高年龄', '适用性别']
    assert rows[('高龄津贴申领', '')][11:] == [80, None, None]
    assert rows[('门诊慢特病病种待遇认定', '')][13] == '仅限女性'
    # Edited in the sheet and imported back.
    row = list(rows[('门诊慢特病病种待遇认定', '')])
    row[11:] = ['18周岁', 70, '男女均可']
    assert upload(city, workbook([row])).status_code == 302
    edited = item('YBJ-003')
    assert (edited.min_age, edited.max_age, edited.sex) == (18, 70, '')
    row[11:] = ['', '', 'male']
    assert upload(city, workbook([row])).status_code == 302
    edited = item('YBJ-003')
    assert (edited.min_age, edited.max_age, edited.sex) == (None, None, 'male')


def test_bad_conditions_in_the_list_import_nothing(city):
    _header, rows = export(city)
    good = list(rows[('高龄津贴申领', '')])
    for cells, message in (
            (['八十', '', ''], 'is not a number of years'),
            (['200', '', ''], 'is not a number of years'),
            (['80', '60', ''], 'cannot be below the minimum age'),
            (['80', '', '<b>两性</b>'], 'is not one of')):
        other = list(rows[('门诊慢特病病种待遇认定', '')])
        other[8] = '改了备注'
        bad = good[:11] + cells
        city.post('/lang/en')
        response = upload(city, workbook([other, bad]))
        assert response.status_code == 400 and message in text(response), cells
        assert '<b>两性</b>' not in response.get_data(as_text=True)
        assert item('MZJ-004').min_age == 80 and item('YBJ-003').remarks != '改了备注'


def test_a_list_without_the_condition_columns_leaves_them(city):
    women_only()
    _header, rows = export(city)
    row = list(rows[('门诊慢特病病种待遇认定', '')])[:10]
    row[8] = '改了备注'
    response = upload(city, workbook([row], ALIAS_CATALOGUE_COLUMNS))
    assert response.status_code == 302, text(response)[-2000:]
    edited = item('YBJ-003')
    assert edited.remarks == '改了备注' and edited.sex == 'female'
    assert item('MZJ-004').min_age == 80
