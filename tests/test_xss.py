"""Stored XSS: what one user types never runs in another user's browser.

The two paths found in Chromium (an agent's courier and tracking number on
the applicant's /p/ page; a manager's kiosk and post names on the staffing
check a city administrator opens), and the rest of the mechanism behind
them: values formatted into translatable text (i18n.LazyText).
"""
from markupsafe import escape

import models
from flows import sign_in

SCRIPT = '<script>alert(document.cookie)</script>'
BREAKER = '"\'><img src=x onerror=alert(1)>'


def assert_shown_escaped(body, *values):
    """Each value is on the page as text, and none of it as markup."""
    for value in values:
        assert value not in body
        assert str(escape(value)) in body
    assert '<script>alert' not in body and '<img src=x' not in body


# --- The two reported paths --------------------------------------------------

def test_courier_and_tracking_number_are_text_on_the_public_page(demo_client):
    case = (models.Case.select().where(models.Case.status == 'mailed')
            .order_by(models.Case.id).first())
    models.Case.update(courier='EMS' + SCRIPT, tracking_number='1' + BREAKER) \
        .where(models.Case.id == case.id).execute()
    code = case.issue_receipt()
    for language in ('zh_Hans_CN', 'en'):
        demo_client.post('/lang/%s' % language, data={'next': '/p/'})
        body = demo_client.get('/p/' + code).get_data(as_text=True)
        assert 'step-detail' in body  # the history line that carried them
        assert_shown_escaped(body, 'EMS' + SCRIPT, '1' + BREAKER)


def test_staffing_check_shows_names_as_text_to_the_city_admin(demo_client):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    agent = hall.agents.order_by(models.Agent.id).first()
    kiosk = models.Kiosk.create(hall=hall, name='自助' + SCRIPT)
    post = models.Post.create(hall=hall, name='岗' + BREAKER, agent_a=agent)
    window = models.Window.create(hall=hall, number=99, name='综窗' + SCRIPT,
                                  kind='comprehensive', prefix='Z')
    department = models.Department.create(code='XSS', name='部门' + BREAKER)
    models.HallDepartment.create(hall=hall, department=department)
    rules = {b.rule: b for b in hall.staffing_breaches()}
    assert {'kiosk_duty', 'ab_post', 'window_part_time', 'liaison'} <= set(rules)
    # Stored or logged, a breach is the plain sentence: never pre-escaped.
    assert kiosk.name in str(rules['kiosk_duty'].message)
    sign_in(demo_client, 'demo-city')
    body = demo_client.get('/portal/staffing/?hall=%d' % hall.id).get_data(
        as_text=True)
    assert_shown_escaped(body, kiosk.name, post.name, window.name,
                         department.name)


def test_a_flashed_refusal_with_a_name_is_escaped_once(demo_app):
    """A lazy text kept in the session cookie comes back as markup whose
    value is escaped, once."""
    from flask import render_template_string

    from i18n import lazy_gettext as _l
    with demo_app.test_request_context():
        cookie = demo_app.session_interface.get_signing_serializer(demo_app)
        message = _l('Post "%(post)s" has no B agent.', post=SCRIPT)
        restored = cookie.loads(cookie.dumps({'_flashes': [('error', message)]}))
        page = render_template_string('{{ m }}', m=restored['_flashes'][0][1])
        assert page == str(message).replace(SCRIPT, str(escape(SCRIPT)))
        assert page.count('&lt;script&gt;') == 1


def test_json_carries_translated_text_as_the_plain_sentence(demo_app):
    from flask import json

    from i18n import lazy_gettext as _l
    with demo_app.test_request_context():
        text = _l('Window %(n)s · %(name)s', n=1, name='A&B <综窗>')
        assert json.loads(json.dumps({'label': text})) == {
            'label': str(text)}
        assert '<综窗>' in str(text)
