"""A case at the terminal: screening, registration, the one-time notice and
resuming by receipt, refusal, transfer, printing; and who may see what."""
import datetime
import re

import pytest

import models
import validators
from flows import (bind, english, fresh, item, kiosk_at, open_case, screen_all,
                   serve_new_applicant, text)


def receipt_code(page):
    """The receipt code in the progress URL printed on a page."""
    return re.search(r'http://localhost/p/(R[A-Za-z0-9_-]{22})', page).group(1)


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_a_proxy_case_is_registered_with_ticket_receipt_and_form(helper):
    applicant = serve_new_applicant(helper, 1, '测试戊')
    case = open_case(helper, item('RSJ-002'))
    assert case.status == 'consultation' and case.channel == 'kiosk'
    response = screen_all(helper, case)
    assert response.headers['Location'].endswith('/cases/%d/register' % case.id)
    response = helper.post('/kiosk/cases/%d/register' % case.id,
                           data={'service_form': 'proxy'})
    # Register and print: straight to the receipt, which prints itself.
    assert response.headers['Location'].endswith(
        '/cases/%d/receipt?print=1' % case.id)
    case = fresh(case)
    ticket = case.tickets.get()
    assert (case.status, case.service_form) == ('registered', 'proxy')
    assert case.created_by.username == 'demo-helper'
    assert ticket.label in text(helper.get('/kiosk/cases/%d' % case.id))

    receipt = text(helper.get('/kiosk/cases/%d/receipt' % case.id))
    for shown in (ticket.label, case.number, case.item_name,
                  case.due_date.isoformat(), 'Window 4', '<svg'):
        assert shown in receipt
    assert '80mm' in receipt
    assert models.Case.by_receipt(receipt_code(receipt)) == case

    form = text(helper.get('/kiosk/cases/%d/application' % case.id))
    assert applicant.name in form and applicant.phone in form
    assert '☑ Proxy handling' in form and '☐ Assisted handling' in form
    assert case.item.department.name in form
    assert form.count('data-paper="application"') == 2  # 一式两份


def test_registering_twice_makes_one_ticket(helper):
    serve_new_applicant(helper, 2)
    case = open_case(helper, item('RSJ-001'))
    screen_all(helper, case)
    for _ in range(2):
        response = helper.post('/kiosk/cases/%d/register' % case.id,
                               data={'service_form': 'assisted'})
        assert response.status_code == 302
    assert fresh(case).tickets.count() == 1


def test_opening_twice_keeps_one_consultation(helper):
    serve_new_applicant(helper, 3)
    first = open_case(helper, item('RSJ-001'))
    second = open_case(helper, item('RSJ-001'))
    assert first.id == second.id


def test_missing_materials_give_a_notice_and_the_receipt_resumes(helper):
    serve_new_applicant(helper, 4)
    case = open_case(helper, item('GJJ-002'))
    required = [m for m in case.catalogue_materials() if m.required]
    helper.post('/kiosk/cases/%d/screen' % case.id,
                data={'provided': [str(required[0].id)]})
    case = fresh(case)
    assert case.status == 'awaiting_materials'
    missing = case.missing_materials()
    assert [m.name for m in missing] == [m.name for m in required[1:]]
    notice = text(helper.get('/kiosk/cases/%d/notice' % case.id))
    for material in missing:
        assert material.name in notice and material.source in notice
    code = receipt_code(notice)
    # Registering is refused while materials are missing.
    response = helper.post('/kiosk/cases/%d/register' % case.id,
                           data={'service_form': 'assisted'})
    assert fresh(case).status == 'awaiting_materials'

    helper.post('/kiosk/next')
    response = helper.post('/kiosk/scan', data={
        'code': 'https://hall.example/p/%s' % code})
    assert response.headers['Location'].endswith('/cases/%d/supply' % case.id)
    response = helper.post('/kiosk/cases/%d/supply' % case.id,
                           data={'supplied': [str(m.id) for m in missing]})
    assert response.headers['Location'].endswith('/cases/%d/register' % case.id)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    case = fresh(case)
    assert case.status == 'registered' and case.tickets.count() == 1
    # The receipt code scanned is the one printed on the receipt.
    assert code in text(helper.get('/kiosk/cases/%d/receipt' % case.id))


