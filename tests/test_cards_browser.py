"""An applicant card from the applicant's file, in a real browser (demo city):
issued once with its printable QR, which the kiosk scanner reads."""
import io

import zxingcpp
from PIL import Image

import models
from support import screenshot


def test_agent_prints_an_applicant_card(page, live_server):
    applicant = (models.Applicant.select()
                 .join(models.Case, on=(models.Case.applicant == models.Applicant.id))
                 .join(models.Hall, on=(models.Case.hall == models.Hall.id))
                 .where(models.Hall.code == 'QL-YX', models.Applicant.kind == 'person')
                 .first())
    page.goto(page.base_url + '/portal/login')
    page.fill('input[name="username"]', 'demo-agent')
    page.fill('input[name="password"]', 'bangban-demo')
    with page.expect_navigation():
        page.click('form:has(input[name="password"]) button[type="submit"]')
    for language in ('zh', 'en'):
        page.goto(page.base_url + '/portal/applicants/%d' % applicant.id)
        if language == 'en':
            with page.expect_navigation():
                page.click('.navbar form:has(input[name="next"]) button')
        screenshot(page, 'card-01-applicant-file-%s' % language)
        with page.expect_navigation():
            page.click('[data-action="issue-card"]')
        card = page.locator('[data-card="card"]')
        assert applicant.masked_id in card.inner_text()
        assert applicant.id_number not in page.content()
        image = Image.open(io.BytesIO(page.locator('[data-qr]').screenshot()))
        [code] = [r.text for r in zxingcpp.read_barcodes(image)]
        assert models.Applicant.by_card(code) == applicant
        screenshot(page, 'card-02-card-print-%s' % language)
    page.goto(page.base_url + '/portal/applicants/%d' % applicant.id)
    assert page.locator('[data-card-state="issued"]').count() == 1
    screenshot(page, 'card-03-applicant-file-issued-en')
