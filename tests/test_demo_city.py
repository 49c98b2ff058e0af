"""The demo city keeps the domain's own rules: its catalogue uses the
models' levels and kinds, and every hall passes its own staffing check."""
import os
import runpy

import models
from support import ROOT


def test_the_catalogue_checks_itself_against_the_models(capsys):
    runpy.run_path(os.path.join(ROOT, 'seeds', 'catalogue.py'),
                   run_name='__main__')
    assert capsys.readouterr().out.startswith('OK: ')


def test_every_demo_hall_passes_its_own_staffing_check(demo_app):
    halls = list(models.Hall.select().order_by(models.Hall.code))
    assert len(halls) > 10
    for hall in halls:
        breaches = hall.staffing_breaches()
        assert breaches == [], (hall.code, [str(b.message) for b in breaches])


def test_demo_cases_are_registered_where_the_hall_routes_them(demo_app):
    """The history's cases sit at the window Hall.window_for picks."""
    cases = (models.Case.select()
             .where(models.Case.window.is_null(False), models.Case.item.is_null(False))
             .order_by(models.Case.id).limit(200))
    checked = 0
    for case in cases:
        assert case.window.hall_id == case.hall_id
        assert case.window == case.hall.window_for(item=case.item), case.id
        checked += 1
    assert checked > 50
