"""The service guide (办事指南) of an item and its templates: every role
reads it, managers upload versions, none is ever overwritten, and a case
keeps the versions current when it was registered."""
import io
import re

import pytest

import models
from seeds.factories import applicant, department, new_case, new_hall, new_item
from support import statements
import flows

PDF = b'%PDF-1.4\n% a template\n%%EOF\n'
XLSX = b'PK\x03\x04' + b'\x00' * 64
ACCOUNTS = ('demo-helper', 'demo-agent', 'demo-manager', 'demo-supervisor',
            'demo-city')


def upload(item, title='申请书', data=PDF, filename='申请书.pdf', kind='application',
           user=None):
    return models.ItemTemplate.upload(item, title, data, filename, kind=kind,
                                      user=user)


@pytest.fixture
def hall(app):
    return new_hall('T-1', level='county', parent=new_hall('T', level='city'))


def test_a_new_upload_is_the_next_version_and_a_case_keeps_its_own(hall, clock):
    item = new_item(department())
    clock.set('2025-09-01T02:00:00Z')  # 10:00 in the hall
    first = upload(item)
    commitment = upload(item, '告知承诺书', XLSX, 'chengnuo.xlsx', 'commitment')
    clock.set('2025-09-03T02:00:00Z')
    case, _ = new_case(hall, item, applicant(1))
    case.register()
    clock.set('2025-09-05T02:00:00Z')
    second = upload(item, data=PDF + b'v2', filename='申请书（2025版）.pdf')
    later_title = upload(item, '填写说明', PDF, 'shuoming.pdf', 'instructions')
    assert (first.version, second.version, later_title.version) == (1, 2, 1)
    registered = models.Case.get_by_id(case.id).registered_at
    kept = models.ItemTemplate.as_of(item, registered)
    assert [(v.title, v.version) for v in kept] == [('申请书', 1), ('告知承诺书', 1)]
    now = models.ItemTemplate.as_of(item)
    assert [(v.title, v.version) for v in now] == [
        ('申请书', 2), ('告知承诺书', 1), ('填写说明', 1)]
    assert bytes(models.ItemTemplate.get_by_id(first.id).data) == PDF
    assert commitment.content_type.endswith('spreadsheetml.sheet')
    assert second.filename == '申请书（2025版）.pdf' and second.size == len(PDF) + 2


def test_versions_are_never_changed_or_deleted(hall):
    version = upload(new_item(department()))
    version.data = b'%PDF-other'
    with pytest.raises(models.DomainError):
        version.save()
    with pytest.raises(models.DomainError):
        version.delete_instance()
    assert bytes(models.ItemTemplate.get_by_id(version.id).data) == PDF


@pytest.mark.parametrize('filename, data, title, reason', [
    ('form.html', b'<html>', '申请书', 'Only PDF, Word, Excel'),
    ('form.exe', b'MZ', '申请书', 'Only PDF, Word, Excel'),
    ('form', PDF, '申请书', 'Only PDF, Word, Excel'),
    ('form.pdf', b'<script>alert(1)</script>', '申请书', 'not a real .pdf file'),
    ('form.docx', PDF, '申请书', 'not a real .docx file'),
    ('form.pdf', b'', '申请书', 'Choose the file'),
    ('form.pdf', PDF, '   ', 'Give the template a title'),
    ('form.pdf', b'%PDF-' + b'x' * models.TEMPLATE_MAX_BYTES, '申请书',
     'larger than 4 MB'),
])
def test_files_of_other_types_sizes_or_content_are_refused(
        hall, filename, data, title, reason):
    item = new_item(department())
    with pytest.raises(models.DomainError) as refused:
        upload(item, title, data, filename)
    assert reason in str(refused.value)
    assert models.ItemTemplate.select().count() == 0


def test_a_template_exactly_at_the_limit_is_kept(hall):
    data = b'%PDF-' + b'x' * (models.TEMPLATE_MAX_BYTES - 5)
    assert upload(new_item(department()), data=data).size == models.TEMPLATE_MAX_BYTES


# -- the portal ---------------------------------------------------------------

