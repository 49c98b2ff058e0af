"""Resident ID numbers on staff pages (PIPL, the minimum necessary): masked
in lists, detail pages and exports; shown in full only when asked for, for
that page view, and every such request is in the audit trail; official
forms print them in full, as the paper requires, and printing is audited."""
import io
import re

import pytest
from openpyxl import load_workbook

import models
import validators
from portal.cases.paper_forms import FORMS

from seeds.factories import applicant, open_case, registered_case


def text(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def reveals(applicant_id):
    return (models.AuditLog.select()
            .where(models.AuditLog.action == 'reveal_id',
                   models.AuditLog.model == 'Applicant',
                   models.AuditLog.record_id == str(applicant_id)))


@pytest.fixture
def case(demo_app):
    """A registered 代办 case of the county hall, its applicant a person."""
    return registered_case(seed=301)


def test_the_case_page_masks_the_number_until_asked(auth, demo_client, case):
    person = case.applicant
    masked = validators.mask_id(person.id_number, person.id_type)
    assert masked != person.id_number and '*' in masked
    auth.login('demo-agent')
    page = text(demo_client.get('/portal/cases/%d' % case.id))
    assert masked in page and person.id_number not in page
    assert 'data-action="reveal-id"' in page
    assert reveals(person.id).count() == 0

    shown = demo_client.post('/portal/cases/%d/reveal-id' % case.id)
    assert person.id_number in text(shown)
    assert shown.headers['Cache-Control'] == 'no-store'
    entry = reveals(person.id).get()
    assert entry.user.username == 'demo-agent' and entry.hall_id == case.hall_id
    assert case.number in entry.after

    # For that page view only: the next visit is masked again.
    again = text(demo_client.get('/portal/cases/%d' % case.id))
    assert person.id_number not in again and masked in again


def test_the_applicant_file_and_search_mask_the_number(auth, demo_client, case):
    person = case.applicant
    auth.login('demo-manager')
    found = text(demo_client.get('/portal/applicants/?q=%s' % person.name))
    assert person.name in found and person.id_number not in found
    assert person.masked_id in found
    # Found by the full number typed, the list still shows it masked.
    found = text(demo_client.get('/portal/applicants/?q=%s' % person.id_number))
    table = found[found.index('applicant-list'):]
    assert person.name in table and person.id_number not in table
    page = text(demo_client.get('/portal/applicants/%d' % person.id))
    assert person.id_number not in page and person.masked_id in page
    shown = text(demo_client.post('/portal/applicants/%d/reveal-id' % person.id))
    assert person.id_number in shown
    assert reveals(person.id).count() == 1
    assert person.id_number not in text(
        demo_client.get('/portal/applicants/%d' % person.id))


def test_an_enterprise_credit_code_is_public_and_shown(auth, demo_client, demo_app):
    firm = applicant(seed=302, kind='enterprise')
    case, _code = models.Case.open(models.Hall.get(code='QL-YX'), firm,
                                   'proxy', 'window',
                                   item=models.Item.get(code='RSJ-001'))
    auth.login('demo-agent')
    page = text(demo_client.get('/portal/cases/%d' % case.id))
    assert firm.id_number in page and 'data-action="reveal-id"' not in page


def test_reveal_is_refused_outside_the_role_and_the_halls(auth, demo_client, case):
    person = case.applicant
    auth.login('demo-helper')
    assert demo_client.post('/portal/cases/%d/reveal-id' % case.id).status_code == 403
    assert demo_client.post('/portal/applicants/%d/reveal-id' % person.id).status_code == 403
    auth.logout()
    elsewhere = registered_case(hall_code='QL-SM', seed=303)
    auth.login('demo-manager')  # 云溪县: 石门县's case is none of theirs
    assert demo_client.post('/portal/cases/%d/reveal-id' % elsewhere.id).status_code == 404
    assert demo_client.post('/portal/applicants/%d/reveal-id'
                            % elsewhere.applicant_id).status_code == 404
    assert demo_client.get('/portal/cases/%d/reveal-id' % case.id).status_code == 405
    assert reveals(person.id).count() == 0
    assert reveals(elsewhere.applicant_id).count() == 0


def test_reveal_is_in_the_audit_trail_in_both_languages(auth, demo_client, case):
    auth.login('demo-manager')
    demo_client.post('/portal/cases/%d/reveal-id' % case.id)
    page = text(demo_client.get('/portal/audit/'))
    assert '查看完整证件号码' in page
    demo_client.post('/lang/en', data={'next': '/'})
    page = text(demo_client.get('/portal/audit/'))
    assert 'Document number shown in full' in page


def test_official_forms_print_in_full_and_printing_is_audited(auth, demo_client, case):
    person = case.applicant
    auth.login('demo-agent')
    form = text(demo_client.get('/portal/cases/%d/forms/authorization' % case.id))
    assert person.id_number in form  # the paper requires it
    printed = (models.AuditLog.select()
               .where(models.AuditLog.action == 'print',
                      models.AuditLog.record_id == str(case.id)))
    assert printed.count() == 1
    assert '"authorization"' in printed.get().after
    for kind in ('application', 'commitment'):
        assert kind in FORMS
        text(demo_client.get('/portal/cases/%d/forms/%s' % (case.id, kind)))
    assert printed.count() == 3
    # A form refused (another hall's case) prints nothing and audits nothing.
    elsewhere = registered_case(hall_code='QL-SM', seed=304)
    assert demo_client.get('/portal/cases/%d/forms/application'
                           % elsewhere.id).status_code == 404
    assert models.AuditLog.select().where(
        models.AuditLog.action == 'print',
        models.AuditLog.record_id == str(elsewhere.id)).count() == 0


def test_the_suspension_slip_is_audited_when_printed(auth, demo_client, case):
    case.commission()
    case.start_handling()
    case = models.Case.get_by_id(case.id)
    case.suspend(None, 'inspection', '等待现场踏勘')
    event = case.suspensions()[0].suspended
    auth.login('demo-agent')
    slip = text(demo_client.get('/portal/cases/%d/forms/suspension/%d'
                                % (case.id, event.id)))
    assert case.applicant.id_number in slip
    entry = models.AuditLog.get(models.AuditLog.action == 'print',
                                models.AuditLog.record_id == str(case.id))
    assert '"suspension"' in entry.after


def test_no_export_or_list_carries_a_full_number(auth, demo_client, case):
    auth.login('demo-city')
    listed = text(demo_client.get('/portal/cases/?q=%s' % case.number))
    assert case.number in listed and case.applicant.id_number not in listed
    response = demo_client.get('/portal/cases/cases.xlsx?q=%s' % case.number)
    rows = list(load_workbook(io.BytesIO(response.data)).active
                .iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [case.number]
    assert not any(case.applicant.id_number in str(cell)
                   for row in rows for cell in row)


def test_one_masking_rule_for_every_face(demo_app):
    """The staff pages mask as the kiosk and /p/ do: by the document's type."""
    person = applicant(seed=305)
    assert person.masked_id == validators.mask_id(person.id_number, person.id_type)
    assert re.fullmatch(r'\w{4}\*{10}\w{4}', person.masked_id)
