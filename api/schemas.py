"""The API's documents: one marshmallow schema each, which both writes the
response and describes it in the OpenAPI document."""
import marshmallow as ma
from marshmallow import fields, validate

import alerts
import models


class HallTime(fields.DateTime):
    """A stored time (the hall's naive local time) with the hall's offset."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=models.HALL_ZONE)
        return super()._serialize(value, attr, obj, **kwargs)


def choice(choices, **kwargs):
    """A code from one of the models' choice lists, documented as an enum."""
    return fields.String(validate=validate.OneOf([value for value, _ in choices]),
                         **kwargs)


class PageArgs(ma.Schema):
    """Keyset pagination: records after an id, at most `limit` of them."""
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 100),
                           metadata={'description': 'Records per page (1-100).'})
    after = fields.Integer(load_default=0, validate=validate.Range(0, 2**31 - 1),
                           metadata={'description': 'Give the `next` link of '
                                     'the previous page, or the last id read.'})


class DayArgs(PageArgs):
    day = fields.Date(load_default=None,
                      metadata={'description': 'The hall\'s day (default: today).'})


class Page(ma.Schema):
    next = fields.String(required=True, allow_none=True,
                         metadata={'description': 'The next page\'s address, '
                                   'or null on the last page.'})


def page_of(schema, name):
    """The schema of a page of `schema` documents."""
    return type(name, (Page,), {
        'items': fields.List(fields.Nested(schema), required=True)})


class Problem(ma.Schema):
    """An error (RFC 9457 problem details) with a stable `code`."""
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    code = fields.String(required=True, validate=validate.OneOf([
        'token_missing', 'token_invalid', 'token_revoked', 'not_found',
        'out_of_scope', 'invalid_parameter', 'method_not_allowed',
        'rate_limited', 'server_error', 'unavailable', 'refused',
        'idempotency_conflict']))
    errors = fields.Dict()