def test_a_promised_material_allows_registration(helper):
    serve_new_applicant(helper, 5)
    case = open_case(helper, item('RSJ-002'))
    materials = case.catalogue_materials()
    deferrable = [m for m in materials if m.deferrable and m.required][0]
    helper.post('/kiosk/cases/%d/screen' % case.id, data={
        'provided': [str(m.id) for m in materials if m.id != deferrable.id],
        'promised': [str(deferrable.id)]})
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    case = fresh(case)
    assert case.status == 'registered'
    assert [m.name for m in case.promised_materials()] == [deferrable.name]


def test_out_of_scope_is_refused_with_reason_and_unit(helper):
    serve_new_applicant(helper, 6)
    case = open_case(helper, item('MZJ-005'), then='refuse')
    response = helper.post('/kiosk/cases/%d/refuse' % case.id,
                           data={'reason': ' ', 'refer_to': '某单位'})
    assert 'reason for refusing' in text(response)
    assert fresh(case).status == 'consultation'
    helper.post('/kiosk/cases/%d/refuse' % case.id, data={
        'reason': '不属于本事项办理范围', 'refer_to': '户籍所在地婚姻登记机关'})
    case = fresh(case)
    assert (case.status, case.refer_to) == ('refused', '户籍所在地婚姻登记机关')
    notice = text(helper.get('/kiosk/cases/%d/notice' % case.id))
    assert '不属于本事项办理范围' in notice and '户籍所在地婚姻登记机关' in notice
    assert helper.get('/kiosk/cases/%d/receipt' % case.id).status_code == 404


def test_green_channel_is_checked_and_served_first(helper):
    serve_new_applicant(helper, 7)
    case = open_case(helper, item('RSJ-001'))
    screen_all(helper, case)
    response = helper.post('/kiosk/cases/%d/register' % case.id, data={
        'service_form': 'assisted', 'green': 'on', 'green_reason': '老年人',
        'green_contact': ''})
    assert 'named person' in text(response)
    assert fresh(case).status == 'consultation'
    helper.post('/kiosk/cases/%d/register' % case.id, data={
        'service_form': 'assisted', 'green': 'on', 'green_reason': '老年人',
        'green_contact': '汪翠兰'})
    case = fresh(case)
    assert case.green_reason == '老年人'
    assert case.tickets.get().priority == models.PRIORITY_GREEN


def booked_today(hall, item_, applicant, code):
    """An appointment for today made with the applicant's document."""
    document = validators.Document(applicant.id_type, applicant.id_number,
                                   applicant.nationality)
    return models.Appointment.create(
        hall=hall, item=item_, window=hall.window_for(item=item_),
        day=models.today(), half_day='pm', name=applicant.name,
        id_type=document.type, id_digest=models.document_digest(document),
        code_hash=models.digest(code))


def test_an_appointment_scanned_today_gives_priority(helper):
    applicant = serve_new_applicant(helper, 8)
    county = kiosk_at('QL-YX').hall
    code = models.new_code('Y')
    appointment = booked_today(county, item('RSJ-001'), applicant, code)
    response = helper.post('/kiosk/scan', data={'code': code})
    assert response.headers['Location'].endswith('/kiosk/appointment')
    response = helper.post('/kiosk/scan', data={'code': applicant.id_number})
    assert response.headers['Location'].endswith(
        '/kiosk/items/%d' % item('RSJ-001').id)
    case = open_case(helper, item('RSJ-001'))
    screen_all(helper, case)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    ticket = fresh(case).tickets.get()
    assert ticket.priority == models.PRIORITY_APPOINTMENT
    assert models.Appointment.get_by_id(appointment.id).status == 'checked_in'


