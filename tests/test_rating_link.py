"""The rating reminder's SMS carries the link to the case's progress page
(PUBLIC_URL), where the applicant rates: a code beside the receipt's,
worked out when the text is sent and stored only as its hash; without a
public address the text says to scan the receipt. The city's texts may use
{link} in the rating reminder and nowhere else."""
import logging
import re

import pytest

import jobs
import models
import outbox
from seeds import factories
from outboxes import manager, messages, ready_case

PUBLIC = 'https://gov.example.cn/bangban'


def remind(demo_app, clock, seed, caplog):
    """A delivered case, three days on: the reminder written and sent; the
    case and the text as the gateway got it."""
    case = ready_case(seed=seed)
    case.deliver()
    clock.advance(days=3, minutes=1)
    assert jobs.remind_to_rate(models.today().isoformat())['reminders']
    with caplog.at_level(logging.INFO, logger='bangban.sms'):
        outbox.deliver_due()
    line = [r.getMessage() for r in caplog.records
            if 'sms:rate_reminder:%d' % case.id in r.getMessage()]
    assert len(line) == 1
    return case, line[0]


def test_the_reminder_links_to_the_rating_page(demo_app, clock, caplog,
                                              monkeypatch):
    monkeypatch.setitem(demo_app.config, 'PUBLIC_URL', PUBLIC)
    with demo_app.app_context():
        case, text = remind(demo_app, clock, 81, caplog)
        link = re.search(re.escape(PUBLIC) + r'/p/(R[0-9a-f]{32})', text)
        assert link and '请点击链接对我们的服务进行评价' in text
        assert case.number in text and '139****1234' in text
        code = link.group(1)
        # Only its hash is kept; the message itself holds no code.
        message = messages(kind='rate_reminder', case=case.id)[0]
        assert code not in message.payload and message.status == 'delivered'
        assert models.ReceiptCode.get(
            models.ReceiptCode.code_hash == models.digest(code)).case_id == case.id
        # The receipt's own code still opens the case.
        receipt = models.ReceiptCode.select().where(
            models.ReceiptCode.case == case.id,
            models.ReceiptCode.code_hash != models.digest(code)).get()
        assert receipt.revoked_at is None
    client = demo_app.test_client()
    page = client.get('/p/' + code)
    assert page.status_code == 200
    assert case.number in page.get_data(as_text=True)
    assert 'name="rating"' in page.get_data(as_text=True)
    # A second run sends nothing and adds no code.
    with demo_app.app_context():
        codes = models.ReceiptCode.select().count()
        assert not jobs.remind_to_rate(models.today().isoformat())['reminders']
        assert models.ReceiptCode.select().count() == codes


def test_without_a_public_address_the_text_says_scan_the_receipt(
        demo_app, clock, caplog, monkeypatch):
    monkeypatch.setitem(demo_app.config, 'PUBLIC_URL', '')
    with demo_app.app_context():
        _case, text = remind(demo_app, clock, 82, caplog)
    assert '请扫描回执上的二维码' in text and '/p/' not in text


def test_the_citys_text_with_the_link(demo_app, clock, caplog, monkeypatch):
    monkeypatch.setitem(demo_app.config, 'PUBLIC_URL', PUBLIC)
    with demo_app.app_context():
        city = models.Hall.city_of(factories.hall('QL-YX').id)
        models.CitySettings.of(city).set_sms_texts(
            {'rate_reminder': '请评价 {case}：{link}'}, user=manager())
        case, text = remind(demo_app, clock, 83, caplog)
    assert re.search(r'请评价 %s：%s/p/R[0-9a-f]{32}' % (
        re.escape(case.number), re.escape(PUBLIC)), text)


@pytest.mark.parametrize('kind, text', [
    ('ticket_called', '{ticket} {link}'), ('result_ready', '{case} {link}'),
    ('rate_reminder', '{link.__class__}'), ('rate_reminder', '{link!r}'),
    ('rate_reminder', '{link:>9999}'), ('rate_reminder', '{links}'),
])
def test_link_only_in_the_rating_reminder(demo_app, kind, text):
    with demo_app.app_context():
        settings = models.CitySettings.of(factories.hall('QL').id)
        with pytest.raises(models.DomainError) as refused:
            settings.set_sms_texts({kind: text}, user=manager())
        assert '{link}' in str(refused.value) or 'link' in str(refused.value)
        assert models.CitySettings.of(settings.city_id).sms_texts() == {}
        assert settings.set_sms_texts({'rate_reminder': '评价：{link}'},
                                      user=manager()) == {'rate_reminder': '评价：{link}'}


@pytest.mark.parametrize('language, words', [
    ('zh', '{link}'), ('en', '{link}')])
def test_the_texts_page_names_the_link(demo_client, auth, language, words):
    auth.login('demo-city')
    if language == 'en':
        demo_client.post('/lang/en')
    page = demo_client.get('/portal/sms-texts/')
    assert page.status_code == 200
    assert words in page.get_data(as_text=True)
