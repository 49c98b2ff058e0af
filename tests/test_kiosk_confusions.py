"""What confused people at the kiosk (issue 13 §4) and the taps it took (§3):
where to go for a cross-level case, transferred tickets, matters outside the
catalogue, the idle and bind notices, nobody on duty, the area named twice,
the age an item requires, all materials in one tap, the hall's own items
first, and a ticket printed in one step."""
import datetime
import random
import re

import models
import validators
from flows import (
    bind, english, fresh, item, kiosk_at, open_case, screen_all,
    serve_new_applicant, text,
)
from support import statements


def born(year, seed=1):
    """A resident ID number of someone born on 1 March of `year`."""
    return validators.generate_resident_id(
        random.Random(seed), region='150402',
        birth=datetime.date(year, 3, 1))


def serve(client, number, name='测试年'):
    """Scan a resident ID and record the applicant; returns the file."""
    client.post('/kiosk/scan', data={'code': number})
    client.post('/kiosk/applicant', data={'kind': 'person', 'id_number': number,
                                          'name': name, 'phone': '13900006001'})
    return models.Applicant.get(models.Applicant.id_number == number)


def signed_in_at(client, kiosk, username='demo-manager'):
    """Bind the client to `kiosk` and sign a helper in, in English."""
    bind(client, kiosk.issue_token())
    response = client.post('/kiosk/signin/pin', data={'username': username,
                                                      'pin': '2468'})
    assert response.headers['Location'].endswith('/kiosk/desk')
    english(client)
    return client


# --- Cross-level cases at a village point ------------------------------------

def village_kiosk():
    village = models.Hall.get(models.Hall.code == 'QL-YX-BS-01')
    return models.Kiosk.create(hall=village, name='便民服务室终端')


def test_a_village_point_says_where_to_go_now_and_what_happens_next(demo_client):
    kiosk = village_kiosk()
    signed_in_at(demo_client, kiosk)
    serve_new_applicant(demo_client, 31)
    case = open_case(demo_client, item('RSJ-003'))  # 失业保险金: county and up
    screen_all(demo_client, case)
    demo_client.post('/kiosk/cases/%d/register' % case.id,
                     data={'service_form': 'assisted'})
    case = fresh(case)
    county = models.Hall.get(models.Hall.code == 'QL-YX')
    assert (case.hall_id, case.origin_hall_id) == (county.id, kiosk.hall_id)
    ticket = case.tickets.get()
    assert ticket.window.hall_id == kiosk.hall_id  # the village's own window
    for url in ('/kiosk/cases/%d' % case.id, '/kiosk/cases/%d/receipt' % case.id):
        page = text(demo_client.get(url))
        steps = re.search(r'data-next-steps>(.*?)</div>', page, re.S).group(1)
        assert 'hand your materials in at %s, here at %s' % (
            ticket.window, kiosk.hall.name) in steps
        assert 'You do not need to go to %s' % county.name in steps
        assert 'sends your case and materials on to %s' % county.name in steps
        assert county.address not in steps  # no address to travel to
        assert 'the window above' not in page
    demo_client.post('/lang/zh_Hans_CN', data={'next': '/kiosk/'})
    page = text(demo_client.get('/kiosk/cases/%d' % case.id))
    assert '不用去%s' % county.name in page and '现在：' in page


def test_a_case_handled_here_has_no_next_steps(helper):
    serve_new_applicant(helper, 32)
    case = open_case(helper, item('RSJ-003'))
    screen_all(helper, case)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    assert 'data-next-steps' not in text(helper.get('/kiosk/cases/%d' % case.id))


# --- Transferred tickets -------------------------------------------------------

