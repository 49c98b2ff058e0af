"""In a real browser with CSRF on: an agent suspends a 代办 case, prints the
中止单 and the 续办委托书, resumes it on the renewed mandate, and suspends it
again in English; the applicant's page says why it waits."""
import models

from seeds.factories import registered_case
from support import screenshot
from pages import sign_in, switch_portal_language
from pages import act, status


def suspend(page, reason, note):
    form = page.locator('form.action-form[data-action="suspend"]')
    form.locator('select[name="reason"]').select_option(reason)
    act(page, 'suspend', fill={'note': note})


def open_printout(page, link_text):
    """Open a print link of the suspensions card in a new tab; the tab."""
    with page.context.expect_page() as opened:
        page.locator('.case-suspensions a', has_text=link_text).last.click()
    tab = opened.value
    tab.wait_for_load_state()
    return tab


def test_suspend_print_resume_and_suspend_again(page):
    case = registered_case(seed=77)
    case.commission()
    case.start_handling()
    code = models.Case.get_by_id(case.id).issue_receipt()
    due = models.Case.get_by_id(case.id).due_date
    sign_in(page, 'demo-agent')
    page.goto(page.base_url + '/portal/cases/%d' % case.id)

    suspend(page, 'inspection', '等待住建部门现场踏勘')
    assert status(page) == 'suspended'
    assert page.locator('.case-suspension').count() == 1
    assert page.locator('form.action-form[data-action="resume"]').count() == 1
    screenshot(page, 'suspension-01-case-suspended-zh')

    slip = open_printout(page, '中止单')
    assert '中止单' in slip.locator('h1').inner_text()
    assert '等待住建部门现场踏勘' in slip.inner_text('body')
    screenshot(slip, 'suspension-02-slip-zh')
    slip.close()
    mandate = open_printout(page, '续办委托书')
    assert '续办委托书' in mandate.locator('h1').inner_text()
    screenshot(mandate, 'suspension-03-renewed-mandate-zh')
    mandate.close()

    applicant_page = page.context.new_page()
    applicant_page.goto(page.base_url + '/p/%s' % code)
    text = applicant_page.inner_text('#suspended')
    assert '需要有关部门到现场勘验后' in text and '暂停计算' in text
    assert '等待住建部门现场踏勘' not in applicant_page.inner_text('body')
    screenshot(applicant_page, 'suspension-04-applicant-page-zh')
    applicant_page.close()

    act(page, 'resume')  # without the renewed mandate: refused
    assert status(page) == 'suspended'
    assert '续办委托书' in page.locator('.alert').first.inner_text()
    act(page, 'resume', check=['renewed_mandate'])
    assert status(page) == 'in_handling'
    resumed = models.Case.get_by_id(case.id)
    assert resumed.due_date == due  # suspended and resumed the same day
    screenshot(page, 'suspension-05-resumed-zh')

    switch_portal_language(page)
    page.goto(page.base_url + '/portal/cases/%d' % case.id)
    suspend(page, 'document', 'Waiting for the land registry file')
    assert status(page) == 'suspended'
    assert page.locator('.case-suspensions p[data-suspension]').count() == 2
    assert 'the due date is paused' in page.locator('.case-suspension').inner_text()
    screenshot(page, 'suspension-06-case-suspended-again-en')
    slip = open_printout(page, 'Suspension slip')
    assert 'Suspension slip' in slip.locator('h1').inner_text()
    screenshot(slip, 'suspension-07-slip-en')
    slip.close()
    applicant_page = page.context.new_page()
    applicant_page.goto(page.base_url + '/p/%s' % code)
    assert 'get from another office' in applicant_page.inner_text('#suspended')
    screenshot(applicant_page, 'suspension-08-applicant-page-en')
