"""Notifications through the outbox: messages written with the event that
causes them, SMS only to applicants with a phone (never for imported
cases), the city's texts checked on save, webhooks signed, and a worker
that retries with a doubling wait until the receiver has every message
once, in order per case, whatever the receiver did meanwhile."""
import json
import logging

import pytest

import jobs
import models
import outbox
from race import race
from seeds import factories
from outboxes import Receiver, hooked_client, manager, messages, ready_case


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


# --- Written with the event -------------------------------------------------------

def test_result_ready_and_mailed_write_an_sms_to_the_applicant(demo_app):
    with demo_app.app_context():
        case = ready_case()
        case.mail('某地某路1号', '邮政EMS', 'EMS0001')
        sms = messages(channel='sms', case=case.id)
        assert [m.kind for m in sms] == ['result_ready', 'result_mailed']
        assert {m.recipient for m in sms} == {'13900001234'}
        assert sms[1].values['tracking'] == 'EMS0001'
        assert sms[0].stream == sms[1].stream  # in order, per case


def test_the_message_and_its_event_are_one_transaction(demo_app, monkeypatch):
    with demo_app.app_context():
        case = factories.registered_case(seed=2)
        case.commission()
        case.start_handling()

        def broken(rows):
            raise RuntimeError('outbox unavailable')
        monkeypatch.setattr(models.OutboxMessage, 'add', broken)
        with pytest.raises(RuntimeError):
            case.mark_ready()
        assert models.Case.get_by_id(case.id).status == 'in_handling'
        assert not (models.CaseEvent.select()
                    .where(models.CaseEvent.case == case.id,
                           models.CaseEvent.action == 'mark_ready').exists())


def test_no_sms_without_a_phone_nor_for_an_imported_case(demo_app, receiver):
    with demo_app.app_context():
        hooked_client(receiver.url)
        silent = ready_case(seed=3, phone='')
        assert messages(channel='sms', case=silent.id) == []
        imported = factories.registered_case(seed=4)
        before = messages(case=imported.id)
        models.Case.update(is_imported=True).where(
            models.Case.id == imported.id).execute()
        imported = models.Case.get_by_id(imported.id)
        imported.commission()
        imported.start_handling()
        imported.mark_ready()
        assert messages(case=imported.id) == before  # no SMS, no webhook
        assert messages(channel='webhook', case=silent.id)  # events still go


def test_a_call_texts_the_called_and_the_one_coming_up_once(demo_app):
    with demo_app.app_context():
        demo_app.config['SMS_AHEAD'] = 2
        window = models.Window.select().where(
            models.Window.hall == factories.hall('QL-YX').id).first()
        models.Ticket.update(status='closed').where(
            models.Ticket.window == window.id).execute()
        tickets = []
        for seed in range(5):
            case = factories.open_case(seed=20 + seed)
            tickets.append(models.Ticket.issue(window, case=case))
        models.Ticket.call_next(window)
        called = messages(channel='sms', kind='ticket_called')
        soon = messages(channel='sms', kind='ticket_soon')
        assert [m.ticket_id for m in called] == [tickets[0].id]
        # After the first call, tickets[3] has two ahead of it.
        assert [m.ticket_id for m in soon] == [tickets[3].id]
        assert soon[0].values['ahead'] == 2
        assert soon[0].values['ticket'] == tickets[3].label
        models.Ticket.call_next(window)
        assert [m.ticket_id for m in messages(kind='ticket_soon')] == [
            tickets[3].id, tickets[4].id]


# --- The texts ----------------------------------------------------------------------

@pytest.mark.parametrize('text', [
    '{ticket.__class__}', '{0}', '{ticket!r}', '{ticket:>99999}', '{case}',
    'open {brace', '}{', '{}', 'x' * 301,
])
def test_a_text_with_a_placeholder_it_lacks_is_refused(demo_app, text):
    with demo_app.app_context():
        settings = models.CitySettings.of(factories.hall('QL').id)
        with pytest.raises(models.DomainError):
            settings.set_sms_texts({'ticket_called': text}, user=manager())
        assert models.CitySettings.of(settings.city_id).sms_texts() == {}


def test_the_citys_text_is_sent_and_the_log_masks_the_phone(demo_app, caplog):
    with demo_app.app_context():
        city = models.Hall.city_of(factories.hall('QL-YX').id)
        models.CitySettings.of(city).set_sms_texts(
            {'result_ready': '【{hall}】{case} 好了 <b>&', 'ticket_called': ''},
            user=manager())
        case = ready_case(seed=5)
        with caplog.at_level(logging.INFO, logger='bangban.sms'):
            counts = outbox.deliver_due()
        assert counts['delivered'] >= 1 and counts['failed'] == 0
        line = [r.getMessage() for r in caplog.records
                if 'sms:result_ready:%d' % case.id in r.getMessage()][0]
        assert '%s 好了 <b>&' % case.number in line
        assert '139****1234' in line and '13900001234' not in line
        assert messages(key='sms:result_ready:%d' % case.id)[0].status == 'delivered'


