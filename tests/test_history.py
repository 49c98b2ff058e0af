"""A case's history is stored as facts and told in the reader's language:
what an agent did in English reads in Chinese to a Chinese reader, on the
case page, in the audit trail and on the applicant's page; a typed note
stays as typed. Migration 0010 turns the sentences written before into
facts."""
import html
import re

import pytest
from flask_babel import force_locale

import history
import models
from i18n import lazy_gettext as _l
from seeds.factories import hall, open_case, registered_case
from public import timeline


def text(response):
    return html.unescape(re.sub(r'\s+', ' ', response.get_data(as_text=True)))


def language(client, code):
    client.post('/lang/%s' % code)


def ab_post():
    """A post of the county with a B agent."""
    return (models.Post.select()
            .where(models.Post.hall == hall('QL-YX'),
                   models.Post.agent_b.is_null(False))
            .order_by(models.Post.id).first())


def covered_case():
    """A registered proxy case of the county, its agent A of an AB post."""
    post = ab_post()
    return registered_case(agent=post.agent_a), post


def test_an_english_agent_writes_facts_a_chinese_reader_reads(auth, demo_client):
    case, post = covered_case()
    auth.login('demo-agent')
    language(demo_client, 'en')
    for action, form in (('commission', dict(authorization_signed='1',
                                             commitment_signed='1',
                                             note='typed: 原件已核')),
                         ('cover', dict(post=str(post.id)))):
        response = demo_client.post('/portal/cases/%d/do/%s' % (case.id, action),
                                    data=form)
        assert response.status_code == 302, action
    commission, cover = list(models.CaseEvent.select().where(
        models.CaseEvent.case == case.id,
        models.CaseEvent.action.in_(('commission', 'cover'))).order_by(
            models.CaseEvent.id))
    # Facts and the typed note, in no language.
    assert (commission.facts, commission.note) == ({'letters_signed': True},
                                                   'typed: 原件已核')
    assert (cover.facts, cover.note) == (
        {'agent_a': post.agent_a.name, 'agent_b': post.agent_b.name}, '')
    english = text(demo_client.get('/portal/cases/%d' % case.id))
    assert 'Authorization letter and commitment letter signed' in english
    assert '%s covers for %s (A away)' % (post.agent_b.name,
                                          post.agent_a.name) in english
    assert 'typed: 原件已核' in english

    auth.logout()
    auth.login('demo-manager')
    language(demo_client, 'zh_Hans_CN')
    chinese = text(demo_client.get('/portal/cases/%d' % case.id))
    assert '已签署授权委托书和承诺书' in chinese
    assert '%s 顶岗 %s（A岗不在岗）' % (post.agent_b.name, post.agent_a.name) in chinese
    assert 'typed: 原件已核' in chinese
    assert 'Authorization letter' not in chinese and 'covers for' not in chinese

    trail = text(demo_client.get('/portal/audit/', query_string={'source': 'case'}))
    assert '已签署授权委托书和承诺书' in trail and 'typed: 原件已核' in trail
    language(demo_client, 'en')
    trail = text(demo_client.get('/portal/audit/', query_string={'source': 'case'}))
    assert 'Authorization letter and commitment letter signed' in trail
    assert '已签署授权委托书和承诺书' not in trail