def demo_item():
    return models.Item.select().order_by(models.Item.id).first()


def kept(item):
    """How many versions of the item's templates are kept."""
    return models.ItemTemplate.select().where(
        models.ItemTemplate.item == item).count()


def test_anonymous_is_sent_to_sign_in(demo_client):
    item = demo_item()
    version = upload(item)
    for url in ('/portal/guide/', '/portal/guide/%d' % item.id,
                '/portal/guide/templates/%d' % version.id):
        response = demo_client.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith('/portal/login?next='), url
    response = demo_client.post('/portal/guide/%d/templates' % item.id, data={
        'title': 'x', 'file': (io.BytesIO(PDF), 'x.pdf')})
    assert response.status_code == 302
    assert kept(item) == 1


@pytest.mark.parametrize('username', ACCOUNTS)
def test_everyone_signed_in_reads_the_guide_and_downloads(demo_client, username):
    item = demo_item()
    version = upload(item, filename='社保申请书.pdf')
    flows.sign_in(demo_client, username)
    listing = demo_client.get('/portal/guide/?q=%s' % item.initials)
    assert listing.status_code == 200
    assert '/portal/guide/%d' % item.id in listing.get_data(as_text=True)
    page = demo_client.get('/portal/guide/%d' % item.id)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for material in item.materials:
        assert material.name in html
    assert html.count('data-material') == item.materials.count() > 0
    assert '/portal/guide/templates/%d' % version.id in html
    # Only those who keep the catalogue see the upload forms.
    assert ('data-new-template' in html) == (username in ('demo-manager', 'demo-city'))
    file = demo_client.get('/portal/guide/templates/%d' % version.id)
    assert file.status_code == 200
    assert file.data == PDF
    assert file.mimetype == 'application/pdf'
    assert file.headers['X-Content-Type-Options'] == 'nosniff'
    disposition = file.headers['Content-Disposition']
    assert disposition.startswith('attachment;')
    assert "filename*=UTF-8''%E7%A4%BE%E4%BF%9D" in disposition
    assert demo_client.get('/portal/guide/templates/999999').status_code == 404
    assert demo_client.get('/portal/guide/999999').status_code == 404


def test_the_guide_speaks_both_languages_and_shows_no_field_names(demo_client):
    item = demo_item()
    flows.sign_in(demo_client, 'demo-agent')
    chinese = demo_client.get('/portal/guide/%d' % item.id).get_data(as_text=True)
    for heading in ('基本信息', '申请材料', '受理条件', '办理流程', '收费标准',
                    '设定依据', '中介服务', '常见问题', '模板'):
        assert heading in chinese, heading
    demo_client.post('/lang/en')
    english = demo_client.get('/portal/guide/%d' % item.id).get_data(as_text=True)
    for heading in ('Basic information', 'Materials', 'Acceptance conditions',
                    'Procedure', 'Fees', 'Legal basis', 'Intermediary services',
                    'Frequently asked questions', 'Templates', 'How to obtain it'):
        assert heading in english, heading
    for raw in ('Pinyin', 'Initials', '>Id<', 'True', 'False', item.pinyin):
        assert raw not in english, raw


def test_the_item_details_page_is_the_guide(demo_client):
    item = demo_item()
    flows.sign_in(demo_client, 'demo-manager')
    demo_client.post('/lang/en')
    page = demo_client.get('/portal/items/details/?id=%d' % item.id)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('data-material') == item.materials.count() > 0
    assert '/portal/items/edit/?id=%d' % item.id in html
    for raw in ('Pinyin', 'Initials', 'True', 'False'):
        assert raw not in html, raw


def post_upload(client, item, data=PDF, filename='申请书.pdf', title='申请书',
                kind='application'):
    return client.post('/portal/guide/%d/templates' % item.id, data={
        'title': title, 'kind': kind, 'file': (io.BytesIO(data), filename)},
        content_type='multipart/form-data')


