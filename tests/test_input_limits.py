"""Input limits and malformed input: every text field has a maximum length,
the same on SQLite and PostgreSQL; control characters and NUL are refused;
a choice field keeps only its choices; and no input of any size or byte
content gives a 500. Each refusal says why in the user's language and
stores nothing.

Two layers: the models check every value written (models.check_value, by
save() and by bulk queries alike); and every request carrying a NUL or a
value far longer than any field is refused before a view reads it
(web.refuse_malformed_input)."""
import datetime
import html
import io
import random
from html.parser import HTMLParser

import pytest
from werkzeug.routing import IntegerConverter
from flask import g
from openpyxl import Workbook
from werkzeug.datastructures import MultiDict

import models
import validators
import web
from flows import english

HUGE = 'x' * 100_000
NAME_LIMIT = models.Applicant.name.max_length


def text(response):
    """A page's text as the user reads it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def stored():
    """What a refused form must leave as it was."""
    return tuple(model.select().count() for model in (
        models.Applicant, models.Case, models.CaseEvent, models.Appointment))


def resident_id(seed):
    return validators.generate_resident_id(random.Random(seed), region='150402')


# What each kind of bad value is answered with, in English. A value far
# longer than any field, or a NUL, is refused before the view (400); the
# rest by the field that would keep it, which the message names.
REFUSED = 'far too long or holds a character that cannot be kept'
BAD_NAMES = {
    'huge': (HUGE, REFUSED),
    'nul': ('测试\x00甲', REFUSED),
    'one-too-many': ('测' * (NAME_LIMIT + 1),
                     '"Name" may have at most %d characters.' % NAME_LIMIT),
    'control': ('测试\x1b[31m甲', '"Name" holds a control character'),
    'newline': ('测试\n甲', '"Name" holds a control character'),
    'surrogate': None,  # only JSON can carry one: see the JSON test
}
CASES = [name for name, bad in BAD_NAMES.items() if bad]


def assert_refused(response, message, before):
    assert response.status_code != 500
    assert response.status_code in (200, 400)
    assert message in text(response)
    assert stored() == before


# --- The three forms of the issue --------------------------------------------

@pytest.mark.parametrize('case', CASES)
def test_kiosk_applicant_form(helper, case):  # noqa: F811
    value, message = BAD_NAMES[case]
    before = stored()
    response = helper.post('/kiosk/applicant', data={
        'id_type': 'resident_id', 'id_number': resident_id(1),
        'name': value, 'phone': '13900006001'})
    assert_refused(response, message, before)


def test_kiosk_applicant_other_fields(helper):  # noqa: F811
    before = stored()
    for field, value, message in (
            ('contact_name', 'x' * 61, '"Contact person" may have at most 60'),
            ('contact_name', 'a\tb', '"Contact person" holds a control character'),
            ('phone', '139\x0000006001', REFUSED)):
        response = helper.post('/kiosk/applicant', data={
            'id_type': 'resident_id', 'id_number': resident_id(2),
            'name': '测试乙', 'phone': '13900006001', field: value})
        assert_refused(response, message, before)


def test_a_tampered_applicant_kind_is_not_stored(helper):  # noqa: F811
    before = stored()
    response = helper.post('/kiosk/applicant', data={
        'kind': '<b>bogus</b>', 'id_number': resident_id(3), 'name': '测试丙'})
    assert response.status_code != 500
    assert '<b>bogus</b>' not in response.get_data(as_text=True)
    assert stored() == before
    assert not models.Applicant.select().where(
        models.Applicant.kind == '<b>bogus</b>').exists()


def _new_case(client, **change):
    item = models.Item.get(models.Item.code == 'RSJ-001')
    data = {'id_type': 'resident_id', 'id_number': resident_id(4),
            'name': '测试丁', 'phone': '', 'subject': 'item:%d' % item.id,
            'service_form': 'proxy'}
    data.update(change)
    return client.post('/portal/cases/new', data=data)


@pytest.mark.parametrize('case', CASES)
def test_portal_case_creation(demo_client, agent, case):  # noqa: F811
    value, message = BAD_NAMES[case]
    before = stored()
    assert_refused(_new_case(demo_client, name=value), message, before)


def test_portal_case_creation_refuses_a_long_note_and_keeps_no_applicant(
        demo_client, agent):  # noqa: F811
    before = stored()
    limit = models.TEXT_MAX_LENGTH
    response = _new_case(demo_client, note='x' * (limit + 1))
    # The applicant's file is valid; it is still not kept when the case
    # it was made for is refused.
    assert_refused(response, 'may have at most %d characters' % limit, before)
    response = _new_case(demo_client, green='on', green_reason='r' * 101,
                         green_contact='测试')
    assert_refused(response, '"Reason for the green channel" may have at most 100',
                   before)
    # Several lines are fine in a note, but not a control character.
    response = _new_case(demo_client, note='a\x07b')
    assert_refused(response, 'holds a control character', before)
    response = _new_case(demo_client, service_form='<b>bogus</b>')
    assert response.status_code != 500 and stored() == before


BOOK_HALL, BOOK_ITEM = 'QL-YX', 'RSJ-003'


def _book(client, **change):
    hall = models.Hall.get(models.Hall.code == BOOK_HALL)
    day = models.today() + datetime.timedelta(days=1)
    while not hall.is_workday(day):
        day += datetime.timedelta(days=1)
    data = {'id_number': resident_id(5), 'name': '测试戊',
            'phone': '13900007001', 'slot': '%s:am' % day.isoformat()}
    data.update(change)
    return client.post('/book/%s/%s/' % (BOOK_HALL, BOOK_ITEM), data=data)


@pytest.mark.parametrize('case', CASES)
def test_anonymous_booking(demo_client, case):
    value, message = BAD_NAMES[case]
    english(demo_client)
    before = stored()
    assert_refused(_book(demo_client, name=value), message, before)


def test_booking_is_accepted_with_a_valid_name(demo_client):
    """The refusals above are about the values, not the form."""
    before = stored()
    assert _book(demo_client).status_code == 303
    assert stored() != before


def test_messages_in_chinese(demo_client):
    """The user's language: Chinese unless chosen otherwise."""
    before = stored()
    response = _book(demo_client, name='测' * (NAME_LIMIT + 1))
    assert_refused(response, '“名称”最多 %d 个字符。' % NAME_LIMIT, before)
    response = _book(demo_client, name='测试\x01')
    assert_refused(response, '“名称”含有无法保存的控制字符', before)
    response = _book(demo_client, name='测试\x00')
    assert response.status_code == 400
    assert_refused(response, '提交的内容过长，或含有无法保存的字符', before)


