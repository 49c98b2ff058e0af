"""Alerts (预警): what a hall's managers should act on now, rule by rule.

Each rule reads its figure from the one place that figure is kept (due
dates and `Case.overdue_counts`, the rectification tasks, the dashboard's
kiosks and queues, `Post.uncovered`, `Hall.staffing_breaches`) and compares
it with the hall's threshold (models.AlertSetting, else the rule's default).
An alert is raised per rule, hall and subject (a kiosk, a window, a post,
the hall's cases); acknowledging it (models.AlertAck) holds for the hall's
day. Nothing here changes a record.
"""
import collections
import datetime

from flask_babel import ngettext
from i18n import lazy_gettext as _l

from peewee import fn

import dashboard
import models

# What an alert says: its rule, hall (a record), subject key, the figure
# that raised it, a few words about the subject, and the page to act on
# (an endpoint and its arguments, made into a URL by whoever shows it).
Alert = collections.namedtuple('Alert', 'rule hall_id subject figure about '
                                        'endpoint args')


def _cases(n):
    return ngettext('%(num)d case', '%(num)d cases', n)


def _tasks(n):
    return ngettext('%(num)d task', '%(num)d tasks', n)


def _kiosks(n):
    return ngettext('%(num)d kiosk', '%(num)d kiosks', n)


def _minutes(n):
    return ngettext('%(num)d minute', '%(num)d minutes', n)


def _posts(n):
    return ngettext('%(num)d post', '%(num)d posts', n)


def _breaches(n):
    return ngettext('%(num)d breach', '%(num)d breaches', n)


class Rule:
    """One alert rule: its key, name, what its threshold counts, how its
    figure is said (`say(n)`, in the reader's language), the default and allowed thresholds, and `find(hall_ids, limit, at)`
    giving the alerts of the halls (`limit(hall_id)` is a hall's
    threshold). Every rule reads all the halls it is given in the same
    few queries. `keys(hall_ids, limit, at)`, when given, says which
    alerts `find` would raise, as (hall id, subject) pairs, from the
    figures alone (no names, no records): what the menu counts on every
    page. `per_hall`: its work still grows with every hall's week of
    roster, so the count in the menu, on every page, leaves it out (the
    alert list and the dashboard show it)."""

    def __init__(self, key, label, unit, say, default, low, high, find,
                 per_hall=False, keys=None):
        self.key, self.label, self.unit, self.say = key, label, unit, say
        self.default, self.low, self.high = default, low, high
        self.find, self.per_hall = find, per_hall
        self._keys = keys

    def keys(self, hall_ids, limit, at):
        """The (hall id, subject) of each alert the rule raises now."""
        if self._keys is not None:
            return self._keys(hall_ids, limit, at)
        return [(a.hall_id, a.subject) for a in self.find(hall_ids, limit, at)]


def _by_city(hall_ids):
    """The halls grouped by their city (each city has its calendar)."""
    cities = collections.defaultdict(list)
    for hall_id, city_id in models.Hall.cities_of(hall_ids).items():
        cities[city_id].append(hall_id)
    return cities


def _due_soon_counts(hall_ids, limit, at):
    """Open cases due today or within the hall's threshold of working
    days, {hall id: count}: one grouped query, each hall's last day worked
    out from its city's calendar."""
    today = at.date()
    last = {}
    for city_id, halls in _by_city(hall_ids).items():
        calendar = models.city_calendar(city_id)
        for hall_id in halls:
            last[hall_id] = calendar.add_working_days(hall_id, today,
                                                      limit(hall_id))
    if not last:
        return {}
    counts = collections.Counter()
    Case = models.Case
    for hall_id, due, count in (Case
                                .select(Case.hall, Case.due_date,
                                        fn.COUNT(Case.id))
                                .where(Case.hall.in_(list(last)),
                                       Case.status.in_(models.OPEN_STATUSES),
                                       Case.due_date >= today,
                                       Case.due_date <= max(last.values()))
                                .group_by(Case.hall, Case.due_date)
                                .tuples()):
        if isinstance(due, str):
            due = datetime.date.fromisoformat(due)
        if due <= last[hall_id]:
            counts[hall_id] += count
    return counts


def _due_soon(hall_ids, limit, at):
    """An alert per hall with open cases due soon (_due_soon_counts)."""
    return [Alert('due_soon', hall_id, 'cases', count, '', 'cases.index',
                  {'hall': hall_id})
            for hall_id, count in sorted(
                _due_soon_counts(hall_ids, limit, at).items())]


def _due_soon_keys(hall_ids, limit, at):
    return [(hall_id, 'cases')
            for hall_id in _due_soon_counts(hall_ids, limit, at)]


