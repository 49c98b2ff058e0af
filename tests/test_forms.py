"""Printable forms: each shows its original's fields and prints on one A4 page."""
import datetime
import os

import pytest
from pypdf import PdfReader

import models
from portal.cases.paper_forms import FORMS

from seeds.factories import open_case, registered_case
from pages import sign_in, switch_portal_language
from support import ARTIFACTS, screenshot

A4 = (595, 842)  # points, portrait


def full_case(seed=5):
    """A proxy case with every paper: notice, letters, handovers, slip, feedback."""
    case = open_case(item_code='RSJ-002', seed=seed, screened=False)
    materials = case.catalogue_materials()
    case.screen([m.id for m in materials[1:]])
    case.request_materials(note='请携带原件')
    case.supply([materials[0].name])
    agent = case.hall.agents.first()
    case.register(agent=agent)
    case.commission()
    lines = [(m.name, m.copies, m.form) for m in case.checklist()]
    models.Handover.record(case, case.applicant.name, '帮办代办窗口',
                           case.applicant.name, agent.name, lines)
    case.start_handling()
    case.route_flows()
    today = models.today()
    for flow in case.flows:
        flow.accept(today)
        flow.finish(today)
    case.mark_ready()
    models.Handover.record(case, '帮办代办窗口', case.applicant.name, agent.name,
                           case.applicant.name, [('待遇核定结果通知书', 1, 'original'),
                                                 ('居民身份证', 1, 'original')])
    case.deliver()
    case.evaluate(4, 'phone', comment='服务周到', caller='回访员丙')
    return models.Case.get_by_id(case.id)


def terminated_case(seed=6):
    case = registered_case(seed=seed)
    case.terminate('申请人主动申请终止办理')
    return models.Case.get_by_id(case.id)


def test_each_form_shows_its_fields(demo_client, auth):
    case = full_case()
    auth.login('demo-manager')
    demo_client.post('/lang/en')
    expected = {
        'application': ['Annex 5', 'Departments involved', 'How the result is received',
                        'Opinion of the assisted-service window', '☑ Proxy handling'],
        'notice': ['Material to supply', 'Requirements and where to obtain it',
                   case.checklist()[0].name, '请携带原件'],
        'authorization': ['Principal (signature or seal)', case.agent.name],
        'commitment': ['Promised by (signature or seal)', case.applicant.id_number],
        'handover': ['Annex 6', 'Handed over by (signature)', '待遇核定结果通知书', '10.'],
        'completion': ['Results and returned materials', '待遇核定结果通知书'],
        'feedback': ['Annex 7', '☑ Satisfied', '回访员丙', '服务周到', '☑ Phone follow-up'],
    }
    for kind, needles in expected.items():
        page = demo_client.get('/portal/cases/%d/forms/%s' % (case.id, kind))
        assert page.status_code == 200, kind
        text = page.get_data(as_text=True)
        for needle in needles + [case.number, case.applicant.name]:
            assert needle in text, (kind, needle)
    # A case that was not terminated has no termination slip.
    assert demo_client.get('/portal/cases/%d/forms/termination' % case.id).status_code == 404


def test_ledger_lists_registered_cases_with_department_dates(demo_client, auth):
    case = full_case()
    auth.login('demo-manager')
    demo_client.post('/lang/en')
    today = models.today().isoformat()
    text = demo_client.get('/portal/cases/ledger?from=%s&to=%s' % (today, today)).get_data(as_text=True)
    assert case.number in text and 'Annex 4' in text and 'Satisfied' in text
    assert '%s %s' % (case.flows.get().department, models.today().strftime('%m-%d')) in text
    yesterday = (models.today() - datetime.timedelta(days=1)).isoformat()
    text = demo_client.get('/portal/cases/ledger?from=%s&to=%s' % (yesterday, yesterday)).get_data(as_text=True)
    assert case.number not in text


def pdf_pages(page, url, name):
    """Print a page as the browser would; keep the PDF; return its pages."""
    response = page.goto(url)
    assert response.status == 200, url
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name + '.pdf')
    page.pdf(path=path, format='A4', prefer_css_page_size=True,
             print_background=True)
    return PdfReader(path).pages


@pytest.mark.parametrize('lang', ['zh', 'en'])
def test_every_form_prints_on_one_a4_page(page, lang):
    case, stopped = full_case(), terminated_case()
    sign_in(page, 'demo-manager')
    if lang == 'en':
        switch_portal_language(page)
    printed = set()
    for subject in (case, stopped):
        for kind in FORMS:
            url = '%s/portal/cases/%d/forms/%s' % (page.base_url, subject.id, kind)
            if not FORMS[kind][1](subject) or kind in printed:
                continue
            pages = pdf_pages(page, url, 'form-%s-%s' % (kind, lang))
            box = pages[0].mediabox
            assert len(pages) == 1, (kind, len(pages))
            assert (round(float(box.width)), round(float(box.height))) == A4, kind
            screenshot(page, 'form-%s-%s' % (kind, lang))
            printed.add(kind)
    assert printed == set(FORMS)
    today = models.today()
    start = today - datetime.timedelta(days=today.weekday())
    pages = pdf_pages(page, '%s/portal/cases/ledger?from=%s&to=%s' % (
        page.base_url, start, start + datetime.timedelta(days=6)), 'form-ledger-%s' % lang)
    box = pages[0].mediabox
    assert len(pages) == 1
    assert (round(float(box.width)), round(float(box.height))) == A4[::-1]
    screenshot(page, 'form-ledger-%s' % lang)
