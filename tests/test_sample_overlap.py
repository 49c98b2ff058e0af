"""定期抽查 across levels: a hall is sampled once a month. A county drawn
before its city is left out of the city's draw (which names it); a county
drawn after its city is refused; draws made at the same moment, in
separate processes, never sample a hall twice (SQLite and PostgreSQL)."""
import datetime

import pytest

import models
from seeds import factories as make
from appraised import at, case

MONDAY_10AM = '2026-12-07T10:00:00+08:00'
OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture
def city(app, clock):
    """A city hall (CIT) with county A (town A1 below it) and county B,
    each with cases closed in October; a supervisor of the city and one
    of county A."""
    clock.set(MONDAY_10AM)
    city = make.new_hall('CIT', 'city')
    a = make.new_hall('CA', 'county', parent=city)
    a1 = make.new_hall('CA1', 'town', parent=a)
    b = make.new_hall('CB', 'county', parent=city)
    for n, hall in enumerate((city, a, a1, b, a, b)):
        agent = models.Agent.create(hall=hall, name='员%d' % n,
                                    employment='full_time')
        case('O-%02d' % n, hall, agent, at(10, 5 + n),
             datetime.date(2026, 10, 20))
    return dict(city=city, a=a, a1=a1, b=b,
                city_sup=make.user('cit-sup', 'supervisor', city),
                a_sup=make.user('ca-sup', 'supervisor', a))


def reviewed_halls(draw):
    return {r.hall_id for r in draw.reviews}


def test_the_city_draws_the_halls_its_county_left(city):
    county = models.SampleDraw.draw(city['a'], '2026-10', 100, city['a_sup'],
                                    seed='county')
    assert reviewed_halls(county) == {city['a'].id, city['a1'].id}
    assert county.left_out == {}
    drawn = models.SampleDraw.draw(city['city'], '2026-10', 100,
                                   city['city_sup'], seed='city')
    # The city's draw samples the city hall and county B, not A nor A1.
    assert reviewed_halls(drawn) == {city['city'].id, city['b'].id}
    assert drawn.population == 3
    assert drawn.hall_ids() == sorted([city['city'].id, city['b'].id])
    assert {name for name, _d in drawn.left_out.values()} == {
        city['a'].name, city['a1'].name}
    assert {d for _n, d in drawn.left_out.values()} == {county.id}
    assert drawn.left_out_halls() == drawn.left_out
    assert county.left_out_halls() == {}
    # The seed gives the city's sample again over its own halls.
    assert sorted(drawn.redraw()) == sorted(
        (r.hall_id, r.case_id) for r in drawn.reviews)
    entry = (models.AuditLog.select()
             .where(models.AuditLog.model == 'SampleDraw',
                    models.AuditLog.record_id == str(drawn.id)).get())
    assert city['a'].name in str(entry.after)
    # No case is in two draws.
    cases = [r.case_id for r in models.SampleReview.select()]
    assert len(cases) == len(set(cases)) == 6


@pytest.mark.parametrize('later', ['a', 'a1', 'city'])
def test_a_hall_the_city_drew_is_not_drawn_again(city, later):
    models.SampleDraw.draw(city['city'], '2026-10', 50, city['city_sup'])
    before = (models.SampleDraw.select().count(),
              models.SampleClaim.select().count(),
              models.SampleReview.select().count())
    with pytest.raises(models.DomainError) as refused:
        models.SampleDraw.draw(city[later], '2026-10', 50, city['city_sup'])
    assert 'already drawn' in str(refused.value)
    assert before == (models.SampleDraw.select().count(),
                      models.SampleClaim.select().count(),
                      models.SampleReview.select().count())
    # Another month of the same halls is another draw.
    case('S-01', city[later], None, at(9, 7), None)
    september = models.SampleDraw.draw(city[later], '2026-09', 50,
                                       city['city_sup'])
    assert reviewed_halls(september) == {city[later].id}


def test_a_city_draw_with_nothing_left_to_sample_changes_nothing(city):
    for hall in ('a', 'b'):
        models.SampleDraw.draw(city[hall], '2026-10', 10, city['city_sup'])
    models.Case.update(closed_at=at(11, 2)).where(
        models.Case.hall == city['city']).execute()
    claims = models.SampleClaim.select().count()
    with pytest.raises(models.DomainError) as refused:
        models.SampleDraw.draw(city['city'], '2026-10', 10, city['city_sup'])
    assert 'nothing to sample' in str(refused.value)
    assert models.SampleClaim.select().count() == claims
    assert models.SampleDraw.select().count() == 2


