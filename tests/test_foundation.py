"""The foundation: factory, migrations, health check, demo seed."""
import pytest
from playhouse.migrations import Runner

import models
import seeds
from app import create_app
from cli import MIGRATIONS, run_migrations


def test_create_app_twice_in_one_process(tmp_path):
    first = create_app({'TESTING': True, 'SECRET_KEY': 'x',
                        'DATABASE_URL': 'sqlite:///%s' % (tmp_path / 'a.db')})
    second = create_app({'TESTING': True, 'SECRET_KEY': 'x',
                         'DATABASE_URL': 'sqlite:///%s' % (tmp_path / 'b.db')})
    assert first is not second
    assert 'admin' in first.blueprints and 'admin' in second.blueprints
    assert first.extensions['portal_admin'] is not second.extensions['portal_admin']


def test_secret_key_is_generated_into_instance_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv('SECRET_KEY', raising=False)
    app = create_app({'TESTING': True,
                      'DATABASE_URL': 'sqlite:///%s' % (tmp_path / 'a.db')})
    again = create_app({'TESTING': True,
                        'DATABASE_URL': 'sqlite:///%s' % (tmp_path / 'a.db')})
    assert len(app.config['SECRET_KEY']) == 64
    assert app.config['SECRET_KEY'] == again.config['SECRET_KEY']


def test_migrating_an_empty_database_creates_every_table(tmp_path):
    from app import connect_database
    database = connect_database('sqlite:///%s' % (tmp_path / 'new.db'))
    models.db.initialize(database)
    applied = run_migrations(database)
    assert applied and applied[0] == '0001_initial'
    tables = set(database.get_tables())
    for model in models.MODELS:
        assert model._meta.table_name in tables
    assert run_migrations(database) == []  # a second run applies nothing


def test_migrations_match_the_models(app):
    """Every model change comes with its migration."""
    from playhouse.schema_diff import diff_models as diff
    database = app.extensions['database']
    changes = diff(database, models.MODELS)
    assert not changes, 'models differ from migrations: %s' % changes
    assert [m.name for m in Runner(database, MIGRATIONS).status()
            if not m.applied] == []


def test_healthz_ok(client, clock):
    clock.set('2026-12-31T20:29:00Z')
    response = client.get('/healthz')
    assert response.status_code == 200
    body = response.get_json()
    assert (body['status'], body['db']) == ('ok', 'ok')
    assert (body['time_zone'], body['hall_time']) == ('Asia/Shanghai',
                                                      '2027-01-01T04:29:00')
    assert body['details']['calendar']['unknown_notices'] == []  # no city


def test_healthz_reports_unreachable_database(tmp_path):
    app = create_app({'TESTING': True, 'SECRET_KEY': 'x',
                      'DATABASE_URL': 'sqlite:///%s' % (
                          tmp_path / 'missing-dir' / 'x.db')})
    response = app.test_client().get('/healthz')
    assert response.status_code == 503
    assert response.get_json()['db'] == 'unreachable'


def test_demo_seed_twice_makes_no_duplicates(app):
    # In the app's context, as the `flask` command seeds: the accounts get
    # the test app's cheap hash, not ten slow ones.
    with app.app_context():
        first = seeds.load_demo()
        counts = {m: m.select().count() for m in models.MODELS
                  if m not in (models.RateHit, models.AuditLog)}
        second = seeds.load_demo()
    assert first == second
    assert counts == {m: m.select().count() for m in counts}


def test_demo_city_has_what_the_screens_need(demo_app):
    levels = [h.level for h in models.Hall.select()]
    assert levels.count('city') == 1 and levels.count('county') == 2
    assert levels.count('town') >= 3 and levels.count('village') >= 4
    assert models.Department.select().count() >= 14
    assert models.Item.select().count() >= 40
    categories = {i.category for i in models.Item.select()}
    assert {'social_insurance', 'housing_fund', 'real_estate', 'civil_affairs',
            'agriculture'} <= categories
    kinds = {b.kind for b in models.Bundle.select()}
    assert kinds == {'one_thing', 'investment'}
    statuses = {c.status for c in models.Case.select(models.Case.status)}
    assert statuses == set(dict(models.CASE_STATUSES))
    assert models.Evaluation.select().count() > 20
    for username, role, _, _ in seeds.DEMO_ACCOUNTS:
        user = models.User.get(models.User.username == username)
        assert user.role == role
        assert user.check_password(seeds.DEMO_PASSWORD)


def test_every_case_event_chain_is_consistent(demo_app):
    """Each event starts where the previous one ended, and ends at the status."""
    for case in models.Case.select():
        events = list(case.events.order_by(models.CaseEvent.id))
        assert events[0].action == 'open'
        for before, after in zip(events, events[1:]):
            assert after.from_status == before.to_status
        assert events[-1].to_status == case.status


def test_login_page_says_demo_data_is_loaded(demo_client):
    page = demo_client.get('/portal/login').get_data(as_text=True)
    assert 'demo-manager' in page and 'bangban-demo' in page


def test_login_page_without_demo_data_shows_no_accounts(client):
    page = client.get('/portal/login').get_data(as_text=True)
    assert 'bangban-demo' not in page


@pytest.mark.parametrize('bad', ['sqlite:////nonexistent/dir/x.db'])
def test_setup_command_on_bad_database_fails_loudly(bad):
    app = create_app({'TESTING': True, 'SECRET_KEY': 'x', 'DATABASE_URL': bad})
    result = app.test_cli_runner().invoke(args=['setup'])
    assert result.exit_code != 0


def test_histories_materials_and_parts_keep_their_order(demo_app):
    """Storage order is not history order on PostgreSQL: the queries say it."""
    case = models.Case.select().first()
    item = models.Item.select().first()
    bundle = models.Bundle.select().first()
    for query, column in ((case.events, '"at"'), (item.materials, '"position"'),
                          (bundle.parts, '"position"')):
        sql = query.sql()[0]
        assert 'ORDER BY' in sql and column in sql.split('ORDER BY')[1]
    stages = [part.position for part in bundle.parts]
    assert stages == sorted(stages)