def test_an_appointment_at_another_hall_is_refused(helper):
    applicant = serve_new_applicant(helper, 9)
    other = kiosk_at('QL-SM').hall
    code = models.new_code('Y')
    booked_today(other, item('RSJ-001'), applicant, code)
    response = helper.post('/kiosk/scan', data={'code': code},
                           follow_redirects=True)
    assert other.name in text(response)


def test_a_bundle_goes_to_the_comprehensive_window(helper):
    serve_new_applicant(helper, 10)
    bundle = models.Bundle.get(models.Bundle.code == 'ONE-QYKB')
    response = helper.post('/kiosk/bundles/%d/open' % bundle.id)
    case_id = int(re.search(r'/cases/(\d+)/', response.headers['Location']).group(1))
    case = models.Case.get_by_id(case_id)
    screen_all(helper, case)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'proxy'})
    ticket = fresh(case).tickets.get()
    assert ticket.prefix == 'B'  # 企业开办综合窗口


def test_a_town_kiosk_transfers_a_county_item(demo_client):
    town_kiosk = kiosk_at('QL-YX-BS')
    bind(demo_client, town_kiosk.issue_token())
    demo_client.post('/kiosk/signin/pin', data={'username': 'demo-manager',
                                                'pin': '2468'})
    english(demo_client)
    serve_new_applicant(demo_client, 11)
    case = open_case(demo_client, item('RSJ-003'))
    screen_all(demo_client, case)
    demo_client.post('/kiosk/cases/%d/register' % case.id,
                     data={'service_form': 'proxy'})
    case = fresh(case)
    county = models.Hall.get(models.Hall.code == 'QL-YX')
    assert (case.hall_id, case.origin_hall_id) == (county.id, town_kiosk.hall_id)
    page = text(demo_client.get('/kiosk/cases/%d' % case.id))
    # Where to go now (here), and that the county hall handles it next.
    assert 'You do not need to go to %s' % county.name in page
    assert county.name in text(demo_client.get('/kiosk/cases/%d/receipt' % case.id))


def test_a_reprint_without_the_code_issues_a_new_one(helper):
    serve_new_applicant(helper, 12)
    case = open_case(helper, item('RSJ-001'))
    screen_all(helper, case)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    old = receipt_code(text(helper.get('/kiosk/cases/%d/receipt' % case.id)))
    with helper.session_transaction() as session:
        session['kiosk'] = dict(session['kiosk'], receipts={})
    page = text(helper.get('/kiosk/cases/%d/receipt' % case.id))
    assert '<svg' not in page and 'Issue a new receipt code' in page
    helper.post('/kiosk/cases/%d/reissue' % case.id)
    new = receipt_code(text(helper.get('/kiosk/cases/%d/receipt' % case.id)))
    assert new != old
    assert models.Case.by_receipt(old) is None
    assert models.Case.by_receipt(new) == case


def test_cases_of_other_sessions_are_not_reachable(helper, demo_app):
    serve_new_applicant(helper, 13)
    case = open_case(helper, item('RSJ-001'))
    screen_all(helper, case)
    helper.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    other = demo_app.test_client()
    bind(other, kiosk_at('QL-YX').issue_token())
    other.post('/kiosk/signin/pin', data={'username': 'demo-agent',
                                          'pin': '2468'})
    assert other.get('/kiosk/desk').status_code == 200
    for url in ('', '/screen', '/register', '/refuse', '/supply', '/receipt',
                '/notice', '/application'):
        assert other.get('/kiosk/cases/%d%s' % (case.id, url)).status_code == 404
    assert other.post('/kiosk/cases/%d/reissue' % case.id).status_code == 404


@pytest.mark.parametrize('url', ['/kiosk/cases/999999', '/kiosk/items/999999',
                                 '/kiosk/bundles/999999'])
def test_unknown_records_are_404(helper, url):
    serve_new_applicant(helper, 14)
    assert helper.get(url).status_code == 404