def test_a_manager_uploads_versions_on_the_guide(demo_client):
    item = demo_item()
    manager = flows.user('demo-manager')
    flows.sign_in(demo_client, 'demo-manager')
    demo_client.post('/lang/en')
    response = post_upload(demo_client, item)
    assert response.status_code == 302
    assert response.location.endswith('/portal/guide/%d#templates' % item.id)
    response = post_upload(demo_client, item, PDF + b'2', 'v2.pdf')
    versions = list(models.ItemTemplate.listed()
                    .where(models.ItemTemplate.item == item)
                    .order_by(models.ItemTemplate.id))
    assert [(v.title, v.version, v.uploaded_by_id) for v in versions] == [
        ('申请书', 1, manager.id), ('申请书', 2, manager.id)]
    html = demo_client.get(response.location).get_data(as_text=True)
    assert 'Version 2 of' in html and 'is kept' in html
    assert 'Earlier versions' in html and 'v2.pdf' in html
    entry = (models.AuditLog.select()
             .where(models.AuditLog.model == 'ItemTemplate')
             .order_by(models.AuditLog.id.desc()).first())
    assert entry.record_id == str(versions[1].id) and entry.user_id == manager.id


def test_a_refused_upload_says_why_in_the_users_language(demo_client):
    item = demo_item()
    flows.sign_in(demo_client, 'demo-manager')
    page = post_upload(demo_client, item, b'<html>', 'form.html')
    html = demo_client.get(page.location).get_data(as_text=True)
    assert '模板未保存' in html and '只能保存' in html
    demo_client.post('/lang/en')
    too_big = b'%PDF-' + b'x' * (models.TEMPLATE_MAX_BYTES + 10)
    page = post_upload(demo_client, item, too_big, 'big.pdf')
    html = demo_client.get(page.location).get_data(as_text=True)
    assert 'The file is larger than 4 MB' in html
    # Past the request limit, the branded page says so.
    huge = b'%PDF-' + b'x' * (6 * 1024 * 1024)
    response = post_upload(demo_client, item, huge, 'huge.pdf')
    assert response.status_code == 413
    assert 'larger than 5 MB' in response.get_data(as_text=True)
    assert kept(item) == 0


@pytest.mark.parametrize('username', ['demo-helper', 'demo-agent', 'demo-supervisor'])
def test_only_managers_and_the_city_upload(demo_client, username):
    item = demo_item()
    flows.sign_in(demo_client, username)
    assert post_upload(demo_client, item).status_code == 403
    assert kept(item) == 0


def test_a_manager_uploads_only_for_items_of_their_halls_levels(demo_client):
    city_only = new_item(models.Department.select().first(), code='CITY-ONLY',
                         levels='city')
    flows.sign_in(demo_client, 'demo-manager')
    assert post_upload(demo_client, city_only).status_code == 403
    page = demo_client.get('/portal/guide/%d' % city_only.id).get_data(as_text=True)
    assert 'data-new-template' not in page  # they read it all the same
    flows.sign_in(demo_client, 'demo-city')
    assert post_upload(demo_client, city_only).status_code == 302
    assert kept(city_only) == 1


def test_the_case_page_links_to_the_templates_it_was_registered_with(demo_client, clock):
    flows.sign_in(demo_client, 'demo-manager')
    case = (models.Case.select()
            .where(models.Case.registered_at.is_null(False),
                   models.Case.item.is_null(False),
                   models.Case.hall == models.Hall.get(code='QL-YX'))
            .order_by(models.Case.id).first())
    item = case.item
    before = upload(item, filename='old.pdf')
    models.ItemTemplate.update(uploaded_at=case.registered_at).where(
        models.ItemTemplate.id == before.id).execute()  # uploaded as it was registered
    after = upload(item, filename='new.pdf')
    detail = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    link = re.search(r'href="([^"]*)" data-case-guide', detail).group(1).replace('&amp;', '&')
    assert 'as_of=' in link
    html = demo_client.get(link).get_data(as_text=True)
    assert '/portal/guide/templates/%d' % before.id in html
    assert 'data-as-of' in html
    current = html.split('id="templates"')[1].split('</section>')[0]
    assert 'new.pdf' not in current and 'old.pdf' in current
    html = demo_client.get('/portal/guide/%d' % item.id).get_data(as_text=True)
    current = html.split('id="templates"')[1].split('</section>')[0]
    assert 'new.pdf' in current and 'old.pdf' not in current
    assert after.version == 2


