"""In a real browser at 1366 px with CSRF on, in Chinese and English: the
menu fits one row and marks only the page open now; a manager filters the
case list, exports it, and reveals an applicant's number (audited); an agent
and a supervisor read their lists; a helper's home leads to the kiosk."""
import io

from openpyxl import load_workbook

import models

from seeds.factories import registered_case
from support import screenshot
from pages import follow, sign_in, switch_portal_language


def menu_rows(page):
    """How many rows the top menu's entries take."""
    return page.evaluate("""() => new Set([...document.querySelectorAll(
        '.portal-menu > li')].map((li) => Math.round(li.getBoundingClientRect().top))).size""")


def active_menu(page):
    return [t.strip() for t in page.locator(
        '.portal-menu > li.active > a.nav-link').all_inner_texts()]


def open_menu(page, group, entry):
    """Open a page through a dropdown of the top menu."""
    page.locator('.portal-menu > li.dropdown > a', has_text=group).click()
    follow(page, '.portal-menu .dropdown-menu.show a:text-is("%s")' % entry)


def test_a_manager_filters_exports_and_reveals(page):
    case = registered_case(seed=401)
    person = case.applicant
    sign_in(page, 'demo-manager')
    assert menu_rows(page) == 1
    assert active_menu(page) == ['首页']
    screenshot(page, 'lists-01-manager-home-zh')

    open_menu(page, '办件', '案件管理')
    assert page.url.endswith('/portal/cases/')
    assert menu_rows(page) == 1 and active_menu(page) == ['办件']
    page.select_option('select[name=agent]', str(case.agent_id))
    follow(page, '.case-filters button[type=submit]')
    assert 'agent=%d' % case.agent_id in page.url
    numbers = page.locator('.case-list tbody td:first-child a').all_inner_texts()
    assert case.number in numbers
    agents = set(page.locator('.case-list td.case-agent').all_inner_texts())
    assert agents == {case.agent.name}
    screenshot(page, 'lists-02-manager-cases-by-agent-zh')

    with page.expect_download() as downloaded:
        page.click('a.case-export')
    rows = list(load_workbook(io.BytesIO(open(downloaded.value.path(), 'rb').read()))
                .active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]][:len(numbers)] == numbers
    assert {r[5] for r in rows[1:]} == {case.agent.name}

    page.goto(page.base_url + '/portal/cases/%d' % case.id)
    summary = page.locator('.case-summary')
    assert person.masked_id in summary.inner_text()
    assert person.id_number not in page.content()
    follow(page, 'button[data-action="reveal-id"]')  # a POST, with its token
    assert person.id_number in page.locator('.case-summary').inner_text()
    assert active_menu(page) == ['办件']  # a case page is case work, not 首页
    screenshot(page, 'lists-03-manager-number-revealed-zh')
    assert models.AuditLog.select().where(
        models.AuditLog.action == 'reveal_id',
        models.AuditLog.record_id == str(person.id)).count() == 1
    page.goto(page.base_url + '/portal/cases/%d' % case.id)
    assert person.id_number not in page.content()

    switch_portal_language(page)
    assert menu_rows(page) == 1
    assert 'Show in full' in page.inner_text('.case-summary')
    page.goto(page.base_url + '/portal/cases/')
    assert menu_rows(page) == 1 and active_menu(page) == ['Case work']
    screenshot(page, 'lists-04-manager-cases-en')
    page.goto(page.base_url + '/portal/agents/')
    assert menu_rows(page) == 1 and active_menu(page) == ['Hall']
    cells = page.locator('table.model-list td').all_inner_texts()
    assert 'Yes' in [c.strip() for c in cells]
    assert not {'True', 'False'} & {c.strip() for c in cells}
    screenshot(page, 'lists-05-manager-agents-en')
    page.goto(page.base_url + '/portal/audit/')
    assert 'Document number shown in full' in page.inner_text('body')
    screenshot(page, 'lists-06-manager-audit-en')


def test_an_agent_and_a_supervisor_read_their_lists(page):
    sign_in(page, 'demo-agent')
    assert menu_rows(page) == 1
    open_menu(page, '办件', '超期案件')
    assert active_menu(page) == ['办件'] and menu_rows(page) == 1
    screenshot(page, 'lists-07-agent-overdue-zh')
    open_menu(page, '办件', '申请人档案')
    page.fill('input[name=q]', '测试')
    switch_portal_language(page)
    assert menu_rows(page) == 1
    screenshot(page, 'lists-08-agent-applicants-en')

    page.context.clear_cookies()
    sign_in(page, 'demo-supervisor')
    assert menu_rows(page) == 1
    page.goto(page.base_url + '/portal/items/')
    headers = [t.strip() for t in page.locator('table.model-list th').all_inner_texts()]
    assert '事项名称' in headers and '启用' in headers
    page.locator('a.nav-link', has_text='添加筛选器').click()
    filters = [t.strip() for t in page.locator('.field-filters a.filter').all_inner_texts()]
    assert '部门' in filters and '适用层级' in filters
    screenshot(page, 'lists-09a-supervisor-items-filters-zh')
    item = models.Item.select().order_by(models.Item.id).first()
    page.goto(page.base_url + '/portal/items/details/?id=%d' % item.id)
    # An item's details are its service guide (portal/guide), labelled.
    labels = [t.strip() for t in page.locator('table th').all_inner_texts()]
    assert '部门' in labels and '承诺时限' in labels
    assert not {'Id', 'Pinyin', 'Initials', 'pinyin'} & set(labels)
    assert active_menu(page) == ['事项清单']
    screenshot(page, 'lists-09-supervisor-item-zh')
    switch_portal_language(page)
    labels = [t.strip() for t in page.locator('table th').all_inner_texts()]
    assert 'Department' in labels and 'Pinyin' not in labels
    values = [t.strip() for t in page.locator('table td').all_inner_texts()]
    assert 'True' not in values and 'False' not in values
    screenshot(page, 'lists-10-supervisor-item-en')


def test_a_helper_is_led_to_the_kiosk(page):
    sign_in(page, 'demo-helper')
    assert page.locator('.helper-home').count() == 1
    assert active_menu(page) == ['首页']
    screenshot(page, 'lists-11-helper-home-zh')
    switch_portal_language(page)
    assert 'Your work is at the self-service kiosks' in page.inner_text('.helper-home')
    screenshot(page, 'lists-12-helper-home-en')
    follow(page, 'a.helper-roster-link')
    assert '/portal/roster/mine/' in page.url
    page.go_back()
    follow(page, 'a.helper-kiosk-link')
    assert '/kiosk/' in page.url