def _reaching(counts, limit):
    """The halls whose count reaches their threshold, with the count."""
    return sorted((hall_id, count) for hall_id, count in counts.items()
                  if count and count >= limit(hall_id))


def _per_hall(key, counts, endpoint, **args):
    """A rule of one alert per hall whose count reaches its threshold:
    (find, keys) from `counts(hall_ids, at)`, {hall id: count}."""
    def find(hall_ids, limit, at):
        return [Alert(key, hall_id, 'hall', count, '', endpoint,
                      dict(args, hall=hall_id))
                for hall_id, count in _reaching(counts(hall_ids, at), limit)]

    def keys(hall_ids, limit, at):
        return [(hall_id, 'hall')
                for hall_id, _count in _reaching(counts(hall_ids, at), limit)]
    return find, keys


def _overdue_counts(hall_ids, at):
    """Overdue cases (Case.overdue_counts)."""
    return models.Case.overdue_counts(hall_ids, at.date())


def _follow_up_counts(hall_ids, condition):
    FollowUp = models.FollowUp
    return dict(models.FollowUp.in_halls(hall_ids)
                .select(FollowUp.hall, fn.COUNT(FollowUp.id))
                .where(condition)
                .group_by(FollowUp.hall)
                .tuples())


def _callback_counts(hall_ids, at):
    """Bad ratings whose applicant has not been reached by a call-back."""
    FollowUp = models.FollowUp
    return _follow_up_counts(hall_ids, FollowUp.closed_at.is_null()
                             & FollowUp.called_back_at.is_null())


def _late_counts(hall_ids, at):
    """Rectification tasks still open after their deadline (as
    FollowUp.is_overdue and the list's 'past the deadline' say)."""
    FollowUp = models.FollowUp
    return _follow_up_counts(hall_ids, FollowUp.closed_at.is_null()
                             & (FollowUp.due_date < at.date()))


def _kiosk_uncovered(hall_ids, limit, at):
    """Kiosks with no helper on duty now (the dashboard's figure), each
    one, when a hall has its threshold of them."""
    found = []
    for city_id, halls in _by_city(hall_ids).items():
        found += dashboard.uncovered_kiosks(halls, at,
                                            models.city_calendar(city_id))
    counts = collections.Counter(kiosk.hall_id for kiosk in found)
    return [Alert('kiosk_uncovered', kiosk.hall_id, 'kiosk:%d' % kiosk.id,
                  counts[kiosk.hall_id], kiosk.name, 'roster.index',
                  {'hall': kiosk.hall_id})
            for kiosk in found if counts[kiosk.hall_id] >= limit(kiosk.hall_id)]


def _long_waits(hall_ids, limit, at):
    """The windows whose longest wait now (the dashboard's figure,
    dashboard.longest_waits) reaches the hall's threshold in minutes:
    [(hall id, window id, window name, seconds)]."""
    return [wait for wait in dashboard.longest_waits(hall_ids, at)
            if wait[3] >= limit(wait[0]) * 60]


