"""The audit trail as a supervision record: who, when, what, with what
result; actors that survive; one entry per change; retention and archive;
one read-only view merging case history and audit entries."""
import datetime
import io
import json

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from peewee import IntegrityError, SqliteDatabase

import models
from app import create_app
from portal.excel import CATALOGUE_COLUMNS

from seeds.factories import hall, open_case, registered_case, user


def sign_in(auth, username):
    auth.logout()
    auth.login(username)


def refusals(**where):
    query = models.AuditLog.select().where(models.AuditLog.result == 'refused')
    for name, value in where.items():
        query = query.where(getattr(models.AuditLog, name) == value)
    return list(query.order_by(models.AuditLog.id))


def trail(client, **args):
    response = client.get('/portal/audit/', query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- refusals ------------------------------------------------------------------

def test_a_refused_case_action_is_recorded_once_with_its_reason(auth, demo_app,
                                                                 demo_client):
    auth.login('demo-agent')
    agent = models.User.get(models.User.username == 'demo-agent')
    case = registered_case()
    demo_client.post('/portal/cases/%d/do/archive' % case.id)
    [entry] = refusals(model='Case')
    assert (entry.action, entry.record_id, entry.user_id, entry.hall_id) == (
        'archive', str(case.id), agent.id, case.hall_id)
    # Kept untranslated, said in the reader's language.
    assert json.loads(entry.reason)['msgid'].startswith('A case that is')
    with demo_app.app_context():
        with force_locale('en'):
            assert 'cannot be archived' in entry.reason_text
        assert '归档' in entry.reason_text
    # A refusal decided by the view (no agent chosen) is recorded as well.
    demo_client.post('/portal/cases/%d/do/reassign' % case.id, data={'agent': ''})
    assert [e.action for e in refusals(model='Case')] == ['archive', 'reassign']
    # The case's own history has no refused event: nothing happened.
    assert 'archive' not in [e.action for e in models.CaseEvent.select().where(
        models.CaseEvent.case == case)]


def test_a_kiosk_refusal_is_recorded_by_the_domain_whoever_asks(demo_app):
    helper = user('audit-helper', 'helper', 'QL-YX')
    case = open_case()
    with pytest.raises(models.DomainError):
        case.refuse('', '', user=helper)  # the kiosk's refusal form, empty
    with pytest.raises(models.DomainError):
        case.choose_service('teleport', user=helper)
    entries = refusals(model='Case')
    assert [(e.action, e.user_id) for e in entries] == [
        ('refuse', helper.id), ('choose_service', helper.id)]
    assert all(e.reason for e in entries)


def test_a_page_refused_to_a_role_is_recorded(auth, demo_client):
    auth.login('demo-helper')
    assert demo_client.get('/portal/windows/').status_code == 403
    [entry] = refusals(action='access')
    assert entry.record_id == '/portal/windows/'
    assert entry.user.username == 'demo-helper'
    assert entry.hall_id == entry.user.hall_id
    # Whichever check refuses: here the view's own (only the city imports).
    sign_in(auth, 'demo-manager')
    assert demo_client.post('/portal/excel/import/').status_code == 403
    assert [e.record_id for e in refusals(action='access')] == [
        '/portal/windows/', '/portal/excel/import/']


def test_a_refused_configuration_save_is_recorded(auth, demo_client):
    auth.login('demo-manager')
    me = models.User.get(models.User.username == 'demo-manager')
    response = demo_client.post('/portal/users/edit/?id=%d' % me.id, data={
        'username': me.username, 'name': me.name, 'role': me.role,
        'hall': me.hall_id, 'password': ''})  # unticked: deactivate myself
    assert response.status_code == 200
    assert models.User.get_by_id(me.id).is_active
    [entry] = refusals(model='User')
    assert (entry.action, entry.record_id) == ('update', str(me.id))
    with force_locale('en'):
        assert 'deactivate' in entry.reason_text


# --- readable changes, one entry per change -----------------------------------

def test_the_same_rows_in_another_order_are_no_change(demo_app):
    """A page that re-creates a record's child rows (a window's departments)
    changed nothing when the same rows come back in another storage order:
    the audit's snapshot lists them in a fixed order, on any database."""
    from portal.audit import snapshot
    window = max(hall('QL-YX').windows, key=lambda w: w.department_links.count())
    departments = sorted(d.department_id for d in window.department_links)
    assert len(departments) >= 2
    snapshots = []
    for order in (departments, departments[::-1]):
        models.WindowDepartment.delete().where(
            models.WindowDepartment.window == window).execute()
        for department in order:
            models.WindowDepartment.create(window=window, department=department)
        snapshots.append(snapshot(window, ('department_links',)))
    assert snapshots[0] == snapshots[1]


def test_the_change_list_is_readable_in_the_readers_language(auth, demo_client):
    auth.login('demo-manager')
    window = hall('QL-YX').windows.first()
    demo_client.post('/portal/windows/edit/?id=%d' % window.id, data={
        'hall': window.hall_id, 'number': window.number, 'name': '新名字',
        'kind': window.kind, 'prefix': window.prefix, 'is_open': 'y',
        'minutes_per_ticket': window.minutes_per_ticket,
        'served_departments': [str(d.department_id) for d in window.department_links]})
    entry = models.AuditLog.get(models.AuditLog.action == 'update',
                                models.AuditLog.model == 'Window')
    assert [name for name, _b, _a in entry.changes()] == ["name"], entry.changes()
    url = '/portal/audit/details/?id=%d' % entry.id
    html = demo_client.get(url).get_data(as_text=True)
    assert '名称' in html and '新名字' in html and '{' not in html.split('audit-changes')[1]
    zh = trail(demo_client)
    assert '名称: %s → 新名字' % window.name in zh
    assert '审计记录' in zh and '操作人' in zh and '详细内容' in zh
    demo_client.post('/lang/en')
    assert 'Name: %s → 新名字' % window.name in trail(demo_client)
    html = trail(demo_client, result='refused')
    assert 'Audit trail' in html and 'Denied' in html and 'Particulars' in html


def _sheet(data):
    return [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def _book(rows):
    book = Workbook()
    book.active.append(['帮办代办事项清单'])
    book.active.append(CATALOGUE_COLUMNS)
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_an_import_that_changes_one_row_writes_one_entry(auth, demo_client):
    auth.login('demo-city')
    rows = _sheet(demo_client.get('/portal/excel/catalogue.xlsx?level=county').data)[2:]
    assert len(rows) > 3
    rows[1][8] = '只改这一行'
    before = models.AuditLog.select().count()
    response = demo_client.post('/portal/excel/import/', data={
        'level': 'county', 'file': (io.BytesIO(_book(rows)), 'list.xlsx')},
        content_type='multipart/form-data')
    assert response.status_code == 302
    new = list(models.AuditLog.select().order_by(models.AuditLog.id).offset(before))
    assert [(e.model, e.action) for e in new] == [('Item', 'update')]
    assert [name for name, _b, _a in new[0].changes()] == ['remarks']


def test_an_update_that_changes_nothing_is_no_entry(demo_app):
    assert models.AuditLog.record(None, 'update', 'Hall', 1, before={'a': 1},
                                  after={'a': 1}) is None
    assert models.AuditLog.select().count() == 0


# --- the actor survives ---------------------------------------------------------

def test_an_account_that_acted_is_deactivated_not_deleted(auth, demo_client):
    helper = user('audit-leaver', 'helper', 'QL-YX')
    case = open_case()
    case.request_materials(helper)
    auth.login('demo-manager')
    response = demo_client.post('/portal/users/delete/', data={'id': helper.id})
    assert response.status_code == 302
    assert models.User.get_or_none(models.User.id == helper.id) is not None
    assert refusals(model='User', action='delete')[0].record_id == str(helper.id)
    with pytest.raises(models.DomainError):
        helper.delete_instance()
    # The database refuses too, whatever path a deletion takes.
    with pytest.raises(IntegrityError):
        with models.db.atomic():
            models.User.delete().where(models.User.id == helper.id).execute()
    event = models.CaseEvent.get(models.CaseEvent.actor == helper.id)
    assert event.actor.username == 'audit-leaver'


@pytest.mark.parametrize('table', ['audit_log', 'evaluation', 'ticket_event',
                                   'case_material', 'handover', 'case_event'])
def test_every_reference_to_who_acted_restricts_deletion(demo_app, table):
    database = demo_app.extensions['database']
    fks = {fk.column: fk for fk in database.get_foreign_keys(table)
           if fk.dest_table == 'user'}
    assert fks, table
    if isinstance(database, SqliteDatabase):
        actions = {row[3]: row[6] for row in database.execute_sql(
            'PRAGMA foreign_key_list("%s")' % table).fetchall() if row[2] == 'user'}
    else:
        actions = dict(database.execute_sql(
            "SELECT kcu.column_name, rc.delete_rule FROM "
            "information_schema.referential_constraints rc JOIN "
            "information_schema.key_column_usage kcu ON "
            "kcu.constraint_name = rc.constraint_name AND "
            "kcu.constraint_schema = rc.constraint_schema "
            "WHERE kcu.table_name = %s", (table,)).fetchall())
    assert {actions[column] for column in fks} == {'RESTRICT'}, table


def test_an_account_that_never_acted_can_be_deleted(auth, demo_client):
    mistake = user('audit-typo', 'helper', 'QL-YX')
    auth.login('demo-manager')
    demo_client.post('/portal/users/delete/', data={'id': mistake.id})
    assert models.User.get_or_none(models.User.id == mistake.id) is None


# --- the view -------------------------------------------------------------------

def test_the_view_merges_case_history_and_audit_entries_by_hall(auth, demo_client):
    mine = registered_case()
    theirs = registered_case(hall_code='QL-SM', seed=2)
    models.AuditLog.refuse(None, 'update', 'Window', 1, 'x', hall=hall('QL-SM'))
    auth.login('demo-manager')
    html = trail(demo_client)
    assert mine.number in html and theirs.number not in html
    assert trail(demo_client, source='case').count('audit-audit') == 0
    refused = trail(demo_client, result='refused')
    assert mine.number not in refused
    sign_in(auth, 'demo-supervisor')
    assert mine.number in trail(demo_client)
    sign_in(auth, 'demo-city')
    html = trail(demo_client, hall=str(hall('QL-SM').id))
    assert theirs.number in html and mine.number not in html
    assert 'result-refused' in html


def test_the_view_filters_by_actor_date_and_kind(auth, demo_client):
    actor = user('audit-actor', 'agent', 'QL-YX')
    case = open_case()
    case.request_materials(actor)
    auth.login('demo-manager')
    html = trail(demo_client, actor=str(actor.id), kind='request_materials')
    assert html.count('audit-case') == 1 and case.number in html
    today = models.now().date()
    assert case.number in trail(demo_client, **{'from': today.isoformat(),
                                                'to': today.isoformat()})
    later = (today + datetime.timedelta(days=1)).isoformat()
    assert case.number not in trail(demo_client, **{'from': later})
    # Bad input: a message in the user's language, never a 500.
    demo_client.post('/lang/en')
    for args in ({'from': 'yesterday'}, {'hall': '99999'}, {'actor': 'x'},
                 {'page': '-1'}, {'kind': '<script>'}):
        html = trail(demo_client, **args)
        assert '<script>' not in html
    assert 'YYYY-MM-DD' in trail(demo_client, **{'from': 'yesterday'})


def test_a_page_costs_the_same_queries_whatever_its_rows(auth, demo_client,
                                                         monkeypatch):
    auth.login('demo-manager')
    database = models.db.obj
    executed = []
    original = database.execute_sql

    def counting(sql, *args, **kwargs):
        executed.append(sql)
        return original(sql, *args, **kwargs)

    def queries():
        trail(demo_client)  # warm (session, scope)
        executed.clear()
        trail(demo_client)
        return len(executed)

    monkeypatch.setattr(database, 'execute_sql', counting)
    few = queries()
    for seed in range(3, 9):
        registered_case(seed=seed)
    for n in range(20):
        models.AuditLog.refuse(None, 'update', 'Window', n, 'x', hall=hall('QL-YX'))
    assert queries() == few
    union = [sql for sql in executed if 'UNION ALL' in sql and 'audit_log' in sql]
    assert len(union) == 1 and 'LIMIT' in union[0]


def test_page_two_continues_where_page_one_ends(auth, demo_client):
    for n in range(120):
        models.AuditLog.refuse(None, 'update', 'Window', 'w%03d' % n, 'x',
                               hall=hall('QL-YX'))
    auth.login('demo-manager')
    first = trail(demo_client, source='audit', result='refused')
    second = trail(demo_client, source='audit', result='refused', page='1')
    third = trail(demo_client, source='audit', result='refused', page='2')
    shown = [text for page in (first, second, third)
             for text in ['w%03d' % n for n in range(120)] if '#' + text + '<' in page]
    assert sorted(shown) == ['w%03d' % n for n in range(120)]
    assert '#w119<' in first and '#w000<' in third


def test_no_ui_edits_or_deletes_audit_rows(auth, demo_client):
    entry = models.AuditLog.refuse(None, 'update', 'Hall', 1, 'x', hall=hall('QL-YX'))
    kept = dict(entry.__data__)
    view = next(v for v in demo_client.application.extensions['portal_admin']._views
                if v.endpoint == 'audit_admin')
    assert not (view.can_create or view.can_edit or view.can_delete)
    for who in ('demo-city', 'demo-manager', 'demo-supervisor'):
        sign_in(auth, who)
        for url in ('/portal/audit/edit/?id=%d' % entry.id, '/portal/audit/delete/',
                    '/portal/audit/new/', '/portal/audit/details/?id=%d' % entry.id,
                    '/portal/audit/'):
            response = demo_client.post(url, data={'id': entry.id, 'action': 'x'})
            assert response.status_code in (404, 405), url
        html = trail(demo_client)
        assert '/portal/audit/edit/' not in html and '/portal/audit/delete/' not in html
    assert models.AuditLog.get_by_id(entry.id).__data__ == kept
    with pytest.raises(models.DomainError):
        models.AuditLog.delete().where(models.AuditLog.id == entry.id).execute()
    with pytest.raises(models.DomainError):
        models.CaseEvent.delete()
    with pytest.raises(models.DomainError):
        entry.delete_instance()


# --- retention and archive ------------------------------------------------------

def test_retention_below_six_months_is_refused_at_startup(databases):
    with pytest.raises(ValueError, match='AUDIT_RETENTION_DAYS'):
        create_app({'TESTING': True, 'SECRET_KEY': 'x',
                    'DATABASE_URL': 'sqlite://', 'AUDIT_RETENTION_DAYS': 90})


def test_archive_moves_old_rows_to_a_file_and_is_audited(demo_app, tmp_path):
    assert demo_app.config['AUDIT_RETENTION_DAYS'] == 184
    old = models.now() - datetime.timedelta(days=400)
    recent = models.now() - datetime.timedelta(days=10)
    kept_entry = models.AuditLog.create(action='update', model='Hall', at=recent)
    old_entries = [models.AuditLog.create(action='update', model='Hall',
                                          record_id=str(n), at=old)
                   for n in range(3)]
    closed, still_open = open_case(), open_case(seed=2)
    for case in (closed, still_open):
        models.CaseEvent.create(case=case, action='open', at=old)
    models.Case.update(status='archived', closed_at=old).where(
        models.Case.id == closed.id).execute()
    runner = demo_app.test_cli_runner()
    refused = runner.invoke(args=['audit-archive', '--days', '100',
                                  str(tmp_path / 'no.jsonl')])
    assert refused.exit_code != 0 and '183' in refused.output
    assert not (tmp_path / 'no.jsonl').exists()
    target = tmp_path / 'archive.jsonl'
    result = runner.invoke(args=['audit-archive', str(target)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert sorted(line['record_id'] for line in lines if line['table'] == 'audit_log') == [
        '0', '1', '2']
    assert {line['case'] for line in lines if line['table'] == 'case_event'} == {closed.id}
    assert not models.AuditLog.select().where(models.AuditLog.at == old).exists()
    assert len(old_entries) == 3
    assert models.AuditLog.get_or_none(models.AuditLog.id == kept_entry.id)
    assert not models.CaseEvent.select().where(models.CaseEvent.case == closed,
                                               models.CaseEvent.at == old).exists()
    assert models.CaseEvent.select().where(models.CaseEvent.case == still_open,
                                           models.CaseEvent.at == old).exists()
    entry = models.AuditLog.get(models.AuditLog.action == 'audit_archive')
    after = json.loads(entry.after)
    assert after['audit_log'] == 3 and after['file'] == str(target)
    assert (target.stat().st_mode & 0o777) == 0o600
    # Archiving again into the same file is refused; nothing moves.
    again = runner.invoke(args=['audit-archive', str(target)])
    assert again.exit_code != 0
