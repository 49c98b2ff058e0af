"""Results recorded as results (反馈材料): the licences, certificates and
documents handed back that a case ends with. The agent records them on the
case; they print on 附件7 and the 办结单, and show masked on /p/. A
correction is a new record that supersedes the old one, never an edit."""
import html
import re

import pytest
from flask_babel import force_locale

import history
import models
from race import race
from seeds.factories import (applicant, department, new_case, new_hall,
                             new_item, registered_case, user)
from support import statements

LICENCE = '91150402MA0N1234X7'


def text(response):
    return html.unescape(re.sub(r'\s+', ' ', response.get_data(as_text=True)))


def handled_case(seed=401, **kwargs):
    """A proxy case of the demo county in handling, its letters signed."""
    case = registered_case(seed=seed, **kwargs)
    case.commission()
    case.start_handling()
    return models.Case.get_by_id(case.id)


def fresh(case):
    return models.Case.get_by_id(case.id)


def result_events(case):
    return list(models.CaseEvent.select().where(
        models.CaseEvent.case == case.id, models.CaseEvent.action == 'result')
        .order_by(models.CaseEvent.id))


# --- The model ---------------------------------------------------------------

def test_a_result_is_recorded_with_a_fact_for_the_history(demo_app):
    case = handled_case()
    agent = models.User.get(models.User.username == 'demo-agent')
    result = case.record_result('licence', ' 营业执照 ', LICENCE,
                                issued_by='云溪县市场监督管理局', copies='2',
                                note='正副本各一', user=agent)
    assert (result.kind, result.title, result.number, result.copies,
            result.issued_by, result.note, result.recorded_by_id) == (
        'licence', '营业执照', LICENCE, 2, '云溪县市场监督管理局', '正副本各一',
        agent.id)
    assert [r.id for r in fresh(case).results()] == [result.id]
    [event] = result_events(case)
    assert event.facts == {'kind': 'licence', 'title': '营业执照',
                           'number': LICENCE, 'copies': 2}
    assert (event.from_status, event.to_status, event.note) == (
        'in_handling', 'in_handling', '正副本各一')
    with demo_app.test_request_context():
        with force_locale('en'):
            assert history.details(event) == [
                'Licence or permit: 营业执照 × 2 No. %s' % LICENCE, '正副本各一']
            assert str(event.action_label) == 'result recorded'
        with force_locale('zh_Hans_CN'):
            assert history.details(event)[0] == '证照：营业执照 × 2 编号：%s' % LICENCE
            assert str(event.action_label) == '登记了办理结果'


@pytest.mark.parametrize('status, allowed', [
    ('registered', False), ('commissioned', False), ('in_handling', True),
    ('result_ready', True), ('mailed', True), ('delivered', True),
    ('evaluated', True), ('archived', False), ('suspended', False),
    ('terminated', False)])
def test_results_are_recorded_from_handling_until_the_case_is_filed(
        demo_app, status, allowed):
    case = registered_case(seed=402)
    steps = {
        'commissioned': [lambda c: c.commission()],
        'in_handling': [lambda c: c.commission(), lambda c: c.start_handling()],
        'suspended': [lambda c: c.commission(), lambda c: c.start_handling(),
                      lambda c: c.suspend(None, 'inspection')],
        'terminated': [lambda c: c.terminate('申请人撤回')],
    }
    flow = [lambda c: c.commission(), lambda c: c.start_handling(),
            lambda c: c.mark_ready()]
    steps['result_ready'] = flow
    steps['mailed'] = flow + [lambda c: c.mail('地址', 'EMS', 'EMS1')]
    steps['delivered'] = flow + [lambda c: c.deliver()]
    steps['evaluated'] = steps['delivered'] + [lambda c: c.evaluate(5, 'onsite')]
    steps['archived'] = steps['evaluated'] + [lambda c: c.archive()]
    for step in steps.get(status, []):
        step(fresh(case))
    case = fresh(case)
    assert case.status == status
    assert case.can('result') is allowed
    if allowed:
        case.record_result('returned', '身份证原件')
        assert len(case.results()) == 1
    else:
        with pytest.raises(models.DomainError):
            case.record_result('returned', '身份证原件')
        assert case.results() == [] and result_events(case) == []


