"""Hostile text in every free-text field, on every page that shows it.

One demo database, one pass. Every CharField and TextField of every model
in models.MODELS, found by introspection (so a new field is covered without
anyone remembering), is overwritten in every row with script tags,
attribute breakers, a javascript: URL, Jinja syntax and format specifiers,
straight in the database: whatever validation a form has, this is what a
page must survive. Then every page of tests/page_walk.py is rendered with
the test client, as each kind of visitor, and none may carry any of that
markup as markup: no element, attribute, script or evaluated template
comes from the data.
"""
import datetime
import json
import random
import re
from html.parser import HTMLParser

import peewee
import pytest

import models
import page_walk
import validators

# Pieces of hostile text, most telling first: a field gets every piece that
# fits its length, and a tag naming the field and the row ("[f12:345]").
BREAKER = '"\'><img src=x onerror=alert(2)>'  # out of text and of attributes
PIECES = [
    BREAKER,
    '<script>alert(1)</script>',
    'javascript:alert(3)//',  # written first: a link made of the text runs it
    'x onmouseover=alert(4)',  # an attribute written without quotes
    'T{{7*7}}T',  # rendered as a template, it would read T49T
    '{% raw %}',  # ... or fail to compile
    '%s%(x)s',  # used as a format string, it would fail or change
]
SHORT_BREAKER = '\'"><i onclick=x>'  # for fields too short for BREAKER
JAVASCRIPT = PIECES[2]

# Free-text fields that are not written, and why. Fields with choices are
# not written either: their values come from a fixed list.
SKIPPED = {
    'Counter.key': 'a key the product makes for its sequences',
    'RateHit.key': 'a key the product makes from the client address',
    'ActionKey.key': 'a form\'s random one-time key, format checked '
                     '(action_keys.py)',
    'ActionKey.action': 'the address a form was sent to',
    'ActionKey.result': 'JSON the product writes: a redirect and session',
    'User.password_hash': 'a hash', 'User.pin_hash': 'a hash',
    'User.badge_hash': 'a hash', 'Kiosk.token_hash': 'a hash',
    'ReceiptCode.code_hash': 'a hash', 'Appointment.code_hash': 'a hash',
    'Applicant.card_hash': 'a hash', 'ApiClient.token_hash': 'a hash',
    'Appointment.id_digest': 'a keyed hash', 'Appointment.client_digest':
    'a keyed hash', 'Appointment.id_masked': 'made by the product from a '
    'validated number', 'Appointment.phone': 'validated: a mobile number '
    '(validators.py)', 'Appointment.nationality': 'validated: an ISO 3166 '
    'alpha-3 country code (validators.py)',
    'User.session_epoch': 'a random token the product makes',
    'Applicant.id_number': 'validated: an ID number or credit code with its '
                           'check digit (validators.py)',
    'Applicant.nationality': 'validated: an ISO 3166 alpha-3 country code '
                             '(validators.py)',
    'Item.levels': 'validated: hall level codes, ticked from a fixed list',
    'Case.number': 'made by the product from a sequence',
    'CaseEvent.action': 'an action code', 'CaseEvent.from_status': 'a status code',
    'CaseEvent.to_status': 'a status code', 'TicketEvent.action': 'an action code',
    'AuditLog.action': 'an action code', 'AuditLog.model': 'a model name',
    'AuditLog.record_id': 'a record id',
    'Window.prefix': 'two characters at most: no markup fits',
    'Ticket.prefix': 'copied from Window.prefix',
    'JobRun.job': 'a job name from the registry (jobs.py)',
    'JobRun.period': 'made by the product from a date, a month or a hall code',
    'JobRun.host': 'the host name and process id of the runner',
    'JobRun.result': 'JSON facts a job writes: counts by hall, a file name',
    'AlertSetting.rule': 'a rule key from the registry (alerts.py)',
    'AlertAck.rule': 'a rule key from the registry (alerts.py)',
    'AlertAck.subject': 'made by the product from a raised alert: checked '
                        'against the alerts raised now before it is kept',
    'AlertAck.period': 'made by the product from the date',
    'MongolianPhrase.msgid': 'a msgid of the Mongolian catalogue, checked '
                             'against it before it is kept',
    'CallClip.key': 'a piece of the Mongolian call, checked against the '
                    'hall\'s pieces before it is kept',
    'CallClip.content_type': 'set by the product from the file\'s extension',
    'CallClip.digest': 'the SHA-256 of the recording, made by the product',
    'ApiClient.webhook_secret': 'a random signing key the product makes',
    'OutboxMessage.key': 'an idempotency key the product makes from the event',
    'OutboxMessage.stream': 'made by the product from a case or ticket id',
    'OutboxMessage.claimed_by': 'the host name and process id of the sender',
    'OutboxMessage.payload': 'JSON the product writes from the event',
    'OutboxMessage.recipient': 'a validated phone number, shown masked',
    'ServiceRequest.id_number': 'validated: an ID number or credit code with '
                                'its check digit (validators.py)',
    'ServiceRequest.nationality': 'validated: an ISO 3166 alpha-3 country '
                                  'code (validators.py)',
    'ServiceRequest.phone': 'validated: a mobile number (validators.py)',
    'ServiceRequest.code_hash': 'a hash',
    'RequestStep.action': 'an action code',
}
# Fields that are parts of addresses (/book/<hall>/<item>/, /display/<hall>):
# their text has no "/", or no address could name the record.
IN_ADDRESSES = {'Hall.code', 'Item.code'}
# Fields kept as JSON: the hostile text goes into a value.
AS_JSON = {'AuditLog.before', 'AuditLog.after', 'AuditLog.reason',
           'CitySettings.sms_templates'}
