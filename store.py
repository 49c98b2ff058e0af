"""How records are kept: the database, its transactions, and what every
table shares whatever the domain: each value fits its field on SQLite and
PostgreSQL alike, related rows come back in their declared order, named
counters, and the counts behind rate limits and booking quotas.

The domain (models.py) is built on this; nothing here knows a hall or a case.
"""
import re
import threading

import peewee
from peewee import (
    CharField, DatabaseProxy, IntegerField, Model, SqliteDatabase, TextField,
)

from errors import FieldError
from i18n import lazy_gettext as _l

db = DatabaseProxy()


def write_transaction():
    """A read-then-write transaction: IMMEDIATE on SQLite, plain elsewhere."""
    if isinstance(db.obj, SqliteDatabase) and not db.in_transaction():
        return db.atomic('IMMEDIATE')
    return db.atomic()


def transaction_cache():
    """A dict that lives as long as the outermost transaction open now, or
    None outside one: for what a transaction reads again and again and
    does not change itself (the webhook clients of a hall, read for every
    event it appends). Another transaction's change is seen by the next
    transaction, as a read at the transaction's first read would see it."""
    database = db.obj
    if database is None or not database.in_transaction():
        return None
    outer = database._state.transactions[0]
    cache = getattr(outer, 'bangban_cache', None)
    if cache is None:
        cache = outer.bangban_cache = {}
    return cache


def _seconds():
    """Epoch seconds now, from the product's one clock (models.instant,
    which tests pin); looked up when called, as models is built on this."""
    import models
    return models.seconds()


# --- Values fit their fields -------------------------------------------------

# The longest text a TextField keeps (its column has no limit of its own,
# so the rule is here and the same on every database).
TEXT_MAX_LENGTH = 10000
# Characters no field keeps: control characters (PostgreSQL refuses NUL in
# text outright) and lone surrogates, which no encoding can store. Text of
# several lines (TextField) keeps its tabs and line breaks.
LINE_REFUSED = re.compile('[\x00-\x1f\x7f-\x9f\ud800-\udfff]')
TEXT_REFUSED = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]')


def max_length(field):
    """The most characters a text field keeps; None for no text field."""
    if isinstance(field, CharField):
        return field.max_length
    if isinstance(field, TextField):
        return getattr(field.model._meta, 'text_max_length', TEXT_MAX_LENGTH)
    return None


def field_label(field):
    """The field's name as the user's forms call it."""
    # The portal's labels are the vocabulary of every form; imported here,
    # at run time, because the portal itself is built on these models.
    from portal.labels import LABELS
    return LABELS.get(field.name, field.name.replace('_', ' '))


def check_value(field, value):
    """Raise FieldError unless `value` is one the field may keep."""
    if value is None or isinstance(value, peewee.Node):
        return  # no value, or an expression the database works out
    if field.choices:
        try:
            allowed = field.db_value(value) in {
                field.db_value(choice) for choice, _text in field.choices}
        except (TypeError, ValueError):
            allowed = False
        if not allowed:
            raise FieldError(field, _l('Choose "%(field)s" from the list.',
                                       field=field_label(field)))
    limit = max_length(field)
    if limit is None or not isinstance(value, str):
        return
    if len(value) > limit:
        raise FieldError(field, _l('"%(field)s" may have at most %(n)d '
                                   'characters.', field=field_label(field),
                                   n=limit))
    refused = TEXT_REFUSED if isinstance(field, TextField) else LINE_REFUSED
    if refused.search(value):
        raise FieldError(field, _l(
            '"%(field)s" holds a control character, which cannot be kept. '
            'Type the text again without it.', field=field_label(field)))


class BaseModel(Model):
    """Every value written, by save() or by a query, fits its field: the
    same limits on SQLite and PostgreSQL, and a message saying which field."""

    class Meta:
        database = db
        legacy_table_names = False

    @classmethod
    def check_values(cls, values):
        """Raise FieldError for the first value (by field or field name)
        that its field may not keep."""
        for key, value in values.items():
            field = key if isinstance(key, peewee.Field) else cls._meta.combined.get(key)
            if field is not None:
                check_value(field, value)

    @classmethod
    def _check_rows(cls, rows, fields):
        """Check the rows of insert_many: dicts, or tuples in `fields` order."""
        if isinstance(rows, peewee.Node):
            return rows  # INSERT ... SELECT: values already in the database
        rows = list(rows)
        columns = fields or cls._meta.sorted_fields
        for row in rows:
            cls.check_values(row if isinstance(row, dict) else dict(zip(columns, row)))
        return rows

    @classmethod
    def _check_data(cls, data, values):
        """Check the values of insert, replace or update (a dict, keywords)."""
        if isinstance(data, dict):
            cls.check_values(data)
        cls.check_values(values)

    @classmethod
    def insert(cls, __data=None, **insert):
        cls._check_data(__data, insert)
        return super().insert(__data, **insert)

    @classmethod
    def replace(cls, __data=None, **insert):
        cls._check_data(__data, insert)
        return super().replace(__data, **insert)

    @classmethod
    def update(cls, __data=None, **update):
        cls._check_data(__data, update)
        return super().update(__data, **update)

    @classmethod
    def insert_many(cls, rows, fields=None):
        return super().insert_many(cls._check_rows(rows, fields), fields)

    @classmethod
    def replace_many(cls, rows, fields=None):
        return super().replace_many(cls._check_rows(rows, fields), fields)


