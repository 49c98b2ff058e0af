"""The Mongolian voice call of a bilingual hall (蒙古语叫号录音): a manager
records its pieces, the screen is given them for a call only when every
piece the call needs is recorded, and the recordings are checked, scoped
and audited like every other upload."""
import io

import pytest

import models
from race import at_once
from seeds import factories
from support import statements

import flows
from bilingual_hall import PHRASES, TOWN, call_at, clip_bytes, hall, record_all


def manager():
    return factories.user('mn-manager', role='hall_manager', hall_=TOWN)


def post_clip(client, hall_id, key, data, filename):
    return client.post('/portal/mongolian-call/clips?hall=%d' % hall_id,
                       data={'key': key, 'file': (io.BytesIO(data), filename)},
                       content_type='multipart/form-data')


# --- the pieces of a call --------------------------------------------------------

def test_a_call_is_its_pieces_in_order_and_only_when_all_are_recorded():
    recorded = dict.fromkeys(list(PHRASES) + ['char-%s' % c for c in 'A0123'], 'd')
    assert models.CallClip.sequence(recorded, 'A012', 3, 7) == [
        'opening', 'char-A', 'char-0', 'char-1', 'char-2', 'to_window',
        'char-3', 'closing']
    # A window's name is said when it is recorded.
    assert models.CallClip.sequence(dict(recorded, **{'window-7': 'd'}),
                                    'A012', 3, 7)[-1] == 'window-7'
    # One piece missing: the call is said in Mandarin.
    assert models.CallClip.sequence(recorded, 'B012', 3, 7) is None
    assert models.CallClip.sequence(recorded, 'A012', 4, 7) is None
    assert models.CallClip.sequence(
        {k: v for k, v in recorded.items() if k != 'closing'}, 'A012', 3, 7) is None


def test_the_screen_is_given_the_clips_only_when_a_call_is_complete(demo_client):
    town = hall()
    first, second = flows.window(1, TOWN), flows.window(2, TOWN)
    ticket = call_at(first)
    calls = demo_client.get('/display/%s/calls.json' % TOWN).get_json()
    assert calls['calls'][0]['clips'] is None and calls['mongolian_call'] == 'after'
    # Everything but one digit the ticket needs.
    record_all(town, window_names=[first])
    models.CallClip.remove(town, 'char-%s' % ticket.label[-1])
    assert demo_client.get('/display/%s/calls.json' % TOWN).get_json()[
        'calls'][0]['clips'] is None
    models.CallClip.upload(town, 'char-%s' % ticket.label[-1], clip_bytes(), 'x.wav')
    call_at(second)
    found = demo_client.get('/display/%s/calls.json' % TOWN).get_json()['calls']
    recorded = models.CallClip.recorded(town.id)
    for call, window in ((found[1], first), (found[0], second)):
        keys = (['opening'] + ['char-%s' % c for c in call['ticket']] + ['to_window']
                + ['char-%s' % c for c in str(window.number)] + ['closing'])
        if window == first:
            keys.append('window-%d' % first.id)
        assert call['clips'] == ['/display/%s/clip/%s?v=%s' % (TOWN, key, recorded[key][:16])
                                 for key in keys]
    # The screen's page names every clip, for its service worker.
    page = demo_client.get('/display/' + TOWN).get_data(as_text=True)
    assert 'data-mongolian-call="after"' in page and 'id="mongolian-call"' in page
    assert '/display/%s/clip/opening?v=%s' % (TOWN, recorded['opening'][:16]) in page
    # Instead of the Mandarin voice, when the hall says so.
    models.CallClip.set_mode(town, 'instead')
    assert demo_client.get('/display/%s/calls.json' % TOWN).get_json()[
        'mongolian_call'] == 'instead'


def test_a_hall_that_is_not_bilingual_has_no_mongolian_call(demo_client):
    town = hall()
    record_all(town)
    models.Hall.update(bilingual_mongolian=False).where(models.Hall.id == town.id).execute()
    call_at(flows.window(1, TOWN))
    calls = demo_client.get('/display/%s/calls.json' % TOWN).get_json()['calls']
    assert calls[0]['clips'] is None
    assert demo_client.get('/display/%s/clip/opening' % TOWN).status_code == 404
    page = demo_client.get('/display/' + TOWN).get_data(as_text=True)
    assert 'mongolian-call' not in page
    with pytest.raises(models.DomainError):
        models.CallClip.upload(hall(), 'opening', clip_bytes(), 'a.wav')
    yunxi = hall('QL-YX')
    call_at(flows.window(1))
    assert demo_client.get('/display/QL-YX/calls.json').get_json()['calls'][0]['clips'] is None