# ... under this key rather than "name", where only known keys are read.
JSON_KEYS = {'CitySettings.sms_templates': 'ticket_called'}
# The facts of a case event (JSON): the hostile text in every fact a page
# tells, whichever the event's action.
AS_FACTS = {'CaseEvent.params', 'RequestStep.params'}
FACT_NAMES = ('service_form', 'green_reason', 'green_contact', 'rating',
              'from_agent', 'to_agent', 'agent_a', 'agent_b', 'from_hall',
              'to_hall', 'departments', 'materials', 'from', 'to',
              'from_party', 'to_party', 'department', 'day', 'coordinator',
              'members', 'refer_to', 'case', 'called_at')
# Fields written but shown on no page, and why.
NOT_SHOWN = {
    'CaseFlow.note': 'kept with the department\'s dates; no page shows it',
    'Handover.note': 'kept with the handover; the printed record shows its lines',
    'TicketEvent.note': 'the reason of a transfer, kept; no page shows it',
    # Search keys made from the name (portal/base.py `internal`).
    'Bundle.initials': 'a search key made from the name; no page shows it',
    'Bundle.pinyin': 'a search key made from the name; no page shows it',
    'Item.initials': 'a search key made from the name; no page shows it',
    'Item.pinyin': 'a search key made from the name; no page shows it',
    'Item.alias_keys': 'search keys made from the aliases; no page shows it',
}

KIOSK_HALL = 'QL-YX'  # the demo county hall, whose kiosk is walked
TAG = re.compile(r'\[f(\d+):(\d+)\]')
PUBLIC_LIMIT = (10 ** 6, 60)


def text_fields():
    """Every CharField and TextField of every model, in a fixed order."""
    return [(model, field) for model in models.MODELS
            for field in model._meta.sorted_fields
            if isinstance(field, (peewee.CharField, peewee.TextField))]


def name(model, field):
    return '%s.%s' % (model.__name__, field.name)


def hostile_text(budget, in_address=False):
    """The pieces that fit in `budget` characters (always some markup), the
    javascript: link first."""
    chosen = []
    for piece in PIECES:
        if not (in_address and '/' in piece) and \
                len(' '.join(chosen + [piece])) <= budget:
            chosen.append(piece)
    if BREAKER not in chosen:
        chosen = [SHORT_BREAKER] + chosen
        while len(' '.join(chosen)) > budget:
            chosen.pop()
    chosen.sort(key=lambda piece: piece != JAVASCRIPT)
    return ' '.join(chosen)


