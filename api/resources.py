"""The read resources of /api/v1, each scoped to the client's halls:
another hall's record is a 404, as a record that does not exist."""
import datetime
import logging
from http import HTTPStatus

from flask import g, request, url_for
from flask_babel import force_locale
from flask_smorest import Blueprint

import alerts
import history
import models
import reports
from kiosk.display import board

from . import problems, schemas
from .problems import Problem

log = logging.getLogger('api')
bp = Blueprint('api_v1', __name__, url_prefix='/api/v1',
               description='The halls, catalogue, queues, cases, tickets, requests, '
               'appointments, alerts and monthly statistics of the client\'s '
               'halls.')
ERRORS = ('UNAUTHORIZED', 'NOT_FOUND', 'TOO_MANY_REQUESTS')


def documented(view):
    """Every resource answers 401, 404 and 429 as problems."""
    for name in ERRORS:
        view = bp.alt_response(HTTPStatus[name],
                               response=name)(view)
    return view


@bp.before_request
def authenticate():
    """The client of the request's bearer token; a missing, unknown or
    revoked token is refused before anything is read."""
    header = request.headers.get('Authorization', '')
    scheme, _, token = header.partition(' ')
    if scheme.lower() != 'bearer' or not token.strip():
        raise Problem(401, 'token_missing')
    client = models.ApiClient.by_token(token.strip())
    if client is None:
        raise Problem(401, 'token_invalid')
    if client.is_revoked:
        raise Problem(401, 'token_revoked')
    g.api_client, g.api_halls = client, client.hall_ids()


@bp.after_request
def log_read(response):
    """Reads go to the application log, never to the database."""
    client = g.get('api_client')
    log.info('api client=%s %s %s %s', client.id if client else '-',
             request.method, request.full_path.rstrip('?'), response.status_code)
    return response


def allowed(permission):
    if not g.api_client.may(permission):
        raise Problem(403, 'out_of_scope')


def hall_or_404(hall_id, permission='read_hall'):
    """A hall of the client's scope, else 404 (as one that does not exist)."""
    allowed(permission)
    if hall_id not in g.api_halls:
        raise Problem(404, 'not_found')
    return models.Hall.get_by_id(hall_id)


def page(query, model, args, serialise, **values):
    """One page of a query, by id after the cursor: one query however
    long the list, and the next page's address if there is one."""
    rows = list(query.where(model.id > args['after'])
                .order_by(model.id).limit(args['limit'] + 1))
    more = len(rows) > args['limit']
    rows = rows[:args['limit']]
    following = None
    if more:
        following = url_for(request.endpoint, **dict(
            request.view_args, **values, limit=args['limit'], after=rows[-1].id))
    return {'items': [serialise(row) for row in rows], 'next': following}


def hall_document(hall):
    return dict(hall.__data__, parent_id=hall.parent_id)


@bp.route('/halls')
@bp.arguments(schemas.PageArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Hall, 'HallPage'))
@documented
def halls(args):
    """The halls this client may read."""
    allowed('read_hall')
    query = models.Hall.select().where(models.Hall.id.in_(g.api_halls))
    return page(query, models.Hall, args, hall_document)


@bp.route('/halls/<id:hall_id>')
@bp.response(200, schemas.Hall)
@documented
def hall(hall_id):
    """One hall."""
    return hall_document(hall_or_404(hall_id))


@bp.route('/halls/<id:hall_id>/departments')
@bp.arguments(schemas.PageArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Department, 'DepartmentPage'))
@documented
def departments(args, hall_id):
    """The departments stationed in a hall."""
    hall = hall_or_404(hall_id)
    query = models.Department.select().where(
        models.Department.id.in_(hall._stationed()))
    return page(query, models.Department, args, lambda d: d.__data__)


@bp.route('/halls/<id:hall_id>/items')
@bp.arguments(schemas.PageArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Item, 'ItemPage'))
@documented
def items(args, hall_id):
    """The catalogue items the hall handles itself (Hall.offers)."""
    hall = hall_or_404(hall_id)
    return page(hall.offered_items(), models.Item, args, lambda item: dict(
        item.__data__, department_id=item.department_id,
        service_forms=item.service_forms))