def test_a_transferred_ticket_is_labelled_as_such_not_as_an_appointment(
        demo_app, helper):
    from portal.desk import ticket_row
    serve_new_applicant(helper, 33)
    case = open_case(helper, item('RSJ-003'))
    screen_all(helper, case)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    first = fresh(case).tickets.get()
    assert first.kind == 'walk_in'
    other = (models.Window.select()
             .where(models.Window.hall == first.hall_id,
                    models.Window.id != first.window_id)
             .order_by(models.Window.number).first())
    moved = first.transfer(other, '材料需税务窗口核对')
    assert moved.kind == 'transfer'
    assert moved.priority == models.PRIORITY_APPOINTMENT  # it has waited once
    with demo_app.test_request_context('/', headers={'Accept-Language': 'zh'}):
        row = ticket_row(moved)
        assert (row['kind'], row['appointment']) == ('transfer', False)
        assert row['kind_label'] == '他窗转入'
        assert ticket_row(first)['kind_label'] == ''  # walk-ins carry no badge


def test_a_checked_in_appointment_is_labelled_appointment(demo_app):
    target = item('RSJ-001')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = hall.window_for(item=target)
    appointment = models.Appointment.create(
        hall=hall, item=target, window=window, day=models.today(),
        half_day='am', code_hash=models.digest('Ytest-kind'))
    ticket = appointment.check_in()
    assert ticket.kind == 'appointment'
    from portal.desk import ticket_row
    with demo_app.test_request_context('/'):
        assert ticket_row(ticket)['appointment'] is True


# --- Not in the catalogue ------------------------------------------------------

def test_a_matter_outside_the_catalogue_is_recorded_and_referred(helper):
    applicant = serve_new_applicant(helper, 34)
    page = text(helper.get('/kiosk/items?q=养犬登记'))
    assert 'Not in the catalogue: refer' in page
    assert '/kiosk/refer?matter=' in page
    form = text(helper.get('/kiosk/refer?matter=养犬登记'))
    assert 'value="养犬登记"' in form
    response = helper.post('/kiosk/refer', data={
        'matter': '养犬登记', 'reason': '不在帮办代办事项清单内',
        'refer_to': '县公安局治安管理大队'})
    case = applicant.cases.get()
    assert response.headers['Location'].endswith('/kiosk/cases/%d' % case.id)
    assert (case.status, case.item_id, case.bundle_id) == ('refused', None, None)
    assert (case.item_name, case.refer_to) == ('养犬登记', '县公安局治安管理大队')
    assert case.channel == 'kiosk' and case.created_by.username == 'demo-helper'
    assert [e.action for e in case.events] == ['open', 'refuse']
    outcome = text(helper.get('/kiosk/cases/%d' % case.id))
    assert '县公安局治安管理大队' in outcome
    notice = text(helper.get('/kiosk/cases/%d/notice' % case.id))
    assert '养犬登记' in notice and '县公安局治安管理大队' in notice
    assert case.departments() == [] and case.catalogue_materials() == []
    assert case.eligibility_refusal() is None
    # The applicant's progress page and the portal's case page read it too.
    with helper.session_transaction() as session:
        code = session['kiosk']['receipts'][str(case.id)]
    progress = text(helper.get('/p/%s' % code))
    assert '养犬登记' in progress and '县公安局治安管理大队' in progress


def test_the_portal_shows_a_referred_matter(helper, auth):
    applicant = serve_new_applicant(helper, 42)
    helper.post('/kiosk/refer', data={'matter': '养犬登记', 'reason': '清单外',
                                      'refer_to': '县公安局'})
    case = applicant.cases.get()
    auth.login('demo-manager')
    page = auth._client.get('/portal/cases/%d' % case.id)
    assert page.status_code == 200 and '养犬登记' in text(page)


def test_a_referral_without_its_parts_changes_nothing(helper):
    applicant = serve_new_applicant(helper, 35)
    for missing, message in (('matter', 'Write down what the applicant asked for.'),
                             ('reason', 'Give the reason for refusing.'),
                             ('refer_to', 'Name the unit that handles this matter.')):
        data = {'matter': '养犬登记', 'reason': '清单外', 'refer_to': '公安局'}
        data[missing] = '   '
        page = text(helper.post('/kiosk/refer', data=data))
        assert message in page
    assert applicant.cases.count() == 0