def poison():
    """Write hostile text into every free-text field of every row; returns
    {field index: (name, rows written)} and {name: why skipped}."""
    written, skipped = {}, {}
    for index, (model, field) in enumerate(text_fields()):
        label = name(model, field)
        if field.choices or label in SKIPPED:
            skipped[label] = 'choices' if field.choices else SKIPPED[label]
            continue
        key = model._meta.primary_key
        biggest = model.select(peewee.fn.MAX(key)).scalar() or 0
        tag = '[f%d:' % index
        length = getattr(field, 'max_length', None) or 10 ** 4  # TextField
        budget = length - len(tag) - len(str(biggest)) - 1
        assert budget >= len(SHORT_BREAKER), 'list %s in SKIPPED' % label
        text = hostile_text(budget, label in IN_ADDRESSES) + tag
        head, tail = text, ']'
        if label in AS_JSON:
            head, tail = ('{%s: ' % json.dumps(JSON_KEYS.get(label, 'name'))
                          + json.dumps(text)[:-1]), ']"}'
        value = peewee.Value(head).concat(peewee.Cast(key, 'TEXT')).concat(tail)
        if label in AS_FACTS:
            value = peewee.Value('{')
            for number, fact in enumerate(FACT_NAMES):
                value = (value.concat('%s%s: %s' % (', ' if number else '',
                                                     json.dumps(fact),
                                                     json.dumps(text)[:-1]))
                         .concat(peewee.Cast(key, 'TEXT')).concat(']"'))
            value = value.concat('}')
        try:
            with models.db.atomic():
                rows = model.update({field: value}).execute()
        except peewee.DatabaseError as error:  # refused: it never reaches a page
            skipped[label] = 'refused by the database: %s' % error
            continue
        written[index] = (label, rows)
    return written, skipped


# --- The demo city, with every kind of record, then poisoned -----------------

def sign_in(client, username, password='bangban-demo'):
    response = client.post('/portal/login', data={
        'username': username, 'password': password})
    assert response.status_code == 302, username


def fill_empty_models(hall, staff, agent_user):
    """Rows for the models the demo leaves empty, made as the product makes
    them (a holiday, an item template, audit entries, tickets called and
    transferred at a desk, an appointment: its code is returned), a closed
    follow-up, and breaches of the staffing rules."""
    models.Holiday.create(hall=hall, day=datetime.date(2031, 10, 8),
                          kind='off', note='holiday note')
    city = ([hall] + hall.ancestors())[-1]
    notice = models.HolidayNotice.create(city=city, year=models.today().year + 1,
                                         reference='reference', entered_by=staff)
    year = notice.year
    models.NoticeDay.create(notice=notice, kind='off', name='holiday',
                            first_day=datetime.date(year, 1, 1),
                            last_day=datetime.date(year, 1, 1))
    models.JobRun.create(job='overdue', period='2000-01-01', status='failed',
                         error='error')  # shown to the city on the jobs page
    models.ItemTemplate.create(item=models.Item.select().first(), title='申请书',
                               filename='a.docx', content_type='application/msword',
                               data=b'')
    models.AuditLog.record(staff, 'update', 'Hall', hall.id, hall=hall,
                           before={'name': 'a'}, after={'name': 'b'})
    models.MongolianPhrase.create(  # a bilingual hall's own wording
        hall=models.Hall.get(models.Hall.bilingual_mongolian == True),  # noqa: E712
        msgid='Now calling', text='ᠳᠠᠭᠤᠳᠠᠵᠤ')
    models.CallClip.create(  # a piece of its recorded Mongolian call
        hall=models.Hall.get(models.Hall.bilingual_mongolian == True),  # noqa: E712
        key='opening', filename='opening.wav', content_type='audio/wav',
        digest='0' * 64, data=b'RIFF\0\0\0\0WAVE')
    window = models.Window.at_desk_of(agent_user).first()
    cases = (models.Case.select()
             .where(models.Case.hall == window.hall_id,
                    models.Case.registered_at.is_null(False))
             .order_by(models.Case.id).limit(3))
    for case in cases:
        models.Ticket.issue(window, case=case)
    other = (models.Window.select()
             .where(models.Window.hall == window.hall_id,
                    models.Window.id != window.id, models.Window.is_open == True)  # noqa: E712
             .first())
    models.Ticket.call_next(window, agent_user).transfer(other, 'reason', agent_user)
    models.Ticket.call_next(window, agent_user)
    task = models.FollowUp.select().order_by(models.FollowUp.id).first()
    task.record_callback(agent_user, 'caller', models.now(), 'reached', 'said')
    task.record_rectification(agent_user, 'outcome')
    task.verify(staff, 'confirmed', 'confirmed')
    supervise(hall, staff)
    models.ApiClient.issue(staff, 'client', [hall.id])
    models.CitySettings.of(city.id).set_sms_texts(  # the city's own SMS text
        {'ticket_called': '[{hall}] {ticket} {window}'}, staff)
    request_for_help(hall, agent_user)
    await_a_material(hall)
    break_staffing_rules(hall)
    return page_walk.book_an_appointment(hall)


