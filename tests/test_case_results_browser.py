"""In a real browser with CSRF on: an agent records the result documents of a
代办 case, corrects one, delivers it and prints 附件7 and the 办结单, in
Chinese and in English; the applicant reads the results, numbers masked,
on a phone."""
import models

from seeds.factories import registered_case
from support import screenshot
from pages import (assert_readable, phone, sign_in, switch_language,
                   switch_portal_language)
from pages import act, status

LICENCE = '91150402MA0N1234X7'
WRONG = '91150402MA0N1234X8'


def record_result(page, kind, title, number='', issued_by='', copies=None):
    form = page.locator('form.action-form[data-action="result"]')
    form.locator('select[name="kind"]').select_option(kind)
    fill = {'title': title, 'number': number, 'issued_by': issued_by}
    if copies is not None:
        fill['copies'] = str(copies)
    act(page, 'result', fill=fill)


def result_rows(page):
    return page.locator('.case-results tr[data-result]')


def flash(page):
    return page.locator('.alert').first.inner_text()


def open_printout(page, link_text):
    """Open a print link of the case page in a new tab; the tab."""
    with page.context.expect_page() as opened:
        page.locator('.case-forms a', has_text=link_text).click()
    tab = opened.value
    tab.wait_for_load_state()
    return tab


def test_record_correct_print_and_read_results(page):
    case = registered_case(seed=88)
    case.commission()
    case.start_handling()
    code = models.Case.get_by_id(case.id).issue_receipt()
    sign_in(page, 'demo-agent')
    page.goto(page.base_url + '/portal/cases/%d' % case.id)
    assert '尚未登记办理结果' in page.inner_text('.case-results')

    record_result(page, 'licence', '营业执照', WRONG, '云溪县市场监督管理局')
    assert '已登记办理结果：营业执照' in flash(page)
    assert result_rows(page).count() == 1
    assert WRONG in result_rows(page).first.inner_text()

    # A number with markup is refused in Chinese; nothing is recorded.
    record_result(page, 'certificate', '不动产权证书', '<b>1</b>')
    assert '编号只能包含字母、数字、汉字、空格及' in flash(page)
    assert result_rows(page).count() == 1

    record_result(page, 'returned', '身份证原件', copies=1)
    assert result_rows(page).count() == 2
    screenshot(page, 'results-01-recorded-zh')

    # The licence number was typed wrong: a correction supersedes it.
    wrong = models.CaseResult.get(models.CaseResult.number == WRONG)
    row = page.locator('.result-correction').first
    row.locator('summary').click()
    form = row.locator('form[data-action="correct_result"]')
    assert form.locator('input[name="number"]').input_value() == WRONG
    form.locator('input[name="number"]').fill(LICENCE)
    form.locator('input[name="note"]').fill('号码抄错，已更正')
    screenshot(page, 'results-02-correcting-zh')
    with page.expect_navigation():
        form.locator('button[type=submit]').click()
    assert '已更正办理结果：营业执照' in flash(page)
    rows = result_rows(page)
    assert rows.count() == 2
    assert LICENCE in rows.nth(0).inner_text()  # in the place of the wrong one
    assert WRONG not in page.inner_text('.case-results')
    assert models.CaseResult.get_by_id(wrong.id).number == WRONG  # kept
    history = page.inner_text('.case-timeline')
    assert '更正：证照：营业执照 编号：%s → 证照：营业执照 编号：%s' % (
        WRONG, LICENCE) in history
    screenshot(page, 'results-03-corrected-zh')

    act(page, 'mark_ready')
    act(page, 'deliver', check=['slip_signed'])
    assert status(page) == 'delivered'

    feedback = open_printout(page, '反馈情况表')
    sheet = feedback.inner_text('.sheet')
    assert '附件7' in sheet and '营业执照 × 1' in sheet
    assert '编号：%s' % LICENCE in sheet and '身份证原件 × 1' in sheet
    assert WRONG not in sheet
    screenshot(feedback, 'results-04-annex7-zh')
    feedback.close()
    slip = open_printout(page, '办结单')
    sheet = slip.inner_text('.sheet')
    assert LICENCE in sheet and '云溪县市场监督管理局' in sheet
    assert slip.locator('tr.result-line').count() == 2
    screenshot(slip, 'results-05-completion-slip-zh')
    slip.close()

    applicant = phone(page.context.new_page())
    applicant.goto(page.base_url + '/p/%s' % code)
    results = applicant.inner_text('#results')
    assert '您的办理结果' in results and '营业执照' in results
    assert models.mask_result_number(LICENCE) in results
    body = applicant.inner_text('body')
    assert LICENCE not in body and '号码抄错' not in body
    assert '营业执照（已更正）' in applicant.inner_text('.timeline')
    assert_readable(applicant)
    screenshot(applicant, 'results-06-applicant-phone-zh')
    assert switch_language(applicant) == 'en'
    results = applicant.inner_text('#results')
    assert 'Your results' in results and 'Licence or permit' in results
    assert models.mask_result_number(LICENCE) in results
    assert LICENCE not in applicant.inner_text('body')
    assert_readable(applicant)
    screenshot(applicant, 'results-07-applicant-phone-en')
    applicant.close()

    # In English: one more document handed back after delivery, then print.
    switch_portal_language(page)
    page.goto(page.base_url + '/portal/cases/%d' % case.id)
    record_result(page, 'returned', 'Household register (original)', copies=1)
    assert 'Result recorded: Household register (original).' in flash(page)
    assert result_rows(page).count() == 3
    assert 'Document returned: Household register (original)' in page.inner_text(
        '.case-timeline')
    screenshot(page, 'results-08-recorded-en')
    feedback = open_printout(page, 'Feedback on the service')
    sheet = feedback.inner_text('.sheet')
    assert 'Annex 7' in sheet and 'No. %s' % LICENCE in sheet
    assert 'Household register (original) × 1' in sheet
    screenshot(feedback, 'results-09-annex7-en')
    feedback.close()
    slip = open_printout(page, 'Completion slip')
    assert slip.locator('tr.result-line').count() == 3
    screenshot(slip, 'results-10-completion-slip-en')
    slip.close()