def test_a_clip_is_served_with_its_own_type_and_kept_for_its_digest(demo_client):
    town = hall()
    data = clip_bytes()
    clip = models.CallClip.upload(town, 'opening', data, 'opening.WAV')
    address = '/display/%s/clip/opening' % TOWN
    response = demo_client.get(address + '?v=' + clip.digest[:16])
    assert response.status_code == 200 and response.data == data
    assert response.mimetype == 'audio/wav'
    assert 'immutable' in response.headers['Cache-Control']
    assert response.headers['X-Content-Type-Options'] == 'nosniff'
    assert demo_client.get(address + '?v=0000').headers['Cache-Control'] == 'no-cache'
    part = demo_client.get(address, headers={'Range': 'bytes=0-3'})
    assert part.status_code == 206 and part.data == b'RIFF'
    assert demo_client.get('/display/%s/clip/closing' % TOWN).status_code == 404
    assert demo_client.get('/display/QL-YX/clip/opening').status_code == 404


def test_the_display_worker_keeps_the_clips(demo_client):
    display = demo_client.get('/display/sw.js').get_data(as_text=True)
    assert 'var KEPT_WHEN_USED = "^/display/[^/]+/clip/' in display
    kiosk = demo_client.get('/kiosk/sw.js').get_data(as_text=True)
    assert 'var KEPT_WHEN_USED = null;' in kiosk


def test_a_poll_reads_the_clips_in_one_query_however_many_are_recorded(demo_client):
    town = hall()
    database = demo_client.application.extensions['database']
    models.CallClip.upload(town, 'opening', clip_bytes(), 'a.wav')
    call_at(flows.window(1, TOWN))
    with statements(database) as few:
        demo_client.get('/display/%s/calls.json' % TOWN)
    for number in range(3, 7):
        call_at(models.Window.create(hall=town, number=number, name='窗口%d' % number,
                                     kind='department', prefix='KLMN'[number - 3]))
    record_all(town, window_names=models.Window.select().where(models.Window.hall == town))
    with statements(database) as more:
        calls = demo_client.get('/display/%s/calls.json' % TOWN).get_json()['calls']
    assert all(call['clips'] for call in calls)
    assert len(more) == len(few)
    assert sum('call_clip' in sql for sql, _params in more) == 1
    assert not any('"data"' in sql for sql, _params in more if 'call_clip' in sql)


# --- the portal page ---------------------------------------------------------------

def test_a_manager_records_replaces_and_removes_a_piece(demo_client):
    town = hall()
    manager()
    flows.sign_in(demo_client, 'mn-manager')
    page = demo_client.get('/portal/mongolian-call/').get_data(as_text=True)
    assert 'data-piece="opening"' in page and 'data-missing' in page
    window = flows.window(1, TOWN)
    assert 'data-piece="window-%d"' % window.id in page
    response = post_clip(demo_client, town.id, 'opening', clip_bytes(), 'opening.wav')
    assert response.status_code == 302
    first = models.CallClip.get(models.CallClip.hall == town, models.CallClip.key == 'opening')
    assert first.uploaded_by.username == 'mn-manager' and first.content_type == 'audio/wav'
    post_clip(demo_client, town.id, 'opening', clip_bytes(tone=5), 'again.wav')
    again = models.CallClip.get(models.CallClip.hall == town, models.CallClip.key == 'opening')
    assert again.id == first.id and again.digest != first.digest
    assert again.filename == 'again.wav'
    entries = list(models.AuditLog.select().where(models.AuditLog.model == 'CallClip')
                   .order_by(models.AuditLog.id))
    assert [e.action for e in entries] == ['create', 'update']
    assert all(e.user.username == 'mn-manager' and e.hall_id == town.id for e in entries)
    assert first.digest in entries[1].before and again.digest in entries[1].after
    page = demo_client.get('/portal/mongolian-call/').get_data(as_text=True)
    assert '/display/%s/clip/opening?v=%s' % (TOWN, again.digest[:16]) in page
    # A window's name.
    post_clip(demo_client, town.id, 'window-%d' % window.id, clip_bytes(), 'w.mp3')
    assert models.CallClip.select().where(models.CallClip.window == window).count() == 0
    post_clip(demo_client, town.id, 'window-%d' % window.id, b'ID3' + b'\0' * 40, 'w.mp3')
    assert models.CallClip.get(models.CallClip.window == window).content_type == 'audio/mpeg'
    # Removed.
    demo_client.post('/portal/mongolian-call/clips/remove?hall=%d' % town.id,
                     data={'key': 'opening'})
    assert 'opening' not in models.CallClip.recorded(town.id)
    assert models.AuditLog.select().where(models.AuditLog.model == 'CallClip',
                                          models.AuditLog.action == 'delete').count() == 1
    # How a call is said.
    demo_client.post('/portal/mongolian-call/mode?hall=%d' % town.id, data={'mode': 'instead'})
    assert hall().mongolian_call == 'instead'
    demo_client.post('/portal/mongolian-call/mode?hall=%d' % town.id, data={'mode': '<b>x'})
    assert hall().mongolian_call == 'instead'


def test_every_piece_recorded_says_so(demo_client):
    record_all(hall())
    manager()
    flows.sign_in(demo_client, 'mn-manager')
    page = demo_client.get('/portal/mongolian-call/').get_data(as_text=True)
    assert 'data-complete' in page and 'data-missing' not in page


TOO_BIG = b'RIFF\0\0\0\0WAVE' + b'\0' * models.CLIP_MAX_BYTES


