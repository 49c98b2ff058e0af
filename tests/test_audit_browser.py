"""The audit trail in Chromium, in Chinese and English: case history and
audit entries in one list, a refusal with its reason, a readable change."""
import pytest
from playwright.sync_api import expect

import models
from support import screenshot
from pages import sign_in

from seeds.factories import hall, registered_case


@pytest.mark.parametrize('lang', ['zh', 'en'])
def test_the_audit_trail_shows_changes_refusals_and_case_history(page, demo_app, lang):
    case = registered_case()
    manager = models.User.get(models.User.username == 'demo-manager')
    window = hall('QL-YX').windows.first()
    models.AuditLog.record(manager, 'update', 'Window', window.id, hall=window.hall_id,
                           before={'name': window.name, 'is_open': True},
                           after={'name': '综合窗口', 'is_open': False})
    try:
        case.archive(manager)
    except models.DomainError:
        pass  # refused: a registered case is not archived; recorded
    sign_in(page, 'demo-supervisor')
    if lang == 'en':
        page.click('nav button:has-text("English")')
    page.goto(page.base_url + '/portal/audit/')
    table = page.locator('table.audit-trail')
    texts = {'zh': ('审计记录', '被拒绝', '名称: %s → 综合窗口' % window.name, '不能进行'),
             'en': ('Audit trail', 'Denied', 'Name: %s → 综合窗口' % window.name,
                    'cannot be archived')}[lang]
    expect(page.locator('body')).to_contain_text(texts[0])
    expect(table.locator('tr.result-refused').first).to_contain_text(texts[1])
    expect(table).to_contain_text(texts[2])
    expect(table.locator('tr.result-refused').first).to_contain_text(texts[3])
    expect(table.locator('tr.audit-case').first).to_be_visible()
    assert page.locator('a[href*="/portal/audit/edit"], a[href*="/portal/audit/delete"]').count() == 0
    screenshot(page, 'portal-audit-trail-%s' % lang)