def test_a_referral_with_hostile_text_is_kept_as_text(helper):
    applicant = serve_new_applicant(helper, 36)
    hostile = '<script>alert(1)</script>%_\'"; DROP TABLE "case";--'
    helper.post('/kiosk/refer', data={'matter': hostile, 'reason': hostile,
                                      'refer_to': hostile})
    case = applicant.cases.get()
    assert case.item_name == hostile
    page = helper.get('/kiosk/cases/%d' % case.id).get_data(as_text=True)
    assert '<script>alert(1)' not in page and '&lt;script&gt;' in page
    # A control character is refused with a message, and nothing is kept.
    page = text(helper.post('/kiosk/refer', data={
        'matter': 'a\x07b', 'reason': 'x', 'refer_to': 'y'}))
    assert 'control character' in page, page
    assert applicant.cases.count() == 1


def test_a_referral_sent_twice_is_one_case(helper):
    applicant = serve_new_applicant(helper, 37)
    page = helper.get('/kiosk/refer').get_data(as_text=True)
    key = re.search(r'name="action_key" value="([^"]+)"', page).group(1)
    data = {'matter': '养犬登记', 'reason': '清单外', 'refer_to': '公安局',
            'action_key': key}
    first = helper.post('/kiosk/refer', data=data)
    second = helper.post('/kiosk/refer', data=data)
    assert first.headers['Location'] == second.headers['Location']
    assert applicant.cases.count() == 1


def test_refer_needs_an_applicant_and_a_helper(terminal, helper):
    response = helper.get('/kiosk/refer')
    assert response.headers['Location'].endswith('/kiosk/desk')
    helper.post('/kiosk/signout')
    response = helper.post('/kiosk/refer', data={'matter': 'x'})
    assert response.headers['Location'].endswith('/kiosk/')


# --- The idle notice and the bind confirmation ---------------------------------

# The reset clears the language with everything else: the next applicant
# starts in Chinese.
IDLE_NOTICE = '终端长时间无操作，已返回首页。'


def test_the_idle_reset_notice_shows_on_the_start_screen(helper):
    response = helper.post('/kiosk/signout', data={'idle': '1'})
    assert response.headers['Location'].endswith('/kiosk/')
    page = text(helper.get('/kiosk/'))
    assert IDLE_NOTICE in page
    assert 'name="pin"' in page  # signed out
    # Shown once.
    assert IDLE_NOTICE not in text(helper.get('/kiosk/'))


def test_the_idle_reset_by_time_shows_its_notice(clock, helper):
    helper.get('/kiosk/desk')
    clock.advance(minutes=30)
    page = text(helper.get('/kiosk/desk', follow_redirects=True))
    assert IDLE_NOTICE in page and 'name="pin"' in page


def test_the_bind_confirmation_shows(demo_client):
    kiosk = kiosk_at('QL-YX')
    response = bind(demo_client, kiosk.issue_token())
    assert response.headers['Location'].endswith('/kiosk/')
    page = text(demo_client.get('/kiosk/'))
    assert '本终端已绑定为%s的%s。' % (kiosk.hall.name, kiosk.name) in page
    assert '本终端已绑定' not in text(demo_client.get('/kiosk/'))


# --- Nobody on duty; the area named once ---------------------------------------

def test_nobody_on_duty_is_a_warning_not_a_success(terminal):
    kiosk = kiosk_at('QL-YX')
    models.Shift.delete().where(models.Shift.kiosk == kiosk).execute()
    terminal.get('/kiosk/')
    english(terminal)
    page = text(terminal.get('/kiosk/'))
    box = re.search(r'<div class="on-duty nobody" data-on-duty role="alert">'
                    r'(.*?)</div>', page, re.S)
    assert box and 'Nobody is on duty right now' in box.group(1), box
    assert 'flash-success' not in page


def test_a_helper_on_duty_is_named(terminal):
    kiosk = kiosk_at('QL-YX')
    # The demo roster's own shifts cover some hours of the real day: this
    # test's shift is the kiosk's only one, whatever the time.
    models.Shift.delete().where(models.Shift.kiosk == kiosk).execute()
    helper = models.Agent.get(models.Agent.name == '汪翠兰')
    start = models.now() - datetime.timedelta(minutes=5)
    models.Shift.create(kiosk=kiosk, helper=helper, starts_at=start,
                        ends_at=start + datetime.timedelta(hours=1))
    page = text(terminal.get('/kiosk/'))
    assert '<div class="on-duty" data-on-duty>' in page and '汪翠兰' in page