def test_a_nonsense_as_of_shows_the_current_templates(demo_client):
    item = demo_item()
    upload(item)
    flows.sign_in(demo_client, 'demo-agent')
    page = demo_client.get('/portal/guide/%d?as_of=yesterday' % item.id)
    assert page.status_code == 200
    assert 'data-as-of' not in page.get_data(as_text=True)


def guide_statements(client, app, item):
    with statements(app.extensions['database']) as run:
        assert client.get('/portal/guide/%d' % item.id).status_code == 200
    return len(run)


def test_the_guide_reads_a_constant_number_of_rows_and_no_file(demo_client, demo_app):
    item = demo_item()
    flows.sign_in(demo_client, 'demo-manager')
    upload(item)
    few = guide_statements(demo_client, demo_app, item)
    for n in range(6):
        upload(item, data=PDF + bytes([n]), user=flows.user('demo-manager'))
        upload(item, '示范文本%d' % n, kind='sample', user=flows.user('demo-city'))
    with statements(demo_app.extensions['database']) as run:
        assert demo_client.get('/portal/guide/%d' % item.id).status_code == 200
    assert len(run) == few
    assert not any('"data"' in sql or '.data' in sql
                   for sql, _params in run if 'item_template' in sql)
    with statements(demo_app.extensions['database']) as run:
        assert demo_client.get('/portal/item_templates/').status_code == 200
    assert not any('"data"' in sql for sql, _params in run if 'item_template' in sql)


def test_the_template_list_is_read_only_and_scoped(demo_client):
    mine = upload(demo_item())
    city_only = new_item(models.Department.select().first(), code='CITY-ONLY',
                         levels='city')
    theirs = upload(city_only, filename='city.pdf')
    flows.sign_in(demo_client, 'demo-manager')
    html = demo_client.get('/portal/item_templates/').get_data(as_text=True)
    assert '/portal/guide/templates/%d' % mine.id in html
    assert '/portal/guide/templates/%d' % theirs.id not in html
    assert demo_client.get('/portal/item_templates/new/').status_code in (302, 403, 404)
    assert demo_client.get('/portal/item_templates/edit/?id=%d' % mine.id
                           ).status_code in (302, 403, 404)
    demo_client.post('/portal/item_templates/delete/', data={'id': mine.id})
    assert models.ItemTemplate.get_or_none(models.ItemTemplate.id == mine.id)


# -- the kiosk ----------------------------------------------------------------

def test_the_helper_shows_and_prints_the_guide_at_the_kiosk(helper):
    item = flows.item('RSJ-001')
    old = upload(item, filename='old.pdf')
    current = upload(item, filename='new.pdf')
    page = helper.get('/kiosk/guide/%d' % item.id)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-print' in html
    assert html.count('data-material') == item.materials.count() > 0
    assert '/kiosk/guide/templates/%d' % current.id in html
    assert '/kiosk/guide/templates/%d' % old.id not in html
    file = helper.get('/kiosk/guide/templates/%d' % current.id)
    assert (file.status_code, file.data, file.mimetype) == (200, PDF, 'application/pdf')
    assert helper.get('/kiosk/guide/templates/%d' % old.id).status_code == 404
    models.Item.update(is_active=False).where(models.Item.id == item.id).execute()
    assert helper.get('/kiosk/guide/%d' % item.id).status_code == 404
    assert helper.get('/kiosk/guide/templates/%d' % current.id).status_code == 404


def test_the_kiosk_guide_needs_a_helper(terminal):
    item = flows.item('RSJ-001')
    version = upload(item)
    for url in ('/kiosk/guide/%d' % item.id, '/kiosk/guide/templates/%d' % version.id):
        response = terminal.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code != 200