# --- Related rows in order ---------------------------------------------------

class OrderedBackref(peewee.BackrefAccessor):
    """Related rows in the order their model declares in Meta.order_by,
    which peewee keeps but does not apply (the case history, materials and
    bundle parts must not come back in storage order on PostgreSQL)."""

    def __get__(self, instance, instance_type=None):
        query = super().__get__(instance, instance_type)
        ordering = getattr(self.rel_model._meta, 'order_by', None)
        if instance is None or not ordering:
            return query
        return query.order_by(*[getattr(self.rel_model, name)
                                for name in ordering])


def order_backrefs(*foreign_keys):
    """Make each foreign key's backref return rows in the related model's
    Meta.order_by."""
    for field in foreign_keys:
        setattr(field.rel_model, field.backref, OrderedBackref(field))


# --- Counters and rate limits ------------------------------------------------

class Counter(BaseModel):
    """Named sequences (tickets, case numbers), allocated atomically."""
    key = CharField(max_length=120, unique=True)
    value = IntegerField(default=0)

    @classmethod
    def next(cls, key):
        """The next value of a sequence: no duplicates, no gaps, any DB."""
        # One upsert statement: the row lock (PostgreSQL) or the write lock
        # (SQLite) makes the increment atomic across processes. In the
        # caller's transaction it needs no savepoint of its own: one
        # statement is done whole or not at all.
        if db.in_transaction():
            return cls._increment(key)
        with write_transaction():
            return cls._increment(key)

    @classmethod
    def _increment(cls, key):
        cursor = (cls
                  .insert(key=key, value=1)
                  .on_conflict(conflict_target=[cls.key],
                               update={cls.value: cls.value + 1})
                  .returning(cls.value)
                  .execute())
        return list(cursor)[0].value


class RateHit(BaseModel):
    """Requests per client and window of time, shared by all workers."""
    key = CharField(max_length=120)
    window_start = IntegerField()
    count = IntegerField(default=0)

    class Meta:
        indexes = ((('key', 'window_start'), True),)

    @staticmethod
    def current_window(per_seconds):
        """The start of the current window of `per_seconds`, in epoch seconds."""
        return int(_seconds()) // per_seconds * per_seconds

    @classmethod
    def allow(cls, key, limit, per_seconds):
        """Count one request; False once the client is over the limit."""
        start = cls.current_window(per_seconds)
        with write_transaction():
            cls.insert(key=key, window_start=start, count=1).on_conflict(
                conflict_target=[cls.key, cls.window_start],
                update={cls.count: cls.count + 1}).execute()
            count = (cls.select(cls.count)
                     .where(cls.key == key, cls.window_start == start)
                     .scalar())
        return count <= limit

    @classmethod
    def forget(cls, before):
        """Drop the counts of windows that started before `before` (epoch
        seconds): the daily job's work, so a request never pays for it."""
        return cls.delete().where(cls.window_start < before).execute()

    @classmethod
    def take(cls, key, window_start, limit):
        """Count one against a quota unless it is at `limit`: one conditional
        upsert, so that two at once cannot both take the last one."""
        if limit <= 0:
            return False
        cursor = (cls.insert(key=key, window_start=window_start, count=1)
                  .on_conflict(conflict_target=[cls.key, cls.window_start],
                               update={cls.count: cls.count + 1},
                               where=(cls.count < limit))
                  .returning(cls.count)
                  .execute())
        return len(list(cursor)) == 1

    @classmethod
    def give_back(cls, key, window_start):
        """Return one to a quota taken with `take`."""
        (cls.update(count=cls.count - 1)
         .where(cls.key == key, cls.window_start == window_start,
                cls.count > 0)
         .execute())


# --- Reads kept while nothing changes ---------------------------------------

def content_version():
    """A value that stays the same only while nothing is committed to the
    database, or None when the database cannot tell this cheaply
    (PostgreSQL; SQLite inside a transaction)."""
    version = getattr(db.obj, 'content_version', None)
    return version() if version is not None else None


class UnchangedCache:
    """Values worked out from the database, kept in this process only as
    long as nothing at all is committed to it (content_version): a read
    served from here is exactly what reading again would give. For the
    pages asked for many times a second between two changes (the hall's
    call screens, applicants' progress pages). Bounded: when full, or
    when the database changes, everything is dropped."""

    def __init__(self, size=512):
        self.size = size
        self.version = None
        self.values = {}
        self.lock = threading.Lock()

    def get(self, key, version):
        """The value kept for `key` at this `version`, else None."""
        if version is None or version != self.version:
            return None
        return self.values.get(key)

    def put(self, key, version, value):
        if version is None:
            return
        with self.lock:
            if version != self.version or len(self.values) >= self.size:
                self.values = {}
                self.version = version
            self.values[key] = value

    def clear(self):
        with self.lock:
            self.values, self.version = {}, None

    def fetch(self, key, build):
        """`build()`'s value for `key`, built again only after a change."""
        version = content_version()
        found = self.get(key, version)
        if found is None:
            found = build()
            self.put(key, version, found)
        return found
