"""The domain of 帮办代办: halls, their catalogue and staff, cases and queues.

Schema and the rules that belong to records live here; the portal, the kiosk
and the public pages only ask. Vocabulary follows DOMAIN.md: Chinese terms in
the UI, English names in code.
"""
import collections
import contextlib
import contextvars
import datetime
import functools
import hashlib
import hmac
import inspect
import ipaddress
import json
import logging
import random
import re
import secrets
import unicodedata
import zoneinfo

from flask import current_app, has_app_context
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from i18n import lazy_gettext as _l
from peewee import (
    JOIN, SQL, BlobField, Node, BooleanField, CharField, Check, DateField,
    DateTimeField, ForeignKeyField, IntegerField, IntegrityError,
    SqliteDatabase, TextField, TimeField, Tuple, Value, fn, prefetch,
)
from pypinyin import Style, lazy_pinyin
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

import calendar_library
import validators
from errors import DomainError, FieldError
from prepared import Prepared
from store import (  # noqa: F401 (the storage names the faces use via models)
    TEXT_MAX_LENGTH, BaseModel, Counter, RateHit, check_value, db,
    max_length, order_backrefs, transaction_cache, write_transaction,
)

# The hall's clock. Every time is stored, counted and shown as naive local
# time in this zone, whatever zone the server's own clock is set to.
HALL_ZONE = zoneinfo.ZoneInfo('Asia/Shanghai')


def time_zone(name):
    """A time zone by its IANA name (Asia/Shanghai); ValueError if unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError('unknown time zone %r: give an IANA name such as '
                         'Asia/Shanghai' % (name,)) from None


def set_time_zone(name):
    """Set the hall's time zone (config TIMEZONE); refuses an unknown name."""
    global HALL_ZONE
    HALL_ZONE = time_zone(name)


def instant():
    """This moment, aware, in UTC: the one reading of the system clock.

    Everything else (now, today, durations) is derived from it, so the
    server's own zone never matters and a test can pin the moment here.
    """
    return datetime.datetime.now(datetime.timezone.utc)


def hall_time(moment):
    """An aware moment as the hall's naive local time, as times are stored."""
    return moment.astimezone(HALL_ZONE).replace(tzinfo=None, microsecond=0)


def now():
    """The hall's local time now, naive and without microseconds, as stored."""
    return hall_time(instant())


def today():
    """The hall's date today: ticket days, due dates, "today" everywhere."""
    return now().date()


def seconds():
    """Seconds since the epoch now, for durations (idle timeouts, rate
    windows): never computed from a naive local time."""
    return instant().timestamp()


def digest(code):
    """The stored form of a secret code: only hashes are kept."""
    return hashlib.sha256(code.encode()).hexdigest()


# A test run checks thousands of passwords; werkzeug's default (scrypt) costs
# half a second each on a small machine. Only an app configured TESTING uses
# this one-round hash; everything else keeps the default.
TESTING_HASH_METHOD = 'pbkdf2:sha256:1'


def hash_secret(secret):
    """The stored form of a password or PIN (salted, slow by design)."""
    if has_app_context() and current_app.config.get('TESTING'):
        return generate_password_hash(secret, method=TESTING_HASH_METHOD)
    return generate_password_hash(secret)


def new_code(prefix):
    """A fresh unguessable code (128 random bits) with a one-letter kind."""
    return prefix + secrets.token_urlsafe(16)


def pinyin_keys(text):
    """Full pinyin and initials of a Chinese text, for search ("sbdj")."""
    syllables = lazy_pinyin(text or '', errors='ignore')
    full = ''.join(syllables).lower()
    initials = ''.join(s[0] for s in syllables if s).lower()
    return full, initials


# --- Choices -----------------------------------------------------------------

LEVELS = [
    ('city', _l('City')),
    ('county', _l('County')),
    ('town', _l('Town')),
    ('village', _l('Village')),
]
LEVEL_ORDER = ['city', 'county', 'town', 'village']

POWER_KINDS = [
    ('licensing', _l('Administrative licensing')),
    ('benefit', _l('Administrative benefit')),
    ('confirmation', _l('Administrative confirmation')),
    ('ruling', _l('Administrative ruling')),
    ('reward', _l('Administrative reward')),
    ('other_power', _l('Other administrative power')),
    ('public_service', _l('Public service')),
]

CATEGORIES = [
    ('social_insurance', _l('Social insurance')),
    ('medical_insurance', _l('Medical insurance')),
    ('housing_fund', _l('Housing provident fund')),
    ('real_estate', _l('Real estate registration')),
    ('civil_affairs', _l('Civil affairs and relief')),
    ('agriculture', _l('Agriculture and rural affairs')),
    ('market', _l('Market entities')),
    ('tax', _l('Taxation')),
    ('household', _l('Household registration')),
    ('health', _l('Health')),
    ('disability', _l('Disability services')),
    ('construction', _l('Construction projects')),
    ('veterans', _l('Veterans')),
    ('transport', _l('Transport')),
    ('environment', _l('Environment')),
]

SERVICE_FORMS = [
    ('assisted', _l('Assisted handling')),
    ('proxy', _l('Proxy handling')),
    ('home_visit', _l('Home visit')),
]

MATERIAL_FORMS = [
    ('original', _l('Original')),
    ('copy', _l('Copy')),
    ('both', _l('Original and copy')),
]

WINDOW_KINDS = [
    ('assisted', _l('Assisted-service window')),
    ('comprehensive', _l('Comprehensive window')),
    ('department', _l('Department window')),
]

EMPLOYMENTS = [
    ('full_time', _l('Full-time')),
    ('part_time', _l('Part-time')),
    ('volunteer', _l('Volunteer')),
]

ROLES = [
    ('city_admin', _l('City administrator')),
    ('hall_manager', _l('Hall manager')),
    ('agent', _l('Agent')),
    ('helper', _l('Helper')),
    ('supervisor', _l('Supervisor')),
]

# Who may do what: role -> what it may do. The one table behind the portal's
# views, menus and decorators, the kiosk and the templates (User.may).
PERMISSIONS = {
    'city_admin': {'administer_city', 'manage_hall', 'read_hall',
                   'see_cases', 'work_cases', 'work_desk', 'use_kiosk',
                   'verify_rectifications', 'sample_cases',
                   'handle_complaints'},
    'hall_manager': {'manage_hall', 'read_hall', 'see_cases', 'work_cases',
                     'work_desk', 'use_kiosk', 'handle_complaints'},
    'agent': {'see_cases', 'work_cases', 'work_desk', 'use_kiosk'},
    'helper': {'use_kiosk'},
    'supervisor': {'read_hall', 'see_cases', 'verify_rectifications',
                   'sample_cases', 'handle_complaints'},
    # Not a role of an account: what an integration client (ApiClient) may
    # do through /api/v1 in the halls of its scope; the writes
    # (WRITE_PERMISSIONS) only with the read and write access.
    'integration': {'read_hall', 'see_cases', 'send_requests',
                    'issue_tickets', 'book_appointments'},
}
WRITE_PERMISSIONS = ('send_requests', 'issue_tickets', 'book_appointments')
# administer_city  city-wide records: accounts of any role, city-level lists
# manage_hall      configure the halls in scope, bind kiosks, import
#                  applicant files
# read_hall        read the configuration, statistics and follow-ups
# see_cases        open the case files; work_cases: act on them, and call
#                  back and rectify after a bad rating (差评)
# verify_rectifications  verify a 差评's rectification, closing the task
# sample_cases     draw the monthly sample of closed cases (定期抽查) and
#                  review the cases drawn
# handle_complaints  take complaints (投诉) and answer them
# work_desk        call tickets at a window; use_kiosk: sign in at a kiosk
# send_requests    send an online or hotline request (线上帮办) to a hall
# issue_tickets    issue a queue ticket at a hall's window
# book_appointments  book an appointment (预约) at a hall, by the rules of
#                  the public booking page (Appointment.book)


def roles_that(permission):
    """The roles that hold a permission, in the order of ROLES (the
    integration entry is no role: ApiClient.may asks it)."""
    if not any(permission in held for held in PERMISSIONS.values()):
        raise KeyError(permission)
    return tuple(role for role, _ in ROLES
                 if permission in PERMISSIONS[role])


APPLICANT_KINDS = [
    ('person', _l('Person')),
    ('enterprise', _l('Enterprise')),
]

CHANNELS = [
    ('kiosk', _l('Kiosk')),
    ('window', _l('Window')),
    ('online', _l('Online')),
    ('home_visit', _l('Home visit')),
]

DELIVERY_METHODS = [
    ('pickup', _l('Pick-up in person')),
    ('mail', _l('By mail')),
]

MATERIAL_STATES = [
    ('provided', _l('Provided')),
    ('missing', _l('Missing')),
    ('promised', _l('Promised (容缺)')),
]

RATINGS = [
    (5, _l('Very satisfied')),
    (4, _l('Satisfied')),
    (3, _l('Basically satisfied')),
    (2, _l('Dissatisfied')),
    (1, _l('Very dissatisfied')),
]
SATISFIED_RATINGS = (5, 4, 3)
BAD_RATINGS = (2, 1)  # 差评: each is called back and rectified

EVALUATION_METHODS = [
    ('onsite', _l('On site')),
    ('phone', _l('Phone follow-up')),
    ('online', _l('Online')),
]

TICKET_STATUSES = [
    ('waiting', _l('Waiting')),
    ('called', _l('Called')),
    ('serving', _l('Serving')),
    ('done', _l('Done')),
    ('no_show', _l('No-show')),
    ('transferred', _l('Transferred')),
    ('closed', _l('Closed at day end')),
]

PRIORITY_NORMAL, PRIORITY_APPOINTMENT, PRIORITY_GREEN = 0, 1, 2

# How a ticket came to be: taken at the kiosk, an appointment checked in, or
# sent on from another window (served ahead of walk-ins: it has waited once).
TICKET_KINDS = [
    ('walk_in', _l('Walk-in')),
    ('appointment', _l('Appointment')),
    ('transfer', _l('From another window')),
]

# 绿色通道: who is served first. The stored reason is the Chinese text.
GREEN_REASONS = [
    ('老年人', _l('Elderly')),
    ('残疾人', _l('Disabled')),
    ('退役军人', _l('Active or retired military')),
    ('紧急事项', _l('Urgent matter')),
]

HALF_DAYS = [('am', _l('Morning')), ('pm', _l('Afternoon'))]

# Who an item is for by sex, as the identity number states it ('': anyone).
ITEM_SEXES = [
    ('', _l('Men and women')),
    ('male', _l('Men only')),
    ('female', _l('Women only')),
]

APPOINTMENT_STATUSES = [
    ('booked', _l('Booked')),
    ('checked_in', _l('Checked in')),
    ('cancelled', _l('Cancelled')),
]

HOLIDAY_KINDS = [
    ('off', _l('Day off')),
    ('workday', _l('Make-up working day')),
]


def label(choices, value):
    """The display label of a stored choice value."""
    return dict(choices).get(value, value)


def document_facts(id_type, id_number):
    """(birth date, sex) as an identity document's number states them, each
    None when it does not: only resident IDs, residence permits and foreign
    permanent resident IDs carry a birth date, and only their 18-digit
    numbers the sex (the 17th digit, odd for men, GB 11643)."""
    if id_type not in validators.BIRTH_DOCUMENTS:
        return None, None
    try:
        born = validators.birth_date(id_number, id_type)
    except validators.ValidationError:
        return None, None
    if len(id_number or '') != 18:
        return born, None
    return born, validators.gender(id_number, id_type)


# Set only while `archive_history` moves old rows out to their archive file.
_archiving = contextvars.ContextVar('bangban_archiving', default=False)


class AppendOnly(BaseModel):
    """Records that are history: never edited in place, never deleted.

    The one way rows leave is `archive_history`, after the retention period,
    once they are written to the archive file."""

    def save(self, *args, **kwargs):
        if self.id is not None and not kwargs.pop('_allow_update', False):
            raise DomainError(_l('History records cannot be changed.'))
        return super().save(*args, **kwargs)

    def delete_instance(self, *args, **kwargs):
        raise DomainError(_l('History records cannot be deleted.'))

    @classmethod
    def delete(cls):
        if not _archiving.get():
            raise DomainError(_l('History records cannot be deleted.'))
        return super().delete()


def reload_record(record):
    """Read the record's columns again, as a conditional update left them."""
    fresh = type(record).get_by_id(record.id)
    for name in record._meta.fields:
        setattr(record, name, getattr(fresh, name))
    record.__rel__ = {}


# --- Organisation ------------------------------------------------------------