def request_for_help(hall, agent_user):
    """线上帮办: a request declined with a referral (its reason, the unit
    and a call's note on its steps), and one still waiting."""
    for seed in (1, 2):
        found, _code = models.ServiceRequest.receive(
            hall, 'hotline', 'name', 'resident_id',
            validators.generate_resident_id(random.Random(seed)),
            '13800138000', matter='matter', notes='notes')
    found.accept(agent_user)
    found.record_call(agent_user, models.now(), 'reached', 'note')
    found.decline(agent_user, 'reason', 'unit')


def supervise(hall, staff):
    """A sample of last month with a case found short and corrected, and
    one not yet reviewed; a complaint answered and one open."""
    month = (models.today().replace(day=1)
             - datetime.timedelta(days=1)).strftime('%Y-%m')
    draw = models.SampleDraw.draw(hall, month, 100, staff, seed='seed')
    review = draw.reviews.order_by(models.SampleReview.id).first()
    review.review(staff, 'minor', 'found', 'task', 5)
    review.close_task(staff, 'corrected')
    case = hall.cases.where(models.Case.agent.is_null(False)).first()
    for channel in ('hotline', 'writing'):
        complaint = models.Complaint.take(hall, staff, channel, 'complainant',
                                          'content', case=case,
                                          contact='13800138000')
    complaint.answer_with(staff, 'upheld', 'answer')


def await_a_material(hall):
    """A case of the kiosk's hall waiting for a required material (the
    kiosk's 补正 page), whatever the demo's history holds on the day."""
    material = (models.ItemMaterial.select()
                .where(models.ItemMaterial.required == True)  # noqa: E712
                .order_by(models.ItemMaterial.id).first())
    applicant = hall.cases.order_by(models.Case.id).first().applicant
    case, _code = models.Case.open(hall, applicant,
                                   material.item.service_forms[0], 'kiosk',
                                   item=material.item)
    assert case.screen([], [])
    case.request_materials()


def break_staffing_rules(hall):
    """Records whose names the staffing check shows: a kiosk nobody is on
    duty at, a post without B, a comprehensive window without part-time
    agents, a stationed department without a liaison."""
    agent = hall.agents.order_by(models.Agent.id).first()
    models.Kiosk.create(hall=hall, name='kiosk')
    models.Post.create(hall=hall, name='post', agent_a=agent)
    models.Window.create(hall=hall, number=99, name='window',
                         kind='comprehensive', prefix='Z')
    department = models.Department.create(code='UNLIAISED', name='department')
    models.HallDepartment.create(hall=hall, department=department)
    assert {'kiosk_duty', 'ab_post', 'window_part_time', 'liaison'} <= {
        breach.rule for breach in hall.staffing_breaches()}