# --- Any request, anywhere -----------------------------------------------------

def _urls(app):
    """One address per route of the app, its arguments filled in."""
    for rule in app.url_map.iter_rules():
        values = {name: 1 if isinstance(conv, IntegerConverter) else 'x'
                  for name, conv in rule._converters.items()}
        yield rule, rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize('bad', ['nul', 'huge', 'path'])
def test_every_address_refuses_a_malformed_request(demo_app, bad):
    """Whatever page or endpoint it is sent to, signed in or not, a NUL or
    an oversized value is refused with the branded page, not read."""
    client = demo_app.test_client()
    english(client)
    value = HUGE if bad == 'huge' else 'a\x00b'
    for rule, url in _urls(demo_app):
        if bad == 'path':
            url = url.rstrip('/') + '/%00'
        for method in sorted(rule.methods - {'HEAD', 'OPTIONS'}):
            if bad == 'path':
                response = client.open(url, method=method)
            elif method == 'GET':
                response = client.get(url, query_string={'q': value})
            else:
                response = client.open(url, method=method, data={'name': value})
            assert response.status_code == 400, (method, url)
            if url.startswith('/api/'):  # the API's problem document
                assert response.mimetype == 'application/problem+json', url
                assert response.get_json(force=True)['code'] == 'invalid_parameter'
            else:
                assert REFUSED in text(response), (method, url)


def test_a_json_body_with_nul_or_a_lone_surrogate_is_refused(demo_client):
    english(demo_client)
    for body in ('{"name": "a\\u0000b"}', '{"name": "a\\ud800b"}',
                 '{"a\\u0000": 1}', '[["%s"]]' % HUGE):
        response = demo_client.post('/kiosk/scan', data=body,
                                    content_type='application/json')
        assert response.status_code == 400
        assert REFUSED in text(response)