@pytest.mark.parametrize('values, message', [
    (dict(kind='passport', title='营业执照', number='1'), 'Choose the kind'),
    (dict(kind='other', title='   '), 'Name the result document'),
    (dict(kind='licence', title='营业执照'), 'recorded with its number'),
    (dict(kind='certificate', title='证书', number=' '), 'recorded with its number'),
    (dict(kind='licence', title='营业执照', number='<script>alert(1)</script>'),
     'The number may hold'),
    (dict(kind='licence', title='营业执照', number='91"onmouseover=x'),
     'The number may hold'),
    (dict(kind='licence', title='营业执照', number='A' * 61), 'at most 60'),
    (dict(kind='other', title='证' * 101), 'at most 100'),
    (dict(kind='other', title='证明', issued_by='局' * 101), 'at most 100'),
    (dict(kind='other', title='证明', note='注' * 201), 'at most 200'),
    (dict(kind='other', title='证明\x00'), 'control character'),
    (dict(kind='other', title='证明', issued_by='局\x1b[0m'), 'control character'),
    (dict(kind='other', title='证明', copies=0), 'from 1 to 99'),
    (dict(kind='other', title='证明', copies=100), 'from 1 to 99'),
    (dict(kind='other', title='证明', copies='two'), 'from 1 to 99'),
])
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(
        demo_app, values, message):
    case = handled_case(seed=403)
    with demo_app.test_request_context(), force_locale('en'):
        with pytest.raises(models.DomainError) as refused:
            case.record_result(**values)
        assert message in str(refused.value)
    assert models.CaseResult.select().where(
        models.CaseResult.case == case.id).count() == 0
    assert result_events(case) == []


def test_numbers_of_chinese_licences_and_certificates_are_taken(demo_app):
    case = handled_case(seed=404)
    for number in ('京(2024)朝阳区不动产权第0012345号', '云许准字〔2026〕0012号',
                   'JY-1150402-0001', 'No. 12/345:A#7'):
        assert case.record_result('certificate', '证明', number).number == number
    # Full-width letters and brackets, as a Chinese keyboard types them,
    # are kept as their plain forms.
    typed = case.record_result('certificate', '证明', '９１ＡＢ（２０２６）')
    assert typed.number == '91AB(2026)'


def test_a_correction_supersedes_and_the_old_record_stays(demo_app):
    case = handled_case(seed=405)
    wrong = case.record_result('licence', '营业执照', '91150402MA0N1234X8',
                               issued_by='市场监管局')
    kept = case.record_result('returned', '身份证原件')
    right = case.record_result('licence', '营业执照', LICENCE,
                               issued_by='市场监管局', corrects=wrong,
                               note='号码抄错')
    assert right.supersedes_id == wrong.id
    # The correction takes the place of the record it corrects.
    assert [r.id for r in fresh(case).results()] == [right.id, kept.id]
    # The wrong record is kept as it was: history, not a draft.
    old = models.CaseResult.get_by_id(wrong.id)
    assert old.number == '91150402MA0N1234X8'
    event = result_events(case)[-1]
    assert event.facts['was_number'] == '91150402MA0N1234X8'
    with demo_app.test_request_context(), force_locale('en'):
        assert history.details(event)[0] == (
            'corrected: Licence or permit: 营业执照 No. 91150402MA0N1234X8 → '
            'Licence or permit: 营业执照 No. %s' % LICENCE)
    # A record is corrected once: the second try is refused.
    with pytest.raises(models.DomainError):
        case.record_result('licence', '营业执照', 'X1', corrects=wrong)
    # A correction that changes nothing is refused.
    with pytest.raises(models.DomainError):
        case.record_result('licence', '营业执照', LICENCE, issued_by='市场监管局',
                           corrects=right)
    # A result of another case cannot be corrected through this one.
    other = handled_case(seed=406)
    theirs = other.record_result('returned', '户口簿')
    with pytest.raises(models.DomainError):
        case.record_result('returned', '户口本', corrects=theirs)
    assert [r.id for r in other.results()] == [theirs.id]
    assert len(fresh(case).results()) == 2