def test_the_self_service_area_is_named_once(terminal):
    kiosk = kiosk_at('QL-YX')
    assert kiosk.name == '自助服务区'
    page = text(terminal.get('/kiosk/'))
    area = re.search(r'data-area>([^<]*)<', page).group(1)
    assert area == '自助服务区'
    assert '自助服务区 · 自助服务区' not in page
    kiosk.name = '一楼东侧终端'
    kiosk.save()
    page = text(terminal.get('/kiosk/'))
    assert re.search(r'data-area>([^<]*)<', page).group(1) == '自助服务区 · 一楼东侧终端'
    english(terminal)
    page = text(terminal.get('/kiosk/'))
    assert re.search(r'data-area>([^<]*)<', page).group(1) == \
        'Self-service area · 一楼东侧终端'
    kiosk.name = '<b>二楼</b>'
    kiosk.save()
    page = terminal.get('/kiosk/').get_data(as_text=True)
    assert '&lt;b&gt;二楼' in page and '<b>二楼' not in page


# --- Eligibility by age --------------------------------------------------------

def test_an_applicant_born_in_1984_is_refused_the_old_age_allowance(helper):
    allowance = item('MZJ-004')
    assert allowance.min_age == 80
    applicant = serve(helper, born(1984))
    page = text(helper.get('/kiosk/items/%d' % allowance.id))
    assert 'requires an applicant of at least 80 years' in page
    today = models.today()
    age = today.year - 1984 - ((today.month, today.day) < (3, 1))
    assert 'by the identity document the applicant is %d.' % age in page
    assert '1984-03-01' not in page  # the masked part of the number
    assert 'Check the materials' not in page  # only the refusal is offered
    case = open_case(helper, allowance)
    page = text(helper.get('/kiosk/cases/%d/screen' % case.id))
    assert 'data-ineligible' in page and 'data-all-provided' not in page
    response = helper.post('/kiosk/cases/%d/screen' % case.id, data={
        'all': '1'}, follow_redirects=True)
    assert 'requires an applicant of at least 80 years' in text(response)
    case = fresh(case)
    assert case.status == 'consultation' and case.materials.count() == 0
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    assert fresh(case).status == 'consultation'
    # The refusal page has the reason written for the helper.
    refuse = text(helper.get('/kiosk/cases/%d/refuse' % case.id))
    assert 'requires an applicant of at least 80 years' in refuse
    assert applicant.cases.count() == 1


def test_the_model_refuses_registration_by_age_whatever_the_view(demo_app):
    allowance = item('MZJ-004')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    young = models.Applicant.find_or_create('person', born(1984, 2), '测试青')
    case, _code = models.Case.open(hall, young, 'assisted', 'window',
                                   item=allowance)
    try:
        case.register()
    except models.DomainError as error:
        assert 'at least 80' in str(error)
    else:
        raise AssertionError('registered an applicant of 42 for 高龄津贴')
    assert fresh(case).status == 'consultation'


def test_an_applicant_of_80_is_screened_and_registered(helper):
    allowance = item('MZJ-004')
    applicant = serve(helper, born(1946, 3))  # 80 since 1 March 2026
    assert 'requires an applicant' not in text(
        helper.get('/kiosk/items/%d' % allowance.id))
    case = open_case(helper, allowance)
    response = helper.post('/kiosk/cases/%d/screen' % case.id, data={'all': '1'})
    assert response.headers['Location'].endswith('/cases/%d/register' % case.id)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    assert fresh(case).status == 'registered'
    assert applicant.birth_date == datetime.date(1946, 3, 1)


def test_the_age_is_counted_to_the_birthday(demo_app):
    allowance = item('MZJ-004')
    applicant = models.Applicant.find_or_create('person', born(1946, 4), '测试老')
    assert allowance.eligibility_refusal(applicant.id_type, applicant.id_number, on=datetime.date(2026, 2, 28))
    assert allowance.eligibility_refusal(applicant.id_type, applicant.id_number, on=datetime.date(2026, 3, 1)) is None
    # A document without a birth date (a credit code) is not refused here.
    firm = models.Applicant.find_or_create(
        'enterprise', validators.generate_credit_code(random.Random(5)), '测试公司')
    assert allowance.eligibility_refusal(firm.id_type, firm.id_number) is None


