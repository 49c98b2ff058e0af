"""Forms the kiosk sends by script (steady.js, `Bangban-Steady`) get the
action's next screen in the same answer, with its address in
`Bangban-Location`: one request where the browser's own form makes two
(a redirect, then the page). A repeat of the form's key still does nothing
twice; refusals, other halls' cases and the browser's own forms are
answered as before."""
import random
import re
import secrets

import models
import validators
from flows import fresh, item, open_case, screen_all, serve_new_applicant, text

STEADY = {'Bangban-Steady': '1'}


def key():
    return secrets.token_urlsafe(18)


def steady(client, path, **data):
    return client.post(path, data=data, headers=STEADY)


def test_a_case_from_scan_to_ticket_in_one_request_a_screen(helper):
    number = validators.generate_resident_id(random.Random(41), region='150402')
    response = steady(helper, '/kiosk/scan', code=number)
    assert response.status_code == 200 and 'action="/kiosk/applicant"' in text(response)

    response = steady(helper, '/kiosk/applicant', action_key=key(),
                      kind='person', id_number=number, name='测试庚',
                      phone='13900006001')
    assert response.status_code == 200
    assert response.headers['Bangban-Location'] == '/kiosk/items'
    assert response.headers['Cache-Control'] == 'no-store'
    assert 'name="q"' in text(response)  # the item search, for this applicant
    # What the page builds from its own address is the page's: the
    # language switch leads back to the items, not to the form sent.
    assert '<input type="hidden" name="next" value="/kiosk/items?">' in text(response)
    applicant = models.Applicant.get(models.Applicant.id_number == number)
    assert '测试庚' in text(response)

    rsj = item('RSJ-002')
    response = steady(helper, '/kiosk/items/%d/open' % rsj.id, action_key=key())
    case = models.Case.get(models.Case.applicant == applicant)
    assert response.status_code == 200
    assert response.headers['Bangban-Location'] == '/kiosk/cases/%d/screen' % case.id
    page = text(response)
    for material in case.catalogue_materials():
        assert material.name in page

    response = steady(helper, '/kiosk/cases/%d/screen' % case.id, action_key=key(),
                      provided=[str(m.id) for m in case.catalogue_materials()])
    assert response.status_code == 200
    assert response.headers['Bangban-Location'] == '/kiosk/cases/%d/register' % case.id
    assert 'name="service_form"' in text(response)

    # Registering prints the receipt: its own page load, as before.
    response = steady(helper, '/kiosk/cases/%d/register' % case.id,
                      action_key=key(), service_form='proxy')
    assert response.headers['Bangban-Location'] == \
        '/kiosk/cases/%d/receipt?print=1' % case.id
    assert response.get_data() == b''
    assert fresh(case).status == 'registered' and fresh(case).tickets.count() == 1

    response = steady(helper, '/kiosk/next')
    assert response.status_code == 200
    assert response.headers['Bangban-Location'] == '/kiosk/desk'
    assert 'action="/kiosk/scan"' in text(response)
    assert '测试庚' not in text(response)  # the next applicant's desk


def test_a_repeated_key_answers_with_the_address_and_does_nothing_twice(helper):
    applicant = serve_new_applicant(helper, 42)
    rsj = item('RSJ-002')
    once = key()
    first = steady(helper, '/kiosk/items/%d/open' % rsj.id, action_key=once)
    again = steady(helper, '/kiosk/items/%d/open' % rsj.id, action_key=once)
    cases = list(models.Case.select().where(models.Case.applicant == applicant))
    assert len(cases) == 1
    assert first.headers['Bangban-Location'] == again.headers['Bangban-Location'] \
        == '/kiosk/cases/%d/screen' % cases[0].id
    assert again.get_data() == b''  # the page loads itself, with the notice
    assert 'already done once' in text(helper.get(again.headers['Bangban-Location']))


def test_missing_materials_answer_with_the_notice_page(helper):
    serve_new_applicant(helper, 43)
    case = open_case(helper, item('RSJ-002'))
    response = steady(helper, '/kiosk/cases/%d/screen' % case.id,
                      action_key=key(), provided=[])
    assert response.status_code == 200
    assert response.headers['Bangban-Location'] == '/kiosk/cases/%d' % case.id
    assert fresh(case).status == 'awaiting_materials'
    page = text(response)
    assert all(m.name in page for m in case.catalogue_materials() if m.required)


def test_the_browsers_own_forms_are_still_redirected(helper):
    serve_new_applicant(helper, 44)
    response = helper.post('/kiosk/items/%d/open' % item('RSJ-002').id,
                           data={'action_key': key()})
    assert response.status_code == 302 and 'Bangban-Location' not in response.headers
    case = models.Case.get_by_id(int(re.search(
        r'/cases/(\d+)/screen', response.headers['Location']).group(1)))
    response = screen_all(helper, case)
    assert response.headers['Location'].endswith('/cases/%d/register' % case.id)
    assert helper.post('/kiosk/next').headers['Location'].endswith('/kiosk/desk')


def test_a_refusal_is_shown_where_it_was_sent(helper):
    serve_new_applicant(helper, 45)
    case = open_case(helper, item('RSJ-002'))
    response = steady(helper, '/kiosk/cases/%d/register' % case.id,
                      action_key=key(), service_form='proxy')
    # Not screened yet: back to screening, by its address, nothing written.
    assert response.headers['Bangban-Location'] == '/kiosk/cases/%d/screen' % case.id
    assert fresh(case).status == 'consultation'
    screen_all(helper, case)
    hostile = '<script>alert(1)</script>'
    response = steady(helper, '/kiosk/cases/%d/register' % case.id,
                      action_key=key(), service_form=hostile)
    assert 'Bangban-Location' not in response.headers
    assert hostile not in response.get_data(as_text=True)
    assert fresh(case).status == 'consultation'


def test_another_sessions_or_halls_case_is_not_found(helper, demo_app):
    other = models.Case.select().where(
        models.Case.hall != models.Hall.get(models.Hall.code == 'QL-YX')).first()
    serve_new_applicant(helper, 46)
    for path in ('/kiosk/cases/%d/screen' % other.id,
                 '/kiosk/cases/%d/register' % other.id):
        response = steady(helper, path, action_key=key(), provided=['1'],
                          service_form='proxy')
        assert response.status_code == 404
        assert 'Bangban-Location' not in response.headers
