"""The demo city's history is in the past, whatever the hour it is loaded."""
import models


def test_nothing_in_the_demo_city_happens_after_it_is_loaded(demo_app):
    loaded = models.now()
    assert models.Case.select().count() > 100
    for field in (models.Case.created_at, models.Case.registered_at,
                  models.Case.closed_at, models.CaseEvent.at,
                  models.Evaluation.created_at):
        later = field.model.select().where(field > loaded).count()
        assert later == 0, '%s rows after the load: %s' % (later, field)