@bp.route('/halls/<id:hall_id>/bundles')
@bp.arguments(schemas.PageArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Bundle, 'BundlePage'))
@documented
def bundles(args, hall_id):
    """The 一件事 bundles whose lead department is stationed in the hall."""
    hall = hall_or_404(hall_id)
    query = models.Bundle.select().where(
        models.Bundle.is_active == True,  # noqa: E712
        models.Bundle.lead_department.in_(hall._stationed()))
    return page(query, models.Bundle, args, lambda b: dict(
        b.__data__, lead_department_id=b.lead_department_id))


@bp.route('/halls/<id:hall_id>/windows')
@bp.arguments(schemas.PageArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Window, 'WindowPage'))
@documented
def windows(args, hall_id):
    """The hall's windows."""
    hall = hall_or_404(hall_id)
    query = models.Window.select().where(models.Window.hall == hall)
    return page(query, models.Window, args, lambda w: dict(
        w.__data__, department_id=w.department_id))


@bp.route('/halls/<id:hall_id>/queue')
@bp.response(200, schemas.Queue)
@documented
def queue(hall_id):
    """The queue now: each open window's current ticket and how many wait,
    as the hall's call screen shows it."""
    hall = hall_or_404(hall_id)
    windows_now, _calls = board(hall)
    return {'day': models.today(), 'windows': windows_now}


def applicant_document(applicant):
    """The applicant, masked unless the client may read personal data."""
    full = g.api_client.personal_data
    return {'kind': applicant.kind, 'id_type': applicant.id_type,
            'id_number': applicant.id_number if full else applicant.masked_id,
            'name': applicant.name if full else applicant.masked_name,
            'phone': applicant.phone if full else applicant.masked_phone,
            'masked': not full}


def case_document(case):
    with force_locale(problems.locale()):
        return dict(case.__data__, hall_id=case.hall_id,
                    status_label=str(case.status_label),
                    applicant=applicant_document(case.applicant))


def cases_of(hall_ids):
    return (models.Case.select(models.Case, models.Applicant)
            .join(models.Applicant)
            .where(models.Case.hall.in_(hall_ids)))


@bp.route('/halls/<id:hall_id>/cases')
@bp.arguments(schemas.PageArgs, location='query')
@bp.response(200, schemas.page_of(schemas.CaseSummary, 'CasePage'))
@documented
def cases(args, hall_id):
    """The hall's cases, oldest first."""
    hall = hall_or_404(hall_id, 'see_cases')
    return page(cases_of([hall.id]), models.Case, args, case_document)


@bp.route('/cases/<id:case_id>')
@bp.response(200, schemas.Case)
@documented
def case(case_id):
    """A case: its status and its history, told in the language of
    Accept-Language (Chinese by default); staff notes are not included."""
    allowed('see_cases')
    found = cases_of(g.api_halls).where(models.Case.id == case_id).first()
    if found is None:
        raise Problem(404, 'not_found')
    events = list(models.CaseEvent.select()
                  .where(models.CaseEvent.case == found.id)
                  .order_by(models.CaseEvent.at, models.CaseEvent.id))
    document = case_document(found)
    with force_locale(problems.locale()):
        document['events'] = [dict(
            at=event.at, action=event.action,
            action_label=str(event.action_label),
            from_status=event.from_status, to_status=event.to_status,
            told=history.told(event)) for event in events]
    return document


def ticket_document(ticket):
    # Every column, those a new ticket has not set yet (None) included.
    return dict(dict.fromkeys(models.Ticket._meta.fields), **ticket.__data__,
                label=ticket.label, hall_id=ticket.hall_id,
                window_id=ticket.window_id, case_id=ticket.case_id)


@bp.route('/halls/<id:hall_id>/tickets')
@bp.arguments(schemas.DayArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Ticket, 'TicketPage'))
@documented
def tickets(args, hall_id):
    """The hall's tickets of a day (today by default)."""
    hall = hall_or_404(hall_id, 'see_cases')
    day = args['day'] or models.today()
    query = models.Ticket.select().where(models.Ticket.hall == hall,
                                         models.Ticket.day == day)
    return page(query, models.Ticket, args, ticket_document,
                **({'day': day.isoformat()} if args['day'] else {}))


@bp.route('/tickets/<id:ticket_id>')
@bp.response(200, schemas.Ticket)
@documented
def ticket(ticket_id):
    """A ticket's status."""
    allowed('see_cases')
    return ticket_document(of_halls_or_404(models.Ticket, ticket_id))