def test_a_huge_body_gets_the_branded_413(demo_client):
    english(demo_client)
    response = demo_client.post('/book/', data={
        'file': (io.BytesIO(b'x' * (6 * 1024 * 1024)), 'big.xlsx')})
    assert response.status_code == 413
    assert 'Nothing was changed' in text(response)


# --- The models: every text field, every choice field ---------------------------

def _text_fields():
    for model in models.MODELS:
        for field in model._meta.sorted_fields:
            if models.max_length(field) is not None:
                yield field


def test_every_text_field_has_a_limit_checked_on_every_write(app):
    """By introspection, so a new field is covered: insert, update,
    insert_many and save all refuse what the field cannot keep."""
    fields = list(_text_fields())
    assert len(fields) > 50
    for field in fields:
        model, limit = field.model, models.max_length(field)
        bad_values = ['x' * (limit + 1), 'a\x00b', 'a\x01b', 'a\x7fb', 'a\ud800b']
        if isinstance(field, models.CharField):
            bad_values += ['a\nb', 'a\tb']
        for bad in bad_values:
            for write in (lambda: model.insert({field: bad}),
                          lambda: model.insert(**{field.name: bad}),
                          lambda: model.update({field: bad}),
                          lambda: model.insert_many([{field.name: bad}]),
                          lambda: model.insert_many([(bad,)], fields=[field])):
                with pytest.raises(models.FieldError) as refused:
                    write()
                assert refused.value.field is field
        if not field.choices:
            model.check_values({field: 'x' * limit})  # the limit itself is fine
    models.Case.check_values({'refusal_reason': 'line one\r\n\tline two'})


def test_every_choice_field_keeps_only_its_choices(app):
    fields = [field for model in models.MODELS
              for field in model._meta.sorted_fields if field.choices]
    assert len(fields) > 15
    for field in fields:
        for choice, _label in field.choices:
            field.model.check_values({field: choice})
        for bad in ('<b>bogus</b>', 'bogus', 999):
            with pytest.raises(models.FieldError):
                field.model.check_values({field: bad})
            with pytest.raises(models.FieldError):
                field.model.update({field: bad})


def test_save_refuses_and_writes_nothing(app):
    with app.test_request_context():
        hall = models.Hall(code='T1', name='x' * 101, level='city')
        with pytest.raises(models.FieldError) as refused:
            hall.save()
        assert str(refused.value) == '“名称”最多 100 个字符。'
        hall.name, hall.level = '测试', '<b>bogus</b>'
        with pytest.raises(models.FieldError):
            hall.save()
        assert models.Hall.select().count() == 0
        hall.level = 'city'
        hall.save()
        hall.address = 'line\nbreak'
        with pytest.raises(models.FieldError):
            hall.save()
        assert models.Hall.get_by_id(hall.id).address == ''


def test_limits_are_the_same_on_every_database(app):
    """What fits is decided by the model, before the database sees it: the
    longest value a field takes is kept whole, on SQLite as on PostgreSQL."""
    with app.test_request_context():
        hall = models.Hall.create(code='T2', name='测' * 100, level='city',
                                  address='址' * 200)
        assert models.Hall.get_by_id(hall.id).name == '测' * 100
        assert web.MAX_VALUE_LENGTH > models.TEXT_MAX_LENGTH


# --- Forms and imports --------------------------------------------------------

def test_portal_forms_show_the_limits(demo_client, auth):
    auth.login()
    page = demo_client.get('/portal/windows/new/').get_data(as_text=True)
    assert 'maxlength="60"' in page  # Window.name


def _workbook(rows):
    from portal.cases.applicant_import import COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def test_applicant_import_refuses_control_characters_and_too_many_rows(
        demo_client, auth):
    from portal import excel
    auth.login()
    demo_client.post('/lang/en')
    before = stored()
    upload = _workbook([[1, '身份证', resident_id(6), '', '测试\t己', '', '', '']])
    response = demo_client.post('/portal/applicants/import', data={
        'file': (upload, 'list.xlsx')})
    assert response.status_code == 400
    assert 'holds a control character' in text(response)
    assert stored() == before
    rows = [[n, '身份证', resident_id(1000 + n), '', '测试', '', '', '']
            for n in range(excel.MAX_ROWS + 1)]
    response = demo_client.post('/portal/applicants/import', data={
        'file': (_workbook(rows), 'list.xlsx')})
    assert response.status_code == 400
    assert 'At most %d rows' % excel.MAX_ROWS in text(response)
    assert stored() == before