def test_default_texts_are_chinese_with_every_value(demo_app):
    with demo_app.app_context():
        text = outbox._sms_text(models.OutboxMessage(
            kind='ticket_soon', payload=json.dumps(
                {'hall': '甲厅', 'ticket': 'A003', 'window': '1号窗', 'ahead': 3})),
            {}, demo_app.config)
        assert 'A003' in text and '1号窗' in text and '3' in text
        assert text != str(models.SMS_DEFAULTS['ticket_soon'])  # translated


# --- Webhooks -----------------------------------------------------------------------

def test_posts_are_signed_with_a_timestamp_and_the_key(demo_app, receiver):
    with demo_app.app_context():
        client, secret = hooked_client(receiver.url)
        case = ready_case(seed=6)
        outbox.deliver_due()
        assert receiver.posts
        key, body, headers = receiver.posts[-1]
        assert headers['Idempotency-Key'] == key
        assert outbox.verify(secret, headers['X-Bangban-Timestamp'], body,
                             headers['X-Bangban-Signature'])
        assert not outbox.verify('other', headers['X-Bangban-Timestamp'],
                                 body, headers['X-Bangban-Signature'])
        assert not outbox.verify(secret, headers['X-Bangban-Timestamp'],
                                 body + b' ', headers['X-Bangban-Signature'])
        numbers = {json.loads(b)['case']['number'] for _, b, _ in receiver.posts}
        assert case.number in numbers
        assert secret not in body.decode()


def test_a_receiver_that_fails_then_recovers_gets_everything_once_in_order(
        demo_app, receiver, clock):
    with demo_app.app_context():
        hooked_client(receiver.url)
        cases = [ready_case(seed=30 + n) for n in range(3)]
        for case in cases:
            case.deliver()
        written = messages(channel='webhook')
        receiver.failures = 7
        for _round in range(12):
            outbox.deliver_due()
            clock.advance(hours=2)  # past any wait
        assert receiver.tries > len(written)
        got = receiver.once()
        assert sorted(p['id'] for p in got) == sorted(
            json.loads(m.payload)['id'] for m in written)
        for case in cases:
            events = [p['event'] for p in got
                      if p.get('case', {}).get('number') == case.number]
            expected = [json.loads(m.payload)['event'] for m in written
                        if m.case_id == case.id]
            assert events == expected
        assert {m.status for m in messages(channel='webhook')} == {'delivered'}


def test_a_receiver_down_then_up_loses_nothing(demo_app, clock):
    with demo_app.app_context():
        down = Receiver()
        url, port = down.url, down.port
        down.close()  # nothing listens there now
        hooked_client(url)
        case = ready_case(seed=40)
        written = messages(channel='webhook', case=case.id)
        outbox.deliver_due()
        first = messages(channel='webhook', case=case.id)
        # Only the first of the case's stream was tried; the rest wait.
        assert [m.attempts for m in first] == [1] + [0] * (len(first) - 1)
        assert first[0].status == 'pending' and first[0].last_error
        wait = first[0].next_attempt_at
        outbox.deliver_due()
        assert messages(id=first[0].id)[0].attempts == 1  # not due yet
        clock.advance(seconds=31)
        outbox.deliver_due()
        again = messages(id=first[0].id)[0]
        assert again.attempts == 2 and again.next_attempt_at - wait >= \
            (wait - first[0].created_at)  # the wait doubled
        up = Receiver(port=port)
        try:
            clock.advance(hours=2)
            outbox.deliver_due()
            assert [p['id'] for p in up.once()] == [
                json.loads(m.payload)['id'] for m in written]
        finally:
            up.close()


def test_a_message_is_given_up_after_its_attempts_and_can_be_sent_again(
        demo_app, receiver, clock):
    with demo_app.app_context():
        demo_app.config['OUTBOX_MAX_ATTEMPTS'] = 3
        hooked_client(receiver.url)
        case = factories.open_case(seed=50)
        receiver.failures = 100
        for _round in range(5):
            outbox.deliver_due()
            clock.advance(hours=2)
        message = messages(channel='webhook', case=case.id)[0]
        assert (message.status, message.attempts) == ('failed', 3)
        assert message.last_error == 'HTTP 500'
        receiver.failures = 0
        message.resend(manager())
        with pytest.raises(models.DomainError):
            message.resend(manager())  # waiting already
        outbox.deliver_due()
        assert messages(id=message.id)[0].status == 'delivered'
        assert models.AuditLog.select().where(
            models.AuditLog.action == 'resend').count() == 1