def _window_wait(hall_ids, limit, at):
    """An alert per window waiting too long, with the window's name."""
    return [Alert('window_wait', hall_id, 'window:%d' % window_id,
                  seconds // 60, name, 'dashboard.index', {'hall': hall_id})
            for hall_id, window_id, name, seconds
            in _long_waits(hall_ids, limit, at)]


def _window_wait_keys(hall_ids, limit, at):
    return [(hall_id, 'window:%d' % window_id)
            for hall_id, window_id, _name, _s in _long_waits(hall_ids, limit, at)]


def _post_uncovered(hall_ids, limit, at):
    """AB posts whose A is away with no B on duty (Post.uncovered), each
    one, when a hall has its threshold of them."""
    posts = list(models.Post.uncovered(list(hall_ids)))
    counts = collections.Counter(post.hall_id for post in posts)
    return [Alert('post_uncovered', post.hall_id, 'post:%d' % post.id,
                  counts[post.hall_id], post.name, 'post_admin.index_view', {})
            for post in posts if counts[post.hall_id] >= limit(post.hall_id)]


def _staffing(hall_ids, limit, at):
    """Halls with their threshold of breaches of the staffing minimums
    (Hall.staffing_breaches, read from the same roster as the kiosks)."""
    halls = list(models.Hall.select().where(models.Hall.id.in_(list(hall_ids))))
    counts = {hall_id: len(found) for hall_id, found in
              models.Hall.staffing_breaches_of(halls, at=at).items()}
    return [Alert('staffing', hall_id, 'hall', count, '', 'staffing.index',
                  {'hall': hall_id})
            for hall_id, count in _reaching(counts, limit)]


def _hall_rule(key, label, unit, say, default, low, high, counts, endpoint,
               **args):
    """A Rule of one alert per hall whose count reaches its threshold."""
    find, keys = _per_hall(key, counts, endpoint, **args)
    return Rule(key, label, unit, say, default, low, high, find, keys=keys)


RULES = collections.OrderedDict((rule.key, rule) for rule in (
    Rule('due_soon', _l('Cases due soon'), _l('working days ahead'), _cases,
         3, 0, 30, _due_soon, keys=_due_soon_keys),
    _hall_rule('overdue', _l('Overdue cases'), _l('cases'), _cases,
               1, 1, 1000, _overdue_counts, 'cases.index', overdue=1),
    _hall_rule('callback', _l('Bad ratings awaiting call-back'), _l('tasks'),
               _tasks, 1, 1, 1000, _callback_counts, 'follow_ups.index',
               show='open'),
    _hall_rule('rectification_late', _l('Rectifications past their deadline'),
               _l('tasks'), _tasks, 1, 1, 1000, _late_counts,
               'follow_ups.index', show='overdue'),
    Rule('kiosk_uncovered', _l('Kiosks without a helper on duty'),
         _l('kiosks'), _kiosks, 1, 1, 100, _kiosk_uncovered),
    Rule('window_wait', _l('Long waits at windows'), _l('minutes'), _minutes,
         30, 1, 600, _window_wait, keys=_window_wait_keys),
    Rule('post_uncovered', _l('AB posts without cover'), _l('posts'), _posts,
         1, 1, 100, _post_uncovered),
    Rule('staffing', _l('Halls below their staffing minimums'),
         _l('breaches'), _breaches, 1, 1, 100, _staffing, per_hall=True),
))


def period(at=None):
    """The period an acknowledgement holds for: the hall's day."""
    return (at or models.now()).date().isoformat()


def _limits(hall_ids):
    """limits(rule) -> limit(hall_id): each hall's threshold of a rule
    (models.AlertSetting, else the rule's default), read in one query."""
    thresholds = models.AlertSetting.thresholds(hall_ids)

    def limits(rule):
        return lambda hall_id: thresholds.get((hall_id, rule.key), rule.default)
    return limits


def raised(hall_ids, at=None, rules=None):
    """Every alert of the halls now, rule by rule (all rules by default)."""
    at = at or models.now()
    hall_ids = list(hall_ids)
    if not hall_ids:
        return []
    limits = _limits(hall_ids)
    found = []
    for rule in (rules or RULES.values()):
        found += rule.find(hall_ids, limits(rule), at)
    return found


def listed(hall_ids, at=None, rules=None):
    """The alert list: every alert of the halls now with its
    acknowledgement of today (or None), the open ones first, as the
    portal's list and the API show it."""
    at = at or models.now()
    hall_ids = list(hall_ids)
    found = raised(hall_ids, at, rules)
    acks = models.AlertAck.of(hall_ids, period(at)) if found else {}
    rows = [(a, acks.get((a.rule, a.hall_id, a.subject))) for a in found]
    rows.sort(key=lambda row: row[1] is not None)  # open ones first
    return rows


def cheap_rules():
    """The rules read in a constant number of queries: the menu's count."""
    return [rule for rule in RULES.values() if not rule.per_hall]


def open_count(hall_ids, at=None):
    """How many alerts of the cheap rules are not acknowledged today, as
    summary() counts them, from each rule's figures alone (Rule.keys) and
    the day's acknowledgements: a constant number of queries, whatever
    the number of halls."""
    at = at or models.now()
    hall_ids = list(hall_ids)
    if not hall_ids:
        return 0
    limits = _limits(hall_ids)
    found = set()
    for rule in cheap_rules():
        found.update((rule.key,) + key
                     for key in rule.keys(hall_ids, limits(rule), at))
    if not found:
        return 0
    return len(found - models.AlertAck.keys_of(hall_ids, period(at)))


def is_raised(rule, hall_id, subject, at=None):
    """Whether the rule raises this alert in the hall now."""
    return any(a.subject == subject
               for a in raised([hall_id], at, [RULES[rule]]))


def summary(hall_ids, at=None):
    """For the dashboard: each cheap rule with its alerts not acknowledged
    today and those acknowledged, [(rule, open, acknowledged)]."""
    at = at or models.now()
    hall_ids = list(hall_ids)
    found = raised(hall_ids, at, cheap_rules())
    acks = models.AlertAck.of(hall_ids, period(at)) if found else {}
    counts = collections.defaultdict(lambda: [0, 0])
    for a in found:
        counts[a.rule][(a.rule, a.hall_id, a.subject) in acks] += 1
    return [(RULES[key], counts[key][0], counts[key][1])
            for key in RULES if key in counts]
