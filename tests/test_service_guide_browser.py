"""The service guide in a real browser, by the people it serves: a manager
uploads templates and a new version, an agent looks an item up while
advising and downloads a template, then opens a case's guide as it was
registered; a helper shows the guide at the kiosk and prints it. In
Chinese and English, with CSRF on."""
import random

import models
import validators
from pages import LANDSCAPE, assert_touch_targets, follow, sign_in_at_the_kiosk, press_enter, sign_in, switch_language, switch_portal_language, wedge_scan
from support import screenshot

PDF = b'%PDF-1.4\n% application\n%%EOF\n'


def item(code):
    return models.Item.get(models.Item.code == code)


def upload(page, form, path, title=None, kind=None):
    """Fill an upload form of the guide and send it; wait for the guide."""
    form = page.locator(form)
    if kind:
        form.locator('select[name=kind]').select_option(kind)
    if title:
        form.locator('input[name=title]').fill(title)
    form.locator('input[type=file]').set_input_files(str(path))
    with page.expect_navigation():
        form.locator('button[type=submit]').click()


def test_a_manager_uploads_templates_and_a_new_version(page, live_server, tmp_path):
    pension = item('RSJ-002')
    first = tmp_path / '养老保险待遇申领申请书.pdf'
    first.write_bytes(PDF)
    second = tmp_path / '养老保险待遇申领申请书-2025.pdf'
    second.write_bytes(PDF + b'% 2025\n')
    wrong = tmp_path / 'form.html'
    wrong.write_bytes(b'<html><script>alert(1)</script></html>')
    sign_in(page, 'demo-manager')
    page.goto(live_server.url + '/portal/guide/')
    page.fill('input[name=q]', 'cxjmjbylbx')
    press_enter(page)
    follow(page, 'a:has-text("%s")' % pension.name)
    assert page.locator('tr[data-material]').count() == pension.materials.count() > 0
    screenshot(page, 'guide-01-manager-guide-zh')

    upload(page, 'form[data-new-template]', first, title='养老保险待遇申领申请书',
           kind='application')
    assert '已保存' in page.inner_text('.alert-success')
    assert page.locator('#templates tr[data-template]').count() == 1
    upload(page, 'form[data-new-template]', wrong, title='填写说明',
           kind='instructions')
    assert '模板未保存' in page.inner_text('.alert-danger')
    upload(page, 'form[data-new-version]', second)
    assert '第 2 版' in page.inner_text('.alert-success')
    row = page.locator('#templates tr[data-template]')
    assert row.count() == 1 and '2025' in row.inner_text()
    assert page.locator('#earlier tr[data-version]').count() == 1
    screenshot(page, 'guide-02-manager-new-version-zh')
    kept = list(models.ItemTemplate.listed()
                .where(models.ItemTemplate.item == pension)
                .order_by(models.ItemTemplate.version))
    assert [v.version for v in kept] == [1, 2]

    switch_portal_language(page)
    assert 'Earlier versions' in page.inner_text('#earlier')
    assert 'Upload the new version' in page.inner_text('#upload')
    screenshot(page, 'guide-03-manager-guide-en')
    page.goto(live_server.url + '/portal/item_templates/')
    assert page.locator('a:has-text("养老保险待遇申领申请书-2025.pdf")').count() == 1
    screenshot(page, 'guide-04-template-versions-en')


def test_an_agent_reads_the_guide_and_a_cases_registered_templates(page, live_server):
    case = (models.Case.select()
            .where(models.Case.registered_at.is_null(False),
                   models.Case.item.is_null(False),
                   models.Case.hall == models.Hall.get(code='QL-YX'))
            .order_by(models.Case.id).first())
    older = models.ItemTemplate.upload(case.item, '申请书', PDF, '申请书（旧版）.pdf',
                                       kind='application')
    models.ItemTemplate.update(uploaded_at=case.registered_at).where(
        models.ItemTemplate.id == older.id).execute()
    models.ItemTemplate.upload(case.item, '申请书', PDF + b'%v2', '申请书（新版）.pdf',
                               kind='application')
    sign_in(page, 'demo-agent')
    # The catalogue menu leads the agent to the guide (no 403 any more).
    page.goto(live_server.url + '/portal/')
    page.click('a.dropdown-toggle:has-text("事项清单")')
    follow(page, 'a:has-text("办事指南")')
    assert page.locator('table.guide-list tr[data-item]').count() > 0
    screenshot(page, 'guide-05-agent-list-zh')
    page.fill('input[name=q]', case.item.initials)
    press_enter(page)
    follow(page, 'table.guide-list a:has-text("%s")' % case.item.name)
    assert '新版' in page.inner_text('#templates')
    with page.expect_download() as downloading:
        page.click('#templates a[data-download]')
    download = downloading.value
    assert download.suggested_filename == '申请书（新版）.pdf'
    assert open(download.path(), 'rb').read() == PDF + b'%v2'
    screenshot(page, 'guide-06-agent-guide-zh')

    page.goto(live_server.url + '/portal/cases/%d' % case.id)
    assert page.inner_text('a[data-case-guide]') == '登记时的办事指南'
    screenshot(page, 'guide-07a-agent-case-page-zh')
    follow(page, 'a[data-case-guide]')
    assert page.locator('[data-as-of]').is_visible()
    templates = page.inner_text('#templates')
    assert '旧版' in templates and '新版' not in templates
    screenshot(page, 'guide-07-agent-case-guide-as-registered-zh')
    switch_portal_language(page)
    assert 'when the case was registered' in page.inner_text('[data-as-of]')
    assert 'How to obtain it' in page.inner_text('#materials')
    screenshot(page, 'guide-08-agent-case-guide-as-registered-en')


def test_a_helper_shows_and_prints_the_guide_at_the_kiosk(page, live_server, kiosk_on_duty):
    _kiosk, token = kiosk_on_duty
    pension = item('RSJ-002')
    models.ItemTemplate.upload(pension, '养老保险待遇申领申请书', PDF, '申请书.pdf',
                               kind='application')
    page.set_viewport_size(LANDSCAPE)
    sign_in_at_the_kiosk(page, live_server.url, token)
    wedge_scan(page, validators.generate_resident_id(random.Random(9), region='150402'))
    page.fill('input[name=name]', '林小满')
    page.fill('input[name=phone]', '13900004321')
    follow(page, 'button:has-text("继续")')
    page.fill('input[name=q]', 'cxjmjbylbx')
    press_enter(page)
    follow(page, 'a.choice:has-text("%s")' % pension.name)
    follow(page, 'a[data-guide-link]')
    assert page.locator('tr[data-material]').count() == pension.materials.count()
    assert '申请书.pdf' in page.inner_text('#templates')
    assert_touch_targets(page)
    screenshot(page, 'guide-09-kiosk-guide-zh')
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b'%PDF')
    page.emulate_media(media='print')
    assert not page.locator('.print-controls').is_visible()
    assert not page.locator('.kiosk-bar').is_visible()
    assert page.locator('[data-paper=guide] tr[data-material]').first.is_visible()
    screenshot(page, 'guide-10-kiosk-guide-printed-zh')
    page.emulate_media(media='screen')
    switch_language(page)
    assert 'Materials' in page.inner_text('#materials')
    screenshot(page, 'guide-11-kiosk-guide-en')
    follow(page, '.print-controls a:has-text("Back")')
    assert page.url.endswith('/kiosk/items/%d' % pension.id)
