"""The writes of /api/v1: requests for help (线上帮办), queue tickets and
appointments.

A write needs a client with read and write access (ApiClient.may), for a
hall of its scope. Every write is audited with the client as its author;
a refusal by a rule is a 422 problem whose detail is the rule's reason.
With an `Idempotency-Key` header, a call sent again (a retry after a lost
answer) gets the first call's answer and changes nothing."""
import json
import re
from http import HTTPStatus

from flask import current_app, g, request
from flask_babel import force_locale

import models
from web import applicant_link

from . import problems, schemas
from .problems import Problem
from .resources import (
    allowed, appointment_document, bp, documented, of_halls_or_404,
    ticket_document,
)

IDEMPOTENCY_KEY = re.compile(r'[A-Za-z0-9_.:-]{1,64}')
WRITE_ERRORS = ('FORBIDDEN', 'CONFLICT', 'UNPROCESSABLE_ENTITY')


def writes(view):
    """A write also answers 403 (read-only client), 409 (a key reused for
    another call) and 422 (a rule refused it) as problems."""
    for name in WRITE_ERRORS:
        view = bp.alt_response(HTTPStatus[name], response=name)(view)
    return documented(view)


def write_route(path, arguments, answer, again):
    """A write's route: its body, its answer (201), the first answer again
    (200, `again` says what it means) for a repeated Idempotency-Key, and
    its problems."""
    def route(view):
        for decorate in reversed((
                bp.route(path, methods=['POST']), bp.arguments(arguments),
                bp.response(201, answer),
                bp.alt_response(200, schema=answer, description=again),
                writes)):
            view = decorate(view)
        return view
    return route


def may_write(allowed, hall_id):
    """The hall of the write, if the client may write (`allowed`, its
    ApiClient.may answer) and may write there."""
    if not allowed:
        raise Problem(403, 'out_of_scope')
    if hall_id not in g.api_halls:
        raise Problem(404, 'not_found')
    limit, seconds = current_app.config['API_WRITE_LIMIT']
    if not models.RateHit.allow('api-write:%d' % g.api_client.id, limit,
                                seconds):
        raise Problem(429, 'rate_limited')
    return models.Hall.get_by_id(hall_id)


def record_of(model, record_id, hall):
    """A record of the hall by id, or 404."""
    if record_id is None:
        return None
    found = model.get_or_none(model.id == record_id)
    hall_id = getattr(found, 'hall_id', None)
    if found is None or (hall_id is not None and hall_id != hall.id):
        raise Problem(404, 'not_found')
    return found


def refused(error):
    """A rule's refusal, as a 422 problem with its reason."""
    return Problem(422, 'refused', detail=getattr(error, 'message', error))


def audited(action, model, record, hall_id, **facts):
    """The audit entry of a write: the client is its author."""
    client = g.api_client
    models.AuditLog.record(None, action, model, record.id, after=dict(
        facts, api_client=client.id, api_client_name=client.name),
        hall=hall_id)


def once(name, write, schema):
    """Run `write` (which returns the answer's document) once per
    Idempotency-Key of this client; the key is claimed in the write's own
    transaction, so a refused write leaves it free. Returns (document,
    201), or the first answer again (200) for a repeated key."""
    key = request.headers.get('Idempotency-Key')
    if key is None:
        with models.write_transaction():
            return write(), 201
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise Problem(400, 'invalid_parameter', errors={
            'headers': {'Idempotency-Key': ['1 to 64 letters, digits or _.:-']}})
    client = g.api_client
    stored = models.digest('api:%d:%s' % (client.id, key))
    action = 'api:%d:%s' % (client.id, name)
    with models.write_transaction():
        earlier = models.ActionKey.claim(
            stored, action, max_age=current_app.config['ACTION_KEY_MAX_AGE'])
        if earlier is None:
            document = write()
            # Kept with the key (at most ACTION_KEY_MAX_AGE): the answer to
            # send again, follow-up code included.
            models.ActionKey.settle(stored, json.dumps(
                schema().dump(document), ensure_ascii=False))
            return document, 201
    if not earlier.same_sender(action) or not earlier.result:
        raise Problem(409, 'idempotency_conflict')
    return current_app.response_class(earlier.result, status=200,
                                      mimetype='application/json')


# -- requests -----------------------------------------------------------------

