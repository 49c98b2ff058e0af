"""The demo city grown by a few thousand cases in bulk, for tests that
count the queries of a page at two sizes and read the plans of its key
queries."""
import datetime

import pytest

import models
from seeds import factories
from support import statements


class Queries:
    """The SQL a page runs, as (text, params) pairs."""

    def __init__(self, database):
        self.database = database

    def during(self, client, url):
        """The queries a GET of the url runs, and the page's text."""
        with statements(self.database) as seen:
            response = client.get(url)
        assert response.status_code == 200, url
        return seen, response.get_data(as_text=True)


@pytest.fixture
def queries(demo_app):
    return Queries(demo_app.extensions['database'])


def signed_in(client, username):
    client.post('/portal/login', data={'username': username,
                                       'password': factories.PASSWORD})
    client.post('/lang/en')
    return client


def add_cases(n, tag, overdue=True, applicant=None, hall_code='QL-YX',
              status=None):
    """`n` cases of the demo county hall by one insert: copies of one demo
    case, registered, in handling and (by default) past their due date,
    each with the hall's agents in turn; or archived, given that status."""
    hall = factories.hall(hall_code)
    model = (models.Case.select()
             .where(models.Case.hall == hall, models.Case.item.is_null(False))
             .order_by(models.Case.id)
             .first())
    agents = [a.id for a in hall.agents]
    today = models.today()
    data = dict(model.__data__)
    data.pop('id')
    moment = models.now()
    rows = [dict(data, number='PQ-%s-%05d' % (tag, k),
                 status=status or ('in_handling' if overdue else 'registered'),
                 # Archived cases over two years, the others of this month.
                 registered_at=moment - datetime.timedelta(
                     days=20 + (k % 700 if status else 0)),
                 due_date=today - datetime.timedelta(days=3 + k % 7)
                 if overdue else today + datetime.timedelta(days=9),
                 agent=agents[k % len(agents)],
                 applicant=applicant.id if applicant else data['applicant'],
                 created_at=moment - datetime.timedelta(
                     days=20 + k % 700 if status else 0, minutes=k + 1))
            for k in range(n)]
    for start in range(0, n, 200):
        models.Case.insert_many(rows[start:start + 200]).execute()


@pytest.fixture
def city(demo_app, queries):
    """The demo city with a few thousand cases more, and the planner's
    statistics gathered as after a bulk load."""
    add_cases(300, 'P')
    add_cases(300, 'O', overdue=False)
    # Most cases of a city are done with.
    add_cases(2400, 'Q', status='archived')
    add_cases(1000, 'R', status='archived', hall_code='QL')
    database = demo_app.extensions['database']
    database.execute_sql('ANALYZE')
    return database