@pytest.mark.parametrize('key, data, filename, zh, en', [
    ('opening', b'%PDF-1.4 not a sound', 'opening.wav', '内容与文件名不符',
     'its content does not match its name'),
    ('opening', b'<script>alert(1)</script>', 'opening.ogg', '内容与文件名不符',
     'its content does not match its name'),
    ('opening', clip_bytes(), 'opening.html', 'WAV、MP3 或 Ogg', 'WAV, MP3 or Ogg'),
    ('opening', TOO_BIG, 'opening.wav', '大于 1024 KB', 'larger than 1024 KB'),
    ('opening', b'', 'opening.wav', '请选择录音文件', 'Choose the recording'),
    ('"><img src=x onerror=alert(1)>', clip_bytes(), 'a.wav',
     '不是本大厅叫号录音', 'not one of the pieces'),
    ('char-Ä', clip_bytes(), 'a.wav', '不是本大厅叫号录音', 'not one of the pieces'),
    ('window-99999999', clip_bytes(), 'a.wav', '不是本大厅叫号录音',
     'not one of the pieces'),
])
def test_a_bad_recording_is_refused_with_its_reason_and_changes_nothing(
        demo_client, key, data, filename, zh, en):
    town = hall()
    manager()
    flows.sign_in(demo_client, 'mn-manager')
    count = models.AuditLog.select().count()
    response = post_clip(demo_client, town.id, key, data, filename)
    assert response.status_code == 302
    page = demo_client.get(response.location).get_data(as_text=True)
    assert zh in page and '未做任何更改' in page
    assert '<img src=x' not in page and '<script>alert' not in page
    flows.english(demo_client, next='/portal/')
    post_clip(demo_client, town.id, key, data, filename)
    page = demo_client.get('/portal/mongolian-call/').get_data(as_text=True)
    assert en in page and 'Nothing was changed' in page
    assert models.CallClip.select().count() == 0
    assert models.AuditLog.select().count() == count


def test_another_halls_window_is_not_a_piece(demo_client):
    town = hall()
    other = flows.window(1)  # the county 云溪's
    with pytest.raises(models.DomainError):
        models.CallClip.upload(town, 'window-%d' % other.id, clip_bytes(), 'a.wav')
    assert models.CallClip.select().count() == 0


def test_recordings_belong_to_managers_of_bilingual_halls_in_scope(demo_client):
    town = hall()
    yunxi = hall('QL-YX')
    flows.sign_in(demo_client, 'demo-manager')  # the county 云溪, not bilingual
    page = demo_client.get('/portal/mongolian-call/').get_data(as_text=True)
    assert 'data-no-bilingual' in page
    assert demo_client.get('/portal/mongolian-call/?hall=%d' % town.id).status_code == 404
    for hall_id in (town.id, yunxi.id):
        assert post_clip(demo_client, hall_id, 'opening', clip_bytes(),
                         'a.wav').status_code == 404
        assert demo_client.post('/portal/mongolian-call/mode?hall=%d' % hall_id,
                                data={'mode': 'instead'}).status_code == 404
        assert demo_client.post('/portal/mongolian-call/clips/remove?hall=%d' % hall_id,
                                data={'key': 'opening'}).status_code == 404
    demo_client.post('/portal/logout')
    flows.sign_in(demo_client, 'demo-agent')
    assert demo_client.get('/portal/mongolian-call/').status_code == 403
    assert post_clip(demo_client, town.id, 'opening', clip_bytes(),
                     'a.wav').status_code == 403
    demo_client.post('/portal/logout')
    assert demo_client.get('/portal/mongolian-call/').status_code == 302
    assert post_clip(demo_client, town.id, 'opening', clip_bytes(),
                     'a.wav').status_code in (302, 401, 403)
    assert models.CallClip.select().count() == 0
    assert hall().mongolian_call == 'after'


def test_the_same_piece_recorded_twice_at_once_is_one_clip(demo_app):
    town = hall()
    tones = at_once(lambda i: models.CallClip.upload(
        town, 'closing', clip_bytes(tone=i), 'c%d.wav' % i).digest, 4)
    clips = list(models.CallClip.select().where(models.CallClip.key == 'closing'))
    assert len(clips) == 1 and clips[0].digest in tones
    assert models.AuditLog.select().where(models.AuditLog.model == 'CallClip').count() == 4


def test_a_hostile_file_name_is_kept_as_text(demo_client):
    town = hall()
    manager()
    flows.sign_in(demo_client, 'mn-manager')
    hostile = "'><img src=x onerror=alert(1)>.wav"
    post_clip(demo_client, town.id, 'closing', clip_bytes(), hostile)
    clip = models.CallClip.get(models.CallClip.key == 'closing')
    assert clip.filename == hostile
    page = demo_client.get('/portal/mongolian-call/').get_data(as_text=True)
    assert '<img src=x' not in page and '&lt;img src=x onerror=alert(1)&gt;.wav' in page
    # A folder in the name is not kept.
    post_clip(demo_client, town.id, 'closing', clip_bytes(), 'clips/../closing.wav')
    assert models.CallClip.get(models.CallClip.key == 'closing').filename == 'closing.wav'