class Demo:
    """The poisoned demo city, its visitors, and the walk's results."""

    def __init__(self, app):
        self.app = app
        staff = models.User.get(models.User.username == 'demo-city')
        agent = models.User.get(models.User.username == 'demo-agent')
        self.clients = {who: app.test_client() for who in
                        ('anonymous', 'staff', 'agent', 'terminal', 'helper')}
        sign_in(self.clients['staff'], 'demo-city')
        sign_in(self.clients['agent'], 'demo-agent')
        hall = models.Hall.get(models.Hall.code == KIOSK_HALL)
        kiosk = hall.kiosks.order_by(models.Kiosk.id).first()
        token = kiosk.issue_token()
        for who in ('terminal', 'helper'):
            self.clients[who].post('/kiosk/bind', data={
                'username': 'demo-manager', 'password': 'bangban-demo',
                'token': token})
        response = self.clients['helper'].post('/kiosk/signin/pin', data={
            'username': 'demo-helper', 'pin': '2468'})
        assert response.headers['Location'].endswith('/kiosk/desk')
        appointment = fill_empty_models(hall, staff, agent)
        self.written, self.skipped = poison()
        receipts = {}
        hall = models.Hall.get_by_id(hall.id)
        for case in page_walk.sample_cases(hall):
            receipts[case.id] = case.issue_receipt()
        self.samples = page_walk.Samples(
            hall, receipts, [appointment],
            models.User.get_by_id(agent.id))
        with self.clients['helper'].session_transaction() as session:
            state = dict(session['kiosk'])
            state.update(cases=[c.id for c in self.samples.kiosk_cases],
                         receipts={str(k): v for k, v in receipts.items()},
                         applicant=self.samples.kiosk_cases[0].applicant_id,
                         # scanned, its document not yet checked
                         appointment=models.Appointment.by_code(appointment).id)
            session['kiosk'] = state
        self.pages = page_walk.pages(app, self.samples,
                                     models.User.get_by_id(staff.id))
        self.pages[:0] = self.flashing_pages(agent)
        self.results = [(page, self.open(page)) for page in self.pages]

    def flashing_pages(self, agent):
        """Actions whose message names a record (a post), then the page
        that shows the message."""
        agent_record = models.Agent.get(models.Agent.user == agent.id)
        post = (models.Post.select()
                .where((models.Post.agent_a == agent_record) |
                       (models.Post.agent_b == agent_record))
                .order_by(models.Post.id).first())
        return [page_walk.Page('agent', 'desk.away', '/portal/desk/away', 'POST',
                               {'post': post.id, 'away': away})
                for away in ('1', '0')]

    def open(self, page):
        client = self.clients[page.visitor]
        if page.method == 'POST':
            return client.post(page.url, data=page.data, follow_redirects=True)
        return client.get(page.url)


@pytest.fixture(scope='module')
def demo(make_app):
    app = make_app('demo', PUBLIC_RATE_LIMIT=PUBLIC_LIMIT,
                   KIOSK_IDLE_SECONDS=24 * 3600)
    yield Demo(app)


# --- Reading a page as a browser would ---------------------------------------

URL_ATTRIBUTES = ('href', 'src', 'action', 'formaction', 'xlink:href', 'data')
# Flask-Admin's menu links; static/js/portal.js keeps them from navigating.
ADMIN_PLACEHOLDER = 'javascript:void(0)'


class Scanner(HTMLParser):
    """What in a page would run: event handlers, scripts, script links,
    and the elements the hostile text makes if it arrives as markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.script = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for attribute, value in attrs:
            if attribute.startswith('on'):
                self.found.append('<%s %s=%r>' % (tag, attribute, value))
            if (attribute in URL_ATTRIBUTES and value != ADMIN_PLACEHOLDER
                    and (value or '').strip().lower().startswith('javascript:')):
                self.found.append('<%s %s=%r>' % (tag, attribute, value))
        if tag == 'img' and values.get('src') == 'x':
            self.found.append('<img src=x>')
        if tag == 'script':
            if 'src' not in values and 'nonce' not in values:
                self.found.append('<script> without src or nonce')
            self.script = ''

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.script is not None:
            self.script += data

    def handle_endtag(self, tag):
        if tag == 'script' and self.script is not None:
            if 'alert(' in self.script:
                self.found.append('<script>%s</script>' % self.script[:60])
            self.script = None


def markup_in(body):
    """Markup from the hostile text, or any script, in an HTML page."""
    parser = Scanner()
    parser.feed(body)
    parser.close()
    found = parser.found
    if 'T49T' in body:
        found.append('T{{7*7}}T was rendered as a template')
    return found


def escaped_twice_in(value):
    """Strings of a JSON answer that arrive HTML-escaped (shown as "&lt;")."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in escaped_twice_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in escaped_twice_in(v)]
    if isinstance(value, str) and TAG.search(value) and re.search(
            r'&(lt|gt|amp|#34|#39|quot);', value):
        return [value]
    return []


