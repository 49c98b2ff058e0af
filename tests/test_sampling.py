"""定期抽查: the draw (its share per hall, its seed, reproducible), the
refusals, the review of each case drawn and its corrective task, and who
reaches which draw."""
import datetime

import pytest

import models
from seeds import factories as make
from appraised import case, sign_in, supervised  # noqa: F401


def sampled(draw):
    return sorted((r.hall_id, r.case_id) for r in draw.reviews)


def test_each_hall_gives_its_share_and_the_seed_is_kept(supervised):
    draw = supervised['draw']
    county, town = supervised['county'], supervised['town']
    assert (draw.month_key, draw.percent, draw.seed) == ('2026-11', 50,
                                                     'fixed-seed')
    assert draw.population == 6  # CTY's 4 and TWN's 2 closed in November
    halls = [hall_id for hall_id, _case in sampled(draw)]
    assert halls.count(county.id) == 2 and halls.count(town.id) == 1
    november = {c.id for c in models.Case.select().where(
        models.Case.number.startswith('N-'))}
    assert {case_id for _h, case_id in sampled(draw)} <= november
    entry = models.AuditLog.select().where(
        models.AuditLog.model == 'SampleDraw').get()
    assert entry.user_id == supervised['supervisor'].id
    assert 'fixed-seed' in str(entry.after)


def test_the_same_seed_over_the_same_cases_draws_the_same_sample(supervised):
    draw = supervised['draw']
    assert sorted(draw.redraw()) == sampled(draw)
    cases = models.SampleDraw.closed_cases(
        supervised['county'].subtree_ids(), '2026-11')
    assert (models.SampleDraw.choose(cases, 50, 'fixed-seed')
            == models.SampleDraw.choose(cases, 50, 'fixed-seed'))
    # The order the cases come in does not matter, the seed does.
    shuffled = {h: list(reversed(ids)) for h, ids in cases.items()}
    assert (models.SampleDraw.choose(shuffled, 50, 'fixed-seed')
            == models.SampleDraw.choose(cases, 50, 'fixed-seed'))
    seeds = {tuple(models.SampleDraw.choose(cases, 50, 's%d' % n))
             for n in range(20)}
    assert len(seeds) > 1


def test_a_small_share_still_samples_one_case_of_each_hall():
    cases = {1: [10, 11, 12], 2: [20], 3: []}
    chosen = models.SampleDraw.choose(cases, 1, 'x')
    assert sorted(h for h, _c in chosen) == [1, 2]
    assert len(models.SampleDraw.choose(cases, 100, 'x')) == 4
    assert len(models.SampleDraw.choose({1: list(range(41))}, 10, 'x')) == 5


@pytest.mark.parametrize('month, percent, message', [
    ('2026-12', 10, 'over'),  # this month is not over
    ('2027-01', 10, 'over'),
    ('11/2026', 10, 'YYYY-MM'),
    ('2026-09', 10, 'nothing to sample'),
    ('2026-10', 0, '1'),
    ('2026-10', 101, '100'),
    ('2026-10', 'ten', '100'),
])
def test_a_draw_is_refused_and_changes_nothing(supervised, month, percent,
                                               message):
    before = models.SampleDraw.select().count()
    with pytest.raises(models.DomainError) as refused:
        models.SampleDraw.draw(supervised['county'], month, percent,
                               supervised['supervisor'])
    assert message in str(refused.value)
    assert models.SampleDraw.select().count() == before


def test_a_second_draw_over_the_same_halls_is_refused(supervised):
    for hall in (supervised['county'], supervised['town']):
        with pytest.raises(models.DomainError) as refused:
            models.SampleDraw.draw(hall, '2026-11', 10,
                                   supervised['supervisor'])
        assert 'already drawn' in str(refused.value)
    # Another county's, or the same county's October, are other draws.
    city = make.user('oth-sup', 'supervisor', supervised['other'])
    models.SampleDraw.draw(supervised['other'], '2026-11', 10, city)
    october = models.SampleDraw.draw(supervised['county'], '2026-10', 100,
                                     supervised['supervisor'])
    assert len(sampled(october)) == 1


def test_only_a_supervisor_or_the_city_draws_and_reviews(supervised):
    with pytest.raises(models.DomainError):
        models.SampleDraw.draw(supervised['county'], '2026-10', 10,
                               supervised['manager'])
    review = supervised['draw'].reviews.where(
        models.SampleReview.reviewed_at.is_null()).first()
    with pytest.raises(models.DomainError):
        review.review(supervised['manager'], 'compliant', '')


def test_a_review_is_recorded_once_with_its_task(supervised):
    supervisor = supervised['supervisor']
    review = (supervised['draw'].reviews
              .where(models.SampleReview.reviewed_at.is_null())
              .order_by(models.SampleReview.id).first())
    for finding, note, task, days, message in (
            ('bad', 'x', 'y', 5, 'finding'),
            ('serious', '', 'y', 5, 'found'),
            ('serious', 'x', '', 5, 'corrective task'),
            ('serious', 'x', 'y', 0, 'working days'),
            ('serious', 'x', 'y', 'soon', 'working days'),
            ('compliant', '', 'y', 5, 'no corrective task'),
            ('serious', 'x\x00', 'y', 5, 'control character')):
        with pytest.raises(models.DomainError) as refused:
            review.review(supervisor, finding, note, task, days)
        assert message in str(refused.value)
    assert models.SampleReview.get_by_id(review.id).reviewed_at is None
    review.review(supervisor, 'serious', '未签授权委托书', '补签并复查', 5)
    # Five working days of the hall from Monday 7 December.
    assert review.task_due == datetime.date(2026, 12, 14)
    assert review.task_open and review.reviewed_by_id == supervisor.id
    with pytest.raises(models.DomainError) as refused:
        review.review(supervisor, 'compliant', '')
    assert 'already reviewed' in str(refused.value)