def test_the_list_of_versions_makes_a_constant_number_of_queries(demo_client, demo_app):
    item = demo_item()
    flows.sign_in(demo_client, 'demo-city')
    upload(item)
    with statements(demo_app.extensions['database']) as run:
        assert demo_client.get('/portal/item_templates/').status_code == 200
    few = len(run)
    for other in models.Item.select().order_by(models.Item.id).limit(8):
        upload(other, '示范文本', kind='sample', user=flows.user('demo-manager'))
    with statements(demo_app.extensions['database']) as run:
        html = demo_client.get('/portal/item_templates/').get_data(as_text=True)
    assert len(run) == few
    assert html.count('演示县大厅主任') == 8


def test_the_migration_makes_the_templates_kept_so_far_versions(tmp_path):
    """Templates uploaded before 0015 become the versions of their titles,
    oldest first, with their size and the kind their title says."""
    from playhouse.migrations import Runner
    from app import connect_database
    from cli import MIGRATIONS
    database = connect_database('sqlite:///%s' % (tmp_path / 'old.db'))
    Runner(database, MIGRATIONS).up(target='0014_statistics_index')
    database.execute_sql("INSERT INTO department (code, name, short_name) "
                         "VALUES ('RSJ', '人社局', '人社')")
    database.execute_sql(
        "INSERT INTO item (code, department_id, name, sub_name, power_kind, "
        "category, time_limit_days, offers_assisted, offers_proxy, "
        "offers_home_visit, levels, basic_info, conditions, procedure, fees, "
        "legal_basis, intermediary, faq, remarks, is_active, pinyin, initials) "
        "VALUES ('RSJ-001', 1, '参保登记', '', 'public_service', 'social_insurance', "
        "5, 1, 1, 0, 'county', '', '', '', '', '', '', '', '', 1, '', '')")
    for title, data, day in (('参保申请书', b'%PDF-new', '2026-03-01'),
                             ('参保申请书', b'%PDF-old!', '2026-01-01'),
                             ('告知承诺书', b'PK', '2026-02-01'),
                             ('其他', b'x', '2026-02-01')):
        database.execute_sql(
            "INSERT INTO item_template (item_id, title, filename, content_type, "
            "data, uploaded_at) VALUES (1, ?, 'f', 'application/pdf', ?, ?)",
            (title, data, day))
    Runner(database, MIGRATIONS).up()
    found = database.execute_sql(
        'SELECT title, version, kind, size FROM item_template ORDER BY id').fetchall()
    assert found == [('参保申请书', 2, 'application', 8),
                     ('参保申请书', 1, 'application', 9),
                     ('告知承诺书', 1, 'commitment', 2),
                     ('其他', 1, 'other', 1)]


def test_a_kind_not_on_the_list_is_refused(demo_client):
    flows.sign_in(demo_client, 'demo-manager')
    demo_client.post('/lang/en')
    page = post_upload(demo_client, demo_item(), kind='<b>x</b>')
    html = demo_client.get(page.location).get_data(as_text=True)
    assert 'The template was not kept' in html and '<b>x</b>' not in html
    assert kept(demo_item()) == 0


def test_the_demo_city_has_templates_made_from_its_catalogue(demo_client):
    from openpyxl import load_workbook
    unemployment = flows.item('RSJ-003')
    flows.sign_in(demo_client, 'demo-agent')
    html = demo_client.get('/portal/guide/%d' % unemployment.id).get_data(as_text=True)
    current = html.split('id="templates"')[1].split('</section>')[0]
    assert current.count('data-template=') == 3
    application = models.ItemTemplate.get(
        models.ItemTemplate.item == unemployment,
        models.ItemTemplate.kind == 'application')
    file = demo_client.get('/portal/guide/templates/%d' % application.id)
    assert file.mimetype.endswith('spreadsheetml.sheet')
    sheet = load_workbook(io.BytesIO(file.data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert '失业保险金申领申请书' in cells
    for material in unemployment.materials:
        assert '□ %s' % material.name in cells
    # Every demo case of the item was registered with them.
    case = (models.Case.select()
            .where(models.Case.item == unemployment,
                   models.Case.registered_at.is_null(False)).first())
    assert application in models.ItemTemplate.as_of(unemployment, case.registered_at)