def test_a_webhook_address_is_checked_and_the_secret_kept_out_of_the_audit(
        demo_app):
    with demo_app.app_context():
        account = manager()
        client, _ = models.ApiClient.issue(account, 'x', [account.hall_id])
        for bad in ('ftp://x.cn/', 'javascript:alert(1)', 'http://u:p@x.cn/',
                    'http://', 'http://x.cn/\r\nX: y', 'http://x.cn/' + 'a' * 300):
            with pytest.raises(models.DomainError):
                client.set_webhook(account, bad)
        secret = client.set_webhook(account, 'https://localhost/in')
        assert secret and len(secret) >= 40
        assert client.set_webhook(account, 'https://localhost/v2') is None
        assert models.ApiClient.get_by_id(client.id).webhook_secret == secret
        other = client.set_webhook(account, 'https://localhost/v2',
                                   new_secret=True)
        assert other != secret
        audit = ' '.join(a.after or '' for a in models.AuditLog.select().where(
            models.AuditLog.model == 'ApiClient'))
        assert secret not in audit and other not in audit


def test_a_revoked_client_gets_nothing_more(demo_app, receiver):
    with demo_app.app_context():
        client, _ = hooked_client(receiver.url)
        client.revoke(manager())
        factories.open_case(seed=60)
        assert messages(channel='webhook') == []


# --- Workers racing -------------------------------------------------------------------

def deliver_in_child(url, receiver_url):
    """A worker process's round (module level: spawned processes import it)."""
    def work():
        return outbox.deliver_due(worker='w-%s' % id(work), config={
            'OUTBOX_MAX_ATTEMPTS': 8})
    return work


def test_two_workers_never_send_one_message_twice(demo_app, receiver, databases):
    with demo_app.app_context():
        hooked_client(receiver.url)
        for seed in range(70, 76):
            ready_case(seed=seed)
        written = messages(channel='webhook')
        url = demo_app.config['DATABASE_URL']
        outcomes = race(url, deliver_in_child, [(url, receiver.url)] * 2,
                        identity_key=None)
        outcomes += race(url, deliver_in_child, [(url, receiver.url)] * 2)
        assert all(isinstance(o, dict) for o in outcomes), outcomes
        keys = [key for key, _, _ in receiver.posts]
        assert len(keys) == len(set(keys)) == len(written)


# --- The rating reminder ---------------------------------------------------------------

def test_the_rating_reminder_goes_once_three_days_after_delivery(demo_app, clock):
    with demo_app.app_context():
        case = ready_case(seed=80)
        case.deliver()
        jobs.remind_to_rate(models.today().isoformat())
        assert messages(kind='rate_reminder', case=case.id) == []
        clock.advance(days=3, minutes=1)
        first = jobs.remind_to_rate(models.today().isoformat())
        again = jobs.remind_to_rate(models.today().isoformat())
        reminders = messages(kind='rate_reminder', case=case.id)
        assert len(reminders) == 1
        assert first['reminders'] and not again['reminders']


def test_the_readmes_signature_check_accepts_a_post(demo_app, receiver):
    """The few lines of Python the README gives integrators work."""
    import os
    import re as re_
    readme = open(os.path.join(os.path.dirname(__file__), '..', 'README.md'),
                  encoding='utf-8').read()
    code = re_.search(r'```python\n(import hashlib.*?)```', readme, re_.S).group(1)
    scope = {}
    exec(code, scope)
    with demo_app.app_context():
        _client, secret = hooked_client(receiver.url)
        factories.open_case(seed=90)
        outbox.deliver_due()
    _key, body, headers = receiver.posts[-1]
    assert scope['is_from_bangban'](secret, headers, body)
    assert not scope['is_from_bangban'](secret, headers, body.replace(b'}', b' }'))
    assert not scope['is_from_bangban']('x' + secret, headers, body)


def test_the_http_gateway_gets_each_text_with_its_key(demo_app, receiver):
    with demo_app.app_context():
        models.OutboxMessage.update(status='delivered').execute()  # the demo's
        demo_app.config.update(SMS_PROVIDER='http', SMS_HTTP_URL=receiver.url,
                               SMS_HTTP_KEY='gateway-key')
        case = ready_case(seed=95)
        outbox.deliver_due()
    sent = [(key, json.loads(body), headers) for key, body, headers
            in receiver.posts if key.startswith('sms:')]
    assert [key for key, _, _ in sent] == ['sms:result_ready:%d' % case.id]
    _key, body, headers = sent[0]
    assert body['to'] == '13900001234' and case.number in body['text']
    assert headers['Authorization'] == 'Bearer gateway-key'


def test_the_command_sends_what_is_due(app, runner):
    result = runner.invoke(args=['outbox', 'run'])
    assert result.exit_code == 0, result.output
    assert 'delivered 0, to retry 0, given up 0' in result.output