def test_results_are_history_never_edited_or_deleted(demo_app):
    case = handled_case(seed=407)
    result = case.record_result('returned', '身份证原件')
    result.title = '户口簿'
    with pytest.raises(models.DomainError):
        result.save()
    with pytest.raises(models.DomainError):
        result.delete_instance()
    assert models.CaseResult.get_by_id(result.id).title == '身份证原件'


@pytest.mark.parametrize('number, masked', [
    ('', ''), ('12', '**'), ('1234', '****'), ('12345', '***45'),
    ('第12345号', '*****5号'), (LICENCE, '91' + '*' * 14 + 'X7'),
    ('京(2024)朝阳区不动产权第0012345号', '京(' + '*' * 19 + '5号')])
def test_public_numbers_keep_the_first_two_and_last_two(number, masked):
    assert models.mask_result_number(number) == masked


# --- The case page and its actions -------------------------------------------

def test_the_agent_records_and_corrects_results_on_the_case_page(agent, demo_client):
    case = handled_case(seed=410)
    url = '/portal/cases/%d' % case.id
    page = text(demo_client.get(url))
    assert 'Record a result document' in page and 'No result documents' in page
    response = demo_client.post(url + '/do/result', data=dict(
        kind='licence', title='营业执照', number=LICENCE, copies='1',
        issued_by='云溪县市场监督管理局'), follow_redirects=True)
    page = text(response)
    assert 'Result recorded: 营业执照.' in page
    assert LICENCE in page and '云溪县市场监督管理局' in page
    assert 'Licence or permit: 营业执照 No. %s' % LICENCE in page  # history
    result = fresh(case).results()[0]
    response = demo_client.post(url + '/do/correct_result', data=dict(
        result=str(result.id), kind='licence', title='营业执照（副本）',
        number=LICENCE, copies='1', issued_by='云溪县市场监督管理局'),
        follow_redirects=True)
    assert 'Result corrected: 营业执照（副本）.' in text(response)
    assert [r.title for r in fresh(case).results()] == ['营业执照（副本）']


def test_a_refused_result_says_why_in_the_users_language_and_is_audited(
        auth, demo_client):
    case = handled_case(seed=411)
    auth.login('demo-agent')
    url = '/portal/cases/%d' % case.id
    response = demo_client.post(url + '/do/result', data=dict(
        kind='licence', title='营业执照', number='<b>1</b>'),
        follow_redirects=True)
    assert '编号只能包含字母、数字、汉字、空格及' in text(response)
    demo_client.post('/lang/en')
    response = demo_client.post(url + '/do/result', data=dict(
        kind='licence', title='营业执照'), follow_redirects=True)
    assert 'A licence or certificate is recorded with its number.' in text(response)
    assert fresh(case).results() == []
    assert models.AuditLog.select().where(
        models.AuditLog.model == 'Case', models.AuditLog.record_id == str(case.id),
        models.AuditLog.result == 'refused').count() == 2  # each once


def test_only_staff_of_the_cases_hall_may_record_results(demo_app):
    case = handled_case(seed=412)
    other_hall = models.Hall.select().where(
        models.Hall.id != case.hall_id, models.Hall.level == 'county').first()
    user('other-agent', 'agent', other_hall, agent_name='外县代办员')
    form = dict(kind='returned', title='身份证原件')
    url = '/portal/cases/%d/do/result' % case.id
    for username, refused in (('other-agent', (403, 404)),
                              ('demo-supervisor', (403,)),
                              ('demo-helper', (403,))):
        client = demo_app.test_client()
        client.post('/portal/login', data={'username': username,
                                           'password': 'bangban-demo'})
        assert client.post(url, data=form).status_code in refused, username
    anonymous = demo_app.test_client().post(url, data=form)
    assert anonymous.status_code in (302, 401, 403)
    assert fresh(case).results() == []


def test_the_case_page_reads_results_in_one_query_however_many(agent, demo_client,
                                                               demo_app):
    case = handled_case(seed=413)
    url = '/portal/cases/%d' % case.id
    database = demo_app.extensions['database']
    case.record_result('returned', '身份证原件')
    with statements(database) as few:
        assert demo_client.get(url).status_code == 200
    first = case.results()[0]
    case.record_result('returned', '身份证原件（复印件）', corrects=first)
    for n in range(8):
        case.record_result('certificate', '证明%d' % n, 'ZM%04d' % n)
    with statements(database) as many:
        page = text(demo_client.get(url))
    assert '证明7' in page and 'ZM0007' in page
    assert len(many) == len(few)