class Hall(ma.Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    level = choice(models.LEVELS, required=True)
    parent_id = fields.Integer(required=True, allow_none=True)
    address = fields.String(required=True)
    phone = fields.String(required=True)
    opens_at = fields.Time(required=True)
    closes_at = fields.Time(required=True)


class Department(ma.Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    short_name = fields.String(required=True)


class Item(ma.Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    sub_name = fields.String(required=True)
    department_id = fields.Integer(required=True)
    power_kind = choice(models.POWER_KINDS, required=True)
    category = choice(models.CATEGORIES, required=True)
    time_limit_days = fields.Integer(required=True,
                                     metadata={'description': 'Working days.'})
    service_forms = fields.List(choice(models.SERVICE_FORMS), required=True)


class Bundle(ma.Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    lead_department_id = fields.Integer(required=True)


class Window(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = choice(models.WINDOW_KINDS, required=True)
    department_id = fields.Integer(required=True, allow_none=True)
    prefix = fields.String(required=True)
    is_open = fields.Boolean(required=True)


class QueueWindow(ma.Schema):
    number = fields.Integer(required=True)
    name = fields.String(required=True)
    current = fields.String(required=True, allow_none=True,
                            metadata={'description': 'The ticket at the window.'})
    status = choice(models.TICKET_STATUSES, required=True, allow_none=True)
    waiting = fields.Integer(required=True)


class Queue(ma.Schema):
    """The hall's queue now: what its call screen shows."""
    day = fields.Date(required=True)
    windows = fields.List(fields.Nested(QueueWindow), required=True)


class Applicant(ma.Schema):
    """Name, document number and phone are masked unless the client may
    read applicants' personal data."""
    kind = choice(models.APPLICANT_KINDS, required=True)
    id_type = choice(models.ID_TYPES, required=True)
    id_number = fields.String(required=True)
    name = fields.String(required=True)
    phone = fields.String(required=True)
    masked = fields.Boolean(required=True)


class CaseSummary(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    hall_id = fields.Integer(required=True)
    item_name = fields.String(required=True)
    status = choice(models.CASE_STATUSES, required=True)
    status_label = fields.String(required=True,
                                 metadata={'description': 'In the language of '
                                           'Accept-Language.'})
    service_form = choice(models.SERVICE_FORMS, required=True)
    channel = choice(models.CHANNELS, required=True)
    registered_at = HallTime(required=True, allow_none=True)
    due_date = fields.Date(required=True, allow_none=True)
    closed_at = HallTime(required=True, allow_none=True)
    applicant = fields.Nested(Applicant, required=True)


class Event(ma.Schema):
    at = HallTime(required=True)
    action = fields.String(required=True)
    action_label = fields.String(required=True)
    from_status = fields.String(required=True)
    to_status = fields.String(required=True)
    told = fields.String(required=True, metadata={
        'description': 'What happened, in the language of Accept-Language.'})


class Case(CaseSummary):
    events = fields.List(fields.Nested(Event), required=True)


class Ticket(ma.Schema):
    id = fields.Integer(required=True)
    label = fields.String(required=True)
    hall_id = fields.Integer(required=True)
    window_id = fields.Integer(required=True)
    case_id = fields.Integer(required=True, allow_none=True)
    day = fields.Date(required=True)
    status = choice(models.TICKET_STATUSES, required=True)
    issued_at = HallTime(required=True)
    called_at = HallTime(required=True, allow_none=True)
    done_at = HallTime(required=True, allow_none=True)


class Appointment(ma.Schema):
    id = fields.Integer(required=True)
    hall_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    window_id = fields.Integer(required=True)
    day = fields.Date(required=True)
    half_day = choice(models.HALF_DAYS, required=True)
    status = choice(models.APPOINTMENT_STATUSES, required=True)
    name = fields.String(required=True)
    id_number = fields.String(required=True, metadata={
        'description': 'Always masked: only a digest of it is kept.'})
    phone = fields.String(required=True)
    masked = fields.Boolean(required=True)


class StatisticsRow(ma.Schema):
    unit_id = fields.Integer(required=True, allow_none=True)
    unit = fields.String(required=True)
    accepted = fields.Integer(required=True, metadata={'description': '受理数量'})
    open = fields.Integer(required=True, metadata={'description': '在办数量'})
    closed = fields.Integer(required=True, metadata={'description': '办结数量'})
    terminated = fields.Integer(required=True)
    rated = fields.Integer(required=True)
    satisfied = fields.Integer(required=True)
    satisfaction = fields.Float(required=True, allow_none=True, metadata={
        'description': '满意度, percent of closed cases.'})
    overdue = fields.Integer(required=True)
    suspended = fields.Integer(required=True)


class Statistics(ma.Schema):
    """The 附件8 monthly statistics of a hall, by department."""
    hall_id = fields.Integer(required=True)
    month = fields.String(required=True)
    rows = fields.List(fields.Nested(StatisticsRow), required=True)
    total = fields.Nested(StatisticsRow, required=True)


class ApplicantIn(ma.Schema):
    """Who the applicant is, as they or the hotline gave it."""
    name = fields.String(required=True, validate=validate.Length(1, 60))
    id_type = fields.String(load_default='resident_id', validate=validate.OneOf(
        [value for value, _ in models.ID_TYPES]))
    id_number = fields.String(required=True, validate=validate.Length(1, 40))
    nationality = fields.String(load_default='', validate=validate.Length(0, 3),
                                metadata={'description': 'ISO 3166-1 alpha-3, '
                                          'for a passport.'})
    phone = fields.String(required=True, validate=validate.Length(1, 30),
                          metadata={'description': 'A mainland mobile number.'})


class RequestIn(ApplicantIn):
    """A request for help (线上帮办) sent to a hall of the client's scope."""
    hall_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    channel = fields.String(required=True, validate=validate.OneOf(
        models.API_REQUEST_CHANNELS), metadata={
        'description': 'Where the request came from.'})
    item_id = fields.Integer(load_default=None, allow_none=True,
                             validate=validate.Range(1, 2**31 - 1))
    bundle_id = fields.Integer(load_default=None, allow_none=True,
                               validate=validate.Range(1, 2**31 - 1))
    matter = fields.String(load_default='', validate=validate.Length(0, 250),
                           metadata={'description': 'What the applicant needs, '
                                     'in their words, when no item or bundle '
                                     'is named.'})
    preferred_day = fields.Date(load_default=None, allow_none=True)
    preferred_half_day = fields.String(load_default='', validate=validate.OneOf(
        ['', 'am', 'pm']))
    notes = fields.String(load_default='', validate=validate.Length(0, 2000))


class RequestStep(ma.Schema):
    at = HallTime(required=True)
    action = fields.String(required=True)
    action_label = fields.String(required=True)
    note = fields.String(required=True)


class Request(ma.Schema):
    """A request and its steps. The follow-up `code` (for the applicant's
    page `follow_url`) is given only in the answer that created it."""
    id = fields.Integer(required=True)
    hall_id = fields.Integer(required=True)
    channel = choice(models.REQUEST_CHANNELS, required=True)
    status = choice(models.REQUEST_STATUSES, required=True)
    status_label = fields.String(required=True)
    matter = fields.String(required=True)
    item_id = fields.Integer(required=True, allow_none=True)
    bundle_id = fields.Integer(required=True, allow_none=True)
    name = fields.String(required=True)
    id_number = fields.String(required=True)
    phone = fields.String(required=True)
    masked = fields.Boolean(required=True)
    preferred_day = fields.Date(required=True, allow_none=True)
    preferred_half_day = fields.String(required=True)
    received_at = HallTime(required=True)
    first_contact_at = HallTime(required=True, allow_none=True)
    case_id = fields.Integer(required=True, allow_none=True)
    appointment_id = fields.Integer(required=True, allow_none=True)
    refer_to = fields.String(required=True)
    steps = fields.List(fields.Nested(RequestStep), required=True)
    code = fields.String(metadata={'description': 'Only when created.'})
    follow_url = fields.String(metadata={'description': 'Only when created.'})


class TicketIn(ma.Schema):
    """A walk-in ticket at a window, or at the window that serves an item
    now: give one of the two."""
    hall_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    window_id = fields.Integer(load_default=None, allow_none=True,
                               validate=validate.Range(1, 2**31 - 1))
    item_id = fields.Integer(load_default=None, allow_none=True,
                             validate=validate.Range(1, 2**31 - 1))


class AlertArgs(ma.Schema):
    """Which alerts, and which page of them: alerts are worked out now from
    the records, so they are paged by position (`start`), not by id."""
    hall_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1),
                             metadata={'description': 'One hall of the '
                                       'client\'s (default: all of them).'})
    kind = fields.String(load_default=None, validate=validate.OneOf(
        list(alerts.RULES)), metadata={'description': 'One rule.'})
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 100),
                           metadata={'description': 'Alerts per page (1-100).'})
    start = fields.Integer(load_default=0, validate=validate.Range(0, 2**31 - 1),
                           metadata={'description': 'Give the `next` link of '
                                     'the previous page.'})


class Alert(ma.Schema):
    """An alert (预警) as the portal's alert list shows it. Alerts name
    halls, windows, kiosks and posts, never an applicant."""
    kind = fields.String(required=True, validate=validate.OneOf(list(alerts.RULES)),
                         metadata={'description': 'The rule that raised it.'})
    kind_label = fields.String(required=True)
    hall_id = fields.Integer(required=True)
    subject = fields.String(required=True, metadata={
        'description': 'What it is about: "cases", "hall", "kiosk:<id>", '
        '"window:<id>" or "post:<id>"; with kind and hall_id, the alert\'s key.'})
    about = fields.String(required=True, metadata={
        'description': 'The kiosk, window or post\'s name, or "".'})
    figure = fields.Integer(required=True, metadata={
        'description': 'The figure that raised it, in the unit of its rule.'})
    figure_label = fields.String(required=True)
    acknowledged = fields.Boolean(required=True)
    acknowledged_at = HallTime(required=True, allow_none=True, metadata={
        'description': 'When it was acknowledged today, or null.'})
    acknowledged_by = fields.String(required=True, allow_none=True, metadata={
        'description': 'Who acknowledged it (a staff member\'s name), or null.'})
    portal_url = fields.String(required=True, metadata={
        'description': 'The portal page to act on it.'})


class AlertPage(Page):
    items = fields.List(fields.Nested(Alert), required=True)
    total = fields.Integer(required=True)
    open = fields.Integer(required=True, metadata={
        'description': 'How many of all the alerts are not acknowledged today.'})


class AppointmentIn(ApplicantIn):
    """An appointment (预约) for an item at a hall, booked by the rules of
    the public booking page: from tomorrow on, at most two weeks ahead, on
    the hall's working days, within the window's places, and within the
    limits per identity document and phone."""
    hall_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    item_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    window_id = fields.Integer(load_default=None, allow_none=True,
                               validate=validate.Range(1, 2**31 - 1), metadata={
                                   'description': 'Default: the window that '
                                   'takes the item\'s appointments.'})
    day = fields.Date(required=True)
    half_day = fields.String(required=True, validate=validate.OneOf(
        [value for value, _ in models.HALF_DAYS]))


class BookedAppointment(Appointment):
    """An appointment; the applicant's `code` (scanned at the kiosk) and
    its page `follow_url` only in the answer that booked it."""
    code = fields.String(metadata={'description': 'Only when booked.'})
    follow_url = fields.String(metadata={'description': 'Only when booked.'})