def sign_in(client, username):
    assert client.post('/portal/login', data={
        'username': username, 'password': make.PASSWORD}).status_code == 302


@pytest.mark.parametrize('lang, said', [
    ('zh_Hans_CN', '已抽过'), ('en', 'Already drawn for 2026-10')])
def test_the_page_names_the_halls_left_out(client, city, lang, said):
    models.SampleDraw.draw(city['a'], '2026-10', 100, city['a_sup'])
    sign_in(client, 'cit-sup')
    client.post('/lang/%s' % lang)
    response = client.post('/portal/sampling/draw', data={
        'hall': city['city'].id, 'month': '2026-10', 'percent': '100'},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert said in html
    assert city['a'].name in html and city['a1'].name in html
    drawn = models.SampleDraw.get(models.SampleDraw.hall == city['city'])
    assert 'data-left-out="%d"' % city['a1'].id in html
    assert 'data-left-out="%d"' % city['b'].id not in html
    page = client.get('/portal/sampling/').get_data(as_text=True)
    assert 'sampling-overlap' in page
    assert reviewed_halls(drawn) == {city['city'].id, city['b'].id}
    # County A's supervisor sees the city's draw only for what it holds of
    # county A: nothing, so not at all.
    client.post('/portal/logout')
    sign_in(client, 'ca-sup')
    assert client.get('/portal/sampling/%d' % drawn.id).status_code == 404


def _draw_october(hall_id, user_id):
    hall, user = models.Hall.get_by_id(hall_id), models.User.get_by_id(user_id)
    return lambda: models.SampleDraw.draw(hall, '2026-10', 100, user,
                                          seed='race') and 'drawn'


def test_a_city_and_its_county_drawing_at_once_never_sample_a_hall_twice(
        app, city):
    from race import race
    calls = ([(city['city'].id, city['city_sup'].id)] * 2
             + [(city['a'].id, city['a_sup'].id)] * 2)
    outcomes = race(app.config['DATABASE_URL'], _draw_october, calls)
    # Each draw is made or refused (never a lock error); one or two made:
    # on SQLite they queue, so a county first leaves the city the rest.
    assert set(outcomes) <= {'drawn', 'refused'}, outcomes
    assert 1 <= outcomes.count('drawn') <= 2, outcomes
    claims = list(models.SampleClaim.select().where(
        models.SampleClaim.month == OCTOBER))
    # Each hall once: all four, or county A's two when the county won and
    # the city's draws were refused (they would cover the rest when made
    # again).
    assert len({c.hall_id for c in claims}) == len(claims)
    assert {c.hall_id for c in claims} in (
        {city[k].id for k in ('city', 'a', 'a1', 'b')},
        {city['a'].id, city['a1'].id})
    owner = {c.hall_id: c.draw_id for c in claims}
    reviews = list(models.SampleReview.select())
    assert len({r.case_id for r in reviews}) == len(reviews)
    for review in reviews:
        assert owner[review.hall_id] == review.draw_id
    draws = list(models.SampleDraw.select())
    assert len(draws) == outcomes.count('drawn')
    closed = models.Case.select().where(
        models.Case.hall.in_(list(owner))).count()
    assert sum(d.population for d in draws) == len(reviews) == closed


def test_migration_0032_gives_earlier_draws_their_halls(city, app, clock):
    """On a database whose draws overlap (drawn before the claims), the
    earlier draw keeps the halls both cover; the later one the rest. The
    complaint deadline starts at the 5 days it was."""
    from playhouse.migrations import Runner

    from cli import MIGRATIONS
    county = models.SampleDraw.draw(city['a'], '2026-10', 100, city['a_sup'])
    clock.advance(minutes=5)
    later = models.SampleDraw.create(
        hall=city['city'], month=OCTOBER, percent=100, seed='old',
        population=6, drawn_by=city['city_sup'])
    runner = Runner(app.extensions['database'], MIGRATIONS)
    # Undone back to 0032, and every later one before it.
    assert runner.down('0032_sample_claims_complaint_days')[-1] == (
        '0032_sample_claims_complaint_days')
    runner.up()
    owner = {c.hall_id: c.draw_id for c in models.SampleClaim.select()}
    assert owner == {city['a'].id: county.id, city['a1'].id: county.id,
                     city['city'].id: later.id, city['b'].id: later.id}
    assert models.CitySettings.of(city['city'].id).complaint_days == 5