def test_the_hall_closes_the_corrective_task_once(supervised):
    review = models.SampleReview.get(models.SampleReview.finding == 'minor')
    with pytest.raises(models.DomainError):
        review.close_task(supervised['supervisor'], '已补齐')  # not the hall
    with pytest.raises(models.DomainError):
        review.close_task(supervised['manager'], '  ')
    review.close_task(supervised['manager'], '已补齐归档材料')
    assert not review.task_open
    assert review.task_closed_by_id == supervised['manager'].id
    with pytest.raises(models.DomainError) as refused:
        review.close_task(supervised['manager'], '再次')
    assert 'no open corrective task' in str(refused.value)
    compliant = supervised['draw'].reviews.where(
        models.SampleReview.reviewed_at.is_null()).first()
    compliant.review(supervised['supervisor'], 'compliant', '')
    with pytest.raises(models.DomainError):
        compliant.close_task(supervised['manager'], '无')


def test_the_pages_for_a_supervisor(client, supervised):
    sign_in(client, 'cty-supervisor')
    html = client.get('/portal/sampling/').get_data(as_text=True)
    draw = supervised['draw']
    assert 'data-draw="%d"' % draw.id in html
    page = client.get('/portal/sampling/%d' % draw.id).get_data(as_text=True)
    assert 'fixed-seed' in page and 'data-reproduced="1"' in page
    assert page.count('data-review=') == 3
    review = draw.reviews.where(
        models.SampleReview.reviewed_at.is_null()).first()
    response = client.post('/portal/sampling/review/%d/finding' % review.id,
                           data={'finding': 'serious',
                                 'note': '<script>alert(1)</script>',
                                 'task': '补正', 'days': '3'})
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in shown
    assert '<script>alert(1)' not in shown
    response = client.post('/portal/sampling/draw', data={
        'hall': supervised['county'].id, 'month': '2026-10', 'percent': '100',
        'seed': 'october'})
    october = models.SampleDraw.get(models.SampleDraw.month == datetime.date(2026, 10, 1))
    assert response.location.endswith('/portal/sampling/%d' % october.id)
    assert october.seed == 'october'


def test_a_town_manager_sees_the_town_cases_alone(client, supervised):
    sign_in(client, 'twn-manager')
    draw = supervised['draw']
    page = client.get('/portal/sampling/%d' % draw.id).get_data(as_text=True)
    assert page.count('data-review=') == 1
    county_review = draw.reviews.where(
        models.SampleReview.hall == supervised['county']).first()
    assert client.get('/portal/sampling/review/%d' % county_review.id
                      ).status_code == 404
    # A manager draws nothing and reviews nothing.
    assert client.post('/portal/sampling/draw', data={
        'hall': supervised['town'].id, 'month': '2026-10',
        'percent': '10'}).status_code == 403
    town_review = draw.reviews.where(
        models.SampleReview.hall == supervised['town']).first()
    assert client.post('/portal/sampling/review/%d/finding' % town_review.id,
                       data={'finding': 'compliant'}).status_code == 403


def test_another_countys_draws_are_404(client, supervised):
    sign_in(client, 'oth-manager')
    draw = supervised['draw']
    assert client.get('/portal/sampling/%d' % draw.id).status_code == 404
    assert 'data-draw=' not in client.get('/portal/sampling/').get_data(
        as_text=True)
    review = draw.reviews.first()
    assert client.get('/portal/sampling/review/%d' % review.id
                      ).status_code == 404
    assert client.post('/portal/sampling/review/%d/correction' % review.id,
                       data={'outcome': 'x'}).status_code == 404
    sup = make.user('oth-sup', 'supervisor', supervised['other'])
    client.post('/portal/logout')
    sign_in(client, sup.username)
    response = client.post('/portal/sampling/draw', data={
        'hall': supervised['county'].id, 'month': '2026-10', 'percent': '10'})
    assert response.status_code == 404
    assert models.SampleDraw.select().count() == 1


def _draw_october(hall_id, user_id):
    hall, user = models.Hall.get_by_id(hall_id), models.User.get_by_id(user_id)
    return lambda: models.SampleDraw.draw(hall, '2026-10', 100, user,
                                          seed='race') and 'drawn'


def test_four_supervisors_drawing_at_once_make_one_draw(app, supervised):
    from race import race
    outcomes = race(app.config['DATABASE_URL'], _draw_october,
                    [(supervised['county'].id, supervised['supervisor'].id)] * 4)
    assert outcomes.count('drawn') == 1, outcomes
    assert outcomes.count('refused') == 3, outcomes
    october = models.SampleDraw.get(models.SampleDraw.month == datetime.date(2026, 10, 1))
    assert len(sampled(october)) == 1