# --- Fewer taps ------------------------------------------------------------------

def test_all_materials_provided_in_one_tap(helper):
    serve_new_applicant(helper, 38)
    case = open_case(helper, item('RSJ-002'))
    page = text(helper.get('/kiosk/cases/%d/screen' % case.id))
    assert 'All materials provided' in page
    response = helper.post('/kiosk/cases/%d/screen' % case.id, data={'all': '1'})
    assert response.headers['Location'].endswith('/cases/%d/register' % case.id)
    states = {m.name: m.state for m in fresh(case).checklist()}
    assert set(states) == {m.name for m in item('RSJ-002').materials}
    assert set(states.values()) == {'provided'}


def test_registering_opens_the_receipt_that_prints_itself(helper):
    serve_new_applicant(helper, 39)
    case = open_case(helper, item('RSJ-001'))
    screen_all(helper, case)
    response = helper.post('/kiosk/cases/%d/register' % case.id,
                           data={'service_form': 'assisted'})
    location = response.headers['Location']
    assert location.endswith('/kiosk/cases/%d/receipt?print=1' % case.id)
    page = text(helper.get(location))
    assert 'data-autoprint' in page and 'Done: next applicant' in page
    assert fresh(case).tickets.get().label in page
    # Opened again later (Back, a reprint): it waits for the Print button.
    assert 'data-autoprint' not in text(helper.get(
        '/kiosk/cases/%d/receipt' % case.id))


def _cases_at(hall, applicant, codes, at):
    for code in codes:
        models.Case.open(hall, applicant, 'assisted', 'kiosk', item=item(code),
                         at=at)


def test_the_hall_s_recent_and_most_used_items_come_first(helper):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    applicant = serve_new_applicant(helper, 40)
    day = models.now() - datetime.timedelta(days=2)
    _cases_at(hall, applicant, ['GJJ-002'] * 5 + ['YBJ-001'] * 3, day)
    _cases_at(hall, applicant, ['MZJ-003'], models.now())
    recent, most = models.Item.chosen_at(hall)
    assert recent[0].code == 'MZJ-003'
    assert not {i.id for i in recent} & {i.id for i in most}
    codes = [i.code for i in recent + most]
    assert codes.index('GJJ-002') < codes.index('YBJ-001') or \
        'GJJ-002' in [i.code for i in recent]
    page = text(helper.get('/kiosk/items'))
    assert 'data-frequent' in page and 'data-recent' in page
    first = re.search(r'data-recent>.*?<strong>([^<]+)</strong>', page, re.S)
    assert first.group(1) == item('MZJ-003').full_name
    # Another hall's cases are not this hall's choices.
    before = models.Item.chosen_at(hall)
    other = models.Hall.get(models.Hall.code == 'QL-SM')
    _cases_at(other, applicant, ['FGW-002'] * 40, models.now())
    assert models.Item.chosen_at(hall) == before
    # A search shows the results, not the hall's list.
    assert 'data-frequent' not in text(helper.get('/kiosk/items?q=gjj'))


def test_the_items_page_costs_the_same_at_any_volume(helper, demo_app):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    applicant = serve_new_applicant(helper, 41)
    database = demo_app.extensions['database']
    codes = ['RSJ-001', 'RSJ-003', 'YBJ-001', 'GJJ-002', 'MZJ-003', 'GAJ-004',
             'SCJ-002', 'ZRJ-002', 'ZRJ-005', 'SWJ-001', 'CL-001', 'TYJ-001']
    counts = []
    for size in (1, 6):
        _cases_at(hall, applicant, codes * size, models.now())
        helper.get('/kiosk/items')
        with statements(database) as run:
            assert helper.get('/kiosk/items').status_code == 200
        counts.append(len(run))
    assert counts[0] == counts[1], counts