class MongolianNameField(CharField):
    """A name in traditional Mongolian script (蒙汉双语 halls), shown beside
    the Chinese one; checked on every write, however it is made (a form,
    an Excel list, a query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault('max_length', 200)
        kwargs.setdefault('default', '')
        super().__init__(**kwargs)

    def db_value(self, value):
        if isinstance(value, Node):
            return super().db_value(value)
        try:
            value = validators.mongolian_name(value)
        except DomainError as error:
            raise FieldError(self, error.message) from None
        return super().db_value(value)


# How a bilingual hall's screen speaks a call when every clip it needs is
# recorded: the Mongolian clips after the Mandarin voice, or instead of it.
MONGOLIAN_CALL_MODES = [
    ('after', _l('Mandarin, then the Mongolian recording')),
    ('instead', _l('The Mongolian recording only')),
]


class Hall(BaseModel):
    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=100)
    level = CharField(max_length=10, choices=LEVELS)
    parent = ForeignKeyField('self', null=True, backref='children',
                             on_delete='RESTRICT')
    address = CharField(max_length=200, default='')
    opens_at = TimeField(default=datetime.time(9, 0))
    closes_at = TimeField(default=datetime.time(17, 30))
    phone = CharField(max_length=30, default='')
    # 蒙汉双语: the hall signs in traditional Mongolian beside Chinese on
    # its display, kiosk, tickets, receipts and progress pages.
    bilingual_mongolian = BooleanField(default=False)
    name_mn = MongolianNameField()
    # How its screens say a call once Mongolian clips are recorded
    # (MONGOLIAN_CALL_MODES, CallClip).
    mongolian_call = CharField(max_length=10, choices=MONGOLIAN_CALL_MODES,
                               default='after')

    def __str__(self):
        return self.name

    @property
    def level_label(self):
        return label(LEVELS, self.level)

    @staticmethod
    def tree():
        """Children of every hall by parent id, from one query."""
        children = {}
        for hall_id, parent_id in Hall.select(Hall.id, Hall.parent).tuples():
            children.setdefault(parent_id, []).append(hall_id)
        return children

    def subtree_ids(self):
        """This hall and every hall below it."""
        children, found, todo = Hall.tree(), [], [self.id]
        while todo:
            current = todo.pop()
            found.append(current)
            todo.extend(children.get(current, ()))
        return found

    def ancestors(self):
        """The halls above this one, nearest first."""
        chain, hall = [], self.parent
        while hall is not None:
            chain.append(hall)
            hall = hall.parent
        return chain

    def offers(self, item):
        """Whether this hall handles the item (or a bundle, by its lead
        department) itself: its level and a stationed department."""
        if self.level not in item.level_list:
            return False
        department = (item.lead_department_id if isinstance(item, Bundle)
                      else item.department_id)
        return self._stationed().where(
            HallDepartment.department == department).exists()

    def offered(self, items):
        """The items of a query that this hall offers, by the rule of
        `offers`, with their departments: one query, not two an item."""
        rows = (items
                .select_extend(Department)
                .join(Department)
                .where(Item.department.in_(self._stationed()))
                .order_by(Item.category, Item.name))
        return [item for item in rows if self.level in item.level_list]

    def offered_items(self):
        """The active items this hall offers, by the rule of `offers`, as
        one query (no ordering: callers page it)."""
        return (Item.select()
                .where(Item.is_active == True,  # noqa: E712
                       Item.department.in_(self._stationed()),
                       Item.levels.contains(self.level)))

    def _stationed(self):
        """The departments stationed in this hall."""
        return (HallDepartment.select(HallDepartment.department)
                .where(HallDepartment.hall == self))

    def window_for(self, item=None, bundle=None):
        """The open, staffed window here that serves the item (or the
        bundle's lead department); the assisted-service window otherwise.
        A few queries, however many windows the hall has, whose SQL is
        written once a process (the kiosk asks at every registration)."""
        windows = _OPEN_WINDOWS(db, self.id)
        staffed = Window.staffed_among(windows,
                                       posts=_OPEN_WINDOW_POSTS(db, self.id))
        if bundle is not None:
            # 一件事 goes to the comprehensive window (一窗受理) that takes the
            # lead department's part, else that department's own window; the
            # assisted window links every department, so it comes last.
            lead = [part.item for part in (
                BundleItem.select(BundleItem, Item).join(Item)
                .where(BundleItem.bundle == bundle,
                       Item.department == bundle.lead_department_id))]
            serving = Window.serving(staffed, lead)
            ranked = sorted(staffed, key=lambda w: w.kind != 'comprehensive')
            for window in ranked:
                if window.kind != 'assisted' and (
                        window.department_id == bundle.lead_department_id or
                        window.id in serving):
                    return window
        elif item is not None:  # a matter outside the catalogue: assisted
            serving = Window.serving_item_at(self.id, staffed, item)
            ranked = sorted(staffed, key=lambda w: w.kind != 'department')
            for window in ranked:
                if window.kind != 'assisted' and window.id in serving:
                    return window
        return next((w for w in staffed if w.kind == 'assisted'), None)

    def handling_hall(self, item):
        """The nearest hall, this one or above, that handles the item."""
        for hall in [self] + self.ancestors():
            if hall.offers(item):
                return hall
        return None

    # -- the city and its working-day calendar ---------------------------------

    @staticmethod
    def city_of(hall_id, parents=None):
        """The id of the city (root) hall a hall belongs to (`parents`:
        _hall_parents() when the caller has read it already)."""
        parents = parents if parents is not None else _hall_parents()
        if hall_id not in parents:  # a hall made since the request began
            forget_calendars()
            parents = _hall_parents()
        seen = set()
        while parents.get(hall_id) is not None and hall_id not in seen:
            seen.add(hall_id)
            hall_id = parents[hall_id]
        return hall_id

    @property
    def city_id(self):
        return Hall.city_of(self.id)

    @staticmethod
    def cities_of(hall_ids):
        """{hall id: its city's id} of the halls, from one read of the
        halls' parents (outside a request as well)."""
        parents = _hall_parents()
        return {hall_id: Hall.city_of(hall_id, parents) for hall_id in hall_ids}

    @staticmethod
    def city_hall_ids(city_id):
        """The city hall and every hall below it."""
        parents = _hall_parents()
        return [h for h in parents if Hall.city_of(h) == city_id]

    def working_calendar(self):
        """The calendar of this hall's city (loaded once per request)."""
        return city_calendar(self.city_id)

    def calendar(self, first=None, last=None):
        """A function telling this hall's working days (the span is kept
        for callers; the city's calendar is loaded whole, in one query)."""
        calendar = self.working_calendar()
        return lambda day: calendar.is_workday(day, self.id)

    def is_workday(self, day):
        """A working day for this hall: its overrides, the city's, the
        notice in force, the statutory days by rule, weekends."""
        return self.working_calendar().is_workday(day, self.id)

    def add_working_days(self, start, days):
        """The day `days` working days after `start` (start itself not counted)."""
        return self.working_calendar().add_working_days(self.id, start, days)

    def working_days_between(self, start, end):
        """Working days after `start` up to and including `end` (negative if end < start)."""
        return self.working_calendar().working_days_between(self.id, start, end)

    def validate(self):
        """Refuse a parent that is not one level up, or a loop in the tree."""
        if self.parent_id is None:
            if self.level != 'city':
                raise DomainError(_l('Only a city hall has no parent hall.'))
            return
        parent = Hall.get_by_id(self.parent_id)
        if self.id is not None and parent.id in self.subtree_ids():
            raise DomainError(_l('A hall cannot be placed below itself.'))
        if LEVEL_ORDER.index(self.level) != LEVEL_ORDER.index(parent.level) + 1:
            raise DomainError(_l('A %(level)s hall belongs under a hall one '
                                 'level up, not under %(parent)s.',
                                 level=self.level_label, parent=parent.name))

    # -- staffing minimums (002, 004) ----------------------------------------

    Breach = collections.namedtuple('Breach', 'rule message subject')
    MIN_FULL_TIME = {'city': 3, 'county': 3, 'town': 2}
    MIN_PART_TIME = 2

    def staffing_breaches(self, days=7, at=None):
        """Where this hall falls short of the staffing rules: full-time and
        part-time agents, liaisons, AB posts, helpers on duty at kiosks."""
        return Hall.staffing_breaches_of([self], days, at)[self.id]

    @staticmethod
    def staffing_breaches_of(halls, days=7, at=None):
        """Hall id -> its staffing breaches (as `staffing_breaches`), for
        any number of halls in the same few queries."""
        with work_cache():
            return Hall._staffing_breaches_of(halls, days, at)

    @staticmethod
    def _staffing_breaches_of(halls, days, at):
        ids = [hall.id for hall in halls]
        agents, windows, posts, liaised, stationed = {}, {}, {}, {}, {}
        for agent in Agent.select().where(Agent.hall.in_(ids),
                                          Agent.is_active == True):  # noqa: E712
            agents.setdefault(agent.hall_id, []).append(agent)
        for window in (Window.select()
                       .where(Window.hall.in_(ids),
                              Window.kind == 'comprehensive')
                       .order_by(Window.id)):
            windows.setdefault(window.hall_id, []).append(window)
        window_ids = [w.id for own in windows.values() for w in own]
        a, b = Agent.alias(), Agent.alias()
        on_window = {}
        for post in (Post.select(Post, a, b)
                     .join(a, on=(Post.agent_a == a.id), attr='agent_a')
                     .switch(Post)
                     .join(b, JOIN.LEFT_OUTER, on=(Post.agent_b == b.id),
                           attr='agent_b')
                     .where(Post.hall.in_(ids) | Post.window.in_(window_ids))
                     .order_by(Post.id)):
            if post.hall_id in ids:
                posts.setdefault(post.hall_id, []).append(post)
            on_window.setdefault(post.window_id, []).append(post)
        for liaison in Liaison.select(Liaison.hall, Liaison.department).where(
                Liaison.hall.in_(ids)):
            liaised.setdefault(liaison.hall_id, set()).add(liaison.department_id)
        for link in (HallDepartment.select(HallDepartment, Department)
                     .join(Department)
                     .where(HallDepartment.hall.in_(ids))
                     .order_by(HallDepartment.id)):
            stationed.setdefault(link.hall_id, []).append(link)
        rosters = Roster.upcoming_of(halls, days, at)
        return {hall.id: hall._breaches(
            agents.get(hall.id, []), windows.get(hall.id, []), on_window,
            posts.get(hall.id, []), liaised.get(hall.id, set()),
            stationed.get(hall.id, []), rosters[hall.id]) for hall in halls}

    def _breaches(self, agents, windows, on_window, posts, liaised,
                  stationed, roster):
        """The staffing rules over this hall's records, read beforehand."""
        breach, found = Hall.Breach, []
        full = [a for a in agents if a.employment == 'full_time']
        part = [a for a in agents if a.employment == 'part_time']
        if self.level == 'village':
            if not full and not part:
                found.append(breach('agents', _l(
                    'A village point needs at least one full-time or '
                    'part-time agent.'), None))
        elif len(full) < self.MIN_FULL_TIME[self.level]:
            found.append(breach('full_time', _l(
                'A %(level)s hall needs at least %(need)d full-time agents; '
                'it has %(have)d.', level=self.level_label,
                need=self.MIN_FULL_TIME[self.level], have=len(full)), None))
        if self.level == 'town' and len(part) < self.MIN_PART_TIME:
            found.append(breach('part_time', _l(
                'A town centre needs at least %(need)d part-time agents; '
                'it has %(have)d.', need=self.MIN_PART_TIME, have=len(part)),
                None))
        for window in windows:
            staff = {agent.id for post in on_window.get(window.id, [])
                     for agent in (post.agent_a,
                                   post.agent_b if post.agent_b_id else None)
                     if agent is not None and agent.is_active
                     and agent.employment == 'part_time'}
            if len(staff) < self.MIN_PART_TIME:
                found.append(breach('window_part_time', _l(
                    '%(window)s needs at least %(need)d part-time agents on '
                    'its posts; it has %(have)d.', window=window,
                    need=self.MIN_PART_TIME, have=len(staff)), window))
        for link in stationed:
            if link.department_id not in liaised:
                found.append(breach('liaison', _l(
                    'Department %(department)s has no liaison.',
                    department=link.department), link.department))
        for post in posts:
            if post.agent_b_id is None:
                found.append(breach('ab_post', _l(
                    'Post "%(post)s" has no B agent.', post=post.name), post))
        for gap in roster.gaps():
            found.append(breach('kiosk_duty', _l(
                '%(kiosk)s has no helper on duty on %(day)s from '
                '%(start)s to %(end)s.', kiosk=str(gap.kiosk),
                day=gap.day.isoformat(), start=gap.start.strftime('%H:%M'),
                end=gap.end.strftime('%H:%M')), gap.kiosk))
        for shift in roster.double_bookings():
            found.append(breach('double_booking', _l(
                'Double booking: %(helper)s is on duty at %(kiosk)s on '
                '%(day)s from %(start)s to %(end)s and elsewhere at the same '
                'time.', helper=shift.helper.name, kiosk=str(shift.kiosk),
                day=shift.starts_at.date().isoformat(),
                start=shift.starts_at.strftime('%H:%M'),
                end=shift.ends_at.strftime('%H:%M')), shift.kiosk))
        return found


class Department(BaseModel):
    code = CharField(max_length=32, unique=True)
    name = CharField(max_length=100)
    short_name = CharField(max_length=30, default='')
    name_mn = MongolianNameField()

    def __str__(self):
        return self.short_name or self.name


class HallDepartment(BaseModel):
    """A department stationed (进驻) in a hall."""
    hall = ForeignKeyField(Hall, backref='stationed', on_delete='CASCADE')
    department = ForeignKeyField(Department, backref='halls',
                                 on_delete='CASCADE')

    class Meta:
        indexes = ((('hall', 'department'), True),)

    def __str__(self):
        return '%s · %s' % (self.hall.name, self.department)


# --- Accounts ----------------------------------------------------------------

class User(BaseModel):
    username = CharField(max_length=60, unique=True)
    password_hash = CharField(max_length=256)
    name = CharField(max_length=60)
    role = CharField(max_length=20, choices=ROLES)
    hall = ForeignKeyField(Hall, backref='users', on_delete='RESTRICT')
    is_active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    last_login = DateTimeField(null=True)
    pin_hash = CharField(max_length=256, default='')
    pin_set_at = DateTimeField(null=True)
    badge_hash = CharField(max_length=64, null=True, unique=True)
    badge_issued_at = DateTimeField(null=True)
    # Sessions carry this value; a new one ends every session of the account
    # on every server (sign-out, password change).
    session_epoch = CharField(max_length=32, default='')
    created_at = DateTimeField(default=now)

    MIN_PASSWORD = 12
    MIN_PASSWORD_SCORE = 3  # zxcvbn: "safely unguessable" from 3 of 4
    MAX_FAILURES = 5
    LOCK_MINUTES = 15
    PIN_LENGTH = 6  # of a generated PIN

    def __str__(self):
        return self.name

    def has_acted(self):
        """Whether any record names this account as the one who acted."""
        return any(field.model.select().where(field == self.id).exists()
                   for field in self._meta.backrefs
                   if field.on_delete == 'RESTRICT')

    def delete_instance(self, *args, **kwargs):
        """Only an account that never acted is deleted: the others are
        deactivated, so every record keeps who did it (the database refuses
        too: those references are ON DELETE RESTRICT)."""
        if self.has_acted():
            raise DomainError(_l('This account has acted on records, which '
                                 'keep its name. Deactivate it instead of '
                                 'deleting it.'))
        return super().delete_instance(*args, **kwargs)

    @property
    def role_label(self):
        return label(ROLES, self.role)

    def may(self, permission):
        """Whether this account's role holds a permission (PERMISSIONS)."""
        roles_that(permission)  # an unknown permission is a mistake, not a no
        return permission in PERMISSIONS.get(self.role, ())

    @property
    def uses_kiosks(self):
        """Whether this account's role signs in at self-service terminals
        (supervisors only read, in the portal)."""
        return self.may('use_kiosk')

    def set_password(self, password):
        """Store a new password, refusing short and guessable ones; every
        session signed in with the old one ends."""
        if len(password or '') < self.MIN_PASSWORD:
            raise DomainError(_l('A password must be at least %(n)d characters.',
                                 n=self.MIN_PASSWORD))
        if len(password) > 128:
            raise DomainError(_l('A password can have at most 128 characters.'))
        known = [text for text in (self.username, self.name) if text]
        if zxcvbn(password, user_inputs=known)['score'] < self.MIN_PASSWORD_SCORE:
            raise DomainError(_l(
                'This password is too easy to guess (a common password, a '
                'repeated or sequential pattern, or your own name). Use a few '
                'unrelated words, or mix letters, digits and signs.'))
        self.password_hash = hash_secret(password)
        self.session_epoch = secrets.token_hex(8)

    def end_sessions(self):
        """Sign this account out everywhere: its sessions stop being valid."""
        self.session_epoch = secrets.token_hex(8)
        User.update(session_epoch=self.session_epoch).where(
            User.id == self.id).execute()

    def _ensure_kiosk_account(self):
        if not self.uses_kiosks:
            raise DomainError(_l('A supervisor does not sign in at kiosks, so '
                                 'this account gets no PIN or badge.'))
        if not self.is_active:
            raise DomainError(_l('This account is deactivated. Activate it '
                                 'first.'))

    def set_pin(self, pin=None):
        """Store a kiosk PIN (4–8 digits), or a generated one when none is
        given; returns it, to be shown once. The account is unlocked."""
        self._ensure_kiosk_account()
        while pin is None:
            drawn = ''.join(secrets.choice('0123456789')
                            for _ in range(self.PIN_LENGTH))
            pin = None if self._guessable(drawn) else drawn
        if not (pin.isascii() and pin.isdigit()) or not 4 <= len(pin) <= 8:
            raise DomainError(_l('A PIN must be 4 to 8 digits.'))
        if self._guessable(pin):
            raise DomainError(_l('This PIN is too easy to guess (one digit '
                                 'repeated, or digits in a row). Choose '
                                 'another.'))
        self.pin_hash = hash_secret(pin)
        self.pin_set_at = now()
        self.unlock()
        return pin

    @staticmethod
    def _guessable(pin):
        """One digit repeated, or a run up or down (1234, 9876)."""
        return len(set(pin)) == 1 or pin in '01234567890' or \
            pin in '09876543210'

    def clear_pin(self):
        """No more PIN sign-in for this account."""
        self.pin_hash, self.pin_set_at = '', None

    def issue_badge(self):
        """A new badge QR payload for kiosk sign-in; the old one stops working.
        Shown once: only its hash is kept."""
        self._ensure_kiosk_account()
        code = new_code('B')
        self.badge_hash = digest(code)
        self.badge_issued_at = now()
        self.save()
        return code

    def revoke_badge(self):
        """The badge stops working (lost, or its holder left)."""
        self.badge_hash, self.badge_issued_at = None, None
        self.save()

    @classmethod
    def by_badge(cls, code):
        """The active account a scanned badge belongs to, or None."""
        if not code or len(code) > 64:
            return None
        return cls.get_or_none(cls.badge_hash == digest(code),
                               cls.is_active == True)  # noqa: E712

    def is_locked(self, at=None):
        return self.locked_until is not None and self.locked_until > (at or now())

    def unlock(self):
        """Forget earlier failures (a manager gave a new password or PIN)."""
        self.failed_logins, self.locked_until = 0, None

    def check_password(self, password):
        """Check the portal password, counting failures toward the lockout."""
        return self._check_secret(self.password_hash, password)

    def check_pin(self, pin):
        """Check the kiosk PIN, counting failures toward the same lockout as
        the password. Without a PIN of its own, nothing matches."""
        return self._check_secret(self.pin_hash, pin)

    def _check_secret(self, secret_hash, given):
        """One attempt at a password or PIN: MAX_FAILURES wrong ones, of
        either kind, lock the account for LOCK_MINUTES.

        The database counts, not Python: attempts sent at once from several
        terminals or workers cannot slip past the limit."""
        if not self.is_active or self.is_locked():
            return False
        ok = bool(secret_hash) and bool(given) and check_password_hash(
            secret_hash, given)
        cls, at = type(self), now()
        if ok:
            # Only if nobody locked the account while the hash was checked.
            ok = cls.update(failed_logins=0, last_login=at).where(
                cls.id == self.id, cls.is_active == True,  # noqa: E712
                cls.locked_until.is_null() | (cls.locked_until <= at)
            ).execute() == 1
        else:
            with write_transaction():
                (cls.update(failed_logins=cls.failed_logins + 1)
                 .where(cls.id == self.id)
                 .execute())
                (cls.update(failed_logins=0, locked_until=at + datetime.timedelta(
                    minutes=self.LOCK_MINUTES))
                 .where(cls.id == self.id,
                        cls.failed_logins >= self.MAX_FAILURES)
                 .execute())
        fresh = cls.get_by_id(self.id)
        self.failed_logins, self.locked_until, self.last_login = (
            fresh.failed_logins, fresh.locked_until, fresh.last_login)
        return ok

    def scope_hall_ids(self):
        """The halls this user may see: a city administrator their city
        (its city hall and every hall below), managers and supervisors their
        hall and those below, everyone else their own hall."""
        if self.may('administer_city'):
            return Hall.city_hall_ids(self.city_id)
        if self.may('read_hall'):
            return self.hall.subtree_ids()
        return [self.hall_id]

    @property
    def city_id(self):
        """The city (root hall) this account works in."""
        return Hall.city_of(self.hall_id)


class Agent(BaseModel):
    """A 帮办代办员: full-time, part-time (from a department) or volunteer."""
    user = ForeignKeyField(User, null=True, unique=True, backref='agents',
                           on_delete='SET NULL')
    hall = ForeignKeyField(Hall, backref='agents', on_delete='RESTRICT')
    department = ForeignKeyField(Department, null=True, backref='agents',
                                 on_delete='SET NULL')
    name = CharField(max_length=60)
    employment = CharField(max_length=12, choices=EMPLOYMENTS)
    phone = CharField(max_length=30, default='')
    is_active = BooleanField(default=True)

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.phone:
            self.phone = validators.phone(self.phone)
        return super().save(*args, **kwargs)


# --- The working-day calendar ------------------------------------------------
#
# Each city keeps its own calendar. A day is decided by, first to last:
#   1. an override of the hall (Holiday with a hall),
#   2. an override of the city (Holiday without a hall),
#   3. the State Council's notice for the year (调休: bridged days off and
#      adjusted working weekends): the one the city entered, else the
#      calendar library's (calendar_library), unless the city turned the
#      library off,
#   4. the statutory days by rule (calendar_library.statutory_days),
#   5. Saturdays and Sundays.
# A year with no notice from any source is counted with 4 and 5 only, and
# every due date reaching into it is provisional.

HOLIDAY_NAMES = [
    ('new_year', _l('New Year')),
    ('spring_festival', _l('Spring Festival')),
    ('qingming', _l('Qingming Festival')),
    ('labour_day', _l('Labour Day')),
    ('dragon_boat', _l('Dragon Boat Festival')),
    ('mid_autumn', _l('Mid-Autumn Festival')),
    ('national_day', _l('National Day')),
]
# As a State Council notice writes them (and the Excel sheet).
HOLIDAY_NAMES_ZH = {
    'new_year': '元旦', 'spring_festival': '春节', 'qingming': '清明节',
    'labour_day': '劳动节', 'dragon_boat': '端午节', 'mid_autumn': '中秋节',
    'national_day': '国庆节',
}
# Notices come out in November; from this many days before a year starts,
# its unknown adjusted days are warned about (due dates reach into it).
NOTICE_WARNING_DAYS = 61

calendar_log = logging.getLogger('bangban.calendar')


class CitySettings(BaseModel):
    """One city's own settings: one row per city (root) hall.

    The calendar's source lives here now; other per-city settings (the
    rating deadline, the report day, message texts) are columns added here
    by ordinary migrations, each with a default, so a city that never saved
    this record still gets sensible values from `CitySettings.of`.
    """
    city = ForeignKeyField(Hall, unique=True, backref='settings_rows',
                           on_delete='CASCADE')
    # Take the State Council's adjusted days from the calendar library for
    # the years it carries a notice for (else only from notices entered here).
    library_notices = BooleanField(default=True)
    # The day of the month the previous month's 附件8 is due (004: the 25th);
    # the monthly report job makes each unit's official copy from that day.
    report_day = IntegerField(default=25)
    # 差评整改: working days to rectify after a bad rating (15 in Sichuan,
    # 5 in some provinces).
    rectification_days = IntegerField(default=15)
    # The city's own SMS texts (JSON, kind -> text); a kind not set here
    # is sent with its default text (SMS_DEFAULTS).
    sms_templates = TextField(default='')
    # 投诉: working days to answer a complaint (5 by default).
    complaint_days = IntegerField(default=5)
    updated_at = DateTimeField(default=now)

    REPORT_DAYS = (1, 28)  # a day every month has

    @classmethod
    def of(cls, city_id):
        """The city's settings, or unsaved defaults when none were saved."""
        return (cls.get_or_none(cls.city == city_id)
                or cls(city=city_id))

    def set_days(self, name, days, user):
        """Set one of the city's deadlines in working days (DEADLINES: the
        rectification of a bad rating, the answer to a complaint), a whole
        number in its range; audited. Records already opened keep the
        deadline they were given. Returns the days."""
        low, high = DEADLINE_DAYS_RANGE
        try:
            days = int(str(days).strip())
        except ValueError:
            days = None
        if name not in DEADLINES:
            raise DomainError(_l('Unknown setting.'))
        if days is None or not low <= days <= high:
            raise DomainError(DEADLINES[name](low=low, high=high))
        self.change(user, **{name: days})
        return days

    def change(self, user=None, **values):
        """Save changed settings, audited; recomputes due dates when the
        calendar changes. Returns the number of cases whose due date moved."""
        settable = set(self._meta.fields) - {'id', 'city', 'updated_at'}
        if set(values) - settable:
            raise DomainError(_l('Unknown setting.'))
        if 'report_day' in values:
            first, last = self.REPORT_DAYS
            if (not isinstance(values['report_day'], int)
                    or not first <= values['report_day'] <= last):
                raise DomainError(_l(
                    'The report day is a day of the month from %(first)d to '
                    '%(last)d.', first=first, last=last))
        with write_transaction():
            if self.id is None:
                # The city's first save: another may be making the row at
                # this moment; both land in the one row.
                stored = CitySettings.get_or_none(
                    CitySettings.city == self.city_id)
                if stored is None:
                    CitySettings.insert(
                        city=self.city_id).on_conflict_ignore().execute()
                fresh = CitySettings.get(CitySettings.city == self.city_id)
                for name in fresh._meta.fields:
                    setattr(self, name, getattr(fresh, name))
                before = ({k: getattr(fresh, k) for k in values}
                          if stored else None)
            else:
                before = {k: getattr(self, k) for k in values}
            for name, value in values.items():
                setattr(self, name, value)
            self.updated_at = now()
            # Only what changed: another setting saved meanwhile stays.
            self.save(only=[getattr(CitySettings, name)
                            for name in list(values) + ['updated_at']])
            AuditLog.record(user, 'update' if before else 'create',
                            'CitySettings', self.id, before=before,
                            after=values, hall=self.city_id)
            moved = 0
            if 'library_notices' in values:
                moved = Case.reckon_due_dates(self.city_id, user)
        return moved


    def sms_texts(self):
        """The city's own SMS texts, kind -> text (none saved: empty)."""
        try:
            texts = json.loads(self.sms_templates or '{}')
        except ValueError:
            return {}
        return {kind: text for kind, text in texts.items()
                if kind in SMS_PLACEHOLDERS and isinstance(text, str)}

    def set_sms_texts(self, texts, user=None):
        """Save the city's SMS texts, kind -> text; a blank text means
        the default. Refuses the whole change, with the reason, when any
        text names a placeholder its message does not have."""
        kept = {}
        for kind, text in texts.items():
            if kind not in SMS_PLACEHOLDERS:
                raise DomainError(_l('Unknown setting.'))
            text = ' '.join((text or '').split())
            if not text:
                continue
            reason = sms_text_refusal(kind, text)
            if reason is not None:
                raise DomainError(reason)
            kept[kind] = text
        self.change(user, sms_templates=json.dumps(
            kept, ensure_ascii=False, sort_keys=True))
        return kept


class Holiday(BaseModel):
    """An override of one day, for one hall or (no hall) its whole city."""
    city = ForeignKeyField(Hall, backref='city_holidays', on_delete='CASCADE')
    hall = ForeignKeyField(Hall, null=True, backref='holidays',
                           on_delete='CASCADE')
    day = DateField(index=True)
    kind = CharField(max_length=10, choices=HOLIDAY_KINDS)
    note = CharField(max_length=100, default='')

    class Meta:
        indexes = ((('city', 'hall', 'day'), True),)

    def save(self, *args, **kwargs):
        """A hall's override belongs to the hall's city; a city's override
        is one per day (the database index cannot see "no hall")."""
        if self.hall_id is not None:
            self.city = Hall.city_of(self.hall_id)
        if self.city_id is None:
            raise DomainError(_l('Choose a hall, or the whole city.'))
        if self.hall_id is None:
            same = Holiday.select().where(
                Holiday.city == self.city_id, Holiday.hall.is_null(),
                Holiday.day == self.day)
            if self.id is not None:
                same = same.where(Holiday.id != self.id)
            if same.exists():
                raise DomainError(_l('The city already has an override on '
                                     'this day.'))
        return super().save(*args, **kwargs)


class NoticeError(DomainError):
    """A holiday notice refused as a whole, with what is wrong in each row."""

    def __init__(self, problems):
        super().__init__(problems[0])
        self.problems = problems

    def __str__(self):
        return ' '.join(str(p) for p in self.problems)


class _Joined:
    """Messages joined in the reader's language, when shown (not when made)."""

    def __init__(self, parts):
        self.parts = parts

    def __str__(self):
        return '; '.join(str(part) for part in self.parts)


def parse_day(value):
    """A date as typed or imported: 2027-02-05, 2027/2/5, 2027.2.5,
    2027年2月5日, or an Excel date cell; None when it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or '').strip()
    match = re.fullmatch(r'(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*'
                         r'(\d{1,2})\s*日?(\s+00:00(:00)?)?', text)
    if not match:
        return None
    try:
        return datetime.date(*(int(match.group(n)) for n in (1, 2, 3)))
    except ValueError:
        return None


def _plain(text, limit):
    """Text of a notice field, or None when too long or holding control
    characters (NUL bytes and the like never reach the database)."""
    text = str(text or '').strip()
    if len(text) > limit or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    return text


class HolidayNotice(BaseModel):
    """The State Council's holiday notice for a year, as a city entered it."""
    city = ForeignKeyField(Hall, backref='holiday_notices',
                           on_delete='CASCADE')
    year = IntegerField()
    reference = CharField(max_length=100, default='')
    entered_by = ForeignKeyField(User, null=True, backref='holiday_notices',
                                 on_delete='RESTRICT')
    entered_at = DateTimeField(default=now)

    FIRST_YEAR, LAST_YEAR = 2000, 2099
    MAX_ROWS = 60
    MAX_DAYS = 31  # no holiday of a notice is longer than a month

    class Meta:
        indexes = ((('city', 'year'), True),)

    def holidays(self):
        return [d for d in self.days if d.kind == 'off']

    def workdays(self):
        return [d for d in self.days if d.kind == 'workday']

    @classmethod
    def check(cls, year, holidays, workdays, reference=''):
        """Check a notice as written; returns (year, reference, off ranges,
        working days) or raises NoticeError naming every bad row.

        `holidays` are (row number, name, first day, last day) rows and
        `workdays` (row number, day, holiday name) rows, as typed or
        imported; blank rows are skipped. The numbers name rows in messages."""
        problems = []
        try:
            year = int(str(year).strip())
        except (TypeError, ValueError):
            year = None
        if year is None or not cls.FIRST_YEAR <= year <= cls.LAST_YEAR:
            raise NoticeError([_l('Enter the year of the notice, %(first)d '
                                  'to %(last)d.', first=cls.FIRST_YEAR,
                                  last=cls.LAST_YEAR)])
        reference = _plain(reference, 100)
        if reference is None:
            problems.append(_l('The document number is longer than 100 '
                               'characters or holds control characters.'))
        # A notice may start the New Year break in late December before.
        earliest = datetime.date(year - 1, 12, 1)
        latest = datetime.date(year, 12, 31)
        rows = [r for r in holidays if any(str(c or '').strip() for c in r[1:])]
        days = [r for r in workdays if any(str(c or '').strip() for c in r[1:])]
        if len(rows) + len(days) > cls.MAX_ROWS:
            raise NoticeError([_l('A notice has at most %(n)d rows.',
                                  n=cls.MAX_ROWS)])
        if not rows:
            problems.append(_l('Enter at least one holiday with its first '
                               'and last day.'))
        ranges, off = [], {}
        for number, name, first, last in rows:
            row = []
            name, first_day, last_day = _plain(name, 30), parse_day(first), \
                parse_day(last or first)
            if not name:
                row.append(_l('give the holiday\'s name (at most 30 '
                              'characters)'))
            if first_day is None or last_day is None:
                row.append(_l('the days must be dates such as %(example)s',
                              example='%d-10-01' % year))
            elif first_day > last_day:
                row.append(_l('the first day comes after the last day'))
            elif not (earliest <= first_day and last_day <= latest):
                row.append(_l('the days must lie in %(year)d (or December '
                              'before)', year=year))
            elif (last_day - first_day).days >= cls.MAX_DAYS:
                row.append(_l('a holiday of more than %(n)d days is not in '
                              'any notice', n=cls.MAX_DAYS))
            else:
                clash = next((off[d] for d in _days(first_day, last_day)
                              if d in off), None)
                if clash:
                    row.append(_l('it overlaps the holiday in row %(row)d',
                                  row=clash))
            if row:
                problems.append(_l('Holidays, row %(row)d: %(problems)s.',
                                   row=number, problems=_Joined(row)))
                continue
            for day in _days(first_day, last_day):
                off[day] = number
            ranges.append((name, first_day, last_day))
        worked, seen = [], {}
        for number, day, name in days:
            row = []
            parsed, name = parse_day(day), _plain(name, 30)
            if name is None:
                row.append(_l('the holiday\'s name is longer than 30 '
                              'characters'))
            if parsed is None:
                row.append(_l('the day must be a date such as %(example)s',
                              example='%d-09-26' % year))
            elif not earliest <= parsed <= latest:
                row.append(_l('the day must lie in %(year)d (or December '
                              'before)', year=year))
            elif parsed.weekday() < 5:
                row.append(_l('%(day)s is a weekday; an adjusted working day '
                              'is a Saturday or a Sunday', day=parsed.isoformat()))
            elif parsed in off:
                row.append(_l('%(day)s is a day off of the holiday in row '
                              '%(row)d',
                              day=parsed.isoformat(), row=off[parsed]))
            elif parsed in calendar_library.statutory_days(parsed.year):
                row.append(_l('%(day)s is a statutory holiday',
                              day=parsed.isoformat()))
            elif parsed in seen:
                row.append(_l('the same day is in row %(row)d', row=seen[parsed]))
            if row:
                problems.append(_l('Working days, row %(row)d: %(problems)s.',
                                   row=number, problems=_Joined(row)))
                continue
            seen[parsed] = number
            worked.append((parsed, name or ''))
        if problems:
            raise NoticeError(problems)
        return year, reference, ranges, worked

    @classmethod
    def enter(cls, city_id, year, holidays, workdays, user=None,
              reference=''):
        """Record (or replace) the city's notice for a year, as written, and
        recompute the due dates of the city's open cases. All or nothing:
        a bad row refuses the whole notice. Returns (notice, cases moved)."""
        year, reference, ranges, worked = cls.check(year, holidays, workdays,
                                                    reference)
        with write_transaction():
            notice = cls.get_or_none(cls.city == city_id, cls.year == year)
            before = notice.summary() if notice else None
            if notice is None:
                notice = cls(city=city_id, year=year)
            notice.reference, notice.entered_by = reference, user
            notice.entered_at = now()
            notice.save()
            NoticeDay.delete().where(NoticeDay.notice == notice).execute()
            NoticeDay.insert_many(
                [dict(notice=notice, kind='off', name=name,
                      first_day=first, last_day=last) for name, first, last in ranges] +
                [dict(notice=notice, kind='workday', name=name,
                      first_day=day, last_day=day) for day, name in worked]).execute()
            AuditLog.record(user, 'update' if before else 'create',
                            'HolidayNotice', notice.id, before=before,
                            after=notice.summary(), hall=city_id)
            moved = Case.reckon_due_dates(city_id, user)
        return notice, moved

    def withdraw(self, user=None):
        """Remove an entered notice (the library's, if any, applies again);
        due dates are recomputed. Returns the number of cases moved."""
        with write_transaction():
            before = self.summary()
            NoticeDay.delete().where(NoticeDay.notice == self).execute()
            HolidayNotice.delete().where(HolidayNotice.id == self.id).execute()
            AuditLog.record(user, 'delete', 'HolidayNotice', self.id,
                            before=before, hall=self.city_id)
            return Case.reckon_due_dates(self.city_id, user)

    def summary(self):
        """The notice as plain values, for the audit log."""
        return {'year': self.year, 'reference': self.reference,
                'holidays': [[d.name, d.first_day.isoformat(), d.last_day.isoformat()]
                             for d in self.holidays()],
                'workdays': [[d.first_day.isoformat(), d.name]
                             for d in self.workdays()]}


class NoticeDay(BaseModel):
    """One line of a notice: a holiday's days off, or one adjusted working day."""
    notice = ForeignKeyField(HolidayNotice, backref='days', on_delete='CASCADE')
    kind = CharField(max_length=10, choices=HOLIDAY_KINDS)
    name = CharField(max_length=30, default='')
    first_day = DateField()
    last_day = DateField()

    class Meta:
        order_by = ('kind', 'first_day', 'id')
        constraints = [Check('last_day >= first_day')]


def _days(first, last):
    """Every date from first to last, both included."""
    return [first + datetime.timedelta(days=n)
            for n in range((last - first).days + 1)]


class CityCalendar:
    """The working days of one city's halls, from everything that decides
    them (see the order above), loaded in one query."""

    def __init__(self, city_id, library_notices=True, notices=None,
                 overrides=None):
        self.city_id = city_id
        self.library_notices = library_notices
        self.notices = notices or {}  # year -> {date: kind}, entered here
        self.overrides = overrides or {}  # hall id or None -> {date: kind}
        self._years = {}
        self._ranks = {}  # hall id with overrides, or None -> (first, counts)

    @classmethod
    def load(cls, city_id):
        """The city's notices, overrides and settings: one UNION query. A
        calendar made from the same rows before is reused, with the working
        days it has counted: every /p/ and list counts over two years of days."""
        rows = tuple(_CALENDAR_ROWS(db, city_id))
        key = (city_id, rows)
        calendar = _CALENDARS.get(key)
        if calendar is None:
            if len(_CALENDARS) >= 64:  # stale versions of the cities' calendars
                _CALENDARS.clear()
            calendar = _CALENDARS[key] = cls.from_rows(city_id, rows)
        return calendar

    @staticmethod
    def rows_query(city_id):
        """The UNION of the city's notice days, overrides and settings."""
        # Typed NULLs: PostgreSQL matches the branches' column types.
        year, text, day, hall, flag = (
            SQL('CAST(NULL AS %s)' % kind) for kind in (
                'INTEGER', 'VARCHAR(10)', 'DATE', 'INTEGER', 'BOOLEAN'))
        notices = (HolidayNotice
                   .select(SQL("'n'"), HolidayNotice.year, NoticeDay.kind,
                           NoticeDay.first_day, NoticeDay.last_day, hall, flag)
                   .join(NoticeDay, JOIN.LEFT_OUTER)
                   .where(HolidayNotice.city == city_id))
        overrides = (Holiday
                     .select(SQL("'o'"), year, Holiday.kind, Holiday.day,
                             Holiday.day, Holiday.hall, flag)
                     .where(Holiday.city == city_id))
        settings = (CitySettings
                    .select(SQL("'s'"), year, text, day, day, hall,
                            CitySettings.library_notices)
                    .where(CitySettings.city == city_id))
        return notices.union_all(overrides).union_all(settings).tuples()

    @classmethod
    def from_rows(cls, city_id, rows):
        calendar = cls(city_id)
        for tag, year, kind, first, last, hall_id, flag in rows:
            if tag == 's':
                calendar.library_notices = bool(flag)
            elif tag == 'n':
                days = calendar.notices.setdefault(year, {})
                if kind is not None:
                    for day in _days(_as_date(first), _as_date(last)):
                        days[day] = kind
            else:
                calendar.overrides.setdefault(hall_id, {})[_as_date(first)] = kind
        return calendar

    def source(self, year):
        """Where the year's adjusted days come from: 'city', 'library' or
        None (not known: counted with the statutory days only)."""
        if year in self.notices:
            return 'city'
        if self.library_notices and year in calendar_library.notice_years():
            return 'library'
        return None

    def notice_lines(self, year):
        """The year's notice in force, as a notice is written: (holidays as
        (name, first, last), working days as (day, name)); None if unknown."""
        source = self.source(year)
        if source == 'city':
            notice = (HolidayNotice.select()
                      .where(HolidayNotice.city == self.city_id,
                             HolidayNotice.year == year)
                      .get())
            return ([(d.name, d.first_day, d.last_day) for d in notice.holidays()],
                    [(d.first_day, d.name) for d in notice.workdays()])
        if source is None:
            return None
        runs, workdays = calendar_library.notice_lines(year)
        merged = []
        for key, first, last in runs:  # 国庆节、中秋节 are one break
            name = HOLIDAY_NAMES_ZH.get(key, key)
            if merged and (first - merged[-1][2]).days == 1:
                names = merged[-1][0].split('、')
                if name not in names:
                    names.append(name)
                merged[-1] = ('、'.join(names), merged[-1][1], last)
            else:
                merged.append((name, first, last))
        return merged, [(day, HOLIDAY_NAMES_ZH.get(key, key))
                        for day, key in workdays]

    def _notice(self, year):
        if year not in self._years:
            source = self.source(year)
            self._years[year] = (self.notices[year] if source == 'city' else
                                 calendar_library.notice_days(year)
                                 if source == 'library' else None)
        return self._years[year]

    def is_workday(self, day, hall_id=None):
        """Whether a hall of the city (or the city as a whole) works on a day."""
        for days in (self.overrides.get(hall_id) if hall_id else None,
                     self.overrides.get(None)):
            if days and day in days:
                return days[day] == 'workday'
        # The notice of the year, or of the next one for late December.
        for year in (day.year, day.year + 1) if day.month == 12 else (day.year,):
            days = self._notice(year)
            if days and day in days:
                return days[day] == 'workday'
        if day in calendar_library.statutory_days(day.year):
            return False
        return day.weekday() < 5

    def unknown_years(self, first, last):
        """The years from `first` to `last` whose adjusted days no source knows."""
        lo, hi = sorted((first, last))
        return [year for year in range(lo.year, hi.year + 1)
                if self.source(year) is None]

    def add_working_days(self, hall_id, start, days):
        """The day `days` working days after `start` (start not counted)."""
        day, remaining = start, days
        while remaining > 0:
            day += datetime.timedelta(days=1)
            if self.is_workday(day, hall_id):
                remaining -= 1
        self._warn_unknown(start, day)
        return day

    def working_days_between(self, hall_id, start, end):
        """Working days after `start` up to and including `end` (negative
        when end < start)."""
        return self._rank(hall_id, end) - self._rank(hall_id, start)

    def _rank(self, hall_id, day):
        """The hall's working days from the start of the span this calendar
        has counted up to `day`: a list of cases counts the days between
        two dates by one subtraction, not day by day for each case."""
        key = hall_id if hall_id in self.overrides else None
        first, ranks = self._ranks.get(key, (day, []))
        if not first <= day < first + datetime.timedelta(days=len(ranks)):
            year = datetime.timedelta(days=366)
            last = max(day, first + datetime.timedelta(days=len(ranks)))
            first = min(day, first) - year
            ranks, count = [], 0
            for date in _days(first, last + year):
                count += self.is_workday(date, hall_id)
                ranks.append(count)
            self._ranks[key] = (first, ranks)
        return ranks[(day - first).days]

    def _warn_unknown(self, first, last):
        for year in self.unknown_years(first, last):
            if (self.city_id, year) not in _WARNED:
                _WARNED.add((self.city_id, year))
                calendar_log.warning(
                    'city %s: the State Council adjusted days of %d are not '
                    'known; due dates in %d count the statutory holidays only '
                    'and are provisional until the notice is entered',
                    self.city_id, year, year)


_WARNED = set()  # (city, year) already written to the log by this process
# The calendars this process made, by city and the rows they were made
# from: a changed notice or override gives other rows, so a new calendar.
_CALENDARS = {}
_CALENDAR_ROWS = Prepared(CityCalendar.rows_query, -7000001)


def _as_date(value):
    """A date from a query of a UNION (SQLite gives text)."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


# One request loads each city's calendar (and the hall tree) once: the
# cache lives from the start of a request to its end (app.init_db).
_request_cache = contextvars.ContextVar('bangban_calendar_cache', default=None)


def begin_request_cache():
    _request_cache.set({})


def end_request_cache():
    _request_cache.set(None)


@contextlib.contextmanager
def work_cache():
    """Work outside a request (a scheduled job's run) caches as a request
    does: each city's calendar and the hall tree once. Inside a request,
    the request's own cache is used."""
    if _request_cache.get() is not None:
        yield
        return
    token = _request_cache.set({})
    try:
        yield
    finally:
        _request_cache.reset(token)


def forget_calendars():
    """Drop what this request cached (after the calendar changed)."""
    cache = _request_cache.get()
    if cache is not None:
        cache.clear()


def city_calendar(city_id):
    """The calendar of a city, once per request (fresh outside requests)."""
    cache = _request_cache.get()
    if cache is None:
        return CityCalendar.load(city_id)
    key = ('calendar', city_id)
    if key not in cache:
        cache[key] = CityCalendar.load(city_id)
    return cache[key]


def _hall_parents():
    """Every hall's parent id, from one query (once per request)."""
    cache = _request_cache.get()
    if cache is not None and 'parents' in cache:
        return cache['parents']
    parents = dict(_HALL_PARENTS(db))
    if cache is not None:
        cache['parents'] = parents
    return parents


_HALL_PARENTS = Prepared(lambda: Hall.select(Hall.id, Hall.parent).tuples())


def unknown_notice_years(city_id, today_=None):
    """The years in use (this one, and the next from November) whose
    adjusted days the city does not know: what the warnings name."""
    today_ = today_ or today()
    soon = today_ + datetime.timedelta(days=NOTICE_WARNING_DAYS)
    calendar = city_calendar(city_id)
    calendar._warn_unknown(today_, soon)
    return calendar.unknown_years(today_, soon)


# --- Catalogue ---------------------------------------------------------------

class Item(BaseModel):
    """A catalogue item (帮办代办事项) with its service guide (八公开)."""
    code = CharField(max_length=40, unique=True)
    department = ForeignKeyField(Department, backref='items',
                                 on_delete='RESTRICT')
    name = CharField(max_length=120)
    sub_name = CharField(max_length=120, default='')
    power_kind = CharField(max_length=20, choices=POWER_KINDS)
    category = CharField(max_length=30, choices=CATEGORIES, index=True)
    time_limit_days = IntegerField(constraints=[Check('time_limit_days >= 0')])
    offers_assisted = BooleanField(default=True)
    offers_proxy = BooleanField(default=True)
    offers_home_visit = BooleanField(default=False)
    levels = CharField(max_length=40, default='city,county,town,village')
    basic_info = TextField(default='')
    conditions = TextField(default='')
    procedure = TextField(default='')
    fees = TextField(default='')
    legal_basis = TextField(default='')
    intermediary = TextField(default='')
    faq = TextField(default='')
    remarks = CharField(max_length=200, default='')
    is_active = BooleanField(default=True)
    pinyin = CharField(max_length=400, default='', index=True)
    initials = CharField(max_length=120, default='', index=True)
    # Everyday names the item is asked for by (社保, 医保, 营业执照 …),
    # separated by 、 or commas; alias_keys holds them with their pinyin and
    # initials, for search.
    aliases = CharField(max_length=200, default='')
    alias_keys = TextField(default='')
    # What the identity number says the applicant must be: the age reached
    # (高龄津贴: 80), the age not yet passed, and the sex. A consultation is
    # recorded whatever they say (to be refused with the reason); screening,
    # registration and booking a place refuse what the number rules out.
    min_age = IntegerField(null=True, constraints=[
        Check('min_age IS NULL OR (min_age >= 0 AND min_age <= 150)')])
    max_age = IntegerField(null=True, constraints=[
        Check('max_age IS NULL OR (max_age >= 0 AND max_age <= 150)')])
    sex = CharField(max_length=6, default='', choices=ITEM_SEXES,
                    constraints=[Check("sex IN ('', 'male', 'female')")])
    name_mn = MongolianNameField()

    def __str__(self):
        return self.full_name

    @property
    def alias_list(self):
        return [a for a in (part.strip() for part in
                            re.split(r'[、,，;；/]+', self.aliases or '')) if a]

    def eligibility_refusal(self, id_type, id_number, on=None, to_applicant=False):
        """Why the holder of this identity document cannot have this item,
        by the age and sex its number states; or None. Written for the
        helper, or `to_applicant` (the one who typed the number, booking).

        Only what the number states is checked: a passport or a travel
        permit states neither, an older foreign permanent resident ID (15
        characters) states the birth date but not the sex. A condition the
        number does not state refuses nothing here; the helper checks it on
        the document itself (`unstated_conditions`)."""
        born, sex = document_facts(id_type, id_number)
        facts = dict(item=self.full_name, min=self.min_age, max=self.max_age)
        if born is not None and (self.min_age is not None or
                                 self.max_age is not None):
            on = on or today()
            # The age only: the birth date is the part of the number that
            # screens and papers mask.
            facts['age'] = age = on.year - born.year - (
                (on.month, on.day) < (born.month, born.day))
            if self.min_age is not None and age < self.min_age:
                if to_applicant:
                    return _l('%(item)s is for applicants of at least %(min)d '
                              'years; by your identity document you are '
                              '%(age)d.', **facts)
                return _l('%(item)s requires an applicant of at least %(min)d '
                          'years; by the identity document the applicant is '
                          '%(age)d. Refuse it and say why.', **facts)
            if self.max_age is not None and age > self.max_age:
                if to_applicant:
                    return _l('%(item)s is for applicants of at most %(max)d '
                              'years; by your identity document you are '
                              '%(age)d.', **facts)
                return _l('%(item)s is for applicants of at most %(max)d years; '
                          'by the identity document the applicant is %(age)d. '
                          'Refuse it and say why.', **facts)
        if sex is not None and self.sex and sex != self.sex:
            who = _l('women') if self.sex == 'female' else _l('men')
            if to_applicant:
                return _l('%(item)s is for %(who)s only, by the identity '
                          'document.', item=self.full_name, who=who)
            return _l('%(item)s is for %(who)s only; by the identity document '
                      'the applicant is not. Refuse it and say why.',
                      item=self.full_name, who=who)
        return None

    @staticmethod
    def refusal_among(items, id_type, id_number, on=None):
        """The first refusal of these items (a bundle's parts), or None."""
        for item in items:
            reason = item.eligibility_refusal(id_type, id_number, on=on)
            if reason is not None:
                return reason
        return None

    @staticmethod
    def check_eligibility(min_age, max_age, sex):
        """Raise FieldError when these conditions cannot be kept."""
        if min_age is not None and not 0 <= min_age <= 150:
            raise FieldError(Item.min_age, _l(
                'The minimum age is a number of years from 0 to 150.'))
        if max_age is not None and not 0 <= max_age <= 150:
            raise FieldError(Item.max_age, _l(
                'The maximum age is a number of years from 0 to 150.'))
        if min_age is not None and max_age is not None and max_age < min_age:
            raise FieldError(Item.max_age, _l(
                'The maximum age cannot be below the minimum age.'))
        if (sex or '') not in dict(ITEM_SEXES):
            raise FieldError(Item.sex, _l('Choose men and women, men only or '
                                          'women only.'))

    def unstated_conditions(self, id_type, id_number):
        """The item's age and sex conditions that this document does not
        state, for the helper to check on the document by hand."""
        born, sex = document_facts(id_type, id_number)
        unstated = []
        if born is None and self.min_age is not None:
            unstated.append(_l('at least %(n)d years old', n=self.min_age))
        if born is None and self.max_age is not None:
            unstated.append(_l('at most %(n)d years old', n=self.max_age))
        if sex is None and self.sex:
            unstated.append(_l('a woman') if self.sex == 'female' else _l('a man'))
        return unstated

    @property
    def full_name(self):
        return '%s（%s）' % (self.name, self.sub_name) if self.sub_name else self.name

    @property
    def level_list(self):
        return [lv for lv in self.levels.split(',') if lv]

    @property
    def service_forms(self):
        flags = {'assisted': self.offers_assisted, 'proxy': self.offers_proxy,
                 'home_visit': self.offers_home_visit}
        return [form for form, _ in SERVICE_FORMS if flags[form]]

    def save(self, *args, **kwargs):
        self.check_eligibility(self.min_age, self.max_age, self.sex)
        self.pinyin, self.initials = pinyin_keys(self.name + self.sub_name)
        keys = []
        for alias in self.alias_list:
            keys += [alias.lower().replace(' ', '')] + list(pinyin_keys(alias))
        self.alias_keys = '|'.join(k for k in keys if k)
        return super().save(*args, **kwargs)

    @classmethod
    def search(cls, text, active_only=True):
        """Items whose name or an alias matches Chinese, full pinyin or
        pinyin initials."""
        text = (text or '').strip()
        query = cls.select()
        if active_only:
            query = query.where(cls.is_active == True)  # noqa: E712
        if not text:
            return query
        lowered = text.lower().replace(' ', '')
        return query.where(
            cls.name.contains(text) | cls.sub_name.contains(text) |
            cls.pinyin.contains(lowered) | cls.initials.contains(lowered) |
            cls.alias_keys.contains(lowered) |
            (cls.code == text.upper()))

    @classmethod
    def chosen_at(cls, hall, days=90, recent=4, most=8, at=None):
        """The items chosen for cases opened at the hall lately: the `recent`
        last ones, then the `most` most used of the others (over `days`),
        for the kiosk to offer before any search. Two grouped queries."""
        since = (at or now()) - datetime.timedelta(days=days)
        base = (Case.select(Case.item)
                .where(Case.origin_hall == hall, Case.created_at >= since,
                       Case.item.is_null(False))
                .group_by(Case.item))
        last = [row.item_id for row in
                base.order_by(fn.MAX(Case.created_at).desc(),
                              Case.item.desc()).limit(recent)]
        others = base.where(Case.item.not_in(last)) if last else base
        used = [row.item_id for row in
                others.order_by(fn.COUNT(Case.id).desc(), Case.item)
                .limit(most)]
        found = {item.id: item for item in cls.select(cls, Department)
                 .join(Department)
                 .where(cls.id.in_(last + used), cls.is_active == True)}  # noqa: E712
        return ([found[i] for i in last if i in found],
                [found[i] for i in used if i in found])

    @classmethod
    def next_code(cls, department):
        """A fresh item code for a department: its code and a sequence."""
        while True:
            code = '%s-%03d' % (department.code,
                                Counter.next('item:%s' % department.code))
            if not cls.select().where(cls.code == code).exists():
                return code


class ItemMaterial(BaseModel):
    """A material an item requires, and how the applicant obtains it."""
    item = ForeignKeyField(Item, backref='materials', on_delete='CASCADE')
    name = CharField(max_length=120)
    copies = IntegerField(default=1)
    form = CharField(max_length=10, choices=MATERIAL_FORMS, default='original')
    source = CharField(max_length=200, default='')
    required = BooleanField(default=True)
    deferrable = BooleanField(default=False)
    position = IntegerField(default=0)

    class Meta:
        order_by = ('position', 'id')

    def __str__(self):
        return self.name


TEMPLATE_KINDS = [
    ('application', _l('Application letter')),
    ('commitment', _l('Notification and commitment letter')),
    ('instructions', _l('Filling instructions')),
    ('sample', _l('Sample filled in')),
    ('other', _l('Other')),
]

# The files a template may be: extension -> (content type served, how the
# file begins). The type is ours, never the browser's, and a file must
# begin as its type does: no page or script is ever served as a template.
_OLE, _ZIP = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', b'PK\x03\x04'
TEMPLATE_TYPES = {
    'pdf': ('application/pdf', b'%PDF-'),
    'doc': ('application/msword', _OLE),
    'docx': ('application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document', _ZIP),
    'xls': ('application/vnd.ms-excel', _OLE),
    'xlsx': ('application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sheet', _ZIP),
    'wps': ('application/vnd.ms-works', _OLE),  # WPS 文字 (an OLE file)
    'et': ('application/vnd.ms-excel', _OLE),  # WPS 表格
    'odt': ('application/vnd.oasis.opendocument.text', _ZIP),
    'ofd': ('application/ofd', _ZIP),  # GB/T 33190 版式文档
    'jpg': ('image/jpeg', b'\xff\xd8\xff'),
    'jpeg': ('image/jpeg', b'\xff\xd8\xff'),
    'png': ('image/png', b'\x89PNG\r\n\x1a\n'),
}
# The largest template kept: below the request limit (MAX_CONTENT_LENGTH,
# 5 MB), so that a file too large is refused on the form, with its reason.
TEMPLATE_MAX_BYTES = 4 * 1024 * 1024


def upload_name(filename):
    """An uploaded file's own name (without the folders some browsers send)
    and its extension, lower-cased ('' when it has none)."""
    name = (filename or '').replace('\\', '/').rsplit('/', 1)[-1].strip()
    return name, name.rsplit('.', 1)[-1].lower() if '.' in name else ''


class ItemTemplate(AppendOnly):
    """One version of a downloadable template of an item (申请书, 告知承诺书,
    填写说明, 示范文本). A new upload under the same title is the next
    version; none is overwritten, so a case keeps the version current when
    it was registered (`as_of`)."""
    item = ForeignKeyField(Item, backref='templates', on_delete='CASCADE')
    kind = CharField(max_length=20, choices=TEMPLATE_KINDS, default='other')
    title = CharField(max_length=120)
    version = IntegerField(default=1)
    filename = CharField(max_length=200)
    content_type = CharField(max_length=100)
    size = IntegerField(default=0)
    data = BlobField()
    uploaded_at = DateTimeField(default=now)
    uploaded_by = ForeignKeyField(User, null=True, backref='uploaded_templates',
                                  on_delete='RESTRICT')

    class Meta:
        indexes = ((('item', 'title', 'version'), True),)

    # Every column but the file itself: lists never read the files.
    LISTED = ('id', 'item', 'kind', 'title', 'version', 'filename',
              'content_type', 'size', 'uploaded_at', 'uploaded_by')

    def __str__(self):
        return '%s v%d' % (self.title, self.version)

    @property
    def kind_label(self):
        return label(TEMPLATE_KINDS, self.kind)

    @classmethod
    def listed(cls):
        """Versions without their files, for lists and guides."""
        return cls.select(*[getattr(cls, name) for name in cls.LISTED])

    @staticmethod
    def file_type(filename, data):
        """The content type of an upload, or DomainError saying why it is
        not kept: its name, its type, its size or its content."""
        name, extension = upload_name(filename)
        if not data:
            raise DomainError(_l('Choose the file of the template.'))
        if extension not in TEMPLATE_TYPES:
            raise DomainError(_l(
                'Only PDF, Word, Excel, WPS, OFD, OpenDocument text or image '
                '(JPEG, PNG) files can be kept as templates.'))
        if len(data) > TEMPLATE_MAX_BYTES:
            raise DomainError(_l('The file is larger than %(n)d MB.',
                                 n=TEMPLATE_MAX_BYTES // (1024 * 1024)))
        content_type, begins = TEMPLATE_TYPES[extension]
        if not data.startswith(begins):
            raise DomainError(_l(
                'This file is not a real .%(ext)s file: its content does not '
                'match its name.', ext=extension))
        return name, content_type

    @classmethod
    def upload(cls, item, title, data, filename, kind='other', user=None,
               at=None):
        """Keep a new version of the item's template called `title` (the
        first, for a new title), uploaded now (or `at`, for a catalogue
        loaded with its past). Returns the version kept."""
        title = ' '.join((title or '').split())
        if not title:
            raise DomainError(_l('Give the template a title.'))
        name, content_type = cls.file_type(filename, data)
        try:
            with write_transaction():
                latest = (cls.select(fn.MAX(cls.version))
                          .where(cls.item == item, cls.title == title)
                          .scalar()) or 0
                return cls.create(item=item, kind=kind, title=title,
                                  version=latest + 1, filename=name[-200:],
                                  content_type=content_type, size=len(data),
                                  data=data, uploaded_at=at or now(),
                                  uploaded_by=user)
        except IntegrityError:  # the same version number, taken meanwhile
            raise DomainError(_l(
                'Another version of this template was uploaded at the same '
                'moment. Nothing was changed: look at the list and try '
                'again.')) from None

    @classmethod
    def described(cls):
        """Versions without their files, with their item's name and their
        uploader's, read in the same query."""
        return (cls.listed()
                .select_extend(Item.id, Item.name, Item.sub_name,
                               User.id, User.name)
                .join(Item, on=cls.item)
                .switch(cls)
                .join(User, JOIN.LEFT_OUTER, on=cls.uploaded_by))

    @classmethod
    def versions(cls, item):
        """Every version of the item's templates, by title, newest first."""
        return list(cls.described()
                    .where(cls.item == item)
                    .order_by(cls.title, cls.version.desc()))

    @classmethod
    def as_of(cls, item, moment=None):
        """The version of each of the item's templates current at `moment`
        (now for None): the latest uploaded by then. A title first uploaded
        later is not among them."""
        found = {}
        for version in cls.versions(item):
            if moment is not None and version.uploaded_at > moment:
                continue
            found.setdefault(version.title, version)
        order = [kind for kind, _text in TEMPLATE_KINDS]
        return sorted(found.values(),
                      key=lambda v: (order.index(v.kind), v.title))


class Bundle(BaseModel):
    """一件事一次办: items across departments, with one lead department."""
    code = CharField(max_length=40, unique=True)
    name = CharField(max_length=120)
    kind = CharField(max_length=12, choices=[
        ('one_thing', _l('One thing, one visit')),
        ('investment', _l('Investment project'))])
    lead_department = ForeignKeyField(Department, backref='led_bundles',
                                      on_delete='RESTRICT')
    description = TextField(default='')
    is_active = BooleanField(default=True)
    pinyin = CharField(max_length=400, default='')
    initials = CharField(max_length=120, default='')

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pinyin, self.initials = pinyin_keys(self.name)
        return super().save(*args, **kwargs)

    @property
    def time_limit_days(self):
        """A bundle is promised in the time of its slowest part."""
        known = getattr(self, '_slowest_part', None)
        if known is not None:  # read with the list (Bundle.listed)
            return known
        return max((bi.item.time_limit_days for bi in self.parts), default=0)

    @classmethod
    def listed(cls, query):
        """The bundles of a query as a list, each with its lead department
        and the time of its slowest part: two queries however many bundles
        and parts (the kiosk's item search lists them all)."""
        bundles = list(query.select_extend(Department).join(
            Department, on=(cls.lead_department == Department.id),
            attr='lead_department'))
        slowest = dict(BundleItem
                       .select(BundleItem.bundle, fn.MAX(Item.time_limit_days))
                       .join(Item)
                       .where(BundleItem.bundle.in_([b.id for b in bundles]))
                       .group_by(BundleItem.bundle).tuples()) if bundles else {}
        for bundle in bundles:
            bundle._slowest_part = slowest.get(bundle.id, 0)
        return bundles

    @property
    def level_list(self):
        levels = [set(bi.item.level_list) for bi in self.parts]
        return [lv for lv in LEVEL_ORDER if levels and all(lv in s for s in levels)]


class BundleItem(BaseModel):
    bundle = ForeignKeyField(Bundle, backref='parts', on_delete='CASCADE')
    item = ForeignKeyField(Item, backref='bundles', on_delete='RESTRICT')
    stage = CharField(max_length=30, default='')
    position = IntegerField(default=0)

    class Meta:
        order_by = ('position', 'id')
        indexes = ((('bundle', 'item'), True),)


# --- Windows, posts, liaisons, kiosks ---------------------------------------

class Window(BaseModel):
    hall = ForeignKeyField(Hall, backref='windows', on_delete='CASCADE')
    number = IntegerField()
    name = CharField(max_length=60)
    kind = CharField(max_length=15, choices=WINDOW_KINDS)
    department = ForeignKeyField(Department, null=True, backref='windows',
                                 on_delete='SET NULL')
    prefix = CharField(max_length=2)
    is_open = BooleanField(default=True)
    minutes_per_ticket = IntegerField(default=8)
    name_mn = MongolianNameField(max_length=120)

    class Meta:
        indexes = ((('hall', 'number'), True), (('hall', 'prefix'), True))

    def __str__(self):
        return str(_l('Window %(n)s · %(name)s', n=self.number, name=self.name))

    def serves(self, item):
        """Whether this window takes the item, directly or by its department."""
        return self.id in Window.serving([self], [item])

    @staticmethod
    def serving(windows, items):
        """The ids of those windows that take any of the items, directly or
        by the item's department: two queries, however many of each."""
        ids = [w.id for w in windows]
        departments = {i.department_id for i in items}
        if not ids or not items:
            return set()
        direct = (WindowItem.select(WindowItem.window)
                  .where(WindowItem.window.in_(ids),
                         WindowItem.item.in_([i.id for i in items])))
        linked = (WindowDepartment.select(WindowDepartment.window)
                  .where(WindowDepartment.window.in_(ids),
                         WindowDepartment.department.in_(list(departments))))
        return ({row.window_id for row in direct} |
                {row.window_id for row in linked} |
                {w.id for w in windows if w.department_id in departments})

    def staffed(self):
        """Open, and its post has A or B present (or it has no post)."""
        return bool(Window.staffed_among([self]))

    @staticmethod
    def serving_item_at(hall_id, windows, item):
        """`serving(windows, [item])` for windows of one hall, by queries
        whose SQL is written once a process."""
        ids = {w.id for w in windows}
        direct = {w for w, in _HALL_ITEM_WINDOWS(db, hall_id, item.id)}
        linked = {w for w, in _HALL_DEPARTMENT_WINDOWS(db, hall_id,
                                                       item.department_id)}
        own = {w.id for w in windows if w.department_id == item.department_id}
        return (direct | linked | own) & ids

    @staticmethod
    def staffed_among(windows, posts=None):
        """Those windows that are open with a post served now (A, or B
        taking over), or with no post at all: one query (none when the
        caller read the posts of those windows, with their B, already)."""
        ids = [w.id for w in windows if w.is_open]
        if not ids:
            return []
        if posts is None:
            b = Agent.alias()
            posts = (Post.select(Post, b)
                     .join(b, JOIN.LEFT_OUTER, on=(Post.agent_b == b.id),
                           attr='agent_b')
                     .where(Post.window.in_(ids)))
        posted, served = set(), set()
        for post in posts:
            posted.add(post.window_id)
            if post.served():
                served.add(post.window_id)
        return [w for w in windows if w.is_open and
                (w.id not in posted or w.id in served)]

    @classmethod
    def at_desk_of(cls, user):
        """The open windows a user may serve at: an agent at the windows of
        their AB posts, a manager at any window of the halls they oversee."""
        query = (cls.select(cls, Hall)
                 .join(Hall)
                 .where(cls.is_open == True,  # noqa: E712
                        cls.hall.in_(user.scope_hall_ids()))
                 .order_by(Hall.level, Hall.code, cls.number))
        if not user.may('work_desk'):
            return query.where(cls.id.is_null())
        if not user.may('manage_hall'):
            posted = (Post.select(Post.window)
                      .join(Agent, on=((Post.agent_a == Agent.id) |
                                       (Post.agent_b == Agent.id)))
                      .where(Agent.user == user, Post.window.is_null(False)))
            return query.where(cls.id.in_(posted))
        return query


class WindowItem(BaseModel):
    window = ForeignKeyField(Window, backref='item_links', on_delete='CASCADE')
    item = ForeignKeyField(Item, backref='window_links', on_delete='CASCADE')

    class Meta:
        indexes = ((('window', 'item'), True),)


class WindowDepartment(BaseModel):
    window = ForeignKeyField(Window, backref='department_links',
                             on_delete='CASCADE')
    department = ForeignKeyField(Department, backref='window_links',
                                 on_delete='CASCADE')

    class Meta:
        indexes = ((('window', 'department'), True),)


# What an AB post's away or back moved: the ids of the cases handed to B,
# handed back to A, and kept by B because B acted on them.
Cover = collections.namedtuple('Cover', 'handed returned kept')
# The events that change a case's agent (or say why it did not change).
AGENT_CHANGES = ('reassign', 'cover', 'cover_back', 'cover_kept')


class Post(BaseModel):
    """An AB post (AB岗): A serves, B takes over when A is away."""
    hall = ForeignKeyField(Hall, backref='posts', on_delete='CASCADE')
    window = ForeignKeyField(Window, null=True, backref='posts',
                             on_delete='CASCADE')
    department = ForeignKeyField(Department, null=True, backref='posts',
                                 on_delete='SET NULL')
    name = CharField(max_length=60)
    agent_a = ForeignKeyField(Agent, backref='a_posts', on_delete='RESTRICT')
    agent_b = ForeignKeyField(Agent, null=True, backref='b_posts',
                              on_delete='RESTRICT')
    a_away = BooleanField(default=False)
    b_away = BooleanField(default=False)

    class Meta:
        constraints = [Check('agent_b_id IS NULL OR agent_b_id <> agent_a_id')]

    def __str__(self):
        return self.name

    def validate(self):
        """Refuse a post whose A and B are the same person."""
        if self.agent_b_id is not None and self.agent_b_id == self.agent_a_id:
            raise DomainError(_l('A and B of a post must be different people.'))

    def save(self, *args, **kwargs):
        self.validate()
        return super().save(*args, **kwargs)

    def b_present(self):
        """Whether B can take the post over now: named, active, not away."""
        return (self.agent_b_id is not None and not self.b_away
                and self.agent_b.is_active)

    def served(self):
        """Whether someone serves the post now: A, or B taking over."""
        return not self.a_away or self.b_present()

    def on_duty(self):
        """Who serves the post now: A, else B, else nobody."""
        if not self.a_away:
            return self.agent_a
        if self.b_present():
            return self.agent_b
        return None

    @classmethod
    def uncovered(cls, halls):
        """The posts whose A is away with no B on duty to take over, in a
        hall or halls (ids): what the halls' managers are told. The one
        source of this alert, whoever shows it."""
        if isinstance(halls, Hall):
            halls = [halls.id]
        a, b = Agent.alias(), Agent.alias()
        return (cls.select(cls, Hall, a, b)
                .join(Hall).switch(cls)
                .join(a, on=(cls.agent_a == a.id), attr='agent_a').switch(cls)
                .join(b, JOIN.LEFT_OUTER, on=(cls.agent_b == b.id),
                      attr='agent_b')
                .where(cls.hall.in_(halls),
                       cls.a_away == True,  # noqa: E712
                       cls.agent_b.is_null() | (cls.b_away == True) |  # noqa: E712
                       (b.is_active == False))  # noqa: E712
                .order_by(Hall.level, Hall.code, cls.name))

    def set_away(self, agent, away, user=None):
        """A or B marks themselves away or back; audited.

        The post's cases follow who is on duty, in the same transaction (AB
        cover): while A is away and B on duty, A's open cases pass to B; when
        A is back, those B has not acted on pass back. Each case records
        why (无特殊情况不得更换帮办代办员: AB cover is the recorded reason).
        Returns what moved (Cover), or None when nothing changed (a second
        click, or someone did it meanwhile).
        """
        if agent.id == self.agent_a_id:
            field = 'a_away'
        elif agent.id == self.agent_b_id:
            field = 'b_away'
        else:
            raise DomainError(_l('Only A or B of a post can mark themselves away.'))
        away = bool(away)
        with write_transaction():
            if db.obj.for_update:  # PostgreSQL: the post's row lock
                (Post.select(Post.id).where(Post.id == self.id)
                 .for_update().execute())
            # The database decides: of two clicks at once, one changes it.
            rows = (Post.update({field: away})
                    .where(Post.id == self.id, getattr(Post, field) != away)
                    .execute())
            # Decide on the post as it stands now, not as the page loaded it.
            self.__data__.update(Post.get_by_id(self.id).__data__)
            self.__rel__.clear()
            if rows != 1:
                return None
            AuditLog.record(user, 'away' if away else 'back', 'Post', self.id,
                            before={field: not away}, after={field: away},
                            hall=self.hall_id)
            if self.a_away and self.b_present():
                return self._cover(user)  # A away, or B back while A is
            if field == 'a_away' and not away:
                return self._hand_back(user)
        return Cover([], [], [])

    def _open_cases_of(self, agent):
        """The agent's cases in this hall that still need their agent."""
        return Case.select().where(
            Case.agent == agent, Case.hall == self.hall_id,
            Case.status.in_(SCREENING_STATUSES + DUE_STATUSES))

    def _cover_facts(self, reason):
        return dict(reason=reason, post=self.id, post_name=self.name,
                    agent_a=self.agent_a.name, agent_b=self.agent_b.name)

    def _move_cases(self, query, to_agent, action, user, facts, at):
        """Give the cases of `query` to an agent, one event each, in a
        constant number of statements; the ids moved."""
        moved = list(Case.update(agent=to_agent)
                     .where(Case.id.in_(query.select(Case.id)))
                     .returning(Case.id, Case.status)
                     .tuples()
                     .execute())
        self._record(moved, action, user, facts, at)
        return sorted(case_id for case_id, _ in moved)

    @staticmethod
    def _record(cases, action, user, facts, at):
        """One event per (case id, status), inserted together."""
        params = CaseEvent.encode(facts)
        CaseEvent.record_many([dict(case=case_id, at=at, actor=user,
                                    action=action, from_status=status,
                                    to_status=status, note='', params=params)
                               for case_id, status in cases])

    def _cover(self, user):
        """B takes A's open cases here; those of the windows of A's other
        posts stay for those posts' B."""
        others = (Post.select(Post.window)
                  .where(Post.agent_a == self.agent_a_id, Post.id != self.id,
                         Post.window.is_null(False)))
        if self.window_id is not None:
            others = others.where(Post.window != self.window_id)
        query = self._open_cases_of(self.agent_a_id).where(
            Case.window.is_null() | Case.window.not_in(others))
        handed = self._move_cases(query, self.agent_b_id, 'cover', user,
                                  self._cover_facts('ab_cover'), now())
        return Cover(handed, [], [])

    def covered_cases(self):
        """The open cases B holds by this post's AB cover, each with the
        event that handed it over: [(case id, event id)], oldest first.
        Decided from the event log: the case's last change of agent is
        this post's cover."""
        if self.agent_b_id is None:
            return []
        last = {}
        for event in (CaseEvent
                      .select(CaseEvent.id, CaseEvent.case, CaseEvent.action,
                              CaseEvent.params)
                      .join(Case)
                      .where(Case.agent == self.agent_b_id,
                             Case.hall == self.hall_id,
                             Case.status.in_(SCREENING_STATUSES + DUE_STATUSES),
                             CaseEvent.action.in_(AGENT_CHANGES))
                      .order_by(CaseEvent.id)):
            last[event.case_id] = event
        return [(case_id, event.id) for case_id, event in last.items()
                if event.action == 'cover'
                and event.facts.get('reason') == 'ab_cover'
                and event.facts.get('post') == self.id]

    def _hand_back(self, user):
        """A is back: the cases B has not acted on since they were handed
        over go back to A; the others stay with B, and say why."""
        covered = self.covered_cases()
        if not covered:
            return Cover([], [], [])
        b_user = self.agent_b.user_id
        acted = set()
        if b_user is not None:
            since = dict(covered)
            acted = {case_id for case_id, last in (
                CaseEvent.select(CaseEvent.case, fn.MAX(CaseEvent.id))
                .where(CaseEvent.case.in_(list(since)),
                       CaseEvent.actor == b_user)
                .group_by(CaseEvent.case)
                .tuples()) if last > since[case_id]}
        at = now()
        back = [case_id for case_id, _ in covered if case_id not in acted]
        returned = []
        if back:
            query = Case.select().where(Case.id.in_(back),
                                        Case.agent == self.agent_b_id)
            returned = self._move_cases(query, self.agent_a_id, 'cover_back',
                                        user, self._cover_facts('ab_return'), at)
        kept = sorted(acted)
        if kept:
            statuses = list(Case.select(Case.id, Case.status)
                            .where(Case.id.in_(kept)).tuples())
            self._record(statuses, 'cover_kept', user,
                         self._cover_facts('acted_on_by_b'), at)
        return Cover([], returned, kept)


class Liaison(BaseModel):
    """联络员: one agent per department (or for the hall itself) in a hall."""
    hall = ForeignKeyField(Hall, backref='liaisons', on_delete='CASCADE')
    department = ForeignKeyField(Department, null=True, backref='liaisons',
                                 on_delete='CASCADE')
    agent = ForeignKeyField(Agent, backref='liaison_roles',
                            on_delete='RESTRICT')
    title = CharField(max_length=60, default='')

    class Meta:
        indexes = ((('hall', 'department'), True),)

    def __str__(self):
        return '%s · %s' % (self.department or self.hall, self.agent)

    @classmethod
    def appoint(cls, hall, department, agent, title=''):
        """Make `agent` the liaison of `department` (None: of the hall
        itself) in `hall`, replacing the one before. The liaison works in
        that hall. Returns (liaison, its values before or None when new);
        a liaison already so is left unsaved."""
        if agent.hall_id != hall.id:
            raise DomainError(_l('A liaison must be an agent of the same hall.'))
        liaison = cls.get_or_none(cls.hall == hall, cls.department == department)
        if liaison is None:
            liaison = cls(hall=hall, department=department, agent=agent, title=title)
            liaison.save()
            return liaison, None
        before = (liaison.agent_id, liaison.title)
        if before != (agent.id, title):
            liaison.agent, liaison.title = agent, title
            liaison.save()
        return liaison, before


class Kiosk(BaseModel):
    """A self-service terminal; the device proves itself with a token."""
    hall = ForeignKeyField(Hall, backref='kiosks', on_delete='CASCADE')
    name = CharField(max_length=60)
    location = CharField(max_length=120, default='')
    token_hash = CharField(max_length=64, null=True, unique=True)
    token_issued_at = DateTimeField(null=True)
    is_active = BooleanField(default=True)

    def __str__(self):
        # Every county hall calls its kiosk area "自助服务区": the hall is
        # named wherever a kiosk is (select it joined, as Roster does).
        return '%s · %s' % (self.hall.name, self.name)

    # What halls call the kiosk area; a terminal named so is not named twice.
    AREA_WORDS = ('自助服务区', '自助区', 'self-service')

    @property
    def area_label(self):
        """The terminal as its start screen names it: the self-service area
        and the terminal's name, or the name alone when it says the area."""
        if any(word in self.name.lower() for word in self.AREA_WORDS):
            return self.name
        return str(_l('Self-service area · %(name)s', name=self.name))

    def issue_token(self):
        """A new device token; the old one stops working. Shown once."""
        token = new_code('K')
        self.token_hash = digest(token)
        self.token_issued_at = now()
        self.save()
        return token

    @classmethod
    def by_token(cls, token):
        if not token:
            return None
        return (cls.select()
                .where(cls.token_hash == digest(token), cls.is_active == True)  # noqa: E712
                .first())

    def bindable_by(self, user):
        """Managers bind a terminal of a hall in their scope to this record."""
        return (user.may('manage_hall') and user.is_active
                and self.hall_id in user.scope_hall_ids())

    def admits(self, user):
        """Staff who may sign in at this terminal: its hall's helpers and
        agents, and the managers above it (not supervisors: read-only)."""
        return (user.is_active and not user.is_locked() and user.uses_kiosks
                and self.hall_id in user.scope_hall_ids())

    def helper_on_duty(self, at=None):
        at = at or now()
        shift = (Shift.select()
                 .where(Shift.kiosk == self, Shift.starts_at <= at,
                        Shift.ends_at > at)
                 .order_by(Shift.starts_at)
                 .first())
        return shift.helper if shift else None

    def uncovered(self, days=7, at=None):
        """Opening hours of the coming `days` working days (today from `at`
        on) when no active helper is rostered here, as (start, end) pairs:
        what the hall's roster (Roster.upcoming) says of this kiosk."""
        roster = Roster.upcoming(self.hall, days, at)
        return [(gap.start, gap.end) for gap in roster.gaps()
                if gap.kiosk.id == self.id]


class Shift(BaseModel):
    """A helper's duty at a kiosk area (排班)."""
    kiosk = ForeignKeyField(Kiosk, backref='shifts', on_delete='CASCADE')
    helper = ForeignKeyField(Agent, backref='shifts', on_delete='CASCADE')
    starts_at = DateTimeField(index=True)
    ends_at = DateTimeField()

    class Meta:
        constraints = [Check('ends_at > starts_at')]

    def overlaps(self, other):
        """Whether two shifts share a moment."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def clashes_with(self, other):
        """A double booking: the same helper on duty at two kiosks at once.
        (Two shifts of one helper at the same kiosk only repeat a duty.)"""
        return (other.id != self.id or self.id is None) and \
            other.helper_id == self.helper_id and \
            other.kiosk_id != self.kiosk_id and self.overlaps(other)

    def validate(self):
        """Refuse a shift that ends before it starts, a helper of another
        hall, or a helper already on duty at another kiosk then."""
        if self.ends_at <= self.starts_at:
            raise DomainError(_l('A shift must end after it starts.'))
        kiosk, helper = self.kiosk, self.helper
        if helper.hall_id != kiosk.hall_id:
            raise DomainError(_l('The helper must work in the kiosk\'s hall.'))
        other = (Shift.select(Shift, Kiosk, Hall)
                 .join(Kiosk).join(Hall)
                 .where(Shift.helper == self.helper_id,
                        Shift.kiosk != self.kiosk_id,
                        Shift.starts_at < self.ends_at,
                        Shift.ends_at > self.starts_at,
                        Shift.id != (self.id or 0))
                 .order_by(Shift.starts_at)
                 .first())
        if other is not None:
            raise DomainError(_l(
                'Double booking: %(helper)s is already on duty at %(kiosk)s '
                'on %(day)s from %(start)s to %(end)s.', helper=helper.name,
                kiosk=str(other.kiosk), day=other.starts_at.date().isoformat(),
                start=other.starts_at.strftime('%H:%M'),
                end=other.ends_at.strftime('%H:%M')))

    def save(self, *args, **kwargs):
        with write_transaction():
            Shift.lock_helpers([self.helper_id])
            self.validate()
            return super().save(*args, **kwargs)

    @staticmethod
    def lock_helpers(ids):
        """Inside a write transaction: hold the helpers' rows, so that two
        people planning the same helpers at once take turns and the second
        sees the first one's shifts (SQLite's IMMEDIATE transaction already
        serialises every writer)."""
        if db.obj.for_update and ids:
            (Agent.select(Agent.id).where(Agent.id.in_(sorted(ids)))
             .order_by(Agent.id).for_update().execute())

    def repeat_on_working_days(self, count, user=None):
        """The same hours on the next `count` working days of the hall."""
        hall, day, offsets = self.kiosk.hall, self.starts_at.date(), []
        for _n in range(count):
            day = hall.add_working_days(day, 1)
            offsets.append((day - self.starts_at.date()).days)
        return Roster.copy([self], offsets, hall, user)

    def repeat_weekly(self, weeks, user=None):
        """The same hours on the same weekday of the next `weeks` weeks
        (days the hall is closed are left out)."""
        return Roster.copy([self], [7 * n for n in range(1, weeks + 1)],
                           self.kiosk.hall, user)


def week_start(day):
    """The Monday of the week a day is in."""
    return day - datetime.timedelta(days=day.weekday())


class Roster:
    """A hall's duty roster over a span of days (排班表): who is on duty at
    which kiosk, the opening hours of working days that no active helper
    covers (gaps), and the shifts that book a helper at two kiosks at once
    (double bookings). The week view, the staffing check and the alerts
    all read it; it costs the same few queries whatever the span holds."""

    Gap = collections.namedtuple('Gap', 'kiosk day start end')
    Copied = collections.namedtuple('Copied', 'created kept closed refused')
    MAX_WEEKS = 26  # repeating a week: half a year at most

    def __init__(self, hall, first, last, at=None, loaded=None):
        """`loaded`: what `Roster.load` read for several halls over a span
        covering this one, once for all of them."""
        self.hall, self.first, self.last, self.at = hall, first, last, at
        calendar = hall.working_calendar()
        self.days = _days(first, last)
        self.workdays = {day for day in self.days
                         if calendar.is_workday(day, hall.id)}
        start = datetime.datetime.combine(first, datetime.time.min)
        end = datetime.datetime.combine(last + datetime.timedelta(days=1),
                                        datetime.time.min)
        kiosks, shifts = (loaded or Roster.load([hall], start, end))[hall.id]
        self.kiosks = kiosks
        # The hall's kiosks, and its helpers wherever they are rostered
        # (a double booking may reach outside the hall).
        self.shifts = [s for s in shifts
                       if s.starts_at < end and s.ends_at > start]
        self._clashes = self.find_clashes(self.shifts)

    @staticmethod
    def load(halls, start, end):
        """Hall id -> (its kiosks, the shifts between two moments at its
        kiosks or of its helpers), for many halls in two queries."""
        ids = [hall.id for hall in halls]
        kiosks = list(Kiosk.select(Kiosk, Hall)
                      .join(Hall)
                      .where(Kiosk.hall.in_(ids))
                      .order_by(Kiosk.name, Kiosk.id))
        shifts = list(
            Shift.select(Shift, Agent, Kiosk, Hall)
            .join(Agent, on=(Shift.helper == Agent.id))
            .switch(Shift)
            .join(Kiosk, on=(Shift.kiosk == Kiosk.id))
            .join(Hall, on=(Kiosk.hall == Hall.id))
            .where(Kiosk.hall.in_(ids) | Agent.hall.in_(ids),
                   Shift.starts_at < end, Shift.ends_at > start)
            .order_by(Shift.starts_at, Shift.id))
        found = {hall.id: ([], []) for hall in halls}
        for kiosk in kiosks:
            found[kiosk.hall_id][0].append(kiosk)
        for shift in shifts:
            for hall_id in {shift.kiosk.hall_id, shift.helper.hall_id}:
                if hall_id in found:
                    found[hall_id][1].append(shift)
        return found

    @classmethod
    def week(cls, hall, day):
        """The roster of the week (Monday to Sunday) a day is in."""
        monday = week_start(day)
        return cls(hall, monday, monday + datetime.timedelta(days=6))

    @classmethod
    def upcoming(cls, hall, days=7, at=None):
        """The roster of the coming `days` working days, today from `at` on."""
        return cls.upcoming_of([hall], days, at)[hall.id]

    @classmethod
    def upcoming_of(cls, halls, days=7, at=None):
        """Hall id -> its `upcoming` roster, for many halls in two queries
        (and one calendar per city)."""
        at = at or now()
        calendars, spans = {}, {}
        for hall in halls:
            if hall.city_id not in calendars:
                calendars[hall.city_id] = hall.working_calendar()
            calendar = calendars[hall.city_id]
            day, last, found = at.date(), at.date(), 0
            for _n in range(days * 7 + 30):  # long holidays, but never forever
                if found >= days:
                    break
                if calendar.is_workday(day, hall.id):
                    found, last = found + 1, day
                day += datetime.timedelta(days=1)
            spans[hall.id] = last
        if not halls:
            return {}
        start = datetime.datetime.combine(at.date(), datetime.time.min)
        end = datetime.datetime.combine(
            max(spans.values()) + datetime.timedelta(days=1), datetime.time.min)
        loaded = cls.load(halls, start, end)
        return {hall.id: cls(hall, at.date(), spans[hall.id], at=at,
                             loaded=loaded) for hall in halls}

    # -- reading -------------------------------------------------------------

    @staticmethod
    def find_clashes(shifts):
        """Shift id -> the shifts it double-books its helper with."""
        by_helper, found = {}, {}
        for shift in shifts:
            by_helper.setdefault(shift.helper_id, []).append(shift)
        for own in by_helper.values():
            for i, shift in enumerate(own):
                for other in own[i + 1:]:  # by start: none after overlaps
                    if other.starts_at >= shift.ends_at:
                        break
                    if shift.clashes_with(other):
                        found.setdefault(shift.id, []).append(other)
                        found.setdefault(other.id, []).append(shift)
        return found

    def shown_kiosks(self):
        """Rows of the week view: active kiosks, and any other with duty."""
        busy = {shift.kiosk_id for shift in self.shifts}
        return [k for k in self.kiosks if k.is_active or k.id in busy]

    def cell(self, kiosk, day):
        """The shifts at a kiosk starting on a day."""
        return [shift for shift in self.shifts
                if shift.kiosk_id == kiosk.id and shift.starts_at.date() == day]

    def cells(self):
        """(kiosk id, day) -> shifts, for a whole table at once."""
        found = {}
        for shift in self.shifts:
            found.setdefault((shift.kiosk_id, shift.starts_at.date()), []).append(shift)
        return found

    def clashes(self, shift):
        """The other shifts that double-book this shift's helper."""
        return self._clashes.get(shift.id, [])

    def double_bookings(self):
        """The shifts of the hall's kiosks that double-book their helper."""
        return [shift for shift in self.shifts
                if shift.id in self._clashes and shift.kiosk.hall_id == self.hall.id]

    def is_workday(self, day):
        return day in self.workdays

    def gaps(self):
        """The opening hours of working days that no active helper's shift
        covers, at every active kiosk of the hall, in order (from `at` on)."""
        found, hall = [], self.hall
        for kiosk in self.kiosks:
            if not kiosk.is_active:
                continue
            covering = [s for s in self.shifts
                        if s.kiosk_id == kiosk.id and s.helper.is_active]
            for day in self.days:
                if day not in self.workdays:
                    continue
                start = datetime.datetime.combine(day, hall.opens_at)
                if self.at is not None:
                    start = max(start, self.at)
                end = datetime.datetime.combine(day, hall.closes_at)
                cursor = start
                for shift in covering:
                    if shift.ends_at <= cursor or shift.starts_at >= end:
                        continue
                    if shift.starts_at > cursor:
                        found.append(Roster.Gap(kiosk, day, cursor, shift.starts_at))
                    cursor = max(cursor, shift.ends_at)
                if cursor < end:
                    found.append(Roster.Gap(kiosk, day, cursor, end))
        found.sort(key=lambda gap: (gap.start, gap.kiosk.name, gap.kiosk.id))
        return found

    def gaps_by_cell(self):
        """(kiosk id, day) -> the gaps of that kiosk on that day."""
        found = {}
        for gap in self.gaps():
            found.setdefault((gap.kiosk.id, gap.day), []).append(gap)
        return found

    # -- planning ------------------------------------------------------------

    def copy_to(self, first, user=None):
        """Copy this roster's shifts of the hall's kiosks to the span
        starting on `first` (copying last week: the week before's roster,
        copied to this Monday)."""
        own = [s for s in self.shifts if s.kiosk.hall_id == self.hall.id]
        return Roster.copy(own, [(first - self.first).days], self.hall, user)

    def repeat(self, weeks, user=None):
        """Repeat this week's shifts on the next `weeks` weeks."""
        if not 1 <= weeks <= Roster.MAX_WEEKS:
            raise DomainError(_l('Repeat a week on 1 to %(n)d weeks.',
                                 n=Roster.MAX_WEEKS))
        own = [s for s in self.shifts if s.kiosk.hall_id == self.hall.id]
        return Roster.copy(own, [7 * n for n in range(1, weeks + 1)],
                           self.hall, user)

    @staticmethod
    def copy(shifts, offsets, hall, user=None):
        """Copy shifts `offsets` days later each, in one transaction. A copy
        that already exists is kept (running twice creates nothing new), a
        day the hall is closed is left out, and a copy that would book a
        helper at another kiosk at the same time is refused (listed).
        Returns Roster.Copied(created, kept, closed, refused)."""
        planned = [(shift, shift.starts_at + datetime.timedelta(days=n),
                    shift.ends_at + datetime.timedelta(days=n))
                   for shift in shifts for n in offsets if n]
        if not planned:
            return Roster.Copied([], 0, 0, [])
        calendar = hall.working_calendar()
        first = min(start for _s, start, _e in planned)
        last = max(end for _s, _st, end in planned)
        helpers = {shift.helper_id for shift in shifts}
        created, kept, closed, refused, copy_of = [], 0, 0, [], {}
        with write_transaction():
            Shift.lock_helpers(helpers)
            existing = list(Shift.select()
                            .where(Shift.helper.in_(list(helpers)),
                                   Shift.starts_at < last, Shift.ends_at > first))
            same = {(s.kiosk_id, s.helper_id, s.starts_at, s.ends_at)
                    for s in existing}
            for shift, start, end in planned:
                copy = Shift(kiosk=shift.kiosk, helper=shift.helper,
                             starts_at=start, ends_at=end)
                if (copy.kiosk_id, copy.helper_id, start, end) in same:
                    kept += 1
                elif not calendar.is_workday(start.date(), hall.id):
                    closed += 1
                elif any(copy.clashes_with(other) for other in existing):
                    refused.append(copy)
                else:
                    created.append(copy)
                    copy_of[id(copy)] = shift.id
                    existing.append(copy)
                    same.add((copy.kiosk_id, copy.helper_id, start, end))
            for copy in created:  # checked above: saved without asking again
                copy.id = Shift.insert(kiosk=copy.kiosk_id, helper=copy.helper_id,
                                       starts_at=copy.starts_at,
                                       ends_at=copy.ends_at).execute()
                AuditLog.record(user, 'create', 'Shift', copy.id, after=dict(
                    copy.__data__, copied_from=copy_of[id(copy)]), hall=hall.id)
        return Roster.Copied(created, kept, closed, refused)


# --- Applicants ----------------------------------------------------------------

ID_TYPES = validators.DOCUMENT_TYPES


class Applicant(BaseModel):
    """One file per person or enterprise (一户一档 / 一企一档), and per
    identity document: the file is known by the document's type and number
    (and, for a passport, its nationality)."""
    kind = CharField(max_length=12, choices=APPLICANT_KINDS)
    id_type = CharField(max_length=20, choices=ID_TYPES, default='resident_id')
    id_number = CharField(max_length=18)
    # ISO 3166-1 alpha-3, for documents that state one: a passport's
    # issuing state, a foreign permanent resident's nationality.
    nationality = CharField(max_length=3, default='')
    name = CharField(max_length=120)
    phone = CharField(max_length=30, default='')
    address = CharField(max_length=200, default='')
    contact_name = CharField(max_length=60, default='')
    card_hash = CharField(max_length=64, null=True, unique=True)
    card_issued_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        # Passport numbers are unique only within their issuing state; every
        # other type states its nationality in the number or has none.
        indexes = ((('id_type', 'id_number', 'nationality'), True),)

    def __str__(self):
        return self.name

    @staticmethod
    def document(id_type, id_number, nationality=''):
        """The validated document (type, number, nationality) of a file.

        `id_type` is a document type; the applicant kinds are understood
        too, for callers that know only that much: 'enterprise' is a credit
        code, 'person' the one person's document whose rule takes the number
        (asked for when several do).
        """
        if id_type == 'enterprise':
            id_type = 'credit_code'
        elif id_type == 'person':
            found = validators.classify(id_number, validators.PERSON_DOCUMENTS)
            if found is not None:
                return found
            if len(validators.matching_types(
                    id_number, validators.PERSON_DOCUMENTS)) > 1:
                raise DomainError(_l('This number fits more than one type of '
                                     'identity document: choose the type.'))
            id_type = 'resident_id'  # its own message says what is wrong
        return validators.document(id_type, id_number, nationality)

    @classmethod
    def find(cls, document):
        """The file of a validated document, or None."""
        return _APPLICANT_BY_DOCUMENT.first(db, document.type, document.number,
                                            document.nationality)

    @classmethod
    def find_or_create(cls, id_type=None, id_number='', name='', phone='',
                       nationality='', kind=None, **extra):
        """The applicant's single file, created on first visit.

        `kind` ('person', 'enterprise') stands in for `id_type` for callers
        that know only the applicant kind (see `document`).
        """
        document = cls.document(id_type or kind, id_number, nationality)
        phone = validators.phone(phone) if phone else ''
        if not (name or '').strip():
            raise DomainError(_l('Please enter the applicant\'s name.'))
        with write_transaction():
            applicant = cls.find(document)
            if applicant is None:
                applicant = cls.create(
                    kind=validators.document_kind(document.type),
                    id_type=document.type, id_number=document.number,
                    nationality=document.nationality, name=name.strip(),
                    phone=phone, **extra)
            elif phone and applicant.phone != phone:
                applicant.phone = phone
                applicant.save()
        return applicant

    def issue_card(self):
        """A new applicant card QR payload (一户一档 card); an earlier card
        stops working. Shown once: only its hash is kept."""
        code = new_code('C')
        self.card_hash = digest(code)
        self.card_issued_at = now()
        self.save()
        return code

    def revoke_card(self):
        """The card stops working (lost, or no longer wanted)."""
        self.card_hash, self.card_issued_at = None, None
        self.save()

    @classmethod
    def by_card(cls, code):
        """The applicant a scanned card belongs to, or None."""
        if not code or len(code) > 64:
            return None
        return cls.get_or_none(cls.card_hash == digest(code))

    @classmethod
    def numbers_like(cls, text):
        """Every stored form a searched number may take: as typed, and as
        each document rule that takes it writes it (a travel permit's
        lifelong part, for one)."""
        numbers = {re.sub(r'\s+', '', text).upper()}
        for id_type in validators.matching_types(text):
            numbers.add(validators.DOCUMENT_RULES[id_type](text))
        return numbers

    @property
    def id_type_label(self):
        return label(ID_TYPES, self.id_type)

    @property
    def nationality_name(self):
        return validators.country_name(self.nationality)

    @property
    def birth_date(self):
        """The date of birth the document states, or None."""
        if self.id_type not in validators.BIRTH_DOCUMENTS:
            return None
        return validators.birth_date(self.id_number, self.id_type)

    @property
    def masked_name(self):
        return validators.mask_name(self.name)

    @property
    def masked_id(self):
        return validators.mask_id(self.id_number, self.id_type)

    @property
    def masked_phone(self):
        return validators.mask_phone(self.phone) if self.phone else ''


# --- Cases -------------------------------------------------------------------

CASE_STATUSES = [
    ('consultation', _l('Consultation only')),
    ('awaiting_materials', _l('Awaiting materials')),
    ('registered', _l('Registered')),
    ('commissioned', _l('Commissioned')),
    ('in_handling', _l('In handling')),
    ('result_ready', _l('Result ready')),
    ('mailed', _l('Mailed')),
    ('delivered', _l('Delivered')),
    ('evaluated', _l('Evaluated')),
    ('archived', _l('Archived')),
    ('refused', _l('Refused')),
    ('terminated', _l('Terminated')),
    ('suspended', _l('Suspended')),
]

# Why a case waits on something outside the hall (中止, DB3205/T 1077-2023).
SUSPENSION_REASONS = [
    ('inspection', _l('Site inspection or survey by a department')),
    ('document', _l('A document the applicant must obtain elsewhere')),
    ('ruling', _l('A court ruling, arbitration or other decision')),
    ('third_party', _l('A reply from another party or authority')),
    ('applicant', _l('At the applicant\'s request')),
    ('other', _l('Other reason')),
]

# The case flow of DOMAIN.md as a table: action -> (allowed from, to).
TRANSITIONS = {
    'request_materials': (('consultation',), 'awaiting_materials'),
    'register': (('consultation', 'awaiting_materials'), 'registered'),
    'refuse': (('consultation', 'awaiting_materials'), 'refused'),
    'commission': (('registered',), 'commissioned'),
    'start_handling': (('registered', 'commissioned'), 'in_handling'),
    'mark_ready': (('in_handling',), 'result_ready'),
    'deliver': (('result_ready',), 'delivered'),
    'mail': (('result_ready',), 'mailed'),
    'confirm_receipt': (('mailed',), 'delivered'),
    'evaluate': (('delivered',), 'evaluated'),
    'archive': (('delivered', 'evaluated', 'refused', 'terminated'), 'archived'),
    'terminate': (('awaiting_materials', 'registered', 'commissioned',
                   'in_handling', 'result_ready', 'suspended'), 'terminated'),
    'suspend': (('registered', 'commissioned', 'in_handling'), 'suspended'),
    # Back to the status it was suspended from (Case.suspended_from).
    'resume': (('suspended',), None),
}
# The stages of the flow, named once; every face asks these (or
# Case.in_stage in templates) instead of listing statuses.
SCREENING_STATUSES = ('consultation', 'awaiting_materials')  # before registration
HANDLING_STATUSES = ('registered', 'commissioned', 'in_handling')
OPEN_STATUSES = HANDLING_STATUSES + ('result_ready', 'mailed')  # the clock runs
SUSPENDED_STATUSES = ('suspended',)  # the clock is paused, the case not done
# Cases with a due date still to meet: counted again when the calendar changes.
DUE_STATUSES = OPEN_STATUSES + SUSPENDED_STATUSES
RESULT_STATUSES = ('result_ready', 'mailed', 'delivered', 'evaluated',
                   'archived')
COMPLETED_STATUSES = ('delivered', 'evaluated', 'archived')
STOPPED_STATUSES = ('refused', 'terminated')
FINAL_STATUSES = ('archived',)  # read-only
# The one-time notice (一次性告知) tells what is missing, or where to go.
NOTICE_STATUSES = ('awaiting_materials', 'refused')
STAGES = {
    'screening': SCREENING_STATUSES, 'handling': HANDLING_STATUSES,
    'open': OPEN_STATUSES, 'result': RESULT_STATUSES,
    'completed': COMPLETED_STATUSES, 'stopped': STOPPED_STATUSES,
    'final': FINAL_STATUSES, 'notice': NOTICE_STATUSES,
    'suspended': SUSPENDED_STATUSES,
}
# Moves to another hall (跨层级转办) before handling starts there.
TRANSFERABLE_STATUSES = SCREENING_STATUSES + ('registered',)
# Departments take their part (and a task force forms) until the result.
FLOW_STATUSES = HANDLING_STATUSES + ('result_ready',)
# The result documents (反馈材料) are recorded from when departments hand
# them out until the case is filed; after delivery, only to correct them.
RESULT_RECORD_STATUSES = ('in_handling', 'result_ready', 'mailed', 'delivered',
                          'evaluated')

# What the applicant receives at the end (附件7 反馈材料, 办结单).
RESULT_KINDS = [
    ('licence', _l('Licence or permit')),
    ('certificate', _l('Certificate or proof')),
    ('returned', _l('Document returned')),
    ('other', _l('Other result')),
]
# Kinds whose document carries a number the applicant will be asked for.
NUMBERED_RESULT_KINDS = ('licence', 'certificate')


# One suspension of a case, as Case.suspensions tells it.
Suspension = collections.namedtuple(
    'Suspension', 'suspended resumed reason reason_label days due_date')


class Case(BaseModel):
    """One applicant's matter, from screening to archive."""
    number = CharField(max_length=40, unique=True)
    # Indexed with the time in Meta.indexes (their prefix serves the halls).
    hall = ForeignKeyField(Hall, backref='cases', on_delete='RESTRICT',
                           index=False)
    origin_hall = ForeignKeyField(Hall, backref='originated_cases',
                                  on_delete='RESTRICT', index=False)
    transfer_confirmed_at = DateTimeField(null=True)
    item = ForeignKeyField(Item, null=True, backref='cases',
                           on_delete='RESTRICT')
    bundle = ForeignKeyField(Bundle, null=True, backref='cases',
                             on_delete='RESTRICT')
    # Snapshots: the catalogue may change, a registered case does not.
    item_name = CharField(max_length=250)
    time_limit_days = IntegerField(default=0)
    applicant = ForeignKeyField(Applicant, backref='cases',
                                on_delete='RESTRICT')
    service_form = CharField(max_length=12, choices=SERVICE_FORMS)
    channel = CharField(max_length=12, choices=CHANNELS)
    status = CharField(max_length=20, choices=CASE_STATUSES, index=True)
    agent = ForeignKeyField(Agent, null=True, backref='cases',
                            on_delete='RESTRICT')
    window = ForeignKeyField(Window, null=True, backref='cases',
                             on_delete='SET NULL')
    green_reason = CharField(max_length=100, default='')
    green_contact = CharField(max_length=60, default='')
    is_complex = BooleanField(default=False)
    # Brought in from a hall's paper ledger (附件4): its dates are the
    # ledger's, its history starts with the import (CaseEvent 'import').
    is_imported = BooleanField(default=False)
    registered_at = DateTimeField(null=True, index=True)
    due_date = DateField(null=True, index=True)
    closed_at = DateTimeField(null=True)
    delivery_method = CharField(max_length=10, choices=DELIVERY_METHODS,
                                default='pickup')
    delivery_address = CharField(max_length=200, default='')
    courier = CharField(max_length=60, default='')
    tracking_number = CharField(max_length=60, default='')
    refusal_reason = TextField(default='')
    refer_to = CharField(max_length=200, default='')
    termination_reason = TextField(default='')
    # 中止: while suspended, the status it returns to, since when and why;
    # the working days of earlier suspensions are added to the due date.
    suspended_from = CharField(max_length=20, default='',
                               choices=[('', '')] + CASE_STATUSES)
    suspended_at = DateTimeField(null=True)
    suspension_reason = CharField(max_length=20, default='',
                                  choices=[('', '')] + SUSPENSION_REASONS)
    suspended_days = IntegerField(default=0)
    created_by = ForeignKeyField(User, null=True, backref='created_cases',
                                 on_delete='RESTRICT')
    created_at = DateTimeField(default=now, index=True)

    class Meta:
        # What the lists ask at a million cases (tests/test_perf_queries.py
        # checks that the plans use them): a hall's cases newest first, and
        # those moved away from it; a hall's ledger and statistics by
        # registration, with every column the statistics count (read from
        # the index alone: case_statistics); a hall's open cases by status
        # and due date (the overdue list and the counts on the home page are
        # read from the index alone).
        indexes = (
            (('hall', 'created_at'), False),
            (('origin_hall', 'created_at'), False),
            (('hall', 'registered_at', 'closed_at', 'due_date', 'status',
              'item', 'bundle'), False),
            (('hall', 'status', 'due_date'), False),
        )

    def __str__(self):
        return self.number

    def delete_instance(self, *args, **kwargs):
        raise DomainError(_l('Cases are never deleted.'))

    @property
    def status_label(self):
        return label(CASE_STATUSES, self.status)

    @property
    def service_form_label(self):
        return label(SERVICE_FORMS, self.service_form)

    # -- creation ------------------------------------------------------------

    @classmethod
    def open(cls, hall, applicant, service_form, channel, user=None,
             item=None, bundle=None, green_reason='', green_contact='',
             note='', at=None, matter=''):
        """Record a new case at consultation; returns (case, receipt code).

        A matter outside the catalogue (no item, no bundle) is recorded by
        what the applicant asked for, `matter` (接待咨询记录)."""
        matter = ' '.join((matter or '').split())
        if (item is not None and bundle is not None) or (
                item is None and bundle is None and not matter):
            raise DomainError(_l('Choose one item or one bundle.'))
        subject = item or bundle
        if service_form not in dict(SERVICE_FORMS):
            raise DomainError(_l('Unknown service form.'))
        if item is not None and service_form not in item.service_forms:
            raise DomainError(_l('This item does not offer %(form)s.',
                                 form=label(SERVICE_FORMS, service_form)))
        at = at or now()
        # The number is taken in the transaction that writes the case: a
        # case refused on the way leaves no gap in the day's numbers.
        with write_transaction():
            number = cls.next_number(hall, at.date())
            case = cls.create(
                created_at=at, number=number,
                hall=hall, origin_hall=hall, item=item, bundle=bundle,
                item_name=(subject.full_name if item else
                           subject.name if bundle else matter),
                time_limit_days=subject.time_limit_days if subject else 0,
                applicant=applicant, service_form=service_form,
                channel=channel, status='consultation',
                green_reason=green_reason or '',
                green_contact=green_contact or '',
                is_complex=bundle is not None and bundle.kind == 'investment',
                created_by=user)
            event = CaseEvent.create(case=case, actor=user, action='open',
                                     at=at, from_status='',
                                     to_status='consultation', note=note or '')
            OutboxMessage.for_case_event(case, event)
            code = case.issue_receipt(user, first=True)
        return case, code

    @staticmethod
    def next_number(hall, day):
        """A new case number: the hall's code, the day and its sequence."""
        seq = Counter.next('case:%s:%s' % (hall.code, day.isoformat()))
        return '%s-%s-%04d' % (hall.code, day.strftime('%Y%m%d'), seq)

    # -- brought in from a paper ledger (附件4) ------------------------------

    @staticmethod
    def ledger_key(applicant, item_name, registered_on):
        """What makes a ledger line the same case: the applicant's document,
        the matter and the day of application (within one hall). A line
        imported again, or exported and imported back, finds its case by it."""
        return (applicant.id_type, applicant.id_number, applicant.nationality,
                item_name, registered_on)

    @classmethod
    def ledger_keys(cls, hall_id, id_numbers, first, last):
        """The keys (`ledger_key`) of the cases in the hall's ledger from
        `first` to `last` whose applicants hold one of these numbers: a
        query per 500 numbers, however many cases the hall has."""
        found, id_numbers = set(), sorted(set(id_numbers))
        start = datetime.datetime.combine(first, datetime.time.min)
        end = datetime.datetime.combine(last + datetime.timedelta(days=1),
                                        datetime.time.min)
        for chunk in range(0, len(id_numbers), 500):
            rows = (cls.select(cls.item_name, cls.registered_at, Applicant.id_type,
                               Applicant.id_number, Applicant.nationality)
                    .join(Applicant)
                    .where(cls.seen_from([hall_id]),
                           cls.registered_at >= start, cls.registered_at < end,
                           Applicant.id_number.in_(id_numbers[chunk:chunk + 500]))
                    .tuples())
            found.update((id_type, number, nationality, item_name, at.date())
                         for item_name, at, id_type, number, nationality in rows)
        return found

    @staticmethod
    def ledger_line_refusal(registered_on, flows, fed_back_on, rating,
                            terminated, today_=None):
        """Why a ledger line cannot be a case as it stands (dates out of
        order or to come, a rating with no result given), or None.
        `flows` is [(department, accepted_on, done_on)]."""
        today_ = today_ or today()
        if registered_on > today_ or any(
                day and day > today_ for _d, accepted, done in flows
                for day in (accepted, done)) or (fed_back_on and fed_back_on > today_):
            return _l('a date is later than today')
        for department, accepted, done in flows:
            if accepted is None:
                return _l('%(department)s has a done date but no accepted date',
                          department=str(department))
            if accepted < registered_on or (done and done < accepted):
                return _l('the dates of %(department)s are before the application '
                          'or done before accepted', department=str(department))
        if fed_back_on and fed_back_on < registered_on:
            return _l('the result is given back before the application')
        if rating and not fed_back_on:
            return _l('a rating needs the date the result was given back')
        if rating and terminated:
            return _l('a terminated case has no rating')
        return None

    @classmethod
    def import_ledger_line(cls, hall, applicant, registered_on, service_form,
                           item=None, bundle=None, agent=None, flows=(),
                           fed_back_on=None, rating=None, terminated='',
                           user=None, facts=None, calendar=None):
        """A case as a line of the hall's paper ledger tells it: registered
        on its day, its departments' dates, given back and rated when the
        ledger says so, or terminated. Its status follows: terminated,
        evaluated, delivered, in handling (a department took it) or
        registered. The history records the import (who, when, the line's
        facts) and, for a result given back, the delivery on its day. A bad
        rating opens its rectification task while still within the deadline
        (FollowUp.open_for_imported); `case.rectification` says 'opened',
        'on_paper' (too old: handled on paper) or None (no bad rating).
        Checked first with `ledger_line_refusal`. Returns the case."""
        reason = cls.ledger_line_refusal(registered_on, flows, fed_back_on,
                                         rating, terminated)
        if reason is not None:
            raise DomainError(reason)
        subject = item or bundle
        registered_at = datetime.datetime.combine(registered_on, datetime.time.min)
        closed_on = None
        if terminated:
            status = 'terminated'
            closed_on = fed_back_on or max(
                [registered_on] + [done for _d, _a, done in flows if done])
        elif fed_back_on:
            status, closed_on = ('evaluated' if rating else 'delivered'), fed_back_on
        else:
            status = 'in_handling' if flows else 'registered'
        with db.atomic():
            case = cls(
                number=cls.next_number(hall, registered_on), hall=hall,
                origin_hall=hall, item=item, bundle=bundle,
                item_name=subject.full_name if item else subject.name,
                time_limit_days=subject.time_limit_days, applicant=applicant,
                service_form=service_form, channel='window', status=status,
                agent=agent, registered_at=registered_at, created_at=registered_at,
                closed_at=(datetime.datetime.combine(closed_on, datetime.time.min)
                           if closed_on else None),
                termination_reason=terminated, is_imported=True,
                is_complex=bundle is not None and bundle.kind == 'investment',
                created_by=user)
            case.due_date = case.reckon_due_date(registered_on, calendar=calendar)
            case.save(force_insert=True)
            for department, accepted, done in flows:
                CaseFlow.create(case=case, department=department, hall=hall,
                                accepted_on=accepted, done_on=done)
            CaseEvent.create(case=case, actor=user, action='import', at=now(),
                             from_status='', to_status=status,
                             params=CaseEvent.encode(dict(
                                 facts or {}, registered=registered_on.isoformat())))
            if fed_back_on and not terminated:
                CaseEvent.create(case=case, actor=user, action='deliver',
                                 at=case.closed_at, from_status='result_ready',
                                 to_status='delivered',
                                 params=CaseEvent.encode(dict(imported=True)))
            case.rectification = None
            if rating:
                evaluation = Evaluation.create(
                    case=case, rating=rating, method='onsite',
                    recorded_by=user, created_at=case.closed_at)
                if rating in BAD_RATINGS:
                    task = FollowUp.open_for_imported(case, evaluation,
                                                      calendar)
                    case.rectification = 'opened' if task else 'on_paper'
            # A month already summed for the appraisal and the trend is
            # read from the records again, with this case in it.
            AppraisalMonth.reopen(case.closed_at, case.registered_at)
        return case

    def issue_receipt(self, user=None, first=False):
        """A new receipt code; earlier ones are revoked (`first`: the case
        is being opened, there are none). Shown once."""
        if not first:
            ReceiptCode.update(revoked_at=now()).where(
                ReceiptCode.case == self,
                ReceiptCode.revoked_at.is_null()).execute()
        code = new_code('R')
        ReceiptCode.create(case=self, code_hash=digest(code))
        return code

    @staticmethod
    def rating_link_code(case_id):
        """The code of the rating reminder's link to the case's progress
        page: worked out again from the case and the key whenever the text
        is sent, so that only its hash is stored (a ReceiptCode beside the
        receipt's, revoked with it by a new receipt)."""
        return 'R' + identity_digest('rating-link:%d' % case_id)[:32]

    @classmethod
    def by_receipt(cls, code):
        """The case a receipt code opens, or None (unknown, malformed, revoked)."""
        if not code or len(code) > 64:
            return None
        return _CASE_BY_RECEIPT.first(db, digest(code))

    # -- the state machine ---------------------------------------------------

    def in_stage(self, stage):
        """Whether the case is at a stage of STAGES ('screening', 'open' …)."""
        return self.status in STAGES[stage]

    def refusal(self, action):
        """Why `action` cannot be done to the case as it stands, or None.

        The one answer to "may this be done now": every action method below
        refuses with this reason, and the case page and the kiosk offer only
        what it allows. What the action is given (a reason, an agent, a
        hall) is checked by the action itself.
        """
        if self.status in FINAL_STATUSES:
            return _l('An archived case is read-only.')
        if action in TRANSITIONS:
            allowed, _ = TRANSITIONS[action]
            if (self.status not in allowed
                    or (action == 'commission' and self.service_form != 'proxy')
                    or (action == 'start_handling' and self.status == 'registered'
                        and self.service_form == 'proxy')):
                return _l('A case that is "%(status)s" cannot be %(action)s.',
                          status=self.status_label, action=ACTION_LABELS[action])
            return None
        check = getattr(self, '_refuse_' + action, None)
        if check is None:
            raise KeyError(action)
        return check()

    def can(self, action):
        return self.refusal(action) is None

    def ensure(self, action):
        """Refuse with the reason when `action` cannot be done now."""
        reason = self.refusal(action)
        if reason is not None:
            raise DomainError(reason)

    def available_actions(self):
        """The moves along the flow (TRANSITIONS) allowed now."""
        return [a for a in TRANSITIONS if self.can(a)]

    # What each action beyond the flow's moves needs of the case.

    def _refuse_screen(self):
        if self.status not in SCREENING_STATUSES:
            return _l('Materials are checked before registration.')

    def _refuse_service(self):
        return self.refusal('register')  # the form is settled to register

    def _refuse_supply(self):
        if not any(m.state in ('missing', 'promised') for m in self.checklist()):
            return _l('No material of this case is missing or promised.')

    def _refuse_route(self):
        if self.status not in HANDLING_STATUSES:
            return _l('A case goes to its departments while it is handled.')
        existing = {f.department_id for f in self.flows}
        if all(d.id in existing for d in self.departments()):
            return _l('Every department already has its part.')

    def _refuse_flows(self):
        if self.status not in FLOW_STATUSES:
            return _l('Departments record their dates while the case is '
                      'handled.')

    def _refuse_task_force(self):
        if self.status not in FLOW_STATUSES:
            return _l('A task force forms while the case is handled.')
        if self.task_forces.exists():
            return _l('This case already has a task force.')

    def _refuse_handover(self):
        return None  # materials pass hands at any stage but the archive

    _refuse_reassign = _refuse_handover

    def _refuse_cover(self):
        if not self.cover_posts():
            return _l('Nobody can cover this post.')

    def _refuse_transfer(self):
        if self.status not in TRANSFERABLE_STATUSES:
            return _l('Only a case not yet in handling moves to another hall.')
        if not self.hall.ancestors():
            return _l('There is no hall above this one.')

    def _refuse_confirm_transfer(self):
        if not self.is_transferred or self.transfer_confirmed_at:
            return _l('There is no transfer to confirm.')

    def cover_posts(self):
        """The AB posts whose A has the case and whose B may cover it."""
        if not self.agent_id:
            return []
        return [p for p in (Post.select()
                            .where(Post.hall == self.hall_id,
                                   Post.agent_a == self.agent_id,
                                   Post.agent_b.is_null(False),
                                   Post.agent_b != self.agent_id)
                            .order_by(Post.name))
                if p.b_present()]

    def _transition(self, action, user, note='', facts=None, **changes):
        """Move the case along the flow and append the event, atomically."""
        with write_transaction():
            fresh = _CASE_STATUS.first(db, self.id)
            self.status = fresh.status
            self.suspended_from = fresh.suspended_from
            self.ensure(action)
            before = self.status
            # Resuming goes back to where the case was suspended from.
            after = TRANSITIONS[action][1] or self.suspended_from
            if action == 'suspend':
                changes['suspended_from'] = before
            for field, value in changes.items():
                setattr(self, field, value)
            self.status = after
            rows = (Case.update(status=after, **changes)
                    .where(Case.id == self.id, Case.status == before)
                    .execute())
            if rows != 1:
                raise DomainError(_l('The case changed meanwhile; please reload.'))
            event = CaseEvent.create(case=self, actor=user, action=action,
                                     from_status=before, to_status=after,
                                     note=note or '',
                                     params=CaseEvent.encode(facts))
            OutboxMessage.for_case_event(self, event)
        return self

    def _note(self, action, user, note='', facts=None, **changes):
        """Record an event that does not move the status (still append-only).
        The action calling it has asked `ensure` first."""
        with db.atomic():
            if changes:
                for field, value in changes.items():
                    setattr(self, field, value)
                Case.update(**changes).where(Case.id == self.id).execute()
            event = CaseEvent.create(case=self, actor=user, action=action,
                                     from_status=self.status,
                                     to_status=self.status, note=note or '',
                                     params=CaseEvent.encode(facts))
            OutboxMessage.for_case_event(self, event)
        return self

    def screen(self, provided_ids, promised_ids=(), user=None):
        """Record the materials checklist against the item's materials.

        Returns the materials still missing (required and not promised).
        """
        self.ensure('screen')
        self.ensure_eligible()
        materials = self.catalogue_materials()
        provided, promised = set(provided_ids), set(promised_ids)
        missing, rows, at = [], [], now()
        for material in materials:
            if material.id in provided:
                state = 'provided'
            elif material.id in promised and material.deferrable:
                state = 'promised'
            elif material.required:
                state = 'missing'
                missing.append(material)
            else:
                continue
            rows.append(dict(case=self.id, material=material.id,
                             name=material.name, copies=material.copies,
                             form=material.form, source=material.source,
                             state=state, recorded_by=user, at=at))
        if rows:  # the checklist in one statement
            CaseMaterial.insert_many(rows).execute()
        return missing

    def subject_items(self):
        """The catalogue items of the case: its item, or the bundle's parts
        (none for a matter outside the catalogue)."""
        if self.item_id:
            return [self.item]
        if self.bundle_id:
            return [part.item for part in self.bundle.parts]
        return []

    def eligibility_refusal(self, on=None):
        """Why the applicant cannot have this matter by what the identity
        document states (age, sex), or None."""
        return Item.refusal_among(self.subject_items(), self.applicant.id_type,
                                  self.applicant.id_number, on=on)

    def ensure_eligible(self):
        reason = self.eligibility_refusal()
        if reason is not None:
            raise DomainError(reason)

    def catalogue_materials(self):
        """What the item (or every part of the bundle) asks for: the
        screening checklist."""
        if not self.bundle_id:
            return list(self.item.materials) if self.item_id else []
        seen, found = set(), []
        for part in self.bundle.parts:
            for material in part.item.materials:
                if material.name not in seen:
                    seen.add(material.name)
                    found.append(material)
        return found

    def departments(self):
        """The departments involved: the item's, or each part's of a bundle."""
        if self.item_id:
            return [self.item.department]
        if not self.bundle_id:
            return []  # a matter outside the catalogue
        departments = []
        for part in self.bundle.parts:
            if part.item.department not in departments:
                departments.append(part.item.department)
        return departments

    def checklist(self):
        """The latest state of each material of the case."""
        latest = {}
        for row in _CHECKLIST.cursor(db, self.id):
            latest[row.name] = row
        return list(latest.values())

    def missing_materials(self, checklist=None):
        """The materials still missing (of `checklist`, if already read)."""
        return [m for m in (self.checklist() if checklist is None else checklist)
                if m.state == 'missing']

    def promised_materials(self, checklist=None):
        """The materials promised for later (容缺), of `checklist` if read."""
        return [m for m in (self.checklist() if checklist is None else checklist)
                if m.state == 'promised']

    def supply(self, names, user=None):
        """Record materials handed in later (补正 or a 容缺 promise kept)."""
        self.ensure('supply')
        current = {m.name: m for m in self.checklist()}
        names = [n for n in names
                 if n in current and current[n].state != 'provided']
        if not names:
            raise DomainError(_l('Choose the materials that were handed in.'))
        with db.atomic():
            for name in names:
                old = current[name]
                CaseMaterial.create(case=self, material=old.material,
                                    name=old.name, copies=old.copies,
                                    form=old.form, source=old.source,
                                    state='provided', recorded_by=user)
            self._note('supply', user, facts=dict(materials=names))

    def request_materials(self, user=None, note=''):
        return self._transition('request_materials', user, note)

    def register(self, user=None, note='', agent=None, window=None,
                 at=None):
        """Accept the case: the time limit starts and the due date is set."""
        if self.missing_materials():
            raise DomainError(_l('Materials are missing: %(names)s.', names='、'.join(
                m.name for m in self.missing_materials())))
        if not self.subject_items():
            raise DomainError(_l('A matter outside the catalogue is not '
                                 'registered: refuse it and name the unit '
                                 'to go to.'))
        self.ensure_eligible()
        at = at or now()
        due = self.reckon_due_date(at.date())
        changes = dict(registered_at=at, due_date=due)
        if agent is not None:
            changes['agent'] = agent
        if window is not None:
            changes['window'] = window
        return self._transition('register', user, note, **changes)

    def choose_service(self, service_form, green_reason='', green_contact='',
                       user=None):
        """Settle, before registering, how the case is served: a form the
        item offers, and the green channel (reason and named person)."""
        self.ensure('service')
        offered = (self.item.service_forms if self.item_id
                   else [form for form, _ in SERVICE_FORMS])
        if service_form not in offered:
            raise DomainError(_l('This item does not offer %(form)s.',
                                 form=label(SERVICE_FORMS, service_form)))
        green_reason = (green_reason or '').strip()
        green_contact = (green_contact or '').strip()
        if bool(green_reason) != bool(green_contact):
            raise DomainError(_l('The green channel needs both a reason and '
                                 'the named person responsible.'))
        return self._note('service', user, facts=dict(
                              service_form=service_form, green_reason=green_reason,
                              green_contact=green_contact),
                          service_form=service_form, green_reason=green_reason,
                          green_contact=green_contact)

    def register_and_queue(self, user=None, appointment=None, at=None):
        """Register the case where it stands and queue the applicant.

        The ticket is for the window here that serves the item (or the
        booked window of a checked-in appointment); when a hall above
        handles the item, the case is also transferred there (跨层级转办).
        Returns the ticket; nothing changes if any step is refused.
        """
        subject = self.item if self.item_id else self.bundle
        handling = self.hall.handling_hall(subject)
        if handling is None:
            raise DomainError(_l('No hall here or above handles this item; '
                                 'refuse it and name the unit to go to.'))
        if appointment is not None:
            appointment.ensure_usable(self.hall)
            window = appointment.window
        else:
            window = self.hall.window_for(item=self.item, bundle=self.bundle)
        if window is None:
            raise DomainError(_l('No window of this hall is open for this '
                                 'item now. Please ask the hall staff.'))
        with write_transaction():
            self.register(user, window=window, at=at)
            if handling.id != self.hall_id:
                self.transfer_to(handling, _l('handled at %(hall)s',
                                              hall=handling.name), user)
            priority = PRIORITY_GREEN if self.green_reason else PRIORITY_NORMAL
            if appointment is not None:
                ticket = appointment.check_in()
                ticket.case = self
                ticket.priority = max(ticket.priority, priority)
                ticket.save()
            else:
                ticket = Ticket.issue(window, case=self, priority=priority)
        return ticket

    def refuse(self, reason, refer_to, user=None):
        if not (reason or '').strip():
            raise DomainError(_l('Give the reason for refusing.'))
        return self._transition('refuse', user, reason, refusal_reason=reason,
                                refer_to=refer_to or '')

    @classmethod
    def refer(cls, hall, applicant, matter, reason, refer_to, channel,
              user=None):
        """A matter that is not in the catalogue: the consultation is
        recorded and refused at once, with the reason and the unit that
        handles it (不予受理，告知办理单位). Returns (case, receipt code)."""
        if not ' '.join((matter or '').split()):
            raise DomainError(_l('Write down what the applicant asked for.'))
        if not (reason or '').strip():
            raise DomainError(_l('Give the reason for refusing.'))
        if not (refer_to or '').strip():
            raise DomainError(_l('Name the unit that handles this matter.'))
        with write_transaction():
            case, code = cls.open(hall, applicant, 'assisted', channel,
                                  user=user, matter=matter)
            case.refuse(reason.strip(), refer_to.strip(), user=user)
        return case, code

    def commission(self, user=None, note='', authorization_signed=True,
                   commitment_signed=True):
        """代办: the authorization and commitment letters are signed."""
        if not (authorization_signed and commitment_signed):
            raise DomainError(_l('Proxy handling starts only when the '
                                 'authorization letter and the commitment '
                                 'letter are both signed.'))
        return self._transition('commission', user, note,
                                facts=dict(letters_signed=True))

    def start_handling(self, user=None, note=''):
        return self._transition('start_handling', user, note)

    def mark_ready(self, user=None, note=''):
        return self._transition('mark_ready', user, note)

    def deliver(self, user=None, note='', slip_signed=True):
        """Picked up in person; the applicant signed the completion slip."""
        if not slip_signed:
            raise DomainError(_l('A pick-up needs the completion slip signed '
                                 'by the applicant.'))
        return self._transition('deliver', user, note, delivery_method='pickup',
                                closed_at=now())

    def mail(self, address, courier, tracking_number, user=None, note=''):
        if not all((v or '').strip() for v in (address, courier,
                                               tracking_number)):
            raise DomainError(_l('Mailing needs the address, the courier and '
                                 'the tracking number.'))
        return self._transition('mail', user, note, delivery_method='mail',
                                delivery_address=address, courier=courier,
                                tracking_number=tracking_number)

    def confirm_receipt(self, user=None, note=''):
        return self._transition('confirm_receipt', user, note, closed_at=now())

    def evaluate(self, rating, method, comment='', caller='', user=None,
                 called_at=None):
        """Record the one evaluation of the case (好差评)."""
        if rating not in dict(RATINGS):
            raise DomainError(_l('Choose a rating.'))
        if method not in dict(EVALUATION_METHODS):
            raise DomainError(_l('Unknown evaluation method.'))
        if method == 'phone' and not (caller or '').strip():
            raise DomainError(_l('A phone follow-up records who called.'))
        # The write lock first: two submissions at once queue up and the
        # second is refused by the state machine instead of failing on a lock.
        with write_transaction():
            self._transition('evaluate', user, facts=dict(rating=rating))
            evaluation = Evaluation.create(
                case=self, rating=rating, method=method,
                comment=comment or '', caller=caller or '',
                called_at=called_at or (now() if method == 'phone' else None),
                recorded_by=user)
            if rating in BAD_RATINGS:
                FollowUp.open_for(self, evaluation)
        return evaluation

    def archive(self, user=None, note=''):
        return self._transition('archive', user, note)

    def terminate(self, reason, user=None, materials_returned=True):
        """终止: the applicant stops, or it cannot be completed."""
        if not (reason or '').strip():
            raise DomainError(_l('Give the reason for terminating.'))
        return self._transition('terminate', user, reason,
                                facts=dict(materials_returned=materials_returned),
                                termination_reason=reason, closed_at=now())

    # -- suspension (中止 / 续办) ------------------------------------------------

    def suspend(self, user, reason, note='', at=None):
        """中止: the case waits on something outside the hall (an inspection,
        a document from elsewhere, a ruling); its promised date stops
        counting until it is resumed."""
        if reason not in dict(SUSPENSION_REASONS):
            raise DomainError(_l('Choose the reason for suspending.'))
        if reason == 'other' and not (note or '').strip():
            raise DomainError(_l('Describe the reason for suspending.'))
        at = at or now()
        return self._transition('suspend', user, note,
                                facts=dict(reason=reason), suspended_at=at,
                                suspension_reason=reason)

    @property
    def needs_renewed_mandate(self):
        """A commissioned proxy case resumes on a renewed mandate (续办委托书)
        signed by the applicant: the first authorization covered the matter
        as it stood before the suspension."""
        return (self.service_form == 'proxy'
                and self.suspended_from in ('commissioned', 'in_handling'))

    def days_suspended(self, until=None):
        """Working days of the suspension under way, up to `until` (today):
        the days after the day it was suspended, to the day it resumes."""
        if self.status not in SUSPENDED_STATUSES or self.suspended_at is None:
            return 0
        calendar = city_calendar(Hall.city_of(self.hall_id))
        return max(calendar.working_days_between(
            self.hall_id, self.suspended_at.date(), until or now().date()), 0)

    def resume(self, user=None, note='', renewed_mandate=False, at=None):
        """续办: the clock runs again. The due date moves by the working days
        the case was suspended, and the event keeps why and how long."""
        with write_transaction():
            fresh = Case.get_by_id(self.id)
            fresh.ensure('resume')
            if fresh.needs_renewed_mandate and not renewed_mandate:
                raise DomainError(_l('A proxy case resumes only when the '
                                     'applicant has signed the renewed '
                                     'mandate.'))
            at = at or now()
            days = fresh.days_suspended(at.date())
            total = fresh.suspended_days + days
            due = fresh.due_date and fresh.reckon_due_date(suspended_days=total)
            self._transition(
                'resume', user, note,
                facts=dict(reason=fresh.suspension_reason,
                           since=fresh.suspended_at.date().isoformat(),
                           days=days, renewed_mandate=bool(renewed_mandate),
                           due_from=fresh.due_date and fresh.due_date.isoformat(),
                           due_to=due and due.isoformat()),
                suspended_days=total, due_date=due, suspended_at=None,
                suspension_reason='', suspended_from='')
        return self

    @property
    def suspension_reason_label(self):
        return label(SUSPENSION_REASONS, self.suspension_reason)

    def suspensions(self):
        """Every suspension of the case, oldest first (one query): its
        suspend event, its resume event (None while it lasts), the reason
        and its label, the working days it lasted and the due date after it
        (None while it lasts)."""
        found = []
        for event in (self.events
                      .where(CaseEvent.action.in_(('suspend', 'resume')))
                      .order_by(CaseEvent.id)):
            if event.action == 'suspend':
                reason = event.facts.get('reason', '')
                found.append(Suspension(event, None, reason,
                                        label(SUSPENSION_REASONS, reason),
                                        None, None))
            elif found and found[-1].resumed is None:
                due = event.facts.get('due_to')
                found[-1] = found[-1]._replace(
                    resumed=event, days=event.facts.get('days', 0),
                    due_date=_as_date(due) if due else None)
        return found

    # -- results (反馈材料) ------------------------------------------------------

    def _refuse_result(self):
        if self.status not in RESULT_RECORD_STATUSES:
            return _l('Results are recorded once the case is in handling, '
                      'until it is filed.')

    def record_result(self, kind, title, number='', issued_by='', copies=1,
                      note='', user=None, corrects=None):
        """Record a result document handed to the applicant: a licence, a
        certificate, a document returned. With `corrects` (a result of this
        case), the new record supersedes it; nothing is edited."""
        self.ensure('result')
        values = CaseResult.clean(kind, title, number, issued_by, copies, note)
        with write_transaction():
            self.status = (Case.select(Case.status)
                           .where(Case.id == self.id).get().status)
            self.ensure('result')
            if corrects is not None:
                corrects = CaseResult.get_or_none(
                    (CaseResult.id == getattr(corrects, 'id', corrects)) &
                    (CaseResult.case == self.id))
                if corrects is None:
                    raise DomainError(_l('Choose a result of this case.'))
                if CaseResult.select().where(
                        CaseResult.supersedes == corrects.id).exists():
                    raise DomainError(_l('This result was corrected meanwhile; '
                                         'please reload.'))
                if all(getattr(corrects, name) == values[name] for name in
                       ('kind', 'title', 'number', 'issued_by', 'copies')):
                    raise DomainError(_l('The correction changes nothing.'))
            try:
                result = CaseResult.create(case=self, supersedes=corrects,
                                           recorded_by=user, **values)
            except IntegrityError:  # corrected at this moment by another
                raise DomainError(_l('This result was corrected meanwhile; '
                                     'please reload.')) from None
            facts = dict(kind=values['kind'], title=values['title'],
                         number=values['number'], copies=values['copies'])
            if corrects is not None:
                facts.update(was_kind=corrects.kind, was_title=corrects.title,
                             was_number=corrects.number,
                             was_copies=corrects.copies)
            self._note('result', user, values['note'], facts=facts)
        return result

    def results(self):
        """The result documents as they stand (one query): each record not
        superseded by a correction, in the place of the first record it
        corrects, in the order they were first recorded."""
        records = _RESULTS(db, self.id)
        first = {}  # record -> the first record of its line of corrections
        for record in records:
            first[record.id] = first.get(record.supersedes_id, record.id)
        superseded = {r.supersedes_id for r in records if r.supersedes_id}
        return sorted((r for r in records if r.id not in superseded),
                      key=lambda r: first[r.id])

    # -- handling ------------------------------------------------------------

    def reassign(self, agent, reason, user=None):
        """Change the agent; only with a recorded reason (continuity)."""
        self.ensure('reassign')
        if self.agent_id is not None and not (reason or '').strip():
            raise DomainError(_l('Changing the agent needs a reason.'))
        if agent.id == self.agent_id:
            raise DomainError(_l('This agent already has the case.'))
        old = self.agent.name if self.agent_id else ''
        return self._note('reassign', user, reason or '', facts=dict(
            from_agent=old, to_agent=agent.name), agent=agent)

    def cover_by_b(self, post, user=None):
        """A is away: B covers the case, and the history says so."""
        self.ensure('cover')
        if post.id not in [p.id for p in self.cover_posts()]:
            raise DomainError(_l('Choose the post of the case\'s agent.'))
        return self._note('cover', user, facts=dict(
            agent_b=post.agent_b.name, agent_a=post.agent_a.name),
            agent=post.agent_b)

    def transfer_to(self, hall, reason, user=None):
        """跨层级转办: move the case up to a hall above, with the reason."""
        self.ensure('transfer')
        if hall is None or hall.id not in [h.id for h in self.hall.ancestors()]:
            raise DomainError(_l('Choose a hall above this one.'))
        if not (reason or '').strip():
            raise DomainError(_l('Give the reason for the transfer.'))
        worded = isinstance(reason, LazyString)  # the product's own reason
        return self._note('transfer', user, '' if worded else reason, facts=dict(
            from_hall=self.hall.name, to_hall=hall.name,
            reason=text_code(reason) if worded else None), hall=hall,
            transfer_confirmed_at=None, window=None)

    def confirm_transfer(self, user=None):
        self.ensure('confirm_transfer')
        return self._note('confirm_transfer', user, '',
                          transfer_confirmed_at=now())

    def visible_to(self, hall_ids):
        """Both halls of a cross-level transfer can see the case."""
        return self.hall_id in hall_ids or self.origin_hall_id in hall_ids

    @classmethod
    def in_scope(cls, hall_ids):
        """The cases `visible_to` these halls, as a query."""
        return cls.select().where(cls.seen_from(hall_ids))

    @classmethod
    def seen_from(cls, hall_ids):
        """The condition `visible_to` puts, for a query's WHERE."""
        hall_ids = list(hall_ids)
        return cls.hall.in_(hall_ids) | cls.origin_hall.in_(hall_ids)

    @classmethod
    def seen_from_few(cls, hall_ids):
        """The same condition as two indexed lookups (a UNION): the plan for
        a few quiet halls, where an OR of the two columns lets the database
        walk every case by time to find theirs."""
        hall_ids = list(hall_ids)
        moved = cls.alias()
        return cls.id.in_(
            cls.select(cls.id).where(cls.hall.in_(hall_ids)) |
            moved.select(moved.id).where(moved.origin_hall.in_(hall_ids)))

    # A list of cases, newest first, looks among this many of the newest
    # cases of every hall before it asks its own halls' indexes.
    RECENT = 20000

    @classmethod
    def newest(cls, query, hall_ids, limit, before=None):
        """The first `limit` cases of `query` (cases, with any filters)
        visible to the halls, newest first, older than the case `before`:
        pages by keyset, reading a bounded number of rows whichever halls
        and however many cases there are."""
        order = (cls.created_at.desc(), cls.id.desc())
        older = [Tuple(cls.created_at, cls.id) <
                 Tuple(before.created_at, before.id)] if before else []
        recent = (cls.select(cls.created_at)
                  .order_by(*order)
                  .offset(cls.RECENT - 1)
                  .limit(1))
        threshold = (recent.where(*older) if older else recent).scalar()
        if threshold is not None:
            found = list(query.where(cls.seen_from(hall_ids), *older,
                                     cls.created_at >= threshold)
                         .order_by(*order)
                         .limit(limit))
            if len(found) == limit:
                return found
        # Few of the halls' cases are recent: a few quiet halls are read
        # through their own indexes; many halls (a city, a county) by time.
        few = len(hall_ids) * 4 < len(_hall_parents())
        return list(query.where(cls.seen_from_few(hall_ids) if few
                                else cls.seen_from(hall_ids), *older)
                    .order_by(*order)
                    .limit(limit))

    @classmethod
    def count_upto(cls, query, hall_ids, cap):
        """How many cases of `query` the halls see, counting no further than
        `cap` + 1 (a list says "more than `cap`")."""
        return (query.where(cls.seen_from(hall_ids))
                .order_by()
                .limit(cap + 1)
                .count())

    # -- what the case page shows, each in one query whatever its length -------

    def history(self):
        """The events, oldest first, each with who acted."""
        return list(CaseEvent
                    .select(CaseEvent, User)
                    .join(User, JOIN.LEFT_OUTER,
                          on=(CaseEvent.actor == User.id))
                    .where(CaseEvent.case == self)
                    .order_by(CaseEvent.at, CaseEvent.id))

    def flows_by_department(self):
        """Each department's part, with the department."""
        return list(CaseFlow
                    .select(CaseFlow, Department)
                    .join(Department)
                    .where(CaseFlow.case == self)
                    .order_by(CaseFlow.id))

    def handovers_with_lines(self):
        """The handovers of materials, oldest first, with their lines."""
        return prefetch(Handover.select()
                        .where(Handover.case == self)
                        .order_by(Handover.at, Handover.id),
                        HandoverLine.select().order_by(HandoverLine.id))

    def task_forces_with_members(self):
        """The task force (at most one), its coordinator and members."""
        coordinator, member = Agent.alias(), Agent.alias()
        return prefetch(TaskForce.select(TaskForce, coordinator)
                        .join(coordinator,
                              on=(TaskForce.coordinator == coordinator.id))
                        .where(TaskForce.case == self),
                        TaskForceMember.select(TaskForceMember, member)
                        .join(member, on=(TaskForceMember.agent == member.id))
                        .order_by(TaskForceMember.id))

    @property
    def handling_kind(self):
        """How the case is handled: one department, a bundle, a task force."""
        if self.is_complex or self.task_forces.exists():
            return 'task_force'
        return 'bundle' if self.bundle_id else 'single'

    @property
    def is_transferred(self):
        return self.hall_id != self.origin_hall_id

    def lead_liaison(self):
        """The liaison of a bundle's lead department in the handling hall."""
        if not self.bundle_id:
            return None
        return (Liaison.select()
                .where(Liaison.hall == self.hall_id,
                       Liaison.department == self.bundle.lead_department_id)
                .first())

    def route_flows(self, user=None):
        """Create the per-department flows: one per department involved."""
        self.ensure('route')
        departments = self.departments()
        existing = {f.department_id for f in self.flows}
        with db.atomic():
            for department in departments:
                if department.id not in existing:
                    CaseFlow.create(case=self, department=department,
                                    hall=self.hall)
            self._note('route', user, facts=dict(
                departments=[str(d) for d in departments]))

    def queue_ticket(self, today=None):
        """The case's latest ticket of today still waiting or called, if any."""
        return _QUEUE_TICKET.first(db, self.id, today or now().date())

    # -- the due date ----------------------------------------------------------

    def reckon_due_date(self, registered_on=None, calendar=None,
                        suspended_days=None):
        """The one due-date rule: the time limit in working days of the
        case's hall, counted from the day after registration, plus the
        working days it was suspended. Registering, a changed holiday notice
        and resuming all count with it."""
        calendar = calendar or city_calendar(Hall.city_of(self.hall_id))
        start = registered_on or self.registered_at.date()
        if suspended_days is None:
            suspended_days = self.suspended_days
        return calendar.add_working_days(self.hall_id, start,
                                         self.time_limit_days + suspended_days)

    @classmethod
    def reckon_due_dates(cls, city_id, user=None):
        """After the city's calendar changed: count the due date of every
        open case of the city again, and record one event on each case whose
        due date moved ("old → new"). Returns how many moved."""
        forget_calendars()
        calendar = CityCalendar.load(city_id)
        cases = (cls.select()
                 .where(cls.hall.in_(Hall.city_hall_ids(city_id)),
                        cls.status.in_(DUE_STATUSES),
                        cls.registered_at.is_null(False),
                        cls.due_date.is_null(False))
                 .order_by(cls.id))
        events = []
        with db.atomic():
            for case in cases:
                due = case.reckon_due_date(calendar=calendar)
                if due == case.due_date:
                    continue
                rows = (cls.update(due_date=due)
                        .where(cls.id == case.id,
                               cls.due_date == case.due_date)
                        .execute())
                if rows:
                    events.append(dict(
                        case=case.id, actor=user, action='due_date', at=now(),
                        from_status=case.status, to_status=case.status,
                        note='', params=CaseEvent.encode({
                            'from': case.due_date.isoformat(),
                            'to': due.isoformat()})))
            CaseEvent.record_many(events)
        return len(events)

    @property
    def due_is_provisional(self):
        """Whether the due date counts over a year whose adjusted days are
        not known yet (statutory days only): decided when read, from the
        calendar the request already loaded."""
        if self.due_date is None or self.registered_at is None:
            return False
        calendar = city_calendar(Hall.city_of(self.hall_id))
        return bool(calendar.unknown_years(self.registered_at.date(),
                                           self.due_date))

    def working_days_left(self, today=None):
        """Working days until the due date (negative when overdue)."""
        if self.due_date is None:
            return None
        return city_calendar(Hall.city_of(self.hall_id)).working_days_between(
            self.hall_id, today or now().date(), self.due_date)

    def is_overdue(self, today=None):
        today = today or now().date()
        return (self.due_date is not None and self.status in OPEN_STATUSES
                and self.due_date < today)

    @classmethod
    def past_due(cls, today=None):
        """The condition `is_overdue` puts, for a query's WHERE (the index on
        hall, status and due date serves it)."""
        return (cls.status.in_(OPEN_STATUSES) &
                (cls.due_date < (today or now().date())))

    @classmethod
    def overdue(cls, hall_ids, today=None):
        """The overdue cases the halls handle now, soonest due first."""
        return (cls.select()
                .where(cls.past_due(today), cls.hall.in_(list(hall_ids)))
                .order_by(cls.due_date, cls.id))

    @classmethod
    def overdue_counts(cls, hall_ids, today=None):
        """How many overdue cases each hall handles now: {hall id: count}."""
        # Grouped by status too, as the index on hall, status and due date
        # is ordered: SQLite would rather walk another index on hall alone
        # than sort a handful of groups.
        counts = collections.Counter()
        for hall_id, count in (cls.select(cls.hall, fn.COUNT(cls.id))
                               .where(cls.past_due(today),
                                      cls.hall.in_(list(hall_ids)))
                               .group_by(cls.hall, cls.status)
                               .tuples()):
            counts[hall_id] += count
        return dict(counts)


ACTION_LABELS = {
    'open': _l('opened'),
    'request_materials': _l('put on hold for materials'),
    'register': _l('registered'),
    'refuse': _l('refused'),
    'commission': _l('commissioned'),
    'start_handling': _l('put into handling'),
    'mark_ready': _l('marked result ready'),
    'deliver': _l('delivered'),
    'mail': _l('mailed'),
    'confirm_receipt': _l('confirmed as received'),
    'evaluate': _l('evaluated'),
    'archive': _l('archived'),
    'terminate': _l('terminated'),
    'suspend': _l('suspended'),
    'resume': _l('resumed'),
    'supply': _l('materials supplied'),
    'reassign': _l('agent changed'),
    'cover': _l('covered by B'),
    'cover_back': _l('handed back to A'),
    'cover_kept': _l('kept by B'),
    'transfer': _l('transferred'),
    'confirm_transfer': _l('transfer received'),
    'route': _l('sent to departments'),
    'service': _l('service form chosen'),
    'flow': _l('department progress'),
    'handover': _l('materials handed over'),
    'task_force': _l('task force formed'),
    'due_date': _l('due date counted again for the holiday calendar'),
    'result': _l('result recorded'),
    'import': _l('imported from the paper ledger'),
    # The steps of the request (线上帮办) the case was opened from.
    'request': _l('request received'),
    'request_accept': _l('request accepted'),
    'request_call': _l('applicant called back'),
}


class ReceiptCode(BaseModel):
    case = ForeignKeyField(Case, backref='receipt_codes', on_delete='CASCADE')
    code_hash = CharField(max_length=64, unique=True)
    issued_at = DateTimeField(default=now)
    revoked_at = DateTimeField(null=True)


# /p/ opens a case by its receipt code, with its applicant and hall, in one
# query; the SQL of it and of the case's other reads is written once a
# process (prepared.Prepared). SAMPLE_CASE stands for a case's id.
SAMPLE_HALL, SAMPLE_ITEM, SAMPLE_DEPARTMENT = -7000021, -7000022, -7000023
_APPLICANT_BY_DOCUMENT = Prepared(lambda id_type, number, nationality: (
    Applicant.select().where(Applicant.id_type == id_type,
                             Applicant.id_number == number,
                             Applicant.nationality == nationality).limit(1)),
    'sample:id-type', 'sample:id-number', 'sample:nationality')
_OPEN_WINDOWS = Prepared(lambda hall: (
    Window.select().where(Window.hall == hall, Window.is_open == True)  # noqa: E712
    .order_by(Window.number)), SAMPLE_HALL)


def _open_window_posts(hall):
    b = Agent.alias()
    return (Post.select(Post, b)
            .join(b, JOIN.LEFT_OUTER, on=(Post.agent_b == b.id), attr='agent_b')
            .switch(Post).join(Window, on=(Post.window == Window.id))
            .where(Window.hall == hall, Window.is_open == True))  # noqa: E712


_OPEN_WINDOW_POSTS = Prepared(_open_window_posts, SAMPLE_HALL)
_HALL_ITEM_WINDOWS = Prepared(lambda hall, item: (
    WindowItem.select(WindowItem.window).join(Window)
    .where(Window.hall == hall, WindowItem.item == item).tuples()),
    SAMPLE_HALL, SAMPLE_ITEM)
_HALL_DEPARTMENT_WINDOWS = Prepared(lambda hall, department: (
    WindowDepartment.select(WindowDepartment.window).join(Window)
    .where(Window.hall == hall,
           WindowDepartment.department == department).tuples()),
    SAMPLE_HALL, SAMPLE_DEPARTMENT)
_CASE_STATUS = Prepared(lambda case: (
    Case.select(Case.status, Case.suspended_from).where(Case.id == case)),
    -7000024)
_CASE_BY_RECEIPT = Prepared(lambda code_hash: (
    Case.select(Case, Applicant, Hall)
    .join(ReceiptCode).switch(Case)
    .join(Applicant).switch(Case)
    .join(Hall, on=(Case.hall == Hall.id))
    .where(ReceiptCode.code_hash == code_hash, ReceiptCode.revoked_at.is_null())
    .limit(1)), 'sample:receipt-code-hash')
SAMPLE_CASE, SAMPLE_DAY = -7000011, datetime.date(1901, 1, 3)
_CHECKLIST = Prepared(lambda case: (
    CaseMaterial.select().where(CaseMaterial.case == case)
    .order_by(CaseMaterial.id)), SAMPLE_CASE)
_RESULTS = Prepared(lambda case: (
    CaseResult.select().where(CaseResult.case == case)
    .order_by(CaseResult.id)), SAMPLE_CASE)
_QUEUE_TICKET = Prepared(lambda case, day: (
    Ticket.select().where(Ticket.case == case, Ticket.day == day,
                          Ticket.status.in_(('waiting', 'called')))
    .order_by(Ticket.id.desc()).limit(1)), SAMPLE_CASE, SAMPLE_DAY)


class CaseEvent(AppendOnly):
    """The append-only history of a case: who, when, from and to which
    status, the facts of what happened (`params`, JSON: names, dates and
    codes, never a sentence; history.py tells them in the reader's
    language) and the note a person typed, as typed."""
    case = ForeignKeyField(Case, backref='events', on_delete='RESTRICT')
    at = DateTimeField(default=now, index=True)
    actor = ForeignKeyField(User, null=True, backref='case_events',
                            on_delete='RESTRICT')
    action = CharField(max_length=30)
    from_status = CharField(max_length=20, default='')
    to_status = CharField(max_length=20, default='')
    note = TextField(default='')
    params = TextField(default='')

    class Meta:
        order_by = ('at', 'id')

    @staticmethod
    def encode(facts):
        """The stored form of an event's facts ('' when it has none)."""
        facts = {name: value for name, value in (facts or {}).items()
                 if value not in (None, '', [], False)}
        return json.dumps(facts, ensure_ascii=False, sort_keys=True) if facts else ''

    @property
    def facts(self):
        """The event's facts as a dict ({} for none)."""
        try:
            found = json.loads(self.params) if self.params else {}
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    @classmethod
    def record_many(cls, rows):
        """Write events together (dicts of their fields: an AB post's
        hand-over, due dates moved by a calendar change, a request's steps)
        with the webhook posts they cause (OutboxMessage.for_case_events),
        in the caller's transaction and a constant number of statements per
        500 events. Returns the events written."""
        return _record_many(cls, rows, OutboxMessage.for_case_events)


def _record_many(model, rows, outbox):
    """Insert history rows of `model` in chunks (SQLite's variable
    limit), then queue their messages (`outbox(events)`) in the same
    transaction."""
    written = []
    with db.atomic():
        for start in range(0, len(rows), 500):
            written += list(model.insert_many(rows[start:start + 500])
                            .returning(model).execute())
        if written:
            outbox(written)
    return written


class CaseMaterial(AppendOnly):
    """One line of a case's materials checklist; later lines supersede."""
    case = ForeignKeyField(Case, backref='materials', on_delete='RESTRICT')
    material = ForeignKeyField(ItemMaterial, null=True, on_delete='SET NULL')
    name = CharField(max_length=120)
    copies = IntegerField(default=1)
    form = CharField(max_length=10, choices=MATERIAL_FORMS, default='original')
    source = CharField(max_length=200, default='')
    state = CharField(max_length=10, choices=MATERIAL_STATES)
    promised_by = DateField(null=True)
    recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    at = DateTimeField(default=now)

    @property
    def state_label(self):
        return label(MATERIAL_STATES, self.state)


# What a result's number may hold: letters, digits, CJK and the punctuation
# of Chinese licence and certificate numbers (京(2024)朝阳区不动产权第0012345号).
RESULT_NUMBER = re.compile(r'^[0-9A-Za-z\u3400-\u9fff（）()〔〕［］【】\[\]'
                           r'\-－—/·.：:#№ ]+$')


class CaseResult(AppendOnly):
    """反馈材料: one result document handed to the applicant (a licence, a
    certificate, a document returned), with its number and copies. A
    correction is a new record that supersedes the one it corrects."""
    case = ForeignKeyField(Case, backref='result_records', on_delete='RESTRICT')
    kind = CharField(max_length=12, choices=RESULT_KINDS)
    title = CharField(max_length=100)
    number = CharField(max_length=60, default='')
    issued_by = CharField(max_length=100, default='')
    copies = IntegerField(default=1)
    note = CharField(max_length=200, default='')
    # The record this one corrects; each is corrected at most once.
    supersedes = ForeignKeyField('self', null=True, unique=True,
                                 backref='corrections', on_delete='RESTRICT')
    recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    recorded_at = DateTimeField(default=now)

    MAX_COPIES = 99

    @classmethod
    def clean(cls, kind, title, number='', issued_by='', copies=1, note=''):
        """The values of a result as typed, checked and trimmed; refuses
        with what to change. Nothing is written."""
        if kind not in dict(RESULT_KINDS):
            raise DomainError(_l('Choose the kind of result.'))
        title, number, issued_by, note = (
            ' '.join((value or '').split()) for value in
            (title, number, issued_by, note))
        number = unicodedata.normalize('NFKC', number)  # full-width typing
        if not title:
            raise DomainError(_l('Name the result document.'))
        if kind in NUMBERED_RESULT_KINDS and not number:
            raise DomainError(_l('A licence or certificate is recorded with '
                                 'its number.'))
        if number and not RESULT_NUMBER.match(number):
            raise DomainError(_l('The number may hold letters, digits, Chinese '
                                 'characters, spaces and - / ( ) . : # only.'))
        for value, field, what in ((title, cls.title, _l('The name of the '
                                                         'document')),
                                   (number, cls.number, _l('The number')),
                                   (issued_by, cls.issued_by, _l('Issued by')),
                                   (note, cls.note, _l('The note'))):
            if len(value) > field.max_length:
                raise DomainError(_l('%(what)s may have at most %(n)d '
                                     'characters.', what=what,
                                     n=field.max_length))
            check_value(field, value)
        try:
            copies = int(copies)
        except (TypeError, ValueError):
            copies = 0
        if not 1 <= copies <= cls.MAX_COPIES:
            raise DomainError(_l('Copies: a whole number from 1 to %(n)d.',
                                 n=cls.MAX_COPIES))
        return dict(kind=kind, title=title, number=number,
                    issued_by=issued_by, copies=copies, note=note)

    @property
    def kind_label(self):
        return label(RESULT_KINDS, self.kind)

    @property
    def masked_number(self):
        """The number as the applicant's page shows it: the first two and
        last two characters of a long one, the last two of a short one."""
        return mask_result_number(self.number)


def mask_result_number(number):
    """A result's number masked for a public page ('' stays '')."""
    size = len(number or '')
    if size <= 4:
        return '*' * size
    if size <= 7:
        return '*' * (size - 2) + number[-2:]
    return number[:2] + '*' * (size - 4) + number[-2:]


class Handover(AppendOnly):
    """材料交接 (附件6): materials passed between applicant, window, departments."""
    case = ForeignKeyField(Case, backref='handovers', on_delete='RESTRICT')
    at = DateTimeField(default=now)
    from_party = CharField(max_length=100)
    to_party = CharField(max_length=100)
    handed_by = CharField(max_length=60)
    received_by = CharField(max_length=60)
    recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    note = CharField(max_length=200, default='')

    @classmethod
    def record(cls, case, from_party, to_party, handed_by, received_by,
               lines, user=None, note=''):
        """Record a handover with its material lines and a case event."""
        case.ensure('handover')
        if not lines:
            raise DomainError(_l('A handover lists at least one material.'))
        if not all((v or '').strip() for v in (from_party, to_party,
                                              handed_by, received_by)):
            raise DomainError(_l('A handover records both parties and both people.'))
        with write_transaction():
            if cls._repeats(case, (from_party, to_party, handed_by,
                                   received_by), lines):
                raise DomainError(_l('This handover was just recorded.'))
            handover = cls.create(case=case, from_party=from_party,
                                  to_party=to_party, handed_by=handed_by,
                                  received_by=received_by, recorded_by=user,
                                  note=note)
            for name, copies, form in lines:
                HandoverLine.create(handover=handover, name=name,
                                    copies=copies, form=form)
            case._note('handover', user, facts=dict(from_party=from_party,
                                                    to_party=to_party))
        return handover

    # A second identical handover this soon is the same form sent twice.
    REPEAT_WINDOW = datetime.timedelta(minutes=2)

    @classmethod
    def _repeats(cls, case, people, lines):
        last = (cls.select().where(cls.case == case)
                .order_by(cls.id.desc()).first())
        if last is None or now() - last.at > cls.REPEAT_WINDOW:
            return False
        if (last.from_party, last.to_party, last.handed_by,
                last.received_by) != tuple(people):
            return False
        return sorted((l.name, l.copies, l.form) for l in last.lines) == sorted(
            (name, copies, form) for name, copies, form in lines)


class HandoverLine(AppendOnly):
    handover = ForeignKeyField(Handover, backref='lines', on_delete='RESTRICT')
    name = CharField(max_length=120)
    copies = IntegerField(default=1)
    form = CharField(max_length=10, choices=MATERIAL_FORMS, default='original')


class CaseFlow(BaseModel):
    """One department's part of a case: its own accepted and done dates."""
    case = ForeignKeyField(Case, backref='flows', on_delete='RESTRICT')
    department = ForeignKeyField(Department, backref='flows',
                                 on_delete='RESTRICT')
    hall = ForeignKeyField(Hall, backref='flows', on_delete='RESTRICT')
    accepted_on = DateField(null=True)
    done_on = DateField(null=True)
    note = CharField(max_length=200, default='')

    class Meta:
        indexes = ((('case', 'department'), True),)

    def accept(self, day, user=None):
        self.case.ensure('flows')
        if self.accepted_on is not None:
            raise DomainError(_l('This department already accepted it.'))
        self.accepted_on = day
        self.save()
        self.case._note('flow', user, facts=dict(
            department=str(self.department), step='accepted',
            day=day.isoformat()))

    def finish(self, day, user=None):
        self.case.ensure('flows')
        if self.accepted_on is None:
            raise DomainError(_l('A department finishes only what it accepted.'))
        if self.done_on is not None:
            raise DomainError(_l('This department already finished it.'))
        if day < self.accepted_on:
            raise DomainError(_l('The done date cannot be before the accepted date.'))
        self.done_on = day
        self.save()
        self.case._note('flow', user, facts=dict(
            department=str(self.department), step='done', day=day.isoformat()))


class TaskForce(BaseModel):
    """工作专班: a coordinator and members, for one complex case."""
    case = ForeignKeyField(Case, backref='task_forces', unique=True,
                           on_delete='RESTRICT')
    coordinator = ForeignKeyField(Agent, backref='coordinated',
                                  on_delete='RESTRICT')
    created_at = DateTimeField(default=now)

    @classmethod
    def form(cls, case, coordinator, members, user=None):
        """Name the coordinator and members of the case's task force."""
        case.ensure('task_force')
        with db.atomic():
            force = cls.create(case=case, coordinator=coordinator)
            for agent in members:
                if agent.id != coordinator.id:
                    TaskForceMember.create(task_force=force, agent=agent)
            case._note('task_force', user, facts=dict(
                coordinator=coordinator.name,
                members=[a.name for a in members]), is_complex=True)
        return force


class TaskForceMember(BaseModel):
    task_force = ForeignKeyField(TaskForce, backref='members',
                                 on_delete='CASCADE')
    agent = ForeignKeyField(Agent, backref='task_forces', on_delete='RESTRICT')

    class Meta:
        indexes = ((('task_force', 'agent'), True),)


class Evaluation(AppendOnly):
    """好差评: one per case, on site, online or by phone follow-up."""
    case = ForeignKeyField(Case, backref='evaluations', unique=True,
                           on_delete='RESTRICT')
    rating = IntegerField(choices=RATINGS)
    method = CharField(max_length=10, choices=EVALUATION_METHODS)
    comment = TextField(default='')
    caller = CharField(max_length=60, default='')
    called_at = DateTimeField(null=True)
    recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    created_at = DateTimeField(default=now)

    class Meta:
        # The statistics read a case's rating from the index alone.
        indexes = ((('case', 'rating'), False),)

    @property
    def rating_label(self):
        return label(RATINGS, self.rating)

    @staticmethod
    def reminders(hall_ids, at=None):
        """Cases delivered and still unrated REMINDER_DAYS after delivery,
        longest waiting first (index case(hall, status, closed_at)). Cases
        brought in from a paper ledger are history: nobody reminds their
        applicants."""
        cutoff = (at or now()) - datetime.timedelta(days=REMINDER_DAYS)
        return (Case.select()
                .where(True if hall_ids is None  # the whole city's
                       else Case.hall.in_(list(hall_ids)),
                       Case.status == 'delivered',
                       Case.closed_at <= cutoff,
                       Case.is_imported == False)  # noqa: E712
                .order_by(Case.closed_at, Case.id))

    @staticmethod
    def reminders_page(hall_ids, page, per_page, at=None):
        """A page of the reminders, with each case's applicant and hall:
        the page's cases found first in order of delivery from the index
        alone (case_reminders), then read with what they show; two
        queries, whatever the number of cases."""
        ids = [case_id for (case_id,) in
               Evaluation.reminders(hall_ids, at).select(Case.id)
               .paginate(page, per_page).tuples()]
        if not ids:
            return []
        return list(Case.select(Case, Applicant, Hall)
                    .join_from(Case, Applicant)
                    .join_from(Case, Hall, on=(Case.hall == Hall.id))
                    .where(Case.id.in_(ids))
                    .order_by(Case.closed_at, Case.id))

    @staticmethod
    def reminders_upto(hall_ids, cap, at=None):
        """How many reminders the halls have, counting no further than
        `cap` + 1 (the list says "more than `cap`"): read in order of
        delivery (index case_reminders), so that it stops at the cap."""
        return (Evaluation.reminders(hall_ids, at)
                .select(SQL('1'))
                .order_by(Case.closed_at)
                .limit(cap + 1)
                .count())


# 差评整改: the steps of a rectification after a bad rating, in order.
CALLBACK_OUTCOMES = [
    ('reached', _l('Reached the applicant')),
    ('unreachable', _l('Could not reach the applicant')),
]
VERIFICATION_VERDICTS = [
    ('confirmed', _l('Rectification confirmed')),
    ('returned', _l('Returned for further rectification')),
]
FOLLOW_UP_STEPS = [
    ('callback', _l('Phone call-back')),
    ('rectification', _l('Rectification')),
    ('verification', _l('Verification')),
]
FOLLOW_UP_STATES = [
    ('awaiting_callback', _l('Awaiting call-back')),
    ('awaiting_rectification', _l('Awaiting rectification')),
    ('awaiting_verification', _l('Awaiting verification')),
    ('closed', _l('Closed')),
]
RECTIFICATION_DAYS_RANGE = (1, 60)
# A city's deadlines in working days (CitySettings.set_days): the setting
# and what a value outside DEADLINE_DAYS_RANGE is told.
DEADLINE_DAYS_RANGE = RECTIFICATION_DAYS_RANGE
DEADLINES = {
    'rectification_days': lambda **n: _l(
        'The rectification deadline is a whole number of working days from '
        '%(low)d to %(high)d.', **n),
    'complaint_days': lambda **n: _l(
        'The deadline to answer a complaint is a whole number of working '
        'days from %(low)d to %(high)d.', **n),
}
REMINDER_DAYS = 3  # an unrated delivery is reminded of after this many days


# The rating reminders: a hall's delivered (so far unrated) cases by when
# they were delivered; partial, so that it holds those cases alone.
Case.add_index(Case.index(Case.hall, Case.closed_at,
                          name='case_delivered_unrated',
                          where=(Case.status == 'delivered')))
# The reminders of a whole city, longest waiting first: read in order of
# delivery from the index alone (the status too, as SQLite reads it from
# the index, not from the index's condition), stopping at the page's end.
Case.add_index(Case.index(Case.closed_at, Case.hall, Case.is_imported,
                          Case.status, name='case_reminders',
                          where=(Case.status == 'delivered')))
# The cases closed in a period with their due dates, status and agent: the
# dashboard's closings per day and month (dashboard.trend) and the
# appraisal's cases of each agent (reports.appraisal), from the index alone.
Case.add_index(Case.index(Case.hall, Case.closed_at, Case.due_date,
                          Case.status, Case.agent, name='case_closing'))


class FollowUp(BaseModel):
    """差评整改: the rectification task a rating of 不满意 or worse opens.

    Its steps (FollowUpStep) are facts with who and when: the phone
    call-back, the rectification taken, the supervisor's verification.
    The columns here say where it stands, for lists and rates: set by the
    steps, never typed."""
    case = ForeignKeyField(Case, backref='follow_ups', on_delete='RESTRICT')
    hall = ForeignKeyField(Hall, backref='follow_ups', on_delete='RESTRICT',
                           index=False)
    evaluation = ForeignKeyField(Evaluation, null=True, on_delete='SET NULL')
    created_at = DateTimeField(default=now)
    # The rectification deadline, in the hall's working days from the
    # rating (CitySettings.rectification_days when it was opened).
    due_date = DateField(null=True)
    # When the applicant was first reached by the call-back.
    called_back_at = DateTimeField(null=True)
    # On closing: when the rectification that was confirmed was recorded.
    rectified_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    outcome = TextField(default='')  # the rectification confirmed

    class Meta:
        # A hall's tasks by when they were opened: the list and the rates;
        # and its open ones awaiting call-back or past their deadline,
        # counted from the index alone (the alerts).
        indexes = ((('hall', 'created_at'), False),
                   (('hall', 'closed_at', 'called_back_at', 'due_date'), False))

    @classmethod
    def open_for(cls, case, evaluation):
        """Open the task for a bad rating, due in the city's working days."""
        at = now()
        return cls.create(case=case, hall=case.hall_id, evaluation=evaluation,
                          created_at=at, due_date=cls.deadline_of(case, at))

    @staticmethod
    def deadline_of(case, rated_at, calendar=None):
        """The day a bad rating given at `rated_at` is to be rectified by:
        the city's rectification_days working days of the case's hall."""
        days = CitySettings.of(Hall.city_of(case.hall_id)).rectification_days
        if calendar is None:
            return case.hall.add_working_days(rated_at.date(), days)
        return calendar.add_working_days(case.hall_id, rated_at.date(), days)

    @classmethod
    def open_for_imported(cls, case, evaluation, calendar=None):
        """A bad rating brought in from a paper ledger. One still within
        the city's rectification deadline today opens its task, opened when
        the rating was given and due when that deadline ends (the applicant
        may be waiting for an answer); an older one was handled on paper
        and opens none (it still counts among the month's bad ratings).
        Returns the task, or None."""
        rated_at = case.closed_at
        due = cls.deadline_of(case, rated_at, calendar)
        if due < today():
            return None
        return cls.create(case=case, hall=case.hall_id, evaluation=evaluation,
                          created_at=rated_at, due_date=due)

    @classmethod
    def set_deadline(cls, city_id, days, user):
        """The city's rectification deadline in working days (for tasks
        opened from now on: a task keeps the deadline it was opened with)."""
        return CitySettings.of(city_id).set_days(
            'rectification_days', days, user)

    @classmethod
    def in_halls(cls, hall_ids):
        return cls.select().where(cls.hall.in_(list(hall_ids)))

    def is_overdue(self, day=None):
        """Still open after its deadline."""
        return (self.closed_at is None and self.due_date is not None
                and self.due_date < (day or today()))

    def state(self, steps=None):
        """Where the task stands (FOLLOW_UP_STATES), from its steps."""
        if self.closed_at is not None:
            return 'closed'
        if self.called_back_at is None:
            return 'awaiting_callback'
        steps = list(self.steps) if steps is None else steps
        kinds = [s.kind for s in steps if s.kind != 'callback']
        if kinds and kinds[-1] == 'rectification':
            return 'awaiting_verification'
        return 'awaiting_rectification'

    def state_label(self, steps=None):
        return label(FOLLOW_UP_STATES, self.state(steps))

    def _fresh(self):
        """The task as stored now, inside the write lock."""
        return FollowUp.get_by_id(self.id)

    def record_callback(self, user, caller, called_at, outcome, note=''):
        """The phone call-back: who called, when, and what came of it. An
        attempt that did not reach the applicant is kept and counts for
        nothing; the task waits for one that did."""
        caller, note = (caller or '').strip(), (note or '').strip()
        if not caller:
            raise DomainError(_l('Record who made the call-back.'))
        if not isinstance(called_at, datetime.datetime):
            raise DomainError(_l('Give the date and time of the call-back.'))
        if called_at > now():
            raise DomainError(_l('The call-back cannot be later than now.'))
        if outcome not in dict(CALLBACK_OUTCOMES):
            raise DomainError(_l('Choose the outcome of the call-back.'))
        if outcome == 'reached' and not note:
            raise DomainError(_l('Record what the applicant said.'))
        with write_transaction():
            fresh = self._fresh()
            if fresh.closed_at is not None:
                raise DomainError(_l('This follow-up is already closed.'))
            if called_at < fresh.created_at.replace(second=0):
                raise DomainError(_l('The call-back cannot be earlier than '
                                     'the rating.'))
            step = FollowUpStep.create(
                task=self, kind='callback', outcome=outcome, caller=caller,
                called_at=called_at, note=note, recorded_by=user)
            if outcome == 'reached':
                FollowUp.update(called_back_at=step.recorded_at).where(
                    FollowUp.id == self.id,
                    FollowUp.called_back_at.is_null()).execute()
        self._reload()
        return step

    def record_rectification(self, user, note):
        """The rectification taken; only after the applicant was reached."""
        note = (note or '').strip()
        if not note:
            raise DomainError(_l('Describe the rectification taken.'))
        with write_transaction():
            fresh = self._fresh()
            state = fresh.state()
            if state == 'closed':
                raise DomainError(_l('This follow-up is already closed.'))
            if state == 'awaiting_callback':
                raise DomainError(_l('Call the applicant back first: a '
                                     'rectification follows the call-back.'))
            if state == 'awaiting_verification':
                raise DomainError(_l('A rectification is already waiting for '
                                     'verification.'))
            step = FollowUpStep.create(task=self, kind='rectification',
                                       note=note, recorded_by=user)
        self._reload()
        return step

    def verify(self, user, verdict, note=''):
        """The supervisor's verification: confirmed closes the task,
        returned asks for a further rectification. Never without the
        call-back."""
        if user is None or not user.may('verify_rectifications'):
            raise DomainError(_l('Only a supervisor verifies a rectification.'))
        if verdict not in dict(VERIFICATION_VERDICTS):
            raise DomainError(_l('Choose whether the rectification is '
                                 'confirmed.'))
        note = (note or '').strip()
        if verdict == 'returned' and not note:
            raise DomainError(_l('Say what is still to be rectified.'))
        with write_transaction():
            fresh = self._fresh()
            steps = list(fresh.steps)
            state = fresh.state(steps)
            if state == 'closed':
                raise DomainError(_l('This follow-up is already closed.'))
            if state == 'awaiting_callback':
                raise DomainError(_l('The task cannot be closed without the '
                                     'call-back.'))
            if state != 'awaiting_verification':
                raise DomainError(_l('There is no rectification to verify.'))
            taken = [s for s in steps if s.kind == 'rectification'][-1]
            if taken.recorded_by_id == user.id:
                raise DomainError(_l('A rectification is verified by someone '
                                     'other than who recorded it.'))
            step = FollowUpStep.create(task=self, kind='verification',
                                       outcome=verdict, note=note,
                                       recorded_by=user)
            if verdict == 'confirmed':
                closed = (FollowUp
                          .update(closed_at=step.recorded_at, closed_by=user,
                                  rectified_at=taken.recorded_at,
                                  outcome=taken.note)
                          .where(FollowUp.id == self.id,
                                 FollowUp.closed_at.is_null())
                          .execute())
                if not closed:
                    raise DomainError(_l('This follow-up is already closed.'))
        self._reload()
        return step

    def _reload(self):
        reload_record(self)

    @staticmethod
    def steps_of(tasks):
        """The steps of several tasks, by task id: one query."""
        found = collections.defaultdict(list)
        ids = [task.id for task in tasks]
        if ids:
            for step in (FollowUpStep.select(FollowUpStep, User)
                         .join(User, JOIN.LEFT_OUTER)
                         .where(FollowUpStep.task.in_(ids))
                         .order_by(FollowUpStep.recorded_at, FollowUpStep.id)):
                found[step.task_id].append(step)
        return found


class FollowUpStep(AppendOnly):
    """One step of a rectification task, as entered: who and when."""
    task = ForeignKeyField(FollowUp, backref='steps', on_delete='RESTRICT')
    kind = CharField(max_length=15, choices=FOLLOW_UP_STEPS)
    # reached / unreachable (call-back), confirmed / returned (verification)
    outcome = CharField(max_length=15, default='', choices=[('', '')]
                        + CALLBACK_OUTCOMES + VERIFICATION_VERDICTS)
    caller = CharField(max_length=60, default='')  # call-back: who called
    called_at = DateTimeField(null=True)  # call-back: when, as typed
    note = TextField(default='')
    recorded_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    recorded_at = DateTimeField(default=now)

    class Meta:
        order_by = ('recorded_at', 'id')

    @property
    def kind_label(self):
        return label(FOLLOW_UP_STEPS, self.kind)

    @property
    def outcome_label(self):
        return label(CALLBACK_OUTCOMES + VERIFICATION_VERDICTS, self.outcome)


# --- Supervision: 定期抽查 (sampling) and 投诉 (complaints) --------------------

SAMPLE_FINDINGS = [
    ('compliant', _l('Compliant')),
    ('minor', _l('Minor shortcoming')),
    ('serious', _l('Serious shortcoming')),
]
SAMPLE_PERCENT_RANGE = (1, 100)
# The case statuses a draw samples: cases that ended in the month, served
# to the end or terminated (refused ones never started).
SAMPLED_STATUSES = COMPLETED_STATUSES + ('terminated',)

COMPLAINT_CHANNELS = [
    ('phone', _l('Phone call')),
    ('hotline', _l('12345 hotline')),
    ('on_site', _l('In person at the hall')),
    ('writing', _l('In writing')),
]
COMPLAINT_VERDICTS = [
    ('upheld', _l('Upheld')),
    ('not_upheld', _l('Not upheld')),
]


def month_span(month):
    """The first and last day of a 'YYYY-MM' month; ValueError otherwise."""
    first = datetime.datetime.strptime(str(month or '').strip(), '%Y-%m').date()
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


class SampleDraw(AppendOnly):
    """定期抽查: a random sample of one month's closed cases, `percent` of
    each hall's in a hall's subtree. The seed is kept, so the same seed
    over the same cases gives the same sample again (`choose`)."""
    hall = ForeignKeyField(Hall, backref='sample_draws', on_delete='RESTRICT')
    month = DateField()  # the first day of the month the cases closed
    percent = IntegerField()
    seed = CharField(max_length=64)
    population = IntegerField(default=0)  # closed cases drawn from
    drawn_by = ForeignKeyField(User, on_delete='RESTRICT')
    drawn_at = DateTimeField(default=now)

    class Meta:
        # One draw per hall and month: a second one is refused by the
        # database even when two supervisors draw at once.
        indexes = ((('hall', 'month'), True),)

    @property
    def month_key(self):
        """The month as YYYY-MM."""
        return self.month.strftime('%Y-%m')

    @staticmethod
    def closed_cases(hall_ids, month):
        """{hall id: [case ids in id order]} of the cases that closed in
        the month (YYYY-MM) in the halls (SAMPLED_STATUSES): one query."""
        first, last = month_span(month)
        found = collections.defaultdict(list)
        for case_id, hall_id in (Case.select(Case.id, Case.hall)
                                 .where(Case.hall.in_(list(hall_ids)),
                                        Case.status.in_(SAMPLED_STATUSES),
                                        Case.closed_at >= datetime.datetime
                                        .combine(first, datetime.time.min),
                                        Case.closed_at <= datetime.datetime
                                        .combine(last, datetime.time.max))
                                 .order_by(Case.hall, Case.id)
                                 .tuples()):
            found[hall_id].append(case_id)
        return found

    @staticmethod
    def choose(cases, percent, seed):
        """The sample: from each hall's cases ({hall id: [ids]}), halls in
        id order and cases in id order, ceil(percent %) of them (at least
        one from a hall with any), drawn by random.Random(seed). A pure
        function of its arguments."""
        rng = random.Random(seed)
        chosen = []
        for hall_id in sorted(cases):
            ids = sorted(cases[hall_id])
            if not ids:
                continue
            count = max(1, -(-len(ids) * percent // 100))
            chosen += [(hall_id, case_id)
                       for case_id in sorted(rng.sample(ids, count))]
        return chosen

    @classmethod
    def draw(cls, hall, month, percent, user, seed=None):
        """Draw the month's sample of the hall and the halls below it, and
        open a review for each sampled case.

        A hall is drawn once a month (SampleClaim): halls below that
        already have the month's draw (a county drew before the city) are
        left out of this one, which samples the rest; `left_out` names
        them. Refused: a month not yet over, a percent outside 1..100, a
        month whose halls were all drawn already, a month with no closed
        case in the halls left, and a draw made at the same moment as
        another over some of the same halls (draw again: the new draw
        covers the halls the other left)."""
        if user is None or not user.may('sample_cases'):
            raise DomainError(_l('Only a supervisor or the city draws a sample.'))
        try:
            first, last = month_span(month)
        except ValueError:
            raise DomainError(_l('Give the month as YYYY-MM.')) from None
        if last >= today():
            raise DomainError(_l('Only a month that is over can be sampled.'))
        low, high = SAMPLE_PERCENT_RANGE
        try:
            percent = int(str(percent).strip())
        except ValueError:
            percent = None
        if percent is None or not low <= percent <= high:
            raise DomainError(_l('The share sampled is a whole number of '
                                 'percent from %(low)d to %(high)d.',
                                 low=low, high=high))
        seed = (seed or '').strip() or secrets.token_hex(8)
        check_value(cls.seed, seed)
        month = first.strftime('%Y-%m')
        subtree = hall.subtree_ids()
        with write_transaction():
            taken = SampleClaim.drawn(subtree, first)
            hall_ids = sorted(set(subtree) - set(taken))
            if not hall_ids:
                raise DomainError(_l('A sample of %(month)s was already drawn '
                                     'for these halls.', month=month))
            cases = cls.closed_cases(hall_ids, month)
            population = sum(len(ids) for ids in cases.values())
            if not population:
                raise DomainError(_l('No case closed in %(month)s in these '
                                     'halls: there is nothing to sample.',
                                     month=month))
            try:
                with db.atomic():
                    made = cls.create(hall=hall, month=first, percent=percent,
                                      seed=seed, population=population,
                                      drawn_by=user)
                    # In hall order, so that two draws at once wait on
                    # each other's claims in the same order (no deadlock):
                    # the second fails on the unique index when the first
                    # commits.
                    SampleClaim.insert_many(
                        [dict(hall=hall_id, month=first, draw=made.id)
                         for hall_id in hall_ids]).execute()
            except IntegrityError:
                raise DomainError(_l(
                    'Another sample of %(month)s was drawn for some of these '
                    'halls at the same moment. Draw again: the new draw '
                    'leaves out the halls already drawn.', month=month)
                ) from None
            chosen = cls.choose(cases, percent, seed)
            SampleReview.insert_many(
                [dict(draw=made.id, hall=hall_id, case=case_id)
                 for hall_id, case_id in chosen]).execute()
            made.left_out = taken
            AuditLog.record(user, 'create', 'SampleDraw', made.id, after={
                'month': month, 'percent': percent, 'seed': seed,
                'population': population, 'sampled': len(chosen),
                'halls': len(hall_ids),
                'left_out': [name for name, _draw in taken.values()]},
                hall=hall.id)
        return made

    def hall_ids(self):
        """The halls this draw covers (its claims), in id order."""
        return [hall_id for (hall_id,) in
                SampleClaim.select(SampleClaim.hall)
                .where(SampleClaim.draw == self.id)
                .order_by(SampleClaim.hall).tuples()]

    def left_out_halls(self):
        """{hall id: (name, draw id)} of the halls below this draw's hall
        that another draw of the month covers."""
        return {hall_id: found for hall_id, found in
                SampleClaim.drawn(self.hall.subtree_ids(), self.month).items()
                if found[1] != self.id}

    def redraw(self):
        """The sample the kept seed gives over the cases as they are now:
        the same as drawn while no case of the month changed."""
        return self.choose(self.closed_cases(self.hall_ids(), self.month_key),
                           self.percent, self.seed)

    @classmethod
    def in_halls(cls, hall_ids):
        return cls.select().where(cls.hall.in_(list(hall_ids)))

    @staticmethod
    def progress(draw_ids):
        """{draw id: (sampled, reviewed, tasks open)}: one query."""
        if not draw_ids:
            return {}
        reviewed = SampleReview.reviewed_at.is_null(False)
        open_task = ((SampleReview.task != '')
                     & SampleReview.task_closed_at.is_null())
        return {draw_id: (sampled, int(done or 0), int(tasks or 0))
                for draw_id, sampled, done, tasks in
                SampleReview.select(
                    SampleReview.draw, fn.COUNT(SampleReview.id),
                    fn.SUM(reviewed.cast('integer')),
                    fn.SUM(open_task.cast('integer')))
                .where(SampleReview.draw.in_(list(draw_ids)))
                .group_by(SampleReview.draw)
                .tuples()}


class SampleClaim(BaseModel):
    """A hall drawn for a month: one row per hall and month, made in the
    draw's transaction, so that no two draws (a county's and its city's)
    sample the same hall's month, on any database, even at once."""
    hall = ForeignKeyField(Hall, on_delete='RESTRICT', index=False)
    month = DateField()
    draw = ForeignKeyField(SampleDraw, backref='claims', on_delete='RESTRICT')

    class Meta:
        indexes = ((('hall', 'month'), True),)

    @classmethod
    def drawn(cls, hall_ids, month):
        """{hall id: (hall name, draw id)} of the halls among `hall_ids`
        already drawn for the month (a date, its first day): one query."""
        return {hall_id: (name, draw_id) for hall_id, name, draw_id in
                cls.select(cls.hall, Hall.name, cls.draw)
                .join(Hall, on=(cls.hall == Hall.id))
                .where(cls.month == month, cls.hall.in_(list(hall_ids)))
                .order_by(Hall.code).tuples()}


class SampleReview(BaseModel):
    """The review of one sampled case: the finding, and where needed a
    corrective task for the hall, closed when the correction is recorded.
    The columns are set by `review` and `close_task`, each once, with who
    and when (and an audit entry)."""
    draw = ForeignKeyField(SampleDraw, backref='reviews', on_delete='RESTRICT')
    hall = ForeignKeyField(Hall, on_delete='RESTRICT', index=False)
    case = ForeignKeyField(Case, backref='sample_reviews', on_delete='RESTRICT')
    finding = CharField(max_length=12, default='',
                        choices=[('', '')] + SAMPLE_FINDINGS)
    note = TextField(default='')
    reviewed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    reviewed_at = DateTimeField(null=True)
    task = TextField(default='')  # the correction asked of the hall
    task_due = DateField(null=True)
    task_outcome = TextField(default='')
    task_closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    task_closed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((('draw', 'case'), True), (('hall', 'draw'), False))

    @property
    def finding_label(self):
        return label(SAMPLE_FINDINGS, self.finding)

    @property
    def task_open(self):
        return bool(self.task) and self.task_closed_at is None

    def task_overdue(self, day=None):
        """The corrective task still open after its deadline."""
        return (self.task_open and self.task_due is not None
                and self.task_due < (day or today()))

    def review(self, user, finding, note, task='', days=None):
        """Record the finding. A shortcoming says what was found and
        gives the hall a corrective task, due in `days` working days."""
        if user is None or not user.may('sample_cases'):
            raise DomainError(_l('Only a supervisor or the city reviews a '
                                 'sampled case.'))
        if finding not in dict(SAMPLE_FINDINGS):
            raise DomainError(_l('Choose the finding.'))
        note, task = (note or '').strip(), (task or '').strip()
        due = None
        if finding != 'compliant':
            if not note:
                raise DomainError(_l('Say what was found.'))
            if not task:
                raise DomainError(_l('A shortcoming needs a corrective task.'))
            low, high = RECTIFICATION_DAYS_RANGE
            try:
                days = int(str(days).strip())
            except ValueError:
                days = None
            if days is None or not low <= days <= high:
                raise DomainError(_l('The corrective task is due in a whole '
                                     'number of working days from %(low)d to '
                                     '%(high)d.', low=low, high=high))
            due = self.hall.add_working_days(today(), days)
        elif task:
            raise DomainError(_l('A compliant case needs no corrective task.'))
        values = dict(finding=finding, note=note, task=task, task_due=due,
                      reviewed_by=user, reviewed_at=now())
        SampleReview.check_values(values)
        with write_transaction():
            done = (SampleReview.update(**values)
                    .where(SampleReview.id == self.id,
                           SampleReview.reviewed_at.is_null())
                    .execute())
            if not done:
                raise DomainError(_l('This case was already reviewed.'))
            AuditLog.record(user, 'update', 'SampleReview', self.id,
                            before={'finding': ''}, after={
                                'finding': finding, 'note': note,
                                'task': task, 'task_due': due},
                            hall=self.hall_id)
        self._reload()

    def close_task(self, user, outcome):
        """The hall records the correction made, closing the task."""
        if user is None or not user.may('manage_hall'):
            raise DomainError(_l("The hall's manager records the correction."))
        outcome = (outcome or '').strip()
        if not outcome:
            raise DomainError(_l('Describe the correction made.'))
        values = dict(task_outcome=outcome, task_closed_by=user,
                      task_closed_at=now())
        SampleReview.check_values(values)
        with write_transaction():
            done = (SampleReview.update(**values)
                    .where(SampleReview.id == self.id,
                           SampleReview.task != '',
                           SampleReview.task_closed_at.is_null())
                    .execute())
            if not done:
                raise DomainError(_l('There is no open corrective task on '
                                     'this case.'))
            AuditLog.record(user, 'update', 'SampleReview', self.id,
                            before={'task_closed': False},
                            after={'task_closed': True, 'outcome': outcome},
                            hall=self.hall_id)
        self._reload()

    def _reload(self):
        reload_record(self)


class Complaint(BaseModel):
    """投诉: a complaint about a case and/or an agent of a hall, taken by
    phone, the 12345 hotline, on site or in writing; answered within the
    city's CitySettings.complaint_days working days of the hall (投诉必查:
    every one); a complaint keeps the due date it was taken with."""
    hall = ForeignKeyField(Hall, backref='complaints', on_delete='RESTRICT',
                           index=False)
    channel = CharField(max_length=10, choices=COMPLAINT_CHANNELS)
    case = ForeignKeyField(Case, null=True, backref='complaints',
                           on_delete='RESTRICT')
    agent = ForeignKeyField(Agent, null=True, backref='complaints',
                            on_delete='RESTRICT')
    complainant = CharField(max_length=60)
    contact = CharField(max_length=30, default='')
    content = TextField()
    received_at = DateTimeField(default=now)
    due_date = DateField()
    taken_by = ForeignKeyField(User, on_delete='RESTRICT')
    verdict = CharField(max_length=12, default='',
                        choices=[('', '')] + COMPLAINT_VERDICTS)
    answer = TextField(default='')
    answered_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    answered_at = DateTimeField(null=True)

    class Meta:
        # A hall's complaints by when they came: the list, the dashboard
        # and the appraisal.
        indexes = ((('hall', 'received_at'), False),)

    @property
    def channel_label(self):
        return label(COMPLAINT_CHANNELS, self.channel)

    @property
    def verdict_label(self):
        return label(COMPLAINT_VERDICTS, self.verdict)

    def is_overdue(self, day=None):
        """Not answered after its deadline."""
        return self.answered_at is None and self.due_date < (day or today())

    @classmethod
    def in_halls(cls, hall_ids):
        return cls.select().where(cls.hall.in_(list(hall_ids)))

    @classmethod
    def set_deadline(cls, city_id, days, user):
        """The city's deadline to answer a complaint, in working days (for
        complaints taken from now on)."""
        return CitySettings.of(city_id).set_days('complaint_days', days, user)

    @classmethod
    def take(cls, hall, user, channel, complainant, content, case=None,
             agent=None, contact=''):
        """Record a complaint about a case and/or an agent of the hall;
        the agent is the case's when only the case is named."""
        if user is None or not user.may('handle_complaints'):
            raise DomainError(_l('Your role does not take complaints.'))
        if channel not in dict(COMPLAINT_CHANNELS):
            raise DomainError(_l('Choose how the complaint came.'))
        complainant = (complainant or '').strip()
        content, contact = (content or '').strip(), (contact or '').strip()
        if not complainant:
            raise DomainError(_l('Record who complains.'))
        if not content:
            raise DomainError(_l('Record what the complaint says.'))
        if case is None and agent is None:
            raise DomainError(_l('Link the complaint to a case, an agent or '
                                 'both.'))
        if case is not None and case.hall_id != hall.id:
            raise DomainError(_l('The case is not one of this hall.'))
        if agent is not None and agent.hall_id != hall.id:
            raise DomainError(_l('The agent is not one of this hall.'))
        if agent is None and case is not None:
            agent = case.agent
        if contact:
            contact = validators.phone(contact)  # a DomainError if wrong
        at = now()
        values = dict(hall=hall, channel=channel, case=case, agent=agent,
                      complainant=complainant, contact=contact,
                      content=content, received_at=at, taken_by=user,
                      due_date=hall.add_working_days(
                          at.date(), CitySettings.of(
                              Hall.city_of(hall.id)).complaint_days))
        cls.check_values(values)
        with write_transaction():
            made = cls.create(**values)
            AuditLog.record(user, 'create', 'Complaint', made.id, after={
                'channel': channel, 'case': case.number if case else None,
                'agent': agent.name if agent else None}, hall=hall.id)
        return made

    def answer_with(self, user, verdict, answer):
        """The answer given, once: whether the complaint was upheld and
        what the complainant was told."""
        if user is None or not user.may('handle_complaints'):
            raise DomainError(_l('Your role does not answer complaints.'))
        if verdict not in dict(COMPLAINT_VERDICTS):
            raise DomainError(_l('Choose whether the complaint is upheld.'))
        answer = (answer or '').strip()
        if not answer:
            raise DomainError(_l('Record the answer given.'))
        values = dict(verdict=verdict, answer=answer, answered_by=user,
                      answered_at=now())
        Complaint.check_values(values)
        with write_transaction():
            done = (Complaint.update(**values)
                    .where(Complaint.id == self.id,
                           Complaint.answered_at.is_null())
                    .execute())
            if not done:
                raise DomainError(_l('This complaint was already answered.'))
            AuditLog.record(user, 'update', 'Complaint', self.id,
                            before={'answered': False},
                            after={'verdict': verdict, 'answer': answer},
                            hall=self.hall_id)
        reload_record(self)

    @classmethod
    def counts(cls, hall_ids, first, day):
        """(received since `first`, open, open past the deadline on `day`)
        of the halls: one query."""
        open_ = cls.answered_at.is_null()
        row = (cls.select(
                   fn.SUM((cls.received_at >= datetime.datetime.combine(
                       first, datetime.time.min)).cast('integer')),
                   fn.SUM(open_.cast('integer')),
                   fn.SUM((open_ & (cls.due_date < day)).cast('integer')))
               .where(cls.hall.in_(list(hall_ids)))
               .tuples().get())
        return tuple(int(n or 0) for n in row)


# 考核 of the months that are over, summed once (reports.sum_appraisal_month).
APPRAISAL_SUMMED = ('handled', 'due', 'on_time', 'rated', 'satisfied', 'bad',
                    'bad_called_back', 'bad_closed', 'bad_on_time',
                    'complaints', 'complaints_upheld', 'received')


class AppraisalMonth(BaseModel):
    """A month whose appraisal is summed in AgentMonth: what a closed
    month or a year reads instead of the cases. A month is over when it is
    summed, so its figures (as they stood at its end) no longer change,
    save by a paper ledger brought in afterwards (`reopen`)."""
    month = DateField(unique=True)  # its first day
    summed_at = DateTimeField(default=now)

    class Meta:
        table_name = 'appraisal_month'

    @staticmethod
    def take_turns():
        """In a write transaction: summing a month and reopening one wait
        for each other, so that a ledger brought in while a month is being
        summed either is in the sums or reopens them (SQLite's one writer
        does this already; on PostgreSQL a lock on the table until the
        transaction ends)."""
        if not isinstance(db.obj, SqliteDatabase):
            db.execute_sql('LOCK TABLE appraisal_month '
                           'IN SHARE ROW EXCLUSIVE MODE')

    @classmethod
    def reopen(cls, *moments):
        """Forget the sums of the months of `moments` (dates or times; None
        is skipped): they are read from the records again until the
        scheduled job sums them anew."""
        months = {moment.replace(day=1) if isinstance(moment, datetime.date)
                  and not isinstance(moment, datetime.datetime)
                  else moment.date().replace(day=1)
                  for moment in moments if moment is not None}
        if months:
            with write_transaction():
                cls.take_turns()
                AgentMonth.delete().where(AgentMonth.month.in_(months)).execute()
                cls.delete().where(cls.month.in_(months)).execute()


class AgentMonth(BaseModel):
    """One agent's appraisal figures (APPRAISAL_SUMMED) in one hall over a
    month that is over, as they stood at its end: written with its
    AppraisalMonth by the scheduled job, never by hand. The row without an
    agent holds the hall's cases that had none (the dashboard's trend
    counts them; the appraisal does not); `received` is the cases
    registered in the month (the trend), the others are of the cases
    closed in it."""
    month = DateField()
    hall = ForeignKeyField(Hall, on_delete='CASCADE', index=False)
    agent = ForeignKeyField(Agent, null=True, on_delete='CASCADE')
    handled = IntegerField(default=0)
    due = IntegerField(default=0)
    on_time = IntegerField(default=0)
    rated = IntegerField(default=0)
    satisfied = IntegerField(default=0)
    bad = IntegerField(default=0)
    bad_called_back = IntegerField(default=0)
    bad_closed = IntegerField(default=0)
    bad_on_time = IntegerField(default=0)
    complaints = IntegerField(default=0)
    complaints_upheld = IntegerField(default=0)
    received = IntegerField(default=0)

    class Meta:
        table_name = 'agent_month'
        # A year of a city: the months' rows of its halls, from the index.
        indexes = ((('month', 'hall', 'agent'), True),)


# --- Queue -------------------------------------------------------------------

class Ticket(BaseModel):
    """A queue number (A001) for one window, issued per hall, day and prefix."""
    hall = ForeignKeyField(Hall, backref='tickets', on_delete='CASCADE')
    day = DateField(index=True)
    prefix = CharField(max_length=2)
    number = IntegerField()
    case = ForeignKeyField(Case, null=True, backref='tickets',
                           on_delete='SET NULL')
    window = ForeignKeyField(Window, backref='tickets', on_delete='CASCADE')
    priority = IntegerField(default=PRIORITY_NORMAL)
    kind = CharField(max_length=12, choices=TICKET_KINDS, default='walk_in')
    status = CharField(max_length=12, choices=TICKET_STATUSES,
                       default='waiting', index=True)
    recalls = IntegerField(default=0)
    issued_at = DateTimeField(default=now)
    called_at = DateTimeField(null=True)
    served_at = DateTimeField(null=True)
    done_at = DateTimeField(null=True)
    called_by = ForeignKeyField(User, null=True, on_delete='RESTRICT')

    MAX_RECALLS = 3

    class Meta:
        indexes = ((('hall', 'day', 'prefix', 'number'), True),
                   (('hall', 'day', 'status', 'window'), False))

    def __str__(self):
        return self.label

    @property
    def label(self):
        return '%s%03d' % (self.prefix, self.number)

    @property
    def status_label(self):
        return label(TICKET_STATUSES, self.status)

    @property
    def kind_label(self):
        return label(TICKET_KINDS, self.kind)

    @classmethod
    def issue(cls, window, case=None, priority=PRIORITY_NORMAL, day=None,
              kind='walk_in'):
        """A new ticket for the window: numbers per hall, day and prefix."""
        day = day or today()
        number = Counter.next('ticket:%d:%s:%s' % (
            window.hall_id, day.isoformat(), window.prefix))
        with db.atomic():
            ticket = cls.create(hall=window.hall_id, day=day,
                                prefix=window.prefix, number=number, case=case,
                                window=window, priority=priority, kind=kind)
            OutboxMessage.for_ticket_event(ticket, 'issue', None)
        return ticket

    @classmethod
    def issue_in(cls, hall, window=None, item=None):
        """A walk-in ticket of the hall, at the window named or at the
        window that serves the item now (Hall.window_for, as when the kiosk
        queues a case): numbered as every other ticket (Ticket.issue)."""
        if (window is None) == (item is None):
            raise DomainError(_l('Choose a window or an item.'))
        if window is not None:
            if window.hall_id != hall.id:
                raise DomainError(_l('This window is not one of this hall.'))
            if not window.staffed():
                raise DomainError(_l('This window is closed now.'))
        else:
            if not (item.is_active and hall.offers(item)):
                raise DomainError(_l('This hall does not handle this item.'))
            window = hall.window_for(item=item)
            if window is None:
                raise DomainError(_l('No window of this hall is open for this '
                                     'item now. Please ask the hall staff.'))
        return cls.issue(window)

    @classmethod
    def queue(cls, window, day=None):
        """Waiting tickets in calling order: priority first, then arrival."""
        return (cls.select()
                .where(cls.window == window, cls.status == 'waiting',
                       cls.day == (day or today()))
                .order_by(cls.priority.desc(), cls.issued_at, cls.id))

    @classmethod
    def open_at(cls, window, user=None, day=None):
        """Tickets called or being served at the window (by the user)."""
        query = (cls.select()
                 .where(cls.window == window, cls.day == (day or today()),
                        cls.status.in_(('called', 'serving')))
                 .order_by(cls.called_at, cls.id))
        if user is not None:
            query = query.where(cls.called_by == user)
        return query

    @classmethod
    def call_next(cls, window, user=None):
        """Call the next waiting ticket; two agents never get the same one.

        Whoever still has a ticket open at the window closes it first (serve
        and finish, no-show or transfer): an applicant called is never left.
        Desk actions at one window run one at a time (the desk's lock), so
        the check and the call cannot interleave.
        """
        pending = cls.open_at(window, user).first() if user else None
        if pending is not None:
            raise DomainError(_l(
                'Ticket %(t)s is still open: serve and finish it, mark a '
                'no-show or transfer it first. Nothing was called.',
                t=pending.label))
        for _ in range(5):
            ticket = cls.queue(window).first()
            if ticket is None:
                return None
            with db.atomic():
                claimed = (cls.update(status='called', called_at=now(),
                                      called_by=user)
                           .where(cls.id == ticket.id, cls.status == 'waiting')
                           .execute())
                if claimed:
                    event = TicketEvent.create(ticket=ticket, action='call',
                                               user=user, window=window)
                    ticket = cls.get_by_id(ticket.id)
                    OutboxMessage.for_ticket_event(ticket, 'call', event.id)
                    ticket.tell_coming_up()
                    return ticket
        return None

    def tell_coming_up(self):
        """After a call: the applicant now SMS_AHEAD places from the
        window's call is told their number is coming up (once a ticket)."""
        ahead = _config('SMS_AHEAD', 3)
        if ahead < 1:
            return
        soon = Ticket.queue(self.window_id, self.day).offset(ahead).first()
        if soon is not None and soon.case_id is not None:
            OutboxMessage.for_ticket_event(soon, 'soon', None, ahead=ahead)

    def _move(self, allowed, status, action, user=None, note='', **changes):
        with db.atomic():
            rows = (Ticket.update(status=status, **changes)
                    .where(Ticket.id == self.id, Ticket.status.in_(allowed))
                    .execute())
            if rows != 1:
                raise DomainError(_l('Ticket %(t)s cannot be %(action)s now.',
                                     t=self.label,
                                     action=TICKET_ACTIONS[action]))
            event = TicketEvent.create(ticket=self, action=action, user=user,
                                       window=self.window_id, note=note)
            for field, value in dict(changes, status=status).items():
                setattr(self, field, value)
            OutboxMessage.for_ticket_event(self, action, event.id)
        return self

    def recall(self, user=None):
        """Call the same ticket again."""
        return self._move(('called',), 'called', 'recall', user,
                          recalls=self.recalls + 1, called_at=now())

    def no_show(self, user=None):
        if self.recalls < self.MAX_RECALLS:
            raise DomainError(_l('Recall %(n)d times before marking a no-show.',
                                 n=self.MAX_RECALLS))
        return self._move(('called',), 'no_show', 'no_show', user,
                          done_at=now())

    def serve(self, user=None):
        return self._move(('called',), 'serving', 'serve', user,
                          served_at=now())

    def finish(self, user=None):
        return self._move(('serving',), 'done', 'finish', user, done_at=now())

    def transfer(self, window, reason, user=None):
        """Send the applicant to another window of the same hall with a reason."""
        if window.hall_id != self.hall_id or window.id == self.window_id:
            raise DomainError(_l('Choose another window of this hall.'))
        if not (reason or '').strip():
            raise DomainError(_l('Give the reason for the transfer.'))
        with db.atomic():
            self._move(('waiting', 'called', 'serving'), 'transferred',
                       'transfer', user, note=reason, done_at=now())
            return Ticket.issue(window, case=self.case_id, kind='transfer',
                                priority=max(self.priority, PRIORITY_APPOINTMENT))

    # Left open when the hall closes: nobody will call or serve them today.
    # A ticket being served is the agent's to finish, so it stays.
    DAY_CLOSE_STATUSES = ('waiting', 'called')

    @classmethod
    def close_day(cls, hall, day):
        """Close the hall's tickets of `day` still waiting or called, each
        with a recorded event saying which it was (the reason, rendered by
        `day_close_reason`); nothing is deleted. Returns how many were
        closed: none the second time."""
        closed = 0
        with write_transaction():
            for status in cls.DAY_CLOSE_STATUSES:
                cursor = (cls.update(status='closed', done_at=now())
                          .where(cls.hall == hall, cls.day == day,
                                 cls.status == status)
                          .returning(cls.id, cls.window)
                          .execute())
                rows = [(ticket.id, ticket.window_id) for ticket in cursor]
                TicketEvent.record_many(
                    [dict(ticket=ticket, window=window, action='day_close',
                          note=status, at=now())
                     for ticket, window in rows])
                closed += len(rows)
        return closed

    @classmethod
    def left_open(cls, before):
        """(hall id, day) of every day with tickets still waiting or called,
        for days before `before` (a date), in one grouped query."""
        return list(cls.select(cls.hall, cls.day)
                    .where(cls.day < before,
                           cls.status.in_(cls.DAY_CLOSE_STATUSES))
                    .group_by(cls.hall, cls.day)
                    .order_by(cls.day, cls.hall)
                    .tuples())

    def position(self):
        """How many tickets are before this one in its window's queue."""
        ahead = 0
        for ticket in Ticket.queue(self.window, self.day):
            if ticket.id == self.id:
                return ahead
            ahead += 1
        return None

    def estimated_wait_minutes(self):
        position = self.position()
        if position is None:
            return None
        return (position + 1) * self.window.minutes_per_ticket


# A case has at most one ticket in the queue or at a window: a second one
# for the same case is refused by the database, whatever the caller checked.
OPEN_TICKET_STATUSES = ('waiting', 'called', 'serving')
Ticket.add_index(Ticket.index(
    Ticket.case, unique=True, name='ticket_one_open_per_case',
    where=(Ticket.case.is_null(False)
           & Ticket.status.in_(OPEN_TICKET_STATUSES))))


TICKET_ACTIONS = {
    'call': _l('called'),
    'recall': _l('recalled'),
    'no_show': _l('marked no-show'),
    'serve': _l('served'),
    'finish': _l('finished'),
    'transfer': _l('transferred'),
    'day_close': _l('closed at day end'),
}

# Why a ticket was closed at day end: the status it was left in.
DAY_CLOSE_REASONS = {
    'waiting': _l('The hall closed before the ticket was called.'),
    'called': _l('The hall closed before the applicant was served.'),
}


def day_close_reason(event):
    """The reason a day-close event records, in the reader's language."""
    return DAY_CLOSE_REASONS.get(event.note, event.note)


class TicketEvent(AppendOnly):
    ticket = ForeignKeyField(Ticket, backref='events', on_delete='CASCADE')
    at = DateTimeField(default=now, index=True)
    action = CharField(max_length=12)
    window = ForeignKeyField(Window, null=True, on_delete='SET NULL')
    user = ForeignKeyField(User, null=True, on_delete='RESTRICT')
    note = CharField(max_length=200, default='')

    @classmethod
    def record_many(cls, rows):
        """Write events together (the day close's) with the webhook posts
        they cause (OutboxMessage.for_ticket_events), as
        CaseEvent.record_many."""
        return _record_many(cls, rows, OutboxMessage.for_ticket_events)


# --- Appointments --------------------------------------------------------------

class SlotCapacity(BaseModel):
    """How many appointments a window takes per weekday half-day."""
    window = ForeignKeyField(Window, backref='slot_capacities',
                             on_delete='CASCADE')
    weekday = IntegerField(constraints=[Check('weekday BETWEEN 0 AND 6')])
    half_day = CharField(max_length=2, choices=HALF_DAYS)
    capacity = IntegerField(constraints=[Check('capacity >= 0')])

    class Meta:
        indexes = ((('window', 'weekday', 'half_day'), True),)


class BookingLimitReached(DomainError):
    """One answer for every booking limit, whichever refused: the refusal
    says nothing about the ID number, the phone or the other bookings."""

    def __init__(self):
        super().__init__(_l('A booking limit is reached: each identity '
                            'document, phone number and device can hold only '
                            'a few appointments a day. Choose another day, or '
                            'come without an appointment.'))


# Appointments one booker may hold; app config BOOKING_LIMITS overrides them.
# How far ahead an appointment may be booked, in days.
BOOKING_DAYS = 14
BOOKING_LIMITS = dict(
    per_id=1,      # per identity document, hall and day
    per_phone=3,   # per phone number and day, all halls (a family's phone)
    per_client=3,  # per client address and day, all halls
)

# The key of identity_digest: set from the app's SECRET_KEY at start-up.
_IDENTITY_KEY = None


def set_identity_key(secret):
    """Key the digests of ID numbers, phones and addresses (SECRET_KEY)."""
    global _IDENTITY_KEY
    _IDENTITY_KEY = (secret if isinstance(secret, bytes)
                     else str(secret).encode())


def identity_digest(text):
    """A keyed digest of personal data kept only for lookups (ID numbers,
    phones, addresses): without the key, the few billion possible ID
    numbers cannot be tried against it."""
    if _IDENTITY_KEY is None:
        raise RuntimeError('models.set_identity_key was not called')
    return hmac.new(_IDENTITY_KEY, text.encode(), hashlib.sha256).hexdigest()


def document_digest(document):
    """The keyed digest of a validated identity document."""
    return identity_digest('document:%s:%s:%s' % (
        document.type, document.nationality, document.number))


class Appointment(BaseModel):
    """预约: a slot for an item at a hall; its code is scanned at the kiosk.

    It holds what the booker typed, never an applicant's file: the name, the
    document's type, a keyed digest of its number (with a masked form to
    show) and the phone. The file is linked only at the kiosk, once the
    helper has checked the applicant's document against the booking."""
    hall = ForeignKeyField(Hall, backref='appointments', on_delete='CASCADE')
    item = ForeignKeyField(Item, backref='appointments', on_delete='RESTRICT')
    window = ForeignKeyField(Window, backref='appointments',
                             on_delete='RESTRICT')
    day = DateField(index=True)
    half_day = CharField(max_length=2, choices=HALF_DAYS)
    # Set at the kiosk when the document matched (Appointment.confirm).
    applicant = ForeignKeyField(Applicant, backref='appointments', null=True,
                                on_delete='RESTRICT')
    name = CharField(max_length=60, default='')
    id_type = CharField(max_length=20, choices=ID_TYPES, default='resident_id')
    nationality = CharField(max_length=3, default='')
    id_digest = CharField(max_length=64, default='', index=True)
    id_masked = CharField(max_length=24, default='')
    phone = CharField(max_length=30, default='')
    client_digest = CharField(max_length=64, default='')
    code_hash = CharField(max_length=64, unique=True)
    status = CharField(max_length=12, choices=APPOINTMENT_STATUSES,
                       default='booked')
    created_at = DateTimeField(default=now)
    checked_in_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)

    @classmethod
    def by_code(cls, code):
        return cls.get_or_none(cls.code_hash == digest(code)) if code else None

    @property
    def is_expired(self):
        return self.day < today()

    @property
    def masked_name(self):
        return validators.mask_name(self.name)

    @property
    def masked_phone(self):
        return validators.mask_phone(self.phone) if self.phone else ''

    @property
    def id_type_label(self):
        return label(ID_TYPES, self.id_type)

    @staticmethod
    def capacity(window, day, half_day):
        """Places a window offers on that half-day (0 on days off)."""
        if not window.hall.is_workday(day):
            return 0
        row = SlotCapacity.get_or_none(window=window, weekday=day.weekday(),
                                       half_day=half_day)
        return row.capacity if row else 0

    @classmethod
    def booked(cls, window, day, half_day):
        return (cls.select()
                .where(cls.window == window, cls.day == day,
                       cls.half_day == half_day, cls.status != 'cancelled')
                .count())

    @staticmethod
    def booker(name, id_type, id_number, phone, nationality=''):
        """What a booker typed, validated: (name, document, phone). Nothing
        is looked up: the answer depends on the input alone."""
        if id_type not in validators.PERSON_DOCUMENTS:
            raise validators.ValidationError(_l(
                'Choose the type of identity document from the list.'))
        document = validators.document(id_type, id_number, nationality)
        phone = validators.mobile(phone)
        name = (name or '').strip()
        if not name:
            raise DomainError(_l('Please enter the applicant\'s name.'))
        # The typed name becomes the applicant's file at the kiosk: the
        # file's own rule for a name applies.
        check_value(Applicant.name, name)
        return name, document, phone

    def _quotas(self, limits):
        """The (key, day, limit) of every limit this booking counts against."""
        limits = dict(BOOKING_LIMITS, **(limits or {}))
        quotas = [('book-id:%s:%d' % (self.id_digest, self.hall_id),
                   limits['per_id']),
                  ('book-phone:%s' % identity_digest('phone:' + self.phone),
                   limits['per_phone'])]
        if self.client_digest:
            quotas.append(('book-client:%s' % self.client_digest,
                           limits['per_client']))
        start = (self.day - datetime.date(1970, 1, 1)).days * 86400
        return [(key, start, limit) for key, limit in quotas]

    @classmethod
    def book(cls, window, item, day, half_day, booker, client=None,
             limits=None):
        """Book a place for `booker` (see `booker`) from the `client`
        address (None: no limit per address) at the window (None: the
        hall has none for the item); returns (appointment, code). Never
        beyond capacity nor beyond a limit (BOOKING_LIMITS), however many
        book at once; only the hall's working days up to BOOKING_DAYS
        ahead."""
        if day <= today():
            raise DomainError(_l('Appointments can be made from tomorrow on.'))
        if day > today() + datetime.timedelta(days=BOOKING_DAYS):
            raise DomainError(_l('You can book at most %(n)d days ahead.',
                                 n=BOOKING_DAYS))
        if window is not None and not window.hall.is_workday(day):
            raise DomainError(_l('The hall is closed on that day.'))
        if half_day not in dict(HALF_DAYS):
            raise DomainError(_l('Choose morning or afternoon.'))
        if window is None or not window.serves(item):
            raise DomainError(_l('This window does not handle this item.'))
        if not item.is_active or not window.hall.offers(item):
            raise DomainError(_l('This hall does not handle this item.'))
        name, document, phone = booker
        refusal = item.eligibility_refusal(document.type, document.number, on=day,
                                           to_applicant=True)
        if refusal is not None:
            raise DomainError(refusal)
        code = new_code('Y')
        appointment = cls(
            hall=window.hall_id, item=item, window=window, day=day,
            half_day=half_day, name=name, id_type=document.type,
            nationality=document.nationality,
            id_digest=document_digest(document),
            id_masked=validators.mask_id(document.number, document.type),
            phone=phone, code_hash=digest(code),
            client_digest=identity_digest('client:' + client) if client else '')
        with write_transaction():
            # Lock the slot's capacity row so concurrent bookings queue up
            # (SQLite has no row locks: its IMMEDIATE transaction serialises).
            if db.obj.for_update:
                (SlotCapacity.select()
                 .where(SlotCapacity.window == window,
                        SlotCapacity.weekday == day.weekday(),
                        SlotCapacity.half_day == half_day)
                 .for_update()
                 .execute())
            if cls.booked(window, day, half_day) >= cls.capacity(
                    window, day, half_day):
                raise DomainError(_l('This time is fully booked; please choose another.'))
            # Each limit is a conditional increment: the database refuses the
            # one over the limit; a refusal rolls back the others.
            for key, start, limit in appointment._quotas(limits):
                if not RateHit.take(key, start, limit):
                    raise BookingLimitReached()
            appointment.save(force_insert=True)
        return appointment, code

    def matches(self, document):
        """Whether a validated document is the one this booking was made with."""
        if not self.id_digest:  # booked before bookings kept their own data
            return self.applicant_id is not None and Applicant.find(
                document) == self.applicant
        return (self.id_type == document.type and hmac.compare_digest(
            self.id_digest, document_digest(document)))

    def confirm(self, applicant):
        """The kiosk checked the applicant's document against the booking:
        link the applicant's file. Refused for any other document."""
        document = validators.Document(applicant.id_type, applicant.id_number,
                                       applicant.nationality)
        if not self.matches(document):
            raise DomainError(_l('This identity document is not the one the '
                                 'appointment was booked with.'))
        rows = (Appointment.update(applicant=applicant)
                .where(Appointment.id == self.id,
                       Appointment.status == 'booked',
                       (Appointment.applicant.is_null()) |
                       (Appointment.applicant == applicant))
                .execute())
        if rows != 1:
            raise DomainError(_l('This appointment was already used.'))
        self.applicant = applicant

    def name_differs(self, name):
        """Whether the booked name is not the name on the document."""
        def plain(text):
            return re.sub(r'\s+', '', text or '')
        return bool(self.name) and plain(self.name) != plain(name)

    def cancel(self):
        """Cancel by its code, before the day; the place is free again."""
        if self.status != 'booked':
            raise DomainError(_l('Only a booked appointment can be cancelled.'))
        if self.is_expired:
            raise DomainError(_l('This appointment has expired.'))
        with write_transaction():
            rows = (Appointment.update(status='cancelled', cancelled_at=now())
                    .where(Appointment.id == self.id,
                           Appointment.status == 'booked')
                    .execute())
            if rows != 1:
                raise DomainError(_l('Only a booked appointment can be '
                                     'cancelled.'))
            if self.id_digest:  # the place counts against no limit now
                for key, start, _limit in self._quotas(None):
                    RateHit.give_back(key, start)
        self.status = 'cancelled'

    def ensure_usable(self, hall=None, today=None):
        """Refuse an appointment that is not booked for today (at this hall)."""
        today = today or now().date()
        if hall is not None and self.hall_id != hall.id:
            raise DomainError(_l('This appointment is at %(hall)s.',
                                 hall=self.hall.name))
        if self.status != 'booked':
            raise DomainError(_l('This appointment is %(status)s.',
                                 status=label(APPOINTMENT_STATUSES, self.status)))
        if self.day != today:
            raise DomainError(_l('This appointment is for %(day)s, not today.',
                                 day=self.day.isoformat()))

    def check_in(self, today=None):
        """Arrival at the hall on the booked day: a priority ticket."""
        self.ensure_usable(today=today)
        with db.atomic():
            rows = (Appointment.update(status='checked_in',
                                       checked_in_at=now())
                    .where(Appointment.id == self.id,
                           Appointment.status == 'booked')
                    .execute())
            if rows != 1:
                raise DomainError(_l('This appointment was already used.'))
            self.status = 'checked_in'
            return Ticket.issue(self.window, priority=PRIORITY_APPOINTMENT,
                                kind='appointment')


# --- Audit -----------------------------------------------------------------

AUDIT_RESULTS = (('success', _l('Done')), ('refused', _l('Denied')))
# Sign-in attempts that failed are refusals by nature.
REFUSED_ACTIONS = ('login_failed', 'kiosk_signin_fail')
# The Cybersecurity Law (Art. 21) keeps network logs at least six months.
MIN_RETENTION_DAYS = 183


def text_code(text):
    """A message as its untranslated text and values, to be said later in
    the reader's language (see `said`); plain text stays as it is."""
    if isinstance(text, LazyString):
        return {'msgid': text._args[0],
                'values': {name: text_code(value)
                           for name, value in (text._kwargs or {}).items()}}
    if isinstance(text, (int, float)):
        return text
    return str(text)


def said(code):
    """The message `text_code` kept, in the current language."""
    if isinstance(code, dict) and isinstance(code.get('msgid'), str):
        sentence = gettext(code['msgid']) if code['msgid'] else ''
        values = code.get('values')
        if not values or not isinstance(values, dict):
            return sentence
        try:
            return sentence % {name: said(value) for name, value in values.items()}
        except (KeyError, TypeError, ValueError):
            return sentence
    if isinstance(code, (dict, list)):
        return json.dumps(code, ensure_ascii=False)
    return '' if code is None else str(code)


class ActionKey(BaseModel):
    """The one-time key of a rendered form (see action_keys.py): the first
    request that sends it claims it and does the action; any other request
    with the same key gets that request's result instead of a second action.

    The claim is an INSERT that loses to an existing key, made inside the
    action's own transaction: a concurrent request waits on the row until the
    first one commits (PostgreSQL) or on the write lock (SQLite), then finds
    the result. Keys older than `max_age` are deleted by the next claim.
    """
    key = CharField(max_length=64, unique=True)
    action = CharField(max_length=200)  # the address the form was sent to
    user = ForeignKeyField(User, null=True, on_delete='CASCADE')
    kiosk = ForeignKeyField(Kiosk, null=True, on_delete='CASCADE')
    result = TextField(default='')  # JSON: where to go, and what to remember
    created_at = DateTimeField(default=now, index=True)

    @classmethod
    def claim(cls, key, action, user=None, kiosk=None,
              max_age=datetime.timedelta(hours=12)):
        """Claim a key inside the caller's transaction: None when this
        request is the first, else the earlier claim to answer with."""
        cls.delete().where(cls.created_at < now() - max_age).execute()
        for _ in range(2):
            inserted = list(cls.insert(key=key, action=action, user=user,
                                       kiosk=kiosk)
                            .on_conflict_ignore()
                            .returning(cls.id)
                            .execute())
            if inserted:
                return None
            earlier = cls.get_or_none(cls.key == key)
            if earlier is not None:
                return earlier
        raise DomainError(_l('The form could not be sent; please reload.'))

    def same_sender(self, action, user=None, kiosk=None):
        """Whether a repeat comes from the form and the person that claimed it."""
        return (self.action == action
                and self.user_id == (user.id if user else None)
                and self.kiosk_id == (kiosk.id if kiosk else None))

    @classmethod
    def settle(cls, key, result):
        """Keep the first request's result for the repeats."""
        cls.update(result=result).where(cls.key == key).execute()

    @classmethod
    def release(cls, key):
        """The action was refused or only showed a page: the key is free."""
        cls.delete().where(cls.key == key).execute()


class AuditLog(AppendOnly):
    """Who did what, when, with what result: the values before and after a
    change, or the reason an action was refused."""
    at = DateTimeField(default=now, index=True)
    user = ForeignKeyField(User, null=True, backref='audit', on_delete='RESTRICT')
    hall = ForeignKeyField(Hall, null=True, backref='audit', on_delete='SET NULL')
    action = CharField(max_length=20)
    model = CharField(max_length=40)
    record_id = CharField(max_length=40, default='')
    before = TextField(default='')
    after = TextField(default='')
    result = CharField(max_length=10, choices=AUDIT_RESULTS, default='success')
    reason = TextField(default='')

    @staticmethod
    def _dump(values):
        if values is None:
            return ''
        return json.dumps(values, ensure_ascii=False, default=str,
                          sort_keys=True)

    class Meta:
        # Snapshots of records as JSON: as long as the record, whose own
        # values were checked as they were written.
        text_max_length = None

    @classmethod
    def record(cls, user, action, model, record_id, before=None, after=None,
               hall=None):
        """One entry; a change that changed nothing is no entry (None)."""
        before, after = cls._dump(before), cls._dump(after)
        if action == 'update' and before and before == after:
            return None
        return cls.create(user=user, hall=hall, action=action, model=model,
                          record_id=str(record_id or ''), before=before,
                          after=after, result='refused'
                          if action in REFUSED_ACTIONS else 'success')

    @classmethod
    def refuse(cls, user, action, model, record_id, reason, hall=None):
        """An action refused, with the reason the user was given (kept
        untranslated, said in the reader's language)."""
        return cls.create(user=user, hall=hall, action=str(action)[:20],
                          model=str(model)[:40],
                          record_id=str(record_id or '')[:40],
                          result='refused', reason=json.dumps(
                              text_code(reason), ensure_ascii=False))

    @property
    def reason_text(self):
        return said(json.loads(self.reason)) if self.reason else ''

    def changes(self):
        """What changed: (field, before, after) for each field that did."""
        before = json.loads(self.before) if self.before else {}
        after = json.loads(self.after) if self.after else {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            return [('', before or None, after or None)]
        return [(name, before.get(name), after.get(name))
                for name in sorted(set(before) | set(after))
                if before.get(name) != after.get(name)]


class AlertSetting(BaseModel):
    """A hall's threshold for one alert rule (alerts.RULES): set by the
    managers of the hall; a rule without one uses the rule's default."""
    hall = ForeignKeyField(Hall, backref='alert_settings', on_delete='CASCADE')
    rule = CharField(max_length=40)
    threshold = IntegerField()
    changed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
    changed_at = DateTimeField(default=now)

    class Meta:
        indexes = ((('hall', 'rule'), True),)

    @classmethod
    def thresholds(cls, hall_ids):
        """{(hall id, rule): threshold} of the halls, in one query."""
        return {(hall_id, rule): threshold for hall_id, rule, threshold in
                cls.select(cls.hall, cls.rule, cls.threshold)
                .where(cls.hall.in_(list(hall_ids)))
                .tuples()}

    @classmethod
    def set(cls, hall_id, rule, value, low, high, user=None):
        """Set a hall's threshold for a rule, a whole number from `low` to
        `high`; audited. Returns the threshold; refuses anything else and
        changes nothing."""
        try:
            value = int(str(value).strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise DomainError(_l('The threshold is a whole number from '
                                 '%(low)d to %(high)d.', low=low, high=high))
        with write_transaction():
            found = cls.get_or_none(cls.hall == hall_id, cls.rule == rule)
            before = {'threshold': found.threshold} if found else None
            if found is None:
                found = cls(hall=hall_id, rule=rule)
            found.threshold, found.changed_by = value, user
            found.changed_at = now()
            found.save()
            AuditLog.record(user, 'update' if before else 'create',
                            'AlertSetting', found.id, before=before,
                            after={'rule': rule, 'threshold': value},
                            hall=hall_id)
        return value


class AlertAck(AppendOnly):
    """An alert acknowledged: which rule, hall and subject (a kiosk, a
    window, the hall's cases), for which period (the hall's day), by whom
    and when. An acknowledged alert stays listed, as acknowledged."""
    rule = CharField(max_length=40)
    hall = ForeignKeyField(Hall, backref='alert_acks', on_delete='RESTRICT')
    subject = CharField(max_length=60)
    period = CharField(max_length=20)
    user = ForeignKeyField(User, on_delete='RESTRICT')
    at = DateTimeField(default=now)

    class Meta:
        indexes = ((('hall', 'period', 'rule', 'subject'), True),)

    @classmethod
    def acknowledge(cls, rule, hall_id, subject, period, user):
        """Record the acknowledgement; the first one stands (the database
        refuses a second for the same alert and period). Whether this one
        was recorded."""
        with write_transaction():
            inserted = len(list(cls.insert(rule=rule, hall=hall_id,
                                           subject=subject, period=period,
                                           user=user, at=now())
                                .on_conflict_ignore()
                                .returning(cls.id)
                                .execute())) == 1
            if inserted:
                AuditLog.record(user, 'create', 'AlertAck', '%s/%s' % (
                    rule, subject), after={'period': period}, hall=hall_id)
        return inserted

    @classmethod
    def of(cls, hall_ids, period):
        """{(rule, hall id, subject): acknowledgement} of the halls for the
        period, with who acknowledged: one query."""
        return {(ack.rule, ack.hall_id, ack.subject): ack for ack in
                cls.select(cls, User)
                .join(User)
                .where(cls.hall.in_(list(hall_ids)), cls.period == period)}

    @classmethod
    def keys_of(cls, hall_ids, period):
        """The (rule, hall id, subject) acknowledged in the halls for the
        period, without who: one query (the menu's count)."""
        return set(cls.select(cls.rule, cls.hall, cls.subject)
                   .where(cls.hall.in_(list(hall_ids)), cls.period == period)
                   .tuples())


_refusable_depth = contextvars.ContextVar('bangban_refusable', default=0)


def refusable(method):
    """A domain action whose refusal is recorded in the audit log: who
    tried it on which case, and the reason they were given. Only the
    outermost refusable call records; the error is marked `audited`."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        depth = _refusable_depth.get()
        token = _refusable_depth.set(depth + 1)
        try:
            return method(self, *args, **kwargs)
        except DomainError as error:
            if depth == 0 and not getattr(error, 'audited', False):
                arguments = signature.bind_partial(self, *args, **kwargs).arguments
                case = arguments.get('case', self)
                if not isinstance(case, Case):
                    case = getattr(case, 'case', None)
                if isinstance(case, Case) and case.id is not None:
                    AuditLog.refuse(arguments.get('user'), method.__name__, 'Case',
                                    case.id, getattr(error, 'message', error),
                                    hall=case.hall_id)
                    # Inside a caller's transaction the entry may roll back:
                    # then the view records it (portal.audit.refused).
                    error.audited = not db.in_transaction()
            raise
        finally:
            _refusable_depth.reset(token)
    return wrapped


def archive_history(before, write, batch=500):
    """Move history older than `before` to its archive, the one way rows
    leave: audit entries, and the events of cases closed before then.
    Each batch is handed to `write(table, rows)` and removed in the same
    transaction, so a row is gone only once it is written. Returns the
    number of rows moved per table."""
    closed = (Case.select(Case.id)
              .where(Case.status.in_(FINAL_STATUSES), Case.closed_at < before))
    sources = ((AuditLog, AuditLog.at < before),
               (CaseEvent, (CaseEvent.at < before) & CaseEvent.case.in_(closed)))
    moved = {}
    token = _archiving.set(True)
    try:
        for model, old in sources:
            table = model._meta.table_name
            moved[table] = 0
            while True:
                with write_transaction():
                    rows = list(model.select().where(old)
                                .order_by(model.id).limit(batch).dicts())
                    if not rows:
                        break
                    write(table, rows)
                    model.delete().where(
                        model.id.in_([row['id'] for row in rows])).execute()
                moved[table] += len(rows)
    finally:
        _archiving.reset(token)
    return moved


# --- Scheduled jobs ------------------------------------------------------------

JOB_STATUSES = [
    ('running', _l('Running')),
    ('done', _l('Done')),
    ('failed', _l('Failed')),
]


class JobRun(BaseModel):
    """One run of a scheduled job (jobs.py) for one period: a day, a month,
    the moment halls closed. The row is the lock: the database keeps at most
    one run of a job going at once and one finished run of a job per period,
    on every host (the partial unique indexes below), so a second runner's
    claim is refused, not raced. A failed run stays, and the period may be
    run again."""
    job = CharField(max_length=40)
    period = CharField(max_length=60)
    host = CharField(max_length=100, default='')
    user = ForeignKeyField(User, null=True, on_delete='RESTRICT')  # run now
    status = CharField(max_length=10, choices=JOB_STATUSES, default='running')
    started_at = DateTimeField(default=now)
    finished_at = DateTimeField(null=True)
    # What the job did, as facts (counts per hall, files): JSON, told in
    # the reader's language by the job's own `describe` (jobs.py).
    result = TextField(default='')
    error = TextField(default='')

    class Meta:
        indexes = ((('job', 'started_at'), False),)

    # A run that has not finished after this long died with its host: its
    # claim is given up so that the job runs again.
    ABANDONED_AFTER = datetime.timedelta(hours=6)

    @property
    def status_label(self):
        return label(JOB_STATUSES, self.status)

    @property
    def facts(self):
        return json.loads(self.result) if self.result else {}

    @property
    def period_key(self):
        """The period the run did (a period run again by hand carries
        `#` and the moment, as its own claim: jobs.run_now)."""
        return self.period.partition('#')[0]

    @property
    def again(self):
        return '#' in self.period

    @classmethod
    def claim(cls, job, period, host='', user=None):
        """Start a run of `job` for `period`, or None when the job is running
        already (anywhere) or has done this period."""
        with write_transaction():
            # Runs abandoned by a host that died free the job again.
            (cls.update(status='failed', finished_at=now(),
                        error='abandoned: not finished after %s'
                        % cls.ABANDONED_AFTER)
             .where(cls.job == job, cls.status == 'running',
                    cls.started_at < now() - cls.ABANDONED_AFTER)
             .execute())
            try:
                with db.atomic():
                    return cls.create(job=job, period=period, host=host[:100],
                                      user=user)
            except IntegrityError:
                return None

    def finish(self, facts):
        """The run ended well; `facts` (a dict) is what it did."""
        return self._end('done', result=json.dumps(facts, sort_keys=True,
                                                   default=str))

    def fail(self, error):
        """The run ended with an error; its period may be run again."""
        return self._end('failed', error=str(error)[:TEXT_MAX_LENGTH])

    def _end(self, status, **values):
        values.update(status=status, finished_at=now())
        (JobRun.update(**values)
         .where(JobRun.id == self.id, JobRun.status == 'running')
         .execute())
        for name, value in values.items():
            setattr(self, name, value)
        return self

    @classmethod
    def done_periods(cls, job, periods):
        """Which of `periods` the job has done."""
        if not periods:
            return set()
        return {period for period, in cls.select(cls.period)
                .where(cls.job == job, cls.status == 'done',
                       cls.period.in_(list(periods)))
                .tuples()}

    @classmethod
    def latest(cls, jobs):
        """The newest run of each job named, by name (one query)."""
        newest = (cls.select(fn.MAX(cls.id))
                  .where(cls.job.in_(list(jobs)))
                  .group_by(cls.job))
        return {run.job: run for run in
                cls.select(cls, User.id, User.name).join(User, JOIN.LEFT_OUTER)
                .where(cls.id.in_(newest))}


JobRun.add_index(JobRun.index(
    JobRun.job, unique=True, name='job_run_one_running',
    where=(JobRun.status == 'running')))
JobRun.add_index(JobRun.index(
    JobRun.job, JobRun.period, unique=True, name='job_run_once_per_period',
    where=JobRun.status.in_(('running', 'done'))))


class MonthlyReport(BaseModel):
    """A unit's 附件8 for one month, as generated on the city's report day:
    the month's official copy. Made once; a second run keeps the first."""
    hall = ForeignKeyField(Hall, backref='monthly_reports', on_delete='RESTRICT')
    month = DateField()  # the month's first day
    workbook = BlobField()  # the .xlsx file's bytes
    generated_at = DateTimeField(default=now)
    run = ForeignKeyField(JobRun, null=True, on_delete='SET NULL')

    class Meta:
        indexes = ((('hall', 'month'), True),)

    @property
    def file_name(self):
        return 'annex8-%s-%s.xlsx' % (self.hall.code,
                                      self.month.strftime('%Y-%m'))

    @classmethod
    def keep(cls, hall, month, workbook, run=None):
        """Keep a unit's copy for the month unless one is kept already;
        whether this one was kept."""
        with write_transaction():
            cursor = (cls.insert(hall=hall, month=month, workbook=workbook,
                                 generated_at=now(), run=run)
                      .on_conflict_ignore()
                      .returning(cls.id)
                      .execute())
            return len(list(cursor)) == 1

    @classmethod
    def listed(cls, hall_ids, month):
        """The month's copies of the halls in scope, without their bytes."""
        return (cls.select(cls.id, cls.hall, cls.month, cls.generated_at,
                           fn.LENGTH(cls.workbook).alias('size'), Hall)
                .join(Hall)
                .where(cls.hall.in_(list(hall_ids)), cls.month == month)
                .order_by(Hall.code))

    @classmethod
    def months(cls, hall_ids):
        """The months with copies for the halls in scope, newest first."""
        return [month for month, in cls.select(cls.month).distinct()
                .where(cls.hall.in_(list(hall_ids)))
                .order_by(cls.month.desc()).tuples()]


API_ACCESS = [
    ('read', _l('Read only')),
    ('read_write', _l('Read and write')),
]


class ApiClient(BaseModel):
    """An integration (the provincial platform, the 12345 hotline's system)
    that calls /api/v1 with its own token: scoped to halls, read or read and
    write, with or without applicants' personal data. The token is shown
    once; only its hash is kept. `hall` is the hall whose managers look
    after the client; `halls` (ApiClientHall) are those it may read."""
    name = CharField(max_length=60)
    hall = ForeignKeyField(Hall, backref='api_clients', on_delete='RESTRICT')
    access = CharField(max_length=12, choices=API_ACCESS, default='read')
    personal_data = BooleanField(default=False)
    token_hash = CharField(max_length=64, unique=True)
    created_by = ForeignKeyField(User, backref='api_clients_issued',
                                 on_delete='RESTRICT')
    created_at = DateTimeField(default=now)
    revoked_by = ForeignKeyField(User, null=True, backref='api_clients_revoked',
                                 on_delete='RESTRICT')
    revoked_at = DateTimeField(null=True)
    # Where case and ticket events are posted (blank: nowhere), and the
    # key they are signed with: readable, since signing needs it; shown
    # once when made, never on a page or in the audit log after.
    webhook_url = CharField(max_length=300, default='')
    webhook_secret = CharField(max_length=64, default='')

    TOKEN_BYTES = 32
    SECRET_BYTES = 32

    def __str__(self):
        return self.name

    @property
    def access_label(self):
        return label(API_ACCESS, self.access)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def may(self, permission):
        """Whether an integration may do this (PERMISSIONS['integration'])."""
        if not any(permission in held for held in PERMISSIONS.values()):
            raise KeyError(permission)
        if permission in WRITE_PERMISSIONS and self.access != 'read_write':
            return False
        return permission in PERMISSIONS['integration']

    def hall_ids(self):
        """The halls this client may read, in one query."""
        return [hall_id for hall_id, in ApiClientHall
                .select(ApiClientHall.hall)
                .where(ApiClientHall.client == self.id)
                .order_by(ApiClientHall.hall)
                .tuples()]

    @staticmethod
    def issuable_halls(user):
        """The halls a user may give a client: a city administrator any hall
        of the city, a hall manager their own hall only."""
        if not (user.is_active and user.may('manage_hall')):
            return []
        if user.may('administer_city'):
            return Hall.city_hall_ids(user.city_id)
        return [user.hall_id]

    @classmethod
    def issue(cls, user, name, hall_ids, access='read', personal_data=False):
        """A new client and its token, shown this once; audited. Refuses an
        empty name, no hall, or a hall the user may not give."""
        name = ' '.join((name or '').split())
        if not name:
            raise FieldError(cls.name, _l('Give the client a name.'))
        allowed = set(cls.issuable_halls(user))
        try:
            wanted = sorted({int(h) for h in hall_ids or ()})
        except (TypeError, ValueError):
            wanted = None
        if not wanted:
            raise DomainError(_l('Choose at least one hall for the client.'))
        if not allowed.issuperset(wanted):
            raise DomainError(_l('You may give a client only the halls you '
                                 'manage.'))
        token = secrets.token_urlsafe(cls.TOKEN_BYTES)
        owner = user.hall_id if user.hall_id in wanted else wanted[0]
        with write_transaction():
            client = cls.create(name=name, hall=owner, access=access,
                                personal_data=bool(personal_data),
                                token_hash=digest(token), created_by=user,
                                created_at=now())
            ApiClientHall.insert_many(
                [{'client': client.id, 'hall': hall_id} for hall_id in wanted]
            ).execute()
            AuditLog.record(user, 'create', 'ApiClient', client.id, after={
                'name': name, 'halls': wanted, 'access': access,
                'personal_data': bool(personal_data)}, hall=owner)
        return client, token

    def revoke(self, user):
        """The token stops working at once; audited. Refuses a second
        revocation (the first one's who and when stay)."""
        at = now()
        with write_transaction():
            done = (ApiClient.update(revoked_at=at, revoked_by=user)
                    .where(ApiClient.id == self.id,
                           ApiClient.revoked_at.is_null())
                    .execute())
            if not done:
                raise DomainError(_l('This client was revoked already.'))
            AuditLog.record(user, 'revoke', 'ApiClient', self.id,
                            after={'revoked_at': at}, hall=self.hall_id)
        self.revoked_at, self.revoked_by = at, user

    @classmethod
    def by_token(cls, token):
        """The client a token belongs to, revoked or not, or None: one
        indexed lookup of the token's hash, whether it exists or not."""
        if not token or len(token) > 128:
            return None
        return cls.get_or_none(cls.token_hash == digest(token))

    def set_webhook(self, user, url, new_secret=False):
        """Set where events are posted (a blank URL stops them); audited
        without the secret. A new secret is made the first time and when
        asked; returns it (to be shown once), or None when it stays."""
        if self.is_revoked:
            raise DomainError(_l('This client was revoked: its webhook '
                                 'cannot be changed.'))
        url = (url or '').strip()
        if url:
            reason = webhook_url_refusal(url)
            if reason is not None:
                raise FieldError(ApiClient.webhook_url, reason)
        secret = None
        if url and (new_secret or not self.webhook_secret):
            secret = secrets.token_urlsafe(self.SECRET_BYTES)
        changes = {'webhook_url': url}
        if secret is not None:
            changes['webhook_secret'] = secret
        with write_transaction():
            before = {'webhook_url': self.webhook_url}
            ApiClient.update(**changes).where(ApiClient.id == self.id).execute()
            AuditLog.record(user, 'set_webhook', 'ApiClient', self.id,
                            before=before,
                            after={'webhook_url': url,
                                   'new_secret': secret is not None},
                            hall=self.hall_id)
        for name, value in changes.items():
            setattr(self, name, value)
        return secret


def webhook_url_refusal(url, hosts=None):
    """Why a webhook address cannot be used, or None: an http(s) address
    with a host, no user or password in it, no longer than its field, on
    a host the operator allowed (`hosts`, else WEBHOOK_HOSTS as set)."""
    from urllib.parse import urlsplit
    if len(url) > ApiClient.webhook_url.max_length or LINE_BREAKS.search(url):
        return _l('The webhook address is too long or holds a line break.')
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a malformed port raises here)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ('http', 'https')
            or not parts.hostname or parts.username or parts.password
            or any(c.isspace() for c in url)):
        return _l('Give the webhook address as http:// or https:// and a '
                  'host, without a user name or password in it.')
    if not webhook_host_allowed(parts.hostname, hosts):
        return _l('Webhooks may only go to the hosts the operator allowed '
                  '(the WEBHOOK_HOSTS setting): choose an address on one of '
                  'them.')
    return None


# Where webhooks may post (app config WEBHOOK_HOSTS): host names or IP
# addresses as they are, or "*.example.gov.cn" for every host under a
# domain. The default is this machine only: the demo and its tests'
# receiver. A server in service lists its integrations' hosts.
WEBHOOK_HOSTS = ('127.0.0.1', 'localhost', '::1')


def webhook_hosts():
    """The hosts webhooks may go to, as the app is set up."""
    return _config('WEBHOOK_HOSTS', WEBHOOK_HOSTS)


def check_webhook_hosts(hosts):
    """WEBHOOK_HOSTS as configured, checked: a mistake stops start-up."""
    if isinstance(hosts, str) or not all(
            isinstance(host, str) and host.strip() for host in hosts):
        raise ValueError('WEBHOOK_HOSTS is a list of host names, addresses '
                         'or "*.domain", e.g. ["hooks.example.gov.cn"], not %r'
                         % (hosts,))
    return [host.strip() for host in hosts]


def host_key(host):
    """A host as compared: lower case, no final dot, an IP address in its
    one written form."""
    host = (host or '').strip().lower().rstrip('.')
    try:
        return str(ipaddress.ip_address(host.strip('[]')))
    except ValueError:
        return host


def webhook_host_listed(host, hosts=None):
    """Whether the host is listed as it is (not through a "*.domain")."""
    hosts = webhook_hosts() if hosts is None else hosts
    return host_key(host) in {host_key(h) for h in hosts if not h.startswith('*.')}


def webhook_host_allowed(host, hosts=None):
    """Whether webhooks may go to this host: listed as it is, or a name
    under a listed "*.domain" (an IP address must be listed as it is)."""
    hosts = webhook_hosts() if hosts is None else hosts
    if webhook_host_listed(host, hosts):
        return True
    key = host_key(host)
    try:
        ipaddress.ip_address(key)
        return False
    except ValueError:
        pass
    return any(key.endswith('.' + host_key(h[2:]))
               for h in hosts if h.startswith('*.'))


LINE_BREAKS = re.compile(r'[\x00-\x1f\x7f]')


class ApiClientHall(BaseModel):
    """A hall an integration client may read."""
    client = ForeignKeyField(ApiClient, backref='scopes', on_delete='CASCADE')
    hall = ForeignKeyField(Hall, backref='api_scopes', on_delete='RESTRICT')

    class Meta:
        indexes = ((('client', 'hall'), True),)


# --- Notifications: the outbox -------------------------------------------------

# Texts to applicants by SMS: each kind, and the placeholders its text may
# use. The city edits its texts (CitySettings.sms_texts); these defaults
# are sent, in the hall's language, where it has not.
SMS_KINDS = [
    ('ticket_soon', _l('Your number is coming up')),
    ('ticket_called', _l('You are called')),
    ('result_ready', _l('Your result is ready')),
    ('result_mailed', _l('Your result was mailed')),
    ('rate_reminder', _l('Please rate the service')),
]
SMS_PLACEHOLDERS = {
    'ticket_soon': ('hall', 'ticket', 'window', 'ahead'),
    'ticket_called': ('hall', 'ticket', 'window'),
    'result_ready': ('hall', 'case', 'item'),
    'result_mailed': ('hall', 'case', 'item', 'courier', 'tracking'),
    'rate_reminder': ('hall', 'case', 'item', 'link'),
}
SMS_DEFAULTS = {
    'ticket_soon': _l('[{hall}] Your number {ticket} is coming up: {ahead} '
                      'ahead of you at {window}. Please come to the window.'),
    'ticket_called': _l('[{hall}] Number {ticket}, please go to {window} now.'),
    'result_ready': _l('[{hall}] The result of your case {case} ({item}) is '
                       'ready: please collect it with your receipt.'),
    'result_mailed': _l('[{hall}] The result of your case {case} ({item}) '
                        'was mailed by {courier}, tracking number {tracking}.'),
    'rate_reminder': _l('[{hall}] Your case {case} ({item}) is done. Please '
                        'rate our service: {link}'),
}
# Sent in place of a text with {link} while there is no link to give (the
# public address, PUBLIC_URL, is not set).
SMS_WITHOUT_LINK = {
    'rate_reminder': _l('[{hall}] Your case {case} ({item}) is done. Please '
                        'rate our service: scan the code on your receipt.'),
}
SMS_TEXT_MAX = 300

OUTBOX_CHANNELS = [('sms', _l('SMS')), ('webhook', _l('Webhook'))]
OUTBOX_STATUSES = [
    ('pending', _l('Waiting to be sent')),
    ('sending', _l('Sending')),
    ('delivered', _l('Delivered')),
    ('failed', _l('Given up')),
]
# Messages still to go: a later message of their stream waits for them.
OUTBOX_OPEN = ('pending', 'sending')


def sms_text_refusal(kind, text):
    """Why a city's text for an SMS kind cannot be used, or None: the
    placeholders are the kind's own, written {name}, nothing else in braces."""
    import string
    allowed = SMS_PLACEHOLDERS[kind]
    names = ', '.join('{%s}' % name for name in allowed)
    if len(text) > SMS_TEXT_MAX:
        return _l('The text "%(kind)s" is longer than %(n)d characters.',
                  kind=label(SMS_KINDS, kind), n=SMS_TEXT_MAX)
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return _l('The text "%(kind)s" has a brace that is not closed; write '
                  'placeholders as {name}: %(names)s.',
                  kind=label(SMS_KINDS, kind), names=names)
    for _literal, field, spec, conversion in fields:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            return _l('The text "%(kind)s" uses {%(field)s}, which it does not '
                      'have; it may use %(names)s.',
                      kind=label(SMS_KINDS, kind), field=field[:40],
                      names=names)
    return None


def sms_text(kind, values, city_texts):
    """The text of an SMS: the city's own for the kind, else the default,
    with the message's values put in (every placeholder has one)."""
    text = city_texts.get(kind)
    if not text or sms_text_refusal(kind, text) is not None:
        text = str(SMS_DEFAULTS[kind])
    if kind in SMS_WITHOUT_LINK and not values.get('link') and '{link}' in text:
        text = str(SMS_WITHOUT_LINK[kind])
    filled = {name: str(values.get(name, '')) for name in SMS_PLACEHOLDERS[kind]}
    return text.format_map(filled)


def _config(name, default):
    return current_app.config.get(name, default) if has_app_context() else default


class OutboxMessage(BaseModel):
    """A message to send (an SMS to an applicant, an event posted to an
    integration's webhook), written in the transaction of the event that
    causes it and kept until delivered or given up.

    Messages of one `stream` (an applicant's case or ticket, a client's
    case) go out in the order they were written: a message waits while an
    earlier one of its stream is still to go. Delivery is at least once;
    `key` is the idempotency key a receiver drops repeats by."""
    kind = CharField(max_length=40)
    channel = CharField(max_length=10, choices=OUTBOX_CHANNELS)
    # The phone an SMS goes to; for a webhook, the client (below).
    recipient = CharField(max_length=30, default='')
    client = ForeignKeyField(ApiClient, null=True, backref='deliveries',
                             on_delete='CASCADE', index=False)
    hall = ForeignKeyField(Hall, on_delete='CASCADE')
    case = ForeignKeyField(Case, null=True, on_delete='RESTRICT')
    ticket = ForeignKeyField(Ticket, null=True, on_delete='SET NULL')
    stream = CharField(max_length=60)
    payload = TextField(default='{}')
    key = CharField(max_length=120, unique=True)
    status = CharField(max_length=10, choices=OUTBOX_STATUSES,
                       default='pending')
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=now)
    claimed_by = CharField(max_length=60, default='')
    claimed_at = DateTimeField(null=True)
    last_error = CharField(max_length=300, default='')
    created_at = DateTimeField(default=now)
    delivered_at = DateTimeField(null=True)

    class Meta:
        table_name = 'outbox_message'
        indexes = (
            (('status', 'next_attempt_at'), False),  # the worker's due ones
            (('stream', 'id'), False),  # what goes before, in a stream
            (('client', 'id'), False),  # a client's delivery log
        )

    @property
    def status_label(self):
        return label(OUTBOX_STATUSES, self.status)

    @property
    def kind_label(self):
        if self.channel == 'sms':
            return label(SMS_KINDS, self.kind)
        return self.kind

    @property
    def values(self):
        return json.loads(self.payload or '{}')

    @property
    def masked_recipient(self):
        return validators.mask_phone(self.recipient) if self.recipient else ''

    # -- written with the event ---------------------------------------------

    @classmethod
    def add(cls, rows):
        """Write messages (dicts) in the caller's transaction; a message
        whose key was written before is left as it was (once per key)."""
        rows = [dict(row, payload=json.dumps(row['payload'], ensure_ascii=False,
                                             sort_keys=True, default=str),
                     created_at=now(), next_attempt_at=now())
                for row in rows]
        for start in range(0, len(rows), 200):  # SQLite's variable limit
            cls.insert_many(rows[start:start + 200]).on_conflict_ignore().execute()
        return len(rows)

    @staticmethod
    def webhook_clients(hall_id):
        """The ids of the live clients with a webhook that may read the hall:
        read once a transaction, however many events it appends."""
        cache = transaction_cache()
        key = ('webhook_clients', hall_id)
        if cache is not None and key in cache:
            return cache[key]
        clients = [client for client, in _WEBHOOK_CLIENTS(db, hall_id)]
        if cache is not None:
            cache[key] = clients
        return clients

    @staticmethod
    def webhook_clients_of(hall_ids):
        """{hall id: ids of the live clients with a webhook that may read
        it}, for many halls in one query."""
        found = collections.defaultdict(list)
        for hall_id, client in (ApiClientHall
                                .select(ApiClientHall.hall, ApiClient.id)
                                .join(ApiClient, on=(ApiClientHall.client
                                                     == ApiClient.id))
                                .where(ApiClientHall.hall.in_(list(hall_ids)),
                                       ApiClient.webhook_url != '',
                                       ApiClient.revoked_at.is_null())
                                .order_by(ApiClient.id)
                                .tuples()):
            found[hall_id].append(client)
        return found

    @staticmethod
    def _webhooks(clients, hall_id, event, key, subject, case=None,
                  ticket=None, at=None):
        body = {'event': event, 'id': key,
                'occurred_at': (at or now()).isoformat()}
        body.update(subject)
        return [dict(kind=event, channel='webhook', client=client,
                     hall=hall_id, case=case, ticket=ticket,
                     stream='webhook:%d:%s' % (
                         client, 'case:%d' % case if case else
                         'ticket:%d' % ticket),
                     key='%s:%d' % (key, client), payload=body)
                for client in clients]

    @classmethod
    def _case_posts(cls, clients, case, event, at=None):
        """The webhook posts of one case event."""
        return cls._webhooks(clients, case.hall_id, 'case.%s' % event.action,
                             'case-event:%d' % event.id, {
                                 'case': {'number': case.number,
                                          'status': event.to_status,
                                          'from_status': event.from_status,
                                          'item': case.item_name,
                                          'hall_id': case.hall_id}},
                             case=case.id, at=at)

    @classmethod
    def for_case_events(cls, events):
        """The webhook posts of case events written together
        (CaseEvent.record_many), to every client that one event would
        post to: a constant number of queries per 500 events. Nothing for
        a case brought in from a paper ledger (as for_case_event)."""
        case_ids = sorted({event.case_id for event in events})
        cases = {}
        for start in range(0, len(case_ids), 500):
            cases.update((case.id, case) for case in Case.select(
                Case.id, Case.hall, Case.number, Case.item_name,
                Case.is_imported).where(Case.id.in_(case_ids[start:start + 500])))
        cases = {case_id: case for case_id, case in cases.items()
                 if not case.is_imported}
        if not cases:
            return 0
        clients = cls.webhook_clients_of({c.hall_id for c in cases.values()})
        rows = []
        for event in events:
            case = cases.get(event.case_id)
            if case is not None and clients.get(case.hall_id):
                rows += cls._case_posts(clients[case.hall_id], case, event,
                                        at=event.at)
        return cls.add(rows)

    @classmethod
    def for_case_event(cls, case, event):
        """The messages a case event causes: its webhook posts, and the
        applicant's SMS when the result is ready or mailed. A case brought
        in from a paper ledger is history: nothing is sent for it."""
        if case.is_imported:
            return 0
        rows = cls._case_posts(cls.webhook_clients(case.hall_id), case, event)
        kind = {'mark_ready': 'result_ready',
                'mail': 'result_mailed'}.get(event.action)
        if kind is not None:
            rows += cls._case_sms(case, kind, 'sms:%s:%d' % (kind, case.id),
                                  courier=case.courier,
                                  tracking=case.tracking_number)
        return cls.add(rows)

    @staticmethod
    def _case_sms(case, kind, key, **values):
        """An SMS about a case to its applicant, if they left a phone."""
        phone, hall = (Case.select(Applicant.phone, Hall.name)
                       .join(Applicant, on=(Case.applicant == Applicant.id))
                       .switch(Case).join(Hall, on=(Case.hall == Hall.id))
                       .where(Case.id == case.id).tuples().get())
        if not phone:
            return []
        return [dict(kind=kind, channel='sms', recipient=phone,
                     hall=case.hall_id, case=case.id,
                     stream='sms:case:%d' % case.id, key=key,
                     payload=dict(values, hall=hall, case=case.number,
                                  item=case.item_name))]

    @classmethod
    def for_ticket_event(cls, ticket, action, event_id, ahead=None):
        """The messages a ticket event causes: webhook posts, and the SMS
        to an applicant with a phone when called or `ahead` places away."""
        rows = []
        if action != 'soon':
            key = ('ticket-event:%d' % event_id if event_id is not None
                   else 'ticket-%s:%d' % (action, ticket.id))
            rows += cls._ticket_posts(cls.webhook_clients(ticket.hall_id),
                                      ticket, action, key)
        kind = {'call': 'ticket_called', 'recall': 'ticket_called',
                'soon': 'ticket_soon'}.get(action)
        if kind is not None and ticket.case_id:
            found = (Ticket.select(Applicant.phone, Case.is_imported,
                                   Window.name, Hall.name)
                     .join(Case, on=(Ticket.case == Case.id))
                     .join(Applicant, on=(Case.applicant == Applicant.id))
                     .switch(Ticket).join(Window, on=(Ticket.window == Window.id))
                     .switch(Ticket).join(Hall, on=(Ticket.hall == Hall.id))
                     .where(Ticket.id == ticket.id).tuples().first())
            if found and found[0] and not found[1]:
                phone, _imported, window, hall = found
                # One "coming up" per ticket; each call (and recall) its own.
                key = ('sms:soon:%d' % ticket.id if kind == 'ticket_soon'
                       else 'sms:call:%d' % event_id)
                rows.append(dict(
                    kind=kind, channel='sms', recipient=phone,
                    hall=ticket.hall_id, ticket=ticket.id, case=ticket.case_id,
                    stream='sms:ticket:%d' % ticket.id, key=key,
                    payload=dict(hall=hall, ticket=ticket.label, window=window,
                                 ahead=ahead or 0)))
        return cls.add(rows)

    @classmethod
    def _ticket_posts(cls, clients, ticket, action, key, at=None):
        """The webhook posts of one ticket event."""
        return cls._webhooks(clients, ticket.hall_id, 'ticket.%s' % action,
                             key, {'ticket': {'label': ticket.label,
                                              'status': ticket.status,
                                              'day': ticket.day.isoformat(),
                                              'window_id': ticket.window_id,
                                              'hall_id': ticket.hall_id,
                                              'case_id': ticket.case_id}},
                             ticket=ticket.id, at=at)

    @classmethod
    def for_ticket_events(cls, events):
        """The webhook posts of ticket events written together
        (TicketEvent.record_many, the day close): a constant number of
        queries per 500 events."""
        ticket_ids = sorted({event.ticket_id for event in events})
        tickets = {}
        for start in range(0, len(ticket_ids), 500):
            tickets.update((ticket.id, ticket) for ticket in Ticket.select()
                           .where(Ticket.id.in_(ticket_ids[start:start + 500])))
        clients = cls.webhook_clients_of({t.hall_id for t in tickets.values()})
        rows = []
        for event in events:
            ticket = tickets[event.ticket_id]
            if clients.get(ticket.hall_id):
                rows += cls._ticket_posts(clients[ticket.hall_id], ticket,
                                          event.action,
                                          'ticket-event:%d' % event.id,
                                          at=event.at)
        return cls.add(rows)

    @classmethod
    def rate_reminders(cls, hall_ids=None, at=None, window_days=7):
        """The "please rate" SMS, once per case, to each applicant with a
        phone whose case was delivered REMINDER_DAYS ago and is unrated
        (Evaluation.reminders), in the halls or, by default, in every
        hall; cases delivered longer ago than `window_days` past that were
        reminded by earlier runs. One query finds the cases not reminded
        yet (their key unwritten), whatever the number of halls; they are
        written 200 at a time. Returns how many, by hall id."""
        at = at or now()
        since = at - datetime.timedelta(days=REMINDER_DAYS + window_days)
        key = Value('sms:rate_reminder:').concat(Case.id.cast('TEXT'))
        written = (OutboxMessage.select(SQL('1'))
                   .where(OutboxMessage.key == key))
        query = (Evaluation.reminders(hall_ids, at)
                 .select(Case.id, Case.hall, Case.number, Case.item_name,
                         Applicant.phone, Hall.name)
                 .join(Applicant, on=(Case.applicant == Applicant.id))
                 .switch(Case).join(Hall, on=(Case.hall == Hall.id))
                 .where(Case.closed_at > since, Applicant.phone != '',
                        ~fn.EXISTS(written)))
        rows = [dict(kind='rate_reminder', channel='sms', recipient=phone,
                     hall=hall, case=case, stream='sms:case:%d' % case,
                     key='sms:rate_reminder:%d' % case,
                     payload=dict(hall=hall_name, case=number, item=item))
                for case, hall, number, item, phone, hall_name in query.tuples()]
        with write_transaction():
            # The link in the text opens the case's progress page, where
            # the applicant rates: a code beside the receipt's own.
            codes = [dict(case=row['case'], issued_at=now(), code_hash=digest(
                Case.rating_link_code(row['case']))) for row in rows]
            for start in range(0, len(codes), 500):
                (ReceiptCode.insert_many(codes[start:start + 500])
                 .on_conflict_ignore().execute())
            cls.add(rows)
        return collections.Counter(row['hall'] for row in rows)

    # -- the worker's side -----------------------------------------------------

    @classmethod
    def _claimable(cls, at, lease_seconds):
        """Due and first of its stream: pending and its time come, or
        claimed by a worker that has not answered within the lease."""
        stale = at - datetime.timedelta(seconds=lease_seconds)
        earlier = OutboxMessage.alias('earlier')
        blocked = (earlier.select(SQL('1'))
                   .where(earlier.stream == cls.stream, earlier.id < cls.id,
                          earlier.status.in_(OUTBOX_OPEN)))
        return ((((cls.status == 'pending') & (cls.next_attempt_at <= at))
                 | ((cls.status == 'sending') & (cls.claimed_at <= stale)))
                & ~fn.EXISTS(blocked))

    @classmethod
    def claim(cls, worker, limit=50, at=None, lease_seconds=300):
        """Claim up to `limit` due messages for `worker`, oldest first; two
        workers never hold one message (a compare-and-set per message, as
        Ticket.call_next), and never two of one stream at once."""
        at = at or now()
        candidates = [m for m, in cls.select(cls.id)
                      .where(cls._claimable(at, lease_seconds))
                      .order_by(cls.id).limit(limit).tuples()]
        claimed = []
        for message_id in candidates:
            rows = (cls.update(status='sending', claimed_by=worker,
                               claimed_at=at, attempts=cls.attempts + 1)
                    .where(cls.id == message_id,
                           cls._claimable(at, lease_seconds))
                    .execute())
            if rows == 1:
                claimed.append(message_id)
        if not claimed:
            return []
        return list(cls.select().where(cls.id.in_(claimed),
                                       cls.claimed_by == worker)
                    .order_by(cls.id))

    def settle(self, error=None, at=None, max_attempts=8, retry_seconds=30,
               most_seconds=3600):
        """After a try: delivered, or tried again later (the wait doubling
        each time, up to `most_seconds`), or given up after `max_attempts`.
        Only the worker that holds the message settles it."""
        at = at or now()
        if error is None:
            changes = dict(status='delivered', delivered_at=at, last_error='')
        elif self.attempts >= max_attempts:
            changes = dict(status='failed', last_error=str(error)[:300])
        else:
            wait = min(most_seconds, retry_seconds * 2 ** (self.attempts - 1))
            changes = dict(status='pending', last_error=str(error)[:300],
                           next_attempt_at=at + datetime.timedelta(seconds=wait))
        rows = (OutboxMessage.update(**changes)
                .where(OutboxMessage.id == self.id,
                       OutboxMessage.status == 'sending',
                       OutboxMessage.claimed_by == self.claimed_by)
                .execute())
        if rows == 1:
            for name, value in changes.items():
                setattr(self, name, value)
        return rows == 1

    def resend(self, user):
        """Send a delivered or given-up message again, with a fresh count
        of attempts; audited. Its key stays: a receiver that has it drops it."""
        with write_transaction():
            rows = (OutboxMessage.update(status='pending', attempts=0,
                                         next_attempt_at=now(), last_error='',
                                         claimed_by='', claimed_at=None)
                    .where(OutboxMessage.id == self.id,
                           OutboxMessage.status.in_(('delivered', 'failed')))
                    .execute())
            if rows != 1:
                raise DomainError(_l('This message is still waiting to be '
                                     'sent.'))
            AuditLog.record(user, 'resend', 'OutboxMessage', self.id,
                            before={'status': self.status},
                            after={'status': 'pending'}, hall=self.hall_id)
        self.status, self.attempts = 'pending', 0
        return self

    @classmethod
    def of_client(cls, client_id):
        """A client's deliveries, newest first (index client, id)."""
        return (cls.select()
                .where(cls.client == client_id)
                .order_by(cls.id.desc()))
class MongolianPhrase(BaseModel):
    """A hall's own wording of one fixed Mongolian string (a msgid of the
    Mongolian catalogue), used on its screens instead of the catalogue's:
    a hall's translator corrects a string without waiting for a release.
    Each change is in the audit log."""
    hall = ForeignKeyField(Hall, backref='mongolian_phrases', on_delete='CASCADE')
    msgid = CharField(max_length=400)
    text = CharField(max_length=400)
    changed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
    changed_at = DateTimeField(default=now)

    class Meta:
        indexes = ((('hall', 'msgid'), True),)

    @classmethod
    def of(cls, hall_id):
        """{msgid: text} of a hall's own wordings, in one query."""
        return dict(cls.select(cls.msgid, cls.text)
                    .where(cls.hall == hall_id).tuples())

    PLACEHOLDER = re.compile(r'%\(\w+\)[sd]')

    @classmethod
    def checked(cls, msgid, text, known):
        """A hall's wording of a catalogue string, checked: one of the
        strings shown (`known`), in Mongolian script, with the msgid's
        placeholders. '' removes the hall's wording."""
        if msgid not in known:
            raise DomainError(_l('This string is not one of the Mongolian '
                                 'strings shown to applicants.'))
        text = re.sub(' +', ' ', (text or '').strip())
        if text and not validators.mongolian_name(cls.PLACEHOLDER.sub('', text)):
            raise DomainError(validators.MONGOLIAN_REFUSAL)
        if text and (sorted(cls.PLACEHOLDER.findall(text))
                     != sorted(cls.PLACEHOLDER.findall(msgid))):
            raise DomainError(_l(
                'Keep the placeholders of the string (such as %(n)s) as '
                'they are: they are filled in with numbers and names.'))
        return text

    @classmethod
    def change(cls, hall, wordings, user, known):
        """Set the hall's wordings {msgid: text} (no text: the catalogue's
        again), all or none; each change audited. Returns how many changed."""
        checked = {}
        for msgid, text in wordings.items():
            try:
                checked[msgid] = cls.checked(msgid, text, known)
            except DomainError as error:
                raise DomainError(_l('"%(msgid)s": %(reason)s', msgid=msgid,
                                     reason=error.message)) from None
        changed = 0
        with write_transaction():
            current = {row.msgid: row for row in cls.select().where(
                cls.hall == hall, cls.msgid.in_(list(checked)))}
            for msgid, text in checked.items():
                row = current.get(msgid)
                before = row.text if row else ''
                if before == text:
                    continue
                if not text:
                    cls.delete().where(cls.id == row.id).execute()
                elif row is None:
                    cls.insert(hall=hall, msgid=msgid, text=text, changed_by=user,
                               changed_at=now()).on_conflict(
                        conflict_target=[cls.hall, cls.msgid],
                        update={cls.text: text, cls.changed_by: user,
                                cls.changed_at: now()}).execute()
                else:
                    (cls.update(text=text, changed_by=user, changed_at=now())
                     .where(cls.id == row.id).execute())
                AuditLog.record(user, 'update', 'MongolianPhrase', msgid[:40],
                                before={'msgid': msgid, 'text': before},
                                after={'msgid': msgid, 'text': text}, hall=hall)
                changed += 1
        return changed
# --- The Mongolian voice call (蒙古语叫号录音) ----------------------------------

# The phrases a call is made of, in the order they are played, around the
# ticket's characters and the window's digits: `opening`, the ticket
# (A, 0, 1, 2), `to_window`, the window number (3), `closing`, then the
# window's own name if one is recorded. Each phrase is worded for
# Mongolian (the ticket number may come first: then `opening` is a short
# word or a breath of silence the translator records).
CALL_PHRASES = [
    ('opening', _l('Before the ticket number')),
    ('to_window', _l('Between the ticket number and the window number')),
    ('closing', _l('After the window number')),
]
# Ticket numbers are a window's letters and digits (Ticket.label), read out
# one character at a time, as the window numbers are.
CALL_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'


def _is_wav(data):
    return data[:4] == b'RIFF' and data[8:12] == b'WAVE'


def _is_mp3(data):
    return data[:3] == b'ID3' or (len(data) > 1 and data[0] == 0xFF
                                  and data[1] & 0xE0 == 0xE0)


# The recordings a clip may be: extension -> (content type served, whether
# the content is one). The type is ours, never the browser's.
CLIP_TYPES = {
    'wav': ('audio/wav', _is_wav),
    'mp3': ('audio/mpeg', _is_mp3),
    'ogg': ('audio/ogg', lambda data: data[:4] == b'OggS'),
    'oga': ('audio/ogg', lambda data: data[:4] == b'OggS'),
}
# A clip is a word or two: a few seconds. Below the request limit
# (MAX_CONTENT_LENGTH), so that a file too large is refused on the form.
CLIP_MAX_BYTES = 1024 * 1024


class CallClip(BaseModel):
    """One recorded piece of a bilingual hall's Mongolian voice call: a
    phrase, a character of ticket and window numbers, or a window's name
    (`window-<id>`). A new recording of a piece takes the old one's place;
    each change is in the audit log. The screen plays a call's pieces in
    order (`sequence`) only when every one it needs is recorded."""
    hall = ForeignKeyField(Hall, backref='call_clips', on_delete='CASCADE')
    key = CharField(max_length=40)
    window = ForeignKeyField(Window, null=True, backref='call_clips',
                             on_delete='CASCADE')
    filename = CharField(max_length=200)
    content_type = CharField(max_length=40)
    size = IntegerField(default=0)
    digest = CharField(max_length=64)
    data = BlobField()
    uploaded_at = DateTimeField(default=now)
    uploaded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')

    class Meta:
        indexes = ((('hall', 'key'), True),)

    # Every column but the recording itself: lists never read the sound.
    LISTED = ('id', 'hall', 'key', 'window', 'filename', 'content_type',
              'size', 'digest', 'uploaded_at', 'uploaded_by')

    @staticmethod
    def character_key(character):
        return 'char-%s' % character

    @staticmethod
    def window_key(window_id):
        return 'window-%d' % window_id

    @classmethod
    def keys(cls, hall):
        """The pieces a hall may record, in the order the portal lists them:
        (key, window or None)."""
        keys = [(key, None) for key, _title in CALL_PHRASES]
        keys += [(cls.character_key(c), None) for c in CALL_CHARACTERS]
        keys += [(cls.window_key(w.id), w) for w in
                 Window.select().where(Window.hall == hall).order_by(Window.number)]
        return keys

    @classmethod
    def recorded(cls, hall_id):
        """{key: digest} of the hall's clips, in one query, without the
        recordings."""
        return dict(cls.select(cls.key, cls.digest)
                    .where(cls.hall == hall_id).tuples())

    @classmethod
    def sequence(cls, recorded, ticket_label, window_number, window_id):
        """The keys of the clips that say a call, in order; None when one
        it needs is not recorded (the screen then speaks Mandarin). The
        window's name is said when it is recorded, and left out if not."""
        keys = (['opening'] + [cls.character_key(c) for c in ticket_label.upper()]
                + ['to_window'] + [cls.character_key(c) for c in str(window_number)]
                + ['closing'])
        if any(key not in recorded for key in keys):
            return None
        if cls.window_key(window_id) in recorded:
            keys.append(cls.window_key(window_id))
        return keys

    @classmethod
    def complete(cls, recorded):
        """Whether every phrase, letter and digit is recorded: then every
        call is said in Mongolian."""
        return all(key in recorded for key, _title in CALL_PHRASES) and all(
            cls.character_key(c) in recorded for c in CALL_CHARACTERS)

    @staticmethod
    def file_type(filename, data):
        """The content type of a recording, or DomainError saying why it is
        not kept: its name, its size or its content."""
        name, extension = upload_name(filename)
        if not data:
            raise DomainError(_l('Choose the recording.'))
        if extension not in CLIP_TYPES:
            raise DomainError(_l('Only WAV, MP3 or Ogg recordings can be kept '
                                 'as clips.'))
        if len(data) > CLIP_MAX_BYTES:
            raise DomainError(_l('The recording is larger than %(n)d KB.',
                                 n=CLIP_MAX_BYTES // 1024))
        content_type, is_one = CLIP_TYPES[extension]
        if not is_one(data):
            raise DomainError(_l(
                'This file is not a real .%(ext)s file: its content does not '
                'match its name.', ext=extension))
        return name, content_type

    @classmethod
    def _piece(cls, hall, key):
        """The window a key names (None for a phrase or a character), or
        DomainError when the key is not one of the hall's pieces."""
        if key in dict(CALL_PHRASES) or key in {
                cls.character_key(c) for c in CALL_CHARACTERS}:
            return None
        match = re.fullmatch(r'window-(\d{1,12})', key or '')
        window = match and Window.get_or_none(Window.id == int(match.group(1)),
                                              Window.hall == hall)
        if not window:
            raise DomainError(_l('This is not one of the pieces of this '
                                 'hall\'s call.'))
        return window

    @classmethod
    def upload(cls, hall, key, data, filename, user=None):
        """Keep a recording of one piece of the hall's call, in place of the
        one before; audited. Returns the clip kept."""
        if not hall.bilingual_mongolian:
            raise DomainError(_l('Only a Mongolian–Chinese bilingual hall has '
                                 'a Mongolian call.'))
        window = cls._piece(hall, key)
        name, content_type = cls.file_type(filename, data)
        digest = hashlib.sha256(data).hexdigest()
        values = dict(window=window, filename=name[-200:],
                      content_type=content_type, size=len(data), digest=digest,
                      data=data, uploaded_at=now(), uploaded_by=user)
        with write_transaction():
            before = (cls.select(cls.filename, cls.size, cls.digest)
                      .where(cls.hall == hall, cls.key == key).first())
            (cls.insert(hall=hall, key=key, **values)
             .on_conflict(conflict_target=[cls.hall, cls.key],
                          update={getattr(cls, f): v for f, v in values.items()})
             .execute())
            clip = cls.get(cls.hall == hall, cls.key == key)
            AuditLog.record(
                user, 'update' if before else 'create', 'CallClip', clip.id,
                before=before and {'key': key, 'filename': before.filename,
                                   'size': before.size, 'digest': before.digest},
                after={'key': key, 'filename': clip.filename,
                       'size': clip.size, 'digest': digest}, hall=hall)
        return clip

    @classmethod
    def remove(cls, hall, key, user=None):
        """Take a piece's recording away (the call is then Mandarin until it
        is recorded again); audited. False when there was none."""
        with write_transaction():
            clip = (cls.select(*[getattr(cls, n) for n in cls.LISTED])
                    .where(cls.hall == hall, cls.key == key).first())
            if clip is None or not cls.delete().where(cls.id == clip.id).execute():
                return False
            AuditLog.record(user, 'delete', 'CallClip', clip.id,
                            before={'key': key, 'filename': clip.filename,
                                    'size': clip.size, 'digest': clip.digest},
                            hall=hall)
        return True

    @classmethod
    def set_mode(cls, hall, mode, user=None):
        """Whether the hall's screens say a call in Mandarin and then in
        the Mongolian recording, or in the recording only; audited."""
        if mode not in dict(MONGOLIAN_CALL_MODES):
            raise DomainError(_l('Choose how the call is said.'))
        with write_transaction():
            before = (Hall.select(Hall.mongolian_call)
                      .where(Hall.id == hall.id).scalar())
            Hall.update(mongolian_call=mode).where(Hall.id == hall.id).execute()
            AuditLog.record(user, 'update', 'Hall', hall.id,
                            before={'mongolian_call': before},
                            after={'mongolian_call': mode}, hall=hall)
        hall.mongolian_call = mode
        return before != mode

# --- Online and hotline requests (线上帮办) -----------------------------------

REQUEST_CHANNELS = [
    ('online', _l('Online platform')),
    ('hotline', _l('12345 hotline')),
    ('wechat', _l('WeChat official account')),
    ('app', _l('Provincial app')),
    ('web', _l('Request page of this site')),
]
# The channels an integration may name; the request page is always 'web'.
API_REQUEST_CHANNELS = ('online', 'hotline', 'wechat', 'app')
REQUEST_STATUSES = [
    ('received', _l('Waiting to be accepted')),
    ('accepted', _l('Accepted, to call back')),
    ('contacted', _l('Applicant reached')),
    ('converted', _l('Converted')),
    ('declined', _l('Declined')),
]
OPEN_REQUEST_STATUSES = ('received', 'accepted', 'contacted')
CALL_OUTCOMES = [
    ('reached', _l('Reached the applicant')),
    ('no_answer', _l('No answer')),
    ('wrong_number', _l('Wrong number')),
]
REQUEST_ACTIONS = {
    'receive': _l('request received'),
    'accept': _l('request accepted'),
    'call': _l('applicant called back'),
    'convert_case': _l('request turned into a case'),
    'convert_appointment': _l('request turned into an appointment'),
    'decline': _l('request declined'),
}
# What a request's step reads as in the history of the case it became.
REQUEST_CASE_ACTIONS = {'receive': 'request', 'accept': 'request_accept',
                        'call': 'request_call'}


class ServiceRequest(BaseModel):
    """线上帮办: an applicant asks a hall for help from afar (the provincial
    platform, the 12345 hotline, the request page). An agent accepts it,
    calls the applicant back, and turns it into a case or an appointment,
    or declines it naming the unit to go to. Each step is a RequestStep;
    the applicant follows it with a code of which only the hash is kept."""
    hall = ForeignKeyField(Hall, backref='service_requests',
                           on_delete='RESTRICT', index=False)
    channel = CharField(max_length=10, choices=REQUEST_CHANNELS)
    client = ForeignKeyField(ApiClient, null=True, backref='service_requests',
                             on_delete='RESTRICT')
    name = CharField(max_length=60)
    id_type = CharField(max_length=20, choices=ID_TYPES, default='resident_id')
    id_number = CharField(max_length=18)
    nationality = CharField(max_length=3, default='')
    phone = CharField(max_length=30)
    item = ForeignKeyField(Item, null=True, backref='service_requests',
                           on_delete='RESTRICT')
    bundle = ForeignKeyField(Bundle, null=True, backref='service_requests',
                             on_delete='RESTRICT')
    matter = CharField(max_length=250)  # the item's name, or as asked
    preferred_day = DateField(null=True)
    preferred_half_day = CharField(max_length=2, default='',
                                   choices=[('', '')] + HALF_DAYS)
    notes = TextField(default='')
    status = CharField(max_length=10, choices=REQUEST_STATUSES,
                       default='received')
    code_hash = CharField(max_length=64, unique=True)
    received_at = DateTimeField(default=now)
    accepted_by = ForeignKeyField(User, null=True, on_delete='RESTRICT',
                                  backref='requests_accepted')
    accepted_at = DateTimeField(null=True)
    first_contact_at = DateTimeField(null=True)
    case = ForeignKeyField(Case, null=True, backref='requests',
                           on_delete='RESTRICT')
    appointment = ForeignKeyField(Appointment, null=True, backref='requests',
                                  on_delete='RESTRICT')
    refer_to = CharField(max_length=200, default='')
    decline_reason = TextField(default='')
    closed_by = ForeignKeyField(User, null=True, on_delete='RESTRICT',
                                backref='requests_closed')
    closed_at = DateTimeField(null=True)

    class Meta:
        # A hall's requests newest first (the list, the dashboard's period).
        indexes = ((('hall', 'received_at'), False),
                   (('hall', 'status', 'received_at'), False))

    def __str__(self):
        return self.matter

    @property
    def status_label(self):
        return label(REQUEST_STATUSES, self.status)

    @property
    def channel_label(self):
        return label(REQUEST_CHANNELS, self.channel)

    @property
    def half_day_label(self):
        return label(HALF_DAYS, self.preferred_half_day)

    @property
    def masked_name(self):
        return validators.mask_name(self.name)

    @property
    def masked_phone(self):
        return validators.mask_phone(self.phone)

    @property
    def masked_id(self):
        return validators.mask_id(self.id_number, self.id_type)

    @property
    def is_open(self):
        return self.status in OPEN_REQUEST_STATUSES

    @classmethod
    def in_halls(cls, hall_ids):
        return cls.select().where(cls.hall.in_(list(hall_ids)))

    @classmethod
    def by_code(cls, code):
        """The request of a follow-up code, or None: one indexed lookup of
        the hash, whether the code exists or not."""
        if not code or len(code) > 64:
            code = 'R-not-a-request-code'
        return cls.get_or_none(cls.code_hash == digest(code))

    @classmethod
    def receive(cls, hall, channel, name, id_type, id_number, phone,
                item=None, bundle=None, matter='', preferred_day=None,
                preferred_half_day='', notes='', nationality='', client=None):
        """Record a request for a hall; returns (request, follow-up code),
        the code shown this once. The matter is one of the hall's items or
        bundles, or in the applicant's words; the identity document and a
        mobile number are checked as everywhere else."""
        if channel not in dict(REQUEST_CHANNELS):
            raise DomainError(_l('Choose how the request came.'))
        name = ' '.join((name or '').split())
        if not name:
            raise DomainError(_l('Please enter the applicant\'s name.'))
        if id_type not in validators.PERSON_DOCUMENTS and id_type != 'credit_code':
            raise validators.ValidationError(_l(
                'Choose the type of identity document from the list.'))
        document = validators.document(id_type, id_number, nationality)
        phone = validators.mobile(phone)
        matter = ' '.join((matter or '').split())
        if item is not None and bundle is not None:
            raise DomainError(_l('Choose one item or one bundle.'))
        if item is not None:
            if not (item.is_active and hall.offers(item)):
                raise DomainError(_l('This hall does not handle this item.'))
            matter = item.full_name
        elif bundle is not None:
            if not bundle.is_active or bundle.lead_department_id not in set(
                    hall._stationed()):
                raise DomainError(_l('This hall does not handle this bundle.'))
            matter = bundle.name
        elif not matter:
            raise DomainError(_l('Say what the applicant needs help with.'))
        if preferred_half_day not in ('', 'am', 'pm'):
            raise DomainError(_l('Choose morning or afternoon.'))
        if preferred_day is not None and preferred_day < today():
            raise DomainError(_l('The preferred day has passed.'))
        code = new_code('R')
        values = dict(hall=hall, channel=channel, client=client, name=name,
                      id_type=document.type, id_number=document.number,
                      nationality=document.nationality, phone=phone,
                      item=item, bundle=bundle, matter=matter[:250],
                      preferred_day=preferred_day,
                      preferred_half_day=preferred_half_day or '',
                      notes=(notes or '').strip(), code_hash=digest(code),
                      received_at=now())
        cls.check_values(values)
        with write_transaction():
            request = cls.create(**values)
            RequestStep.create(request=request, at=request.received_at,
                               client=client, action='receive',
                               params=CaseEvent.encode({'channel': channel}))
        return request, code

    # -- the agent's steps: each a compare-and-set on the status ---------------

    def _step(self, user, action, allowed, note='', facts=None, at=None,
              **changes):
        """Move the request on from one of the `allowed` statuses, with its
        step in the history; refuses when someone else moved it first."""
        if user is None or not user.may('work_cases'):
            raise DomainError(_l('Your role does not work on requests.'))
        if self.hall_id not in set(user.scope_hall_ids()):
            raise DomainError(_l('This request is not one of your halls.'))
        at = at or now()
        with write_transaction():
            # A step that changes no column still takes the row (a call
            # without an answer): the status is set to itself.
            done = (ServiceRequest.update(
                        **(changes or {'status': ServiceRequest.status}))
                    .where(ServiceRequest.id == self.id,
                           ServiceRequest.status.in_(allowed))
                    .execute())
            if not done:
                raise DomainError(_l('This request has moved on already: '
                                     'reload the page.'))
            RequestStep.create(request=self, at=at, actor=user, action=action,
                               note=(note or '').strip(),
                               params=CaseEvent.encode(facts))
            AuditLog.record(user, 'update', 'ServiceRequest', self.id,
                            before={'status': self.status},
                            after=dict(status=changes.get('status',
                                                          self.status),
                                       action=action), hall=self.hall_id)
        reload_record(self)

    def accept(self, user):
        """An agent takes the request on (受理)."""
        self._step(user, 'accept', ('received',), status='accepted',
                   accepted_by=user, accepted_at=now())

    def record_call(self, user, called_at, outcome, note=''):
        """The call back to the applicant: when, how it went, a note. The
        first call that reaches them is the request's first contact."""
        if self.status == 'received':
            raise DomainError(_l('Accept the request before calling back.'))
        if outcome not in dict(CALL_OUTCOMES):
            raise DomainError(_l('Choose how the call went.'))
        if not isinstance(called_at, datetime.datetime):
            raise DomainError(_l('Give the time of the call.'))
        # Typed to the minute: a call in the minute the request came counts.
        if called_at > now() or called_at < self.received_at.replace(
                second=0, microsecond=0):
            raise DomainError(_l('The time of the call must be after the '
                                 'request came and not in the future.'))
        check_value(RequestStep.note, note)
        changes = {}
        if outcome == 'reached':
            changes['status'] = 'contacted'
            if self.first_contact_at is None:
                changes['first_contact_at'] = called_at
        self._step(user, 'call', ('accepted', 'contacted'), note=note,
                   facts={'outcome': outcome,
                          'called_at': called_at.isoformat(' ', 'minutes')},
                   **changes)

    def _ensure_contacted(self):
        if self.status != 'contacted':
            raise DomainError(_l('Call the applicant back and reach them '
                                 'before turning the request into a case or '
                                 'an appointment.'))

    def applicant(self):
        """The applicant's file (一户一档), found or created from what the
        request holds."""
        return Applicant.find_or_create(
            id_type=self.id_type, id_number=self.id_number, name=self.name,
            phone=self.phone, nationality=self.nationality)

    def convert_to_case(self, user, service_form, item=None, bundle=None,
                        note=''):
        """Open the case through Case.open, with every rule of a case: its
        history begins with the request's steps. Returns (case, receipt
        code)."""
        self._ensure_contacted()
        if item is None and bundle is None:
            item, bundle = self.item, self.bundle
        with write_transaction():
            case, code = Case.open(
                self.hall, self.applicant(), service_form, 'online', user=user,
                item=item, bundle=bundle,
                matter='' if (item or bundle) else self.matter, note=note)
            self._copy_steps(case)
            self._step(user, 'convert_case', ('contacted',), note=note,
                       facts={'case': case.number}, status='converted',
                       case=case, closed_by=user, closed_at=now())
        return case, code

    def _copy_steps(self, case):
        """The request's steps so far, at their own times, at the head of
        the case's history (its first event is the request coming in)."""
        steps = list(RequestStep.select()
                     .where(RequestStep.request == self.id,
                            RequestStep.action.in_(list(REQUEST_CASE_ACTIONS)))
                     .order_by(RequestStep.at, RequestStep.id))
        CaseEvent.record_many([dict(
            case=case.id, at=step.at, actor=step.actor_id,
            action=REQUEST_CASE_ACTIONS[step.action],
            note=step.note, params=step.params) for step in steps])

    def convert_to_appointment(self, user, window, day, half_day, item=None):
        """Book the appointment through Appointment.book, with every rule
        of a booking (capacity, limits, the window's items). Returns
        (appointment, code)."""
        self._ensure_contacted()
        item = item or self.item
        if item is None:
            raise DomainError(_l('Choose the item to book.'))
        if window.hall_id != self.hall_id:
            raise DomainError(_l('This window does not handle this item.'))
        booker = Appointment.booker(self.name, self.id_type, self.id_number,
                                    self.phone, nationality=self.nationality)
        with write_transaction():
            appointment, code = Appointment.book(window, item, day, half_day,
                                                 booker)
            self._step(user, 'convert_appointment', ('contacted',),
                       facts={'day': day.isoformat(), 'half_day': half_day},
                       status='converted', appointment=appointment,
                       closed_by=user, closed_at=now())
        return appointment, code

    def decline(self, user, reason, refer_to):
        """Decline with the reason and the unit to go to (告知办理单位)."""
        reason, refer_to = (reason or '').strip(), (refer_to or '').strip()
        if not reason:
            raise DomainError(_l('Give the reason for declining.'))
        if not refer_to:
            raise DomainError(_l('Name the unit that handles this matter.'))
        self.check_values({'refer_to': refer_to, 'decline_reason': reason})
        self._step(user, 'decline', OPEN_REQUEST_STATUSES, note=reason,
                   facts={'refer_to': refer_to}, status='declined',
                   decline_reason=reason, refer_to=refer_to, closed_by=user,
                   closed_at=now())

    def steps(self):
        return list(RequestStep.select(RequestStep, User)
                    .join(User, JOIN.LEFT_OUTER)
                    .where(RequestStep.request == self.id)
                    .order_by(RequestStep.at, RequestStep.id))


class RequestStep(AppendOnly):
    """The append-only history of a request: who (a user, or the client
    that sent it), when, which step, its facts, and the note typed."""
    request = ForeignKeyField(ServiceRequest, backref='history',
                              on_delete='RESTRICT')
    at = DateTimeField(default=now)
    actor = ForeignKeyField(User, null=True, on_delete='RESTRICT',
                            backref='request_steps')
    client = ForeignKeyField(ApiClient, null=True, on_delete='RESTRICT',
                             backref='request_steps')
    action = CharField(max_length=20)
    note = TextField(default='')
    params = TextField(default='')

    facts = CaseEvent.facts

    @property
    def action_label(self):
        return REQUEST_ACTIONS.get(self.action, self.action)


MODELS = [
    Counter, Hall, Department, HallDepartment, Holiday, User, Agent,
    CitySettings, HolidayNotice, NoticeDay, Item,
    ItemMaterial, ItemTemplate, Bundle, BundleItem, Window, WindowItem,
    WindowDepartment, Post, Liaison, Kiosk, Shift, Applicant, Case,
    ReceiptCode, CaseEvent, CaseMaterial, Handover, HandoverLine, CaseFlow,
    TaskForce, TaskForceMember, Evaluation, FollowUp, FollowUpStep,
    Ticket, TicketEvent,
    SlotCapacity, Appointment, RateHit, ActionKey, AuditLog,
    CaseResult, JobRun, MonthlyReport, AlertSetting, AlertAck,
    ApiClient, ApiClientHall, OutboxMessage, ServiceRequest, RequestStep,
    SampleDraw, SampleClaim, SampleReview, Complaint, MongolianPhrase,
    AppraisalMonth, AgentMonth, CallClip,
]

# Times people type are the hall's wall-clock times, whatever zone the server
# ran in: the duty roster, and when a phone follow-up or a request's call
# back was made. Every other DateTimeField is stamped by now().
TYPED_TIMES = (Shift.starts_at, Shift.ends_at, Evaluation.called_at,
               FollowUpStep.called_at, ServiceRequest.first_contact_at)


def stamped_times():
    """The DateTimeFields that now() fills in, model by model."""
    typed = {(field.model, field.name) for field in TYPED_TIMES}
    return [field for model in MODELS for field in model._meta.sorted_fields
            if isinstance(field, DateTimeField)
            and (field.model, field.name) not in typed]


# A refused case action leaves its audit entry, whichever face asked.
for _model, _names in (
        (Case, ('screen', 'supply', 'request_materials', 'register',
                'choose_service', 'register_and_queue', 'refuse', 'commission',
                'start_handling', 'mark_ready', 'deliver', 'mail',
                'confirm_receipt', 'evaluate', 'archive', 'terminate',
                'reassign', 'cover_by_b', 'transfer_to', 'confirm_transfer',
                'route_flows')),
        (CaseFlow, ('accept', 'finish'))):
    for _name in _names:
        setattr(_model, _name, refusable(getattr(_model, _name)))
for _model, _name in ((Handover, 'record'), (TaskForce, 'form')):
    setattr(_model, _name, classmethod(refusable(getattr(_model, _name).__func__)))

Case.record_result = refusable(Case.record_result)

# Histories, materials and bundle parts come back in their declared order.
order_backrefs(CaseEvent.case, ItemMaterial.item, BundleItem.bundle,
               NoticeDay.notice, FollowUpStep.task)


# Read for every case and ticket event: its SQL written once a process.
_WEBHOOK_CLIENTS = Prepared(lambda hall: (
    ApiClient.select(ApiClient.id)
    .join(ApiClientHall, on=(ApiClientHall.client == ApiClient.id))
    .where(ApiClientHall.hall == hall, ApiClient.webhook_url != '',
           ApiClient.revoked_at.is_null())
    .order_by(ApiClient.id).tuples()), SAMPLE_HALL)
