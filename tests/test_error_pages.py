"""403, 404, 500 and "database unavailable" are the product's own pages, in
the user's language; on the kiosk and the hall display they keep its look."""
import pytest

from app import create_app


def login(client, username):
    client.post('/portal/login', data={'username': username,
                                       'password': 'bangban-demo'})


def english(client):
    client.post('/lang/en', data={'next': '/'})


def test_forbidden_is_a_branded_page_in_chinese_and_english(demo_client):
    login(demo_client, 'demo-agent')
    response = demo_client.get('/portal/windows/')
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert '帮办' in page and '没有权限' in page
    assert 'Forbidden' not in page
    english(demo_client)
    page = demo_client.get('/portal/windows/').get_data(as_text=True)
    assert 'Not allowed' in page and 'Nothing was changed' in page


def test_not_found_on_the_kiosk_keeps_the_kiosk_look(demo_client):
    response = demo_client.get('/kiosk/no-such-screen')
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert 'class="kiosk"' in page and '/kiosk/' in page
    public = demo_client.get('/no-such-page').get_data(as_text=True)
    assert 'class="kiosk"' not in public and '未找到' in public


def test_display_errors_keep_the_screen_look(demo_client):
    response = demo_client.get('/display/NO-SUCH-HALL')
    assert response.status_code == 404
    assert 'class="kiosk"' in response.get_data(as_text=True)


@pytest.fixture
def failing_app(make_app):
    app = make_app('empty', PROPAGATE_EXCEPTIONS=False)

    @app.route('/kiosk-boom')
    def boom():
        raise RuntimeError('a bug')
    return app


def test_server_error_is_branded_and_says_nothing_changed(failing_app):
    client = failing_app.test_client()
    response = client.get('/kiosk-boom')
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert '出错' in page and 'Internal Server Error' not in page
    assert 'a bug' not in page  # no internals are shown
    english(client)
    assert 'Something went wrong' in client.get('/kiosk-boom').get_data(as_text=True)


@pytest.mark.parametrize('path', ['/portal/login', '/p/Rdoesnotexist',
                                  '/kiosk/', '/display/QL-YX'])
def test_database_unavailable_is_a_503_page_not_a_crash(tmp_path, path):
    app = create_app({'TESTING': True, 'SECRET_KEY': 'x',
                      'PROPAGATE_EXCEPTIONS': False,
                      'DATABASE_URL': 'sqlite:///%s' % (
                          tmp_path / 'missing-dir' / 'x.db')})
    response = app.test_client().get(path)
    assert response.status_code == 503, path
    page = response.get_data(as_text=True)
    assert '暂时无法' in page and 'Traceback' not in page
