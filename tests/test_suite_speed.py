"""What keeps the suite quick stays out of production: the cheap hash is
the test apps' and the live test server's alone, and the live server
otherwise answers errors as production does."""
import sys

import werkzeug.security

import models
import support


def test_a_production_app_hashes_with_werkzeugs_slow_default(make_app):
    app = make_app('empty', TESTING=False)
    with app.app_context():
        stored = models.hash_secret('twelve-chars')
    assert not stored.startswith(models.TESTING_HASH_METHOD + '$')
    default = werkzeug.security.generate_password_hash('x').split('$')[0]
    assert stored.split('$')[0] == default
    assert werkzeug.security.check_password_hash(stored, 'twelve-chars')


def test_a_test_app_hashes_cheaply_and_still_checks(app):
    with app.app_context():
        stored = models.hash_secret('twelve-chars')
    assert stored.startswith(models.TESTING_HASH_METHOD + '$')
    assert werkzeug.security.check_password_hash(stored, 'twelve-chars')
    assert not werkzeug.security.check_password_hash(stored, 'twelve-chars!')


def test_the_live_server_has_the_cheap_hash_and_production_errors(
        monkeypatch, tmp_path):
    """The settings LiveServer gives gunicorn, read by the app factory as
    it reads them there (BANGBAN_<NAME> from the environment)."""
    started = {}

    class Popen:
        def __init__(self, args, env, **kwargs):
            started.update(args=args, env=env)

        def poll(self):
            return None

        def terminate(self):
            pass

        def wait(self, timeout=None):
            pass

    monkeypatch.setattr(support.subprocess, 'Popen', Popen)
    monkeypatch.setattr(support.urllib.request, 'urlopen', lambda *a, **k: None)
    server = support.LiveServer('sqlite:///%s' % (tmp_path / 'x.db'), tmp_path)
    server.stop()
    assert started['args'][:3] == [sys.executable, '-m', 'gunicorn']
    assert '--no-control-socket' in started['args']
    for name, value in started['env'].items():
        if name.startswith('BANGBAN_') or name in ('DATABASE_URL', 'SECRET_KEY'):
            monkeypatch.setenv(name, value)
    import app as factory
    application = factory.create_app()
    assert application.config['TESTING'] is True
    assert application.config['PROPAGATE_EXCEPTIONS'] is False
    with application.app_context():
        assert models.hash_secret('x').startswith(models.TESTING_HASH_METHOD + '$')
    application.extensions['database'].close()