def test_every_kind_of_fact_is_told_in_both_languages(demo_app):
    post = ab_post()
    user = models.User.get(models.User.username == 'demo-agent')
    department = models.Department.select().first()
    case = open_case()
    case.choose_service('proxy', '高龄', '王主任', user=user)
    case.register(agent=post.agent_a)
    case = models.Case.get_by_id(case.id)
    case.reassign(post.agent_b, '休假', user=user)
    county = case.hall
    case.transfer_to(county.ancestors()[0], _l('handled at %(hall)s',
                                             hall=county.ancestors()[0].name),
                     user=user)
    case.terminate('申请人主动终止', user=user)
    models.CaseEvent.create(case=case, action='flow', params=models.CaseEvent.encode(
        dict(department=str(department), step='done', day='2031-03-04')))
    events = {e.action: e for e in models.CaseEvent.select().where(
        models.CaseEvent.case == case.id)}
    told = {}
    for code in ('en', 'zh_Hans_CN'):
        with demo_app.test_request_context(), force_locale(code):
            told[code] = {action: history.details(event)
                          for action, event in events.items()}
    a, b = post.agent_a.name, post.agent_b.name
    assert told['en']['service'] == ['Proxy handling; green channel: 高龄, 王主任']
    assert told['zh_Hans_CN']['service'] == ['代办；绿色通道：高龄，王主任']
    assert told['en']['reassign'] == told['zh_Hans_CN']['reassign'] == [
        '%s → %s' % (a, b), '休假']
    above = county.ancestors()[0].name
    assert told['en']['transfer'] == ['%s → %s: handled at %s' % (
        county.name, above, above)]
    assert told['zh_Hans_CN']['transfer'] == ['%s → %s: 由%s办理' % (
        county.name, above, above)]
    assert events['transfer'].note == ''
    assert told['en']['terminate'] == ['materials returned', '申请人主动终止']
    assert told['zh_Hans_CN']['terminate'] == ['材料已退还', '申请人主动终止']
    assert told['en']['flow'] == ['%s done 2031-03-04' % department]
    assert told['zh_Hans_CN']['flow'] == ['%s 办结 2031-03-04' % department]


def test_the_applicant_reads_facts_and_never_staff_notes(demo_app):
    case = registered_case()
    models.CaseEvent.create(
        case=case, action='due_date', note='内部备注',
        params=models.CaseEvent.encode({'from': '2031-03-03', 'to': '2031-03-04'}))
    for code, promised in (('en', 'March 4, 2031'), ('zh_Hans_CN', '2031年3月4日')):
        with demo_app.test_request_context(), force_locale(code):
            rows = [(str(row['title']), str(row['detail']))
                    for row in timeline.steps(models.Case.get_by_id(case.id))]
        assert any(promised in detail for _title, detail in rows), rows
        assert not any('内部备注' in title + detail for title, detail in rows)


# --- Migration 0010 -------------------------------------------------------------

HANDLED_AT = {'msgid': 'handled at %(hall)s', 'values': {'hall': '云溪县'}}
# (action, note written before 0010) -> (facts, note kept)
WRITTEN = [
    ('commission', 'Authorization letter and commitment letter signed',
     {'letters_signed': True}, ''),
    ('commission', '已签署授权委托书和承诺书. 原件已核', {'letters_signed': True}, '原件已核'),
    ('evaluate', 'Basically satisfied', {'rating': 3}, ''),
    ('evaluate', '非常满意', {'rating': 5}, ''),
    ('terminate', '申请人主动终止（materials returned）',
     {'materials_returned': True}, '申请人主动终止'),
    ('terminate', '无法办理（材料已退还）', {'materials_returned': True}, '无法办理'),
    ('terminate', '申请人撤回', {}, '申请人撤回'),
    ('service', 'Proxy handling', {'service_form': 'proxy'}, ''),
    ('service', '帮办; 绿色通道: 高龄, 王主任', {
        'service_form': 'assisted', 'green_reason': '高龄',
        'green_contact': '王主任'}, ''),
    ('service', 'Home visit; green channel: disabled, Ms Li', {
        'service_form': 'home_visit', 'green_reason': 'disabled',
        'green_contact': 'Ms Li'}, ''),
    ('reassign', '— → 李四: ', {'to_agent': '李四'}, ''),
    ('reassign', '张三 → 李四: 休假', {'from_agent': '张三', 'to_agent': '李四'}, '休假'),
    ('cover', '李四 covers for 张三 (A away)', {'agent_b': '李四', 'agent_a': '张三'}, ''),
    ('cover', '李四 顶岗 张三（A岗不在岗）', {'agent_b': '李四', 'agent_a': '张三'}, ''),
    ('transfer', '白沙镇 → 云溪县: handled at 云溪县', {
        'from_hall': '白沙镇', 'to_hall': '云溪县', 'reason': HANDLED_AT}, ''),
    ('transfer', '白沙镇 → 云溪县: 由云溪县办理', {
        'from_hall': '白沙镇', 'to_hall': '云溪县', 'reason': HANDLED_AT}, ''),
    ('transfer', '白沙镇 → 云溪县: 跨层级转办', {'from_hall': '白沙镇', 'to_hall': '云溪县'},
     '跨层级转办'),
    ('route', '人社局、营业执照、组织机构代码证科', {
        'departments': ['人社局', '营业执照、组织机构代码证科']}, ''),
    ('supply', '身份证、户口簿', {'materials': ['身份证', '户口簿']}, ''),
    ('due_date', '2027-02-12 → 2027-02-17', {'from': '2027-02-12', 'to': '2027-02-17'}, ''),
    ('handover', '申请人 → 帮办代办窗口', {'from_party': '申请人', 'to_party': '帮办代办窗口'}, ''),
    ('flow', '人社局 accepted 2027-02-12', {
        'department': '人社局', 'step': 'accepted', 'day': '2027-02-12'}, ''),
    ('flow', '人社局 办结 2027-02-13', {
        'department': '人社局', 'step': 'done', 'day': '2027-02-13'}, ''),
    ('task_force', '张三: 李四、王五', {'coordinator': '张三', 'members': ['李四', '王五']}, ''),
    # Typed by people, or not a sentence the product wrote: kept as typed.
    ('open', '申请人来电咨询', {}, '申请人来电咨询'),
    ('register', 'Authorization letter and commitment letter signed', {},
     'Authorization letter and commitment letter signed'),
    ('evaluate', '还行吧', {}, '还行吧'),
    ('cover', '临时顶岗', {}, '临时顶岗'),
    ('due_date', '改期', {}, '改期'),
    ('deliver', '申请人已签收办结单', {}, '申请人已签收办结单'),
]


