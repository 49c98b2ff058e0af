"""Due dates count working days: national holidays, make-up working days, overrides.

Expected dates are worked out by hand from the State Council's holiday notices
(written out below), not by the code under test.
"""
import datetime

import chinese_calendar
import pytest

import models

D = datetime.date


@pytest.fixture
def hall(app):
    city = models.Hall.create(code='T', name='测试市大厅', level='city')
    return models.Hall.create(code='T-1', name='测试县大厅', level='county',
                              parent=city)


def test_the_calendar_data_we_rely_on():
    """2025 National Day: Oct 1-8 off, Sep 28 (Sun) and Oct 11 (Sat) worked.
    2026 Spring Festival: Feb 15-23 off, Feb 14 (Sat) and Feb 28 (Sat) worked."""
    off = [D(2025, 10, d) for d in range(1, 9)] + [D(2026, 2, d) for d in range(15, 24)]
    worked = [D(2025, 9, 28), D(2025, 10, 11), D(2026, 2, 14), D(2026, 2, 28)]
    assert not any(chinese_calendar.is_workday(day) for day in off)
    assert all(chinese_calendar.is_workday(day) for day in worked)
    assert chinese_calendar.is_workday(D(2026, 2, 24))


@pytest.mark.parametrize('start, days, due', [
    # Fri Sep 26 2025: Sat 27 off, Sun 28 make-up (1), Mon 29 (2), Tue 30 (3).
    (D(2025, 9, 26), 3, D(2025, 9, 30)),
    # Tue Sep 30: Oct 1-8 off, Thu Oct 9 is the first working day.
    (D(2025, 9, 30), 1, D(2025, 10, 9)),
    # Oct 9 (1), Fri Oct 10 (2), Sat Oct 11 make-up (3), Sun 12 off, Mon 13 (4).
    (D(2025, 9, 30), 3, D(2025, 10, 11)),
    (D(2025, 9, 30), 4, D(2025, 10, 13)),
    # Registered on a holiday: Oct 9, 10, 11, 13, 14 are the five days.
    (D(2025, 10, 3), 5, D(2025, 10, 14)),
    # Zero days: due the same day.
    (D(2025, 10, 3), 0, D(2025, 10, 3)),
    # Fri Feb 13 2026: Sat Feb 14 is a make-up working day (1).
    (D(2026, 2, 13), 1, D(2026, 2, 14)),
    # Then Feb 15-23 off: Tue Feb 24 (2), 25 (3).
    (D(2026, 2, 13), 3, D(2026, 2, 25)),
    # Thu Feb 26: Fri 27 (1), Sat 28 make-up (2), Sun Mar 1 off, Mon Mar 2 (3).
    (D(2026, 2, 26), 2, D(2026, 2, 28)),
    (D(2026, 2, 26), 3, D(2026, 3, 2)),
    # A 10-day item registered Wed Feb 11 2026: 12, 13, 14, 24, 25, 26, 27, 28,
    # Mar 2, Mar 3.
    (D(2026, 2, 11), 10, D(2026, 3, 3)),
])
def test_due_dates_across_holidays(hall, start, days, due):
    assert hall.add_working_days(start, days) == due


def test_city_override_applies_to_every_hall_of_the_city(hall):
    # The city decides Oct 8 2025 is worked: one day from Sep 30 is Oct 8.
    models.Holiday.create(city=hall.parent, hall=None, day=D(2025, 10, 8),
                          kind='workday')
    assert hall.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 8)
    assert hall.parent.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 8)


def test_hall_override_beats_the_city_and_the_notice(hall):
    # A local day off on Thu Oct 9 2025 (hall only): one day from Sep 30 is Oct 10.
    models.Holiday.create(hall=hall, day=D(2025, 10, 9), kind='off')
    assert hall.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 10)
    assert hall.parent.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    # The city works Sat Oct 4 but this hall keeps it off.
    models.Holiday.create(city=hall.parent, day=D(2025, 10, 4), kind='workday')
    models.Holiday.create(hall=hall, day=D(2025, 10, 4), kind='off')
    assert hall.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 10)
    assert hall.parent.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 4)


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_case_due_date_and_working_days_left(app, hall):
    department = models.Department.create(code='D', name='测试局')
    models.HallDepartment.create(hall=hall, department=department)
    item = models.Item.create(code='X-1', department=department, name='测试事项',
                              power_kind='public_service', category='tax',
                              time_limit_days=5, levels='county')
    person = models.Applicant.find_or_create('person', '11010519491231002X', '测试')
    case, _ = models.Case.open(hall, person, 'assisted', 'window', item=item)
    case.register(at=datetime.datetime(2025, 9, 26, 10, 0))
    # Sep 28, 29, 30, Oct 9, Oct 10.
    assert case.due_date == D(2025, 10, 10)
    # On Sep 30 the days left are Oct 9 and Oct 10; by Mon Oct 13 two working
    # days have passed since (Sat Oct 11 was a make-up working day).
    assert case.working_days_left(D(2025, 9, 30)) == 2
    assert case.working_days_left(D(2025, 10, 5)) == 2
    assert case.working_days_left(D(2025, 10, 10)) == 0
    assert not case.is_overdue(D(2025, 10, 10))
    assert case.is_overdue(D(2025, 10, 13))
    assert case.working_days_left(D(2025, 10, 13)) == -2
    assert [c.id for c in models.Case.overdue([hall.id], D(2025, 10, 13))] == [case.id]
    assert list(models.Case.overdue([hall.parent_id], D(2025, 10, 13))) == []