# --- The tests ----------------------------------------------------------------

def test_every_free_text_field_is_written_or_skipped_with_a_reason(demo):
    written = {label for label, _rows in demo.written.values()}
    for model, field in text_fields():
        label = name(model, field)
        assert (label in written) != (label in demo.skipped), label
    assert set(SKIPPED) <= set(demo.skipped), 'SKIPPED names a field that is gone'
    empty = sorted(label for label, rows in demo.written.values() if not rows)
    assert empty == [], 'make rows for these in fill_empty_models: %s' % empty


def test_no_page_shows_the_hostile_text_as_markup(demo):
    problems = []
    for page, response in demo.results:
        where = '%s %s (%s)' % (page.method, page.url, page.visitor)
        if response.status_code >= 500 or response.status_code in (400, 403, 429):
            problems.append('%s: HTTP %d' % (where, response.status_code))
            continue
        if response.status_code != 200:
            continue
        body = response.get_data(as_text=True)
        if response.mimetype == 'application/json':
            problems += ['%s: HTML-escaped text in JSON: %r' % (where, s[:80])
                         for s in escaped_twice_in(json.loads(body))]
        else:
            assert response.mimetype == 'text/html', where
            problems += ['%s: %s' % (where, found) for found in markup_in(body)]
    assert problems == [], '\n'.join(problems)


def test_every_page_of_the_walk_opens(demo):
    """A walk that meets only redirects and 404s would prove nothing."""
    opened = {page.endpoint for page, response in demo.results
              if response.status_code == 200}
    assert sorted({page.endpoint for page in demo.pages} - opened) == []


def test_every_written_field_reaches_a_page(demo):
    """The walk shows each hostile field somewhere (else its page is not
    walked, or the record is not in a state that shows it)."""
    seen = set()
    for _page, response in demo.results:
        if response.status_code == 200:
            seen.update(int(index) for index, _row in
                        TAG.findall(response.get_data(as_text=True)))
    never = sorted(label for index, (label, _rows) in demo.written.items()
                   if index not in seen and label not in NOT_SHOWN)
    assert never == [], "walk a page that shows them, or list them in NOT_SHOWN: %s" % never
    shown_anyway = sorted(label for index, (label, _rows) in demo.written.items()
                          if index in seen and label in NOT_SHOWN)
    assert shown_anyway == [], 'these are shown now: remove them from NOT_SHOWN'


def test_the_scanner_finds_what_it_looks_for():
    """The checks above fail on any piece that arrives as markup, in text,
    in a quoted or unquoted attribute, or as a link; and on nothing escaped."""
    from markupsafe import escape
    contexts = {'<p>%s</p>': PIECES[:2], '<input value="%s">': [BREAKER],
                "<a title='%s'>x</a>": [BREAKER, SHORT_BREAKER],
                '<td data-x=%s>': [PIECES[3]], '<a href="%s">x</a>': [PIECES[2]]}
    for page, pieces in contexts.items():
        for piece in pieces:
            assert markup_in(page % piece), (page, piece)
            # Escaping cannot save an attribute written without quotes, or
            # a link made of what a user typed: those pages are wrong.
            assert bool(markup_in(page % escape(piece))) == (
                page in ('<td data-x=%s>', '<a href="%s">x</a>'))
    assert markup_in('<p>T49T</p>')
    assert markup_in('<p>%s</p>' % escape(hostile_text(10 ** 4))) == []
    assert markup_in('<script>x()</script>') and markup_in('<b onclick="x">')