# --- The forms and the applicant's page ---------------------------------------

def delivered_with_results(seed):
    case = handled_case(seed=seed)
    case.record_result('licence', '营业执照', LICENCE, copies=2,
                       issued_by='云溪县市场监督管理局', note='内部备注NOTE')
    case.record_result('returned', '身份证原件')
    case.mark_ready()
    return fresh(case)


def test_results_print_on_annex_7_and_the_completion_slip(agent, demo_client):
    case = delivered_with_results(420)
    case.deliver()
    case = fresh(case)
    feedback = demo_client.get('/portal/cases/%d/forms/feedback' % case.id)
    assert feedback.status_code == 200
    body = text(feedback)
    assert 'Annex 7' in body
    assert '营业执照 × 2' in body and 'No. %s' % LICENCE in body
    assert '身份证原件 × 1' in body
    assert body.count('result-line') == 2
    completion = text(demo_client.get('/portal/cases/%d/forms/completion'
                                      % case.id))
    assert LICENCE in completion and '身份证原件' in completion
    assert completion.count('result-line') == 2
    # A correction prints in place of what it corrects.
    wrong = case.results()[1]
    case.record_result('returned', '户口簿原件', corrects=wrong)
    completion = text(demo_client.get('/portal/cases/%d/forms/completion'
                                      % case.id))
    assert '户口簿原件' in completion and '身份证原件' not in completion
    demo_client.post('/lang/zh_Hans_CN')
    feedback = text(demo_client.get('/portal/cases/%d/forms/feedback' % case.id))
    assert '附件7' in feedback and '编号：%s' % LICENCE in feedback


def test_the_applicant_sees_results_with_numbers_masked(demo_client):
    case = delivered_with_results(421)
    code = case.issue_receipt()
    body = text(demo_client.get('/p/' + code))
    assert '您的办理结果' in body and '营业执照' in body and '身份证原件' in body
    assert models.mask_result_number(LICENCE) in body
    assert LICENCE not in body
    assert '内部备注NOTE' not in body  # staff notes stay with staff
    assert '已登记办理结果' in body  # the step in the history, named
    assert '营业执照' in body.split('办理记录')[-1]
    demo_client.post('/lang/en', data={'next': '/p/'})
    body = text(demo_client.get('/p/' + code))
    assert 'Your results' in body and 'Licence or permit' in body
    assert LICENCE not in body


def test_the_applicants_page_reads_results_in_one_query(demo_client, demo_app):
    case = delivered_with_results(422)
    code = case.issue_receipt()
    database = demo_app.extensions['database']
    with statements(database) as few:
        demo_client.get('/p/' + code)
    for n in range(6):
        case.record_result('certificate', '证明%d' % n, 'ZM%04d' % n)
    with statements(database) as many:
        body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert '证明5' in body and 'ZM0005' not in body
    assert len(many) == len(few)


# --- Two corrections of one record at once ------------------------------------

def _corrector(result_id, number):
    """One process's correction of the same record, once released."""
    result = models.CaseResult.get_by_id(result_id)
    case = models.Case.get_by_id(result.case_id)
    return lambda: case.record_result('certificate', '证明', number,
                                      corrects=result_id).id


def test_a_record_is_corrected_once_however_many_try_at_once(app):
    hall_ = new_hall('R', level='county')
    case, _code = new_case(hall_, new_item(department()), applicant(7))
    case.register()
    case.start_handling()
    case = models.Case.get_by_id(case.id)
    first = case.record_result('certificate', '证明', 'ZM0000')
    outcomes = race(app.config['DATABASE_URL'], _corrector,
                    [(first.id, 'ZM000%d' % n) for n in range(1, 5)])
    assert outcomes[:3] == ['refused'] * 3, outcomes
    assert isinstance(outcomes[3], int)
    [current] = models.Case.get_by_id(case.id).results()
    assert current.id == outcomes[3] and current.supersedes_id == first.id
    assert models.CaseResult.select().count() == 2
    assert len(result_events(case)) == 2