def of_halls_or_404(model, record_id):
    """A record of one of the client's halls by id, else 404 (as one that
    does not exist)."""
    found = (model.select()
             .where(model.id == record_id, model.hall.in_(g.api_halls))
             .first())
    if found is None:
        raise Problem(404, 'not_found')
    return found


def appointment_document(appointment):
    full = g.api_client.personal_data
    return dict(appointment.__data__, hall_id=appointment.hall_id,
                item_id=appointment.item_id, window_id=appointment.window_id,
                name=appointment.name if full else appointment.masked_name,
                id_number=appointment.id_masked,
                phone=appointment.phone if full else appointment.masked_phone,
                masked=not full)


@bp.route('/halls/<id:hall_id>/appointments')
@bp.arguments(schemas.DayArgs, location='query')
@bp.response(200, schemas.page_of(schemas.Appointment, 'AppointmentPage'))
@documented
def appointments(args, hall_id):
    """The hall's appointments of a day (today by default)."""
    hall = hall_or_404(hall_id, 'see_cases')
    day = args['day'] or models.today()
    query = models.Appointment.select().where(
        models.Appointment.hall == hall, models.Appointment.day == day)
    return page(query, models.Appointment, args, appointment_document,
                **({'day': day.isoformat()} if args['day'] else {}))


@bp.route('/appointments/<id:appointment_id>')
@bp.response(200, schemas.Appointment)
@documented
def appointment(appointment_id):
    """An appointment's status."""
    allowed('see_cases')
    return appointment_document(of_halls_or_404(models.Appointment,
                                                appointment_id))


def statistics_row(row):
    return {'unit_id': row.unit.id if row.unit else None,
            'unit': str(row.unit) if row.unit else '',
            **{name: getattr(row, name) for name in reports.STATISTICS},
            'accepted': row.accepted, 'satisfaction': row.satisfaction}


@bp.route('/halls/<id:hall_id>/statistics/<int:year>/<int:month>')
@bp.response(200, schemas.Statistics)
@documented
def statistics(hall_id, year, month):
    """The 附件8 monthly statistics of a hall, by department, for cases
    registered in the month (reports.monthly_statistics)."""
    hall = hall_or_404(hall_id)
    try:
        first = datetime.date(year, month, 1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - \
            datetime.timedelta(days=1)
    except (ValueError, OverflowError):
        raise Problem(404, 'not_found') from None
    rows, total = reports.monthly_statistics([hall.id], first, last,
                                             by='department')
    return {'hall_id': hall.id, 'month': first.strftime('%Y-%m'),
            'rows': [statistics_row(row) for row in rows],
            'total': statistics_row(total)}


def alert_document(row):
    found, ack = row
    rule = alerts.RULES[found.rule]
    with force_locale(problems.locale()):
        return {'kind': found.rule, 'kind_label': str(rule.label),
                'hall_id': found.hall_id, 'subject': found.subject,
                'about': found.about, 'figure': found.figure,
                'figure_label': str(rule.say(found.figure)),
                'acknowledged': ack is not None,
                'acknowledged_at': ack.at if ack else None,
                'acknowledged_by': ack.user.name if ack else None,
                'portal_url': url_for(found.endpoint, **found.args)}


@bp.route('/alerts')
@bp.arguments(schemas.AlertArgs, location='query')
@bp.response(200, schemas.AlertPage)
@documented
def alert_list(args):
    """The alerts (预警) of the client's halls now, or of one hall or one
    rule: the same alerts, in the same order (those not acknowledged today
    first), as the portal's alert list."""
    allowed('read_hall')
    hall_ids = g.api_halls
    if args['hall_id'] is not None:
        hall_ids = [hall_or_404(args['hall_id']).id]
    rules = [alerts.RULES[args['kind']]] if args['kind'] else None
    rows = alerts.listed(hall_ids, rules=rules) if hall_ids else []
    start, limit = args['start'], args['limit']
    following = None
    if start + limit < len(rows):
        wanted = {name: args[name] for name in ('hall_id', 'kind')
                  if args[name] is not None}
        following = url_for(request.endpoint, **wanted, limit=limit,
                            start=start + limit)
    return {'items': [alert_document(row) for row in rows[start:start + limit]],
            'next': following, 'total': len(rows),
            'open': sum(1 for _alert, ack in rows if ack is None)}