def test_migration_0010_turns_written_sentences_into_facts(tmp_path):
    import json

    from playhouse.migrations import Runner

    from app import connect_database
    from cli import MIGRATIONS
    database = connect_database('sqlite:///%s' % (tmp_path / 'old.db'))
    runner = Runner(database, MIGRATIONS)
    runner.up('0009_action_keys')
    sql = database.execute_sql
    # The events only: the cases and halls they belong to do not matter here.
    sql('PRAGMA foreign_keys = OFF')
    sql("INSERT INTO department (code, name, short_name) "
        "VALUES ('D1', '营业执照、组织机构代码证科', '')")
    for number, (action, note, _facts, _kept) in enumerate(WRITTEN, start=1):
        sql("INSERT INTO case_event (id, case_id, at, action, from_status, "
            "to_status, note) VALUES (?, 7, '2027-01-01 09:00:00', ?, '', '', ?)",
            (number, action, note))
    sql('PRAGMA foreign_keys = ON')
    assert runner.up('0010_history_as_facts') == ['0010_history_as_facts']
    rows = sql('SELECT action, params, note FROM case_event ORDER BY id').fetchall()
    for (action, params, note), (_a, written, facts, kept) in zip(rows, WRITTEN):
        assert (json.loads(params) if params else {}, note) == (facts, kept), written
    # Back down, the facts are written as the Chinese sentences they were.
    assert runner.down() == ['0010_history_as_facts']
    notes = [note for (note,) in sql('SELECT note FROM case_event ORDER BY id')]
    assert notes[1] == '已签署授权委托书和承诺书. 原件已核'
    assert notes[4] == '申请人主动终止（材料已退还）'
    assert notes[12] == '李四 顶岗 张三（A岗不在岗）'
    assert notes[19] == '2027-02-12 → 2027-02-17'
    assert notes[-6:] == [kept for _a, _n, _f, kept in WRITTEN[-6:]]
    database.close()


@pytest.mark.parametrize('action,note', [(a, n) for a, n, _f, _k in WRITTEN])
def test_migrated_facts_read_as_the_product_writes_them(app, action, note):
    """What 0010 makes of an old sentence is what the product now stores:
    the same words, in each language."""
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))), 'migrations', '0010_history_as_facts.py')
    spec = importlib.util.spec_from_file_location('migration_0010', path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    found = migration.facts(action, note, {
        'departments': {'营业执照、组织机构代码证科'}, 'agents': set(),
        'materials': set()})
    if found is None:
        return
    event = models.CaseEvent(action=action, note=found[1],
                             params=models.CaseEvent.encode(found[0]))
    with app.test_request_context(), force_locale('zh_Hans_CN'):
        chinese = ' '.join(history.details(event))
    with app.test_request_context(), force_locale('en'):
        english = ' '.join(history.details(event))
    assert chinese and english
    if action in ('commission', 'terminate', 'cover', 'evaluate'):
        assert chinese != english
