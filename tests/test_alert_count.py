"""The menu's alert count (alerts.open_count) from each rule's figures
alone: the same number as the alert list and the dashboard show, and the
same queries for two halls or twenty."""
import alerts
import models
from support import statements
from hall_day import city, grow, more_halls  # noqa: F401 (fixture)


def listed_open(hall_ids):
    """The cheap rules' alerts not acknowledged today, as the list and
    the dashboard's summary show them (built alert by alert)."""
    found = alerts.raised(hall_ids, rules=alerts.cheap_rules())
    acks = models.AlertAck.of(hall_ids, alerts.period())
    return [a for a in found if (a.rule, a.hall_id, a.subject) not in acks]


def test_each_rule_names_the_alerts_it_finds(city):  # noqa: F811
    halls = city['county'].subtree_ids() + [city['other'].id]
    for rule in alerts.RULES.values():
        def limit(hall_id, rule=rule):
            return rule.default
        found = rule.find(halls, limit, models.now())
        keys = rule.keys(halls, limit, models.now())
        assert sorted(keys) == sorted((a.hall_id, a.subject) for a in found), rule.key
    # Every cheap rule raises something in this city, so none is checked empty.
    raised = {a.rule for a in alerts.raised(halls, rules=alerts.cheap_rules())}
    assert raised == {rule.key for rule in alerts.cheap_rules()}


def test_the_count_is_the_lists_number_as_alerts_are_acknowledged(city):  # noqa: F811
    county, manager = city['county'], city['users']['manager']
    halls = county.subtree_ids()
    shown = listed_open(halls)
    assert len(shown) >= 7
    assert alerts.open_count(halls) == len(shown)
    assert alerts.open_count(halls) == sum(
        open_ for _rule, open_, _acked in alerts.summary(halls))
    for alert in shown[:3]:
        models.AlertAck.acknowledge(alert.rule, alert.hall_id, alert.subject,
                                    alerts.period(), manager)
    assert alerts.open_count(halls) == len(listed_open(halls)) == len(shown) - 3
    # An acknowledgement of another hall, or of a subject not raised, does
    # not lower the count.
    models.AlertAck.acknowledge('overdue', city['other'].id, 'hall',
                                alerts.period(), city['users']['other'])
    models.AlertAck.acknowledge('window_wait', county.id, 'window:999999',
                                alerts.period(), manager)
    assert alerts.open_count(halls) == len(shown) - 3


def test_the_count_follows_the_thresholds(city):  # noqa: F811
    county = city['county']
    halls = county.subtree_ids()
    before = alerts.open_count(halls)
    for rule, value in (('window_wait', 45), ('overdue', 3)):
        spec = alerts.RULES[rule]
        models.AlertSetting.set(county.id, rule, value, spec.low, spec.high)
    assert alerts.open_count(halls) == len(listed_open(halls)) == before - 2


def count_queries(hall_ids):
    with statements(models.db.obj) as run:
        count = alerts.open_count(hall_ids)
    return len(run), count


def test_the_count_costs_the_same_for_two_halls_or_twenty(city):  # noqa: F811
    county = city['county']
    small, _ = count_queries(county.subtree_ids())
    more_halls(county, 18)
    grow(county, 20)
    large, count = count_queries(county.subtree_ids())
    assert count == len(listed_open(county.subtree_ids()))
    assert large == small
