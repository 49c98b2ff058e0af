"""Reads kept while nothing changes (store.UnchangedCache): the progress page
and the hall screen answer from memory between two changes, and never show
what a change since has made untrue, whoever made it."""
import re
import sqlite3

import pytest
from peewee import SqliteDatabase

import models
import store
from support import statements

TOKEN = re.compile(r'name="csrf-token" content="([^"]*)"')


@pytest.fixture
def sqlite_only(demo_app):
    if not isinstance(demo_app.extensions['database'], SqliteDatabase):
        pytest.skip('PostgreSQL cannot tell cheaply that nothing changed')


def receipt(status='in_handling', *where):
    case = (models.Case.select().where(models.Case.status == status, *where)
            .order_by(models.Case.id).first())
    return case, case.issue_receipt()


def other_connection(demo_app):
    """A connection of its own to the database file, as another worker or
    process has: what it commits, this process's connection never wrote."""
    return sqlite3.connect(demo_app.extensions['database'].database,
                           isolation_level=None)


def test_a_second_read_of_the_progress_page_runs_no_query(demo_app, demo_client,
                                                          sqlite_only):
    _case, code = receipt()
    first = demo_client.get('/p/' + code)
    with statements(demo_app.extensions['database']) as seen:
        second = demo_client.get('/p/' + code)
    assert second.status_code == first.status_code == 200
    assert [sql for sql, _ in seen] == []
    assert second.headers['Cache-Control'] == 'no-store'
    assert "script-src 'self'" in second.headers['Content-Security-Policy']
    assert TOKEN.sub('', second.get_data(as_text=True)) == \
        TOKEN.sub('', first.get_data(as_text=True))


def test_a_change_by_another_process_shows_at_once(demo_app, demo_client):
    case, code = receipt()
    assert case.item_name in demo_client.get('/p/' + code).get_data(as_text=True)
    renamed = '改名后的事项<b>%d</b>' % case.id
    with other_connection(demo_app) if isinstance(
            demo_app.extensions['database'], SqliteDatabase) else _nothing() as other:
        if other is not None:
            other.execute('UPDATE "case" SET item_name = ? WHERE id = ?',
                          (renamed, case.id))
        else:
            models.Case.update(item_name=renamed).where(
                models.Case.id == case.id).execute()
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert '改名后的事项&lt;b&gt;%d&lt;/b&gt;' % case.id in body


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_a_change_through_the_models_shows_at_once(demo_client):
    case, code = receipt('registered', models.Case.service_form == 'assisted')
    demo_client.post('/lang/en', data={'next': '/p/'})
    before = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'Next: Being handled' in before
    case.start_handling()
    after = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'Next: Being handled' not in after


def test_a_revoked_code_opens_nothing_at_once(demo_client):
    case, code = receipt()
    assert demo_client.get('/p/' + code).status_code == 200
    case.issue_receipt()  # the old code is revoked
    assert demo_client.get('/p/' + code).status_code == 404


def test_language_and_text_size_are_kept_apart(demo_client):
    _case, code = receipt()
    chinese = demo_client.get('/p/' + code).get_data(as_text=True)
    demo_client.post('/lang/en', data={'next': '/p/'})
    english = demo_client.get('/p/' + code).get_data(as_text=True)
    assert '您的' in chinese or '办件' in chinese
    assert 'Your case' in english and 'Your case' not in chinese
    demo_client.set_cookie('bangban_large_text', '1')
    assert 'class="public large"' in demo_client.get('/p/' + code).get_data(as_text=True)
    demo_client.delete_cookie('bangban_large_text')
    assert 'class="public large"' not in demo_client.get('/p/' + code).get_data(as_text=True)


def test_each_reader_gets_a_csrf_token_of_their_own_that_works(make_app, sqlite_only):
    app = make_app('demo', WTF_CSRF_ENABLED=True)
    with app.app_context():
        _case, code = receipt()
    first, second = app.test_client(), app.test_client()
    mine = TOKEN.search(first.get('/p/' + code).get_data(as_text=True)).group(1)
    theirs = TOKEN.search(second.get('/p/' + code).get_data(as_text=True)).group(1)
    assert mine != theirs
    # The kept page's token is the second reader's own: it works for them,
    # and the first reader's does not.
    assert second.post('/lang/en', data={'next': '/p/', 'csrf_token': theirs}
                       ).status_code == 302
    assert second.post('/lang/en', data={'next': '/p/', 'csrf_token': 'forged'}
                       ).status_code == 400


def test_a_flashed_message_is_shown_once_and_never_kept(demo_client):
    _case, code = receipt('delivered')
    demo_client.post('/lang/en', data={'next': '/p/'})
    demo_client.get('/p/' + code)
    demo_client.post('/p/' + code, data={'rating': 7})  # refused: flashes why
    shown = demo_client.get('/p/' + code).get_data(as_text=True)
    again = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'flash-error' in shown and 'flash-error' not in again


def test_the_screen_shows_a_call_made_between_two_polls(demo_app, demo_client,
                                                        sqlite_only):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = hall.windows.order_by(models.Window.number).first()
    models.Ticket.issue(window)
    url = '/display/QL-YX/calls.json'
    before = demo_client.get(url).get_json()
    with statements(demo_app.extensions['database']) as seen:
        assert demo_client.get(url).get_json()['windows'] == before['windows']
    assert seen == []  # nothing changed: nothing read
    ticket = models.Ticket.call_next(window)
    after = demo_client.get(url).get_json()
    assert after['calls'][0]['ticket'] == ticket.label
    assert after['calls'][0]['fresh'] is True


def test_a_kept_call_stops_being_fresh_as_time_passes(demo_client, clock):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = hall.windows.order_by(models.Window.number).first()
    models.Ticket.issue(window)
    models.Ticket.call_next(window)
    url = '/display/QL-YX/calls.json'
    assert demo_client.get(url).get_json()['calls'][0]['fresh'] is True
    clock.advance(seconds=120)
    assert demo_client.get(url).get_json()['calls'][0]['fresh'] is False


def test_the_cache_keeps_nothing_without_a_version():
    cache = store.UnchangedCache(size=2)
    cache.put('a', None, 1)
    assert cache.get('a', None) is None
    cache.put('a', 1, 'one')
    assert cache.get('a', 1) == 'one' and cache.get('a', 2) is None
    cache.put('b', 2, 'two')  # another version: the first is dropped
    assert cache.get('a', 2) is None and cache.get('b', 2) == 'two'
    cache.put('c', 2, 'three')
    cache.put('d', 2, 'four')  # full: dropped and started again
    assert cache.get('b', 2) is None and cache.get('d', 2) == 'four'


def test_a_second_health_probe_only_asks_the_database_to_answer(demo_app, demo_client,
                                                               sqlite_only):
    first = demo_client.get('/healthz').get_json()
    with statements(demo_app.extensions['database']) as seen:
        second = demo_client.get('/healthz').get_json()
    assert [sql for sql, _ in seen] == ['SELECT 1']
    assert second['details'] == first['details']
    assert second['status'] == 'ok'