def request_document(found, code=None):
    full = g.api_client.personal_data
    with force_locale(problems.locale()):
        document = dict(
            id=found.id, hall_id=found.hall_id, channel=found.channel,
            status=found.status, status_label=str(found.status_label),
            matter=found.matter, item_id=found.item_id,
            bundle_id=found.bundle_id,
            name=found.name if full else found.masked_name,
            id_number=found.id_number if full else found.masked_id,
            phone=found.phone if full else found.masked_phone,
            masked=not full, preferred_day=found.preferred_day,
            preferred_half_day=found.preferred_half_day,
            received_at=found.received_at,
            first_contact_at=found.first_contact_at, case_id=found.case_id,
            appointment_id=found.appointment_id, refer_to=found.refer_to,
            steps=[dict(at=step.at, action=step.action,
                        action_label=str(step.action_label), note='')
                   for step in found.steps()])
    if code is not None:
        document['code'] = code
        document['follow_url'] = applicant_link('public.request_status',
                                                code=code)
    return document


@write_route('/requests', schemas.RequestIn, schemas.Request,
             'The same Idempotency-Key again: the first '
             'answer, nothing created.')
def create_request(args):
    """Send an online or hotline request to a hall: it lands in the hall's
    request list, where an agent accepts it, calls the applicant back and
    turns it into a case or an appointment, or declines it with a referral.
    Needs read and write access. Send an `Idempotency-Key` header to make a
    retry safe. The answer holds the applicant's follow-up code, once."""
    hall = may_write(g.api_client.may('send_requests'), args['hall_id'])
    item = record_of(models.Item, args['item_id'], hall)
    bundle = record_of(models.Bundle, args['bundle_id'], hall)

    def write():
        try:
            found, code = models.ServiceRequest.receive(
                hall, args['channel'], args['name'], args['id_type'],
                args['id_number'], args['phone'], item=item, bundle=bundle,
                matter=args['matter'], preferred_day=args['preferred_day'],
                preferred_half_day=args['preferred_half_day'],
                notes=args['notes'], nationality=args['nationality'],
                client=g.api_client)
        except models.DomainError as error:
            raise refused(error)
        audited('create', 'ServiceRequest', found, hall.id,
                channel=found.channel, matter=found.matter)
        return request_document(found, code)

    return once('requests', write, schemas.Request)


@bp.route('/requests/<id:request_id>')
@bp.response(200, schemas.Request)
@documented
def service_request(request_id):
    """A request: its status, its steps and the case or appointment it
    became (staff notes are not included)."""
    allowed('see_cases')
    return request_document(of_halls_or_404(models.ServiceRequest, request_id))


# -- tickets ------------------------------------------------------------------

@write_route('/tickets', schemas.TicketIn, schemas.Ticket,
             'The same Idempotency-Key again: the first '
             'ticket, no new one.')
def issue_ticket(args):
    """Issue a walk-in ticket at a window of a hall, or at the window that
    serves an item now, numbered as the kiosk numbers them. Needs read and
    write access; read its status at /tickets/{ticket_id}."""
    hall = may_write(g.api_client.may('issue_tickets'), args['hall_id'])
    window = record_of(models.Window, args['window_id'], hall)
    item = record_of(models.Item, args['item_id'], hall)

    def write():
        try:
            ticket = models.Ticket.issue_in(hall, window=window, item=item)
        except models.DomainError as error:
            raise refused(error)
        audited('create', 'Ticket', ticket, hall.id, label=ticket.label,
                window=ticket.window_id)
        return ticket_document(ticket)

    return once('tickets', write, schemas.Ticket)


# -- appointments -------------------------------------------------------------

@write_route('/appointments', schemas.AppointmentIn, schemas.BookedAppointment,
             'The same Idempotency-Key again: the first '
             'answer, nothing booked.')
def book_appointment(args):
    """Book an appointment for an item at a hall, by the same rules as the
    public booking page (Appointment.book): capacity, working days, the
    window's items, the item's eligibility and the limits per identity
    document and phone. Needs read and write access. Send an
    `Idempotency-Key` header to make a retry safe. The answer holds the
    applicant's appointment code and page, once."""
    hall = may_write(g.api_client.may('book_appointments'), args['hall_id'])
    item = record_of(models.Item, args['item_id'], hall)
    window = record_of(models.Window, args['window_id'], hall)

    def write():
        try:
            booker = models.Appointment.booker(
                args['name'], args['id_type'], args['id_number'],
                args['phone'], nationality=args['nationality'])
            appointment, code = models.Appointment.book(
                window or hall.window_for(item), item, args['day'],
                args['half_day'], booker,
                limits=current_app.config['BOOKING_LIMITS'])
        except models.DomainError as error:
            raise refused(error)
        audited('create', 'Appointment', appointment, hall.id,
                day=appointment.day, half_day=appointment.half_day,
                item=item.id)
        return dict(appointment_document(appointment), code=code,
                    follow_url=applicant_link('public.appointment', code=code))

    return once('appointments', write, schemas.BookedAppointment)