def test_an_import_that_unpacks_too_large_is_refused(monkeypatch):
    from portal import excel
    monkeypatch.setattr(excel, 'MAX_UNPACKED', 1000)
    with pytest.raises(ValueError):
        excel.read_rows(_workbook([['x' * 2000]]), ['序号'])


# --- Every portal form, every text field ---------------------------------------

class FormValues(HTMLParser):
    """The values a browser would send from a page's record form."""

    def __init__(self):
        super().__init__()
        self.values, self.texts, self._textarea, self._select = [], {}, None, None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'form' and 'admin-form' in (attrs.get('class') or ''):
            self._in_form = True
        if not self._in_form or not attrs.get('name'):
            return
        name = attrs['name']
        if tag == 'input' and attrs.get('type') in ('checkbox', 'radio'):
            if 'checked' in attrs:
                self.values.append((name, attrs.get('value', 'y')))
        elif tag == 'input' and attrs.get('type') not in ('submit', 'button', 'file'):
            self.values.append((name, attrs.get('value') or ''))
            if attrs.get('type', 'text') == 'text':
                self.texts[name] = attrs.get('maxlength')
        elif tag == 'textarea':
            self._textarea = name
            self.values.append((name, ''))
            self.texts[name] = attrs.get('maxlength')
        elif tag == 'select':
            self._select = name
        elif tag == 'option' and self._select and 'selected' in attrs:
            self.values.append((self._select, attrs.get('value', '')))

    def handle_endtag(self, tag):
        if tag == 'form':
            self._in_form = False
        elif tag == 'textarea':
            self._textarea = None
        elif tag == 'select':
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data)


def _edit_forms(app):
    """Every portal record form, on the first record of its kind."""
    city_admin = models.User.get(models.User.username == 'demo-city')
    for view in app.extensions['portal_admin']._views:
        with app.test_request_context():
            g.user = city_admin  # may edit every kind of record
            editable = getattr(view, 'model', None) and view.can_edit
        if editable:
            record = view.model.select().order_by(view.model.id).first()
            if record is not None:
                yield view, record


def changes():
    """How many changes the audit trail holds (refusals are not changes)."""
    return (models.AuditLog.select()
            .where(models.AuditLog.result == 'success')
            .count())


def test_every_portal_form_refuses_bad_text_in_every_field(demo_app):
    """Each text field of each record form is sent back, as filled in, with
    one character too many, a control character, a NUL or 100,000
    characters: the record is unchanged and the page says why."""
    client = demo_app.test_client()
    client.post('/portal/login', data={'username': 'demo-city',
                                       'password': 'bangban-demo'})
    english(client)
    walked = 0
    for view, record in _edit_forms(demo_app):
        url = '%s/edit/?id=%d' % (view.url, record.id)
        page = client.get(url)
        assert page.status_code == 200, url
        form = FormValues()
        form.feed(page.get_data(as_text=True))
        for name in form.texts:
            field = view.model._meta.fields.get(name)
            limit = models.max_length(field) if field is not None else None
            if limit is None:
                continue
            # The form's own Length check (WTForms' words) or the model's.
            too_long = ('longer than %d characters' % limit,
                        'at most %d characters' % limit)
            for bad, messages in (('x' * (limit + 1), too_long),
                                  ('\x01b'[:limit], ('control character',)),
                                  ('a\x00b', (REFUSED,)), (HUGE, (REFUSED,))):
                before = changes()
                data = [(n, bad if n == name else v) for n, v in form.values]
                response = client.post(url, data=MultiDict(data))
                assert response.status_code in (200, 400), (url, name)
                page = text(response)
                # A field with a rule of its own (a phone number) may say so
                # instead; either way the form says what is wrong.
                assert any(m in page for m in messages) or (
                    messages[0] != REFUSED and ('is-invalid' in page
                                                or 'alert-danger' in page)), (
                    url, name, bad[:10])
                assert getattr(view.model.get_by_id(record.id), name) == \
                    getattr(record, name), (url, name)
                # A refusal is recorded as one (audit trail); no change is.
                assert changes() == before
                walked += 1
    assert walked > 60
