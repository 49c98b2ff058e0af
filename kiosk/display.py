"""The hall's call screen (叫号屏): who is called to which window, spoken aloud.

The screen runs unattended on a wall and polls `calls.json` every second.
Every gunicorn worker answers from the database, so a call made at any desk
shows on every screen. No names are shown: ticket numbers only.
"""

import datetime
import io

from flask import abort, jsonify, render_template, request, send_file, url_for
from peewee import fn

import bilingual
import models
import web
from prepared import Prepared
from store import UnchangedCache

from . import display_bp as bp

# Announcements are in Mandarin whatever language the screen shows: they are
# spoken by the browser's zh-CN voice to the people in the hall.
ANNOUNCEMENT = '请{ticket}号到{window}号窗口办理'

RECENT_CALLS = 8
# A screen that was offline does not read out a backlog of old calls.
ANNOUNCE_WITHIN_SECONDS = 30


def announcement(ticket_label, window_number):
    """The sentence the hall hears for a call."""
    return ANNOUNCEMENT.format(ticket=ticket_label, window=window_number)


def hall_or_404(code):
    """The hall a screen belongs to, by its public code."""
    hall = _READS.fetch(('hall', code), lambda: _HALL.first(models.db, code) or False)
    if not hall:
        abort(404)
    return hall


# Every screen of a hall polls once a second, and most polls come between
# two changes: what they read is kept until anything in the database
# changes (store.UnchangedCache), so a poll then costs one PRAGMA.
_READS = UnchangedCache()


# Every screen asks once a second: the SQL of its queries is written once a
# process (prepared.Prepared), the values of each poll put in.
SAMPLE_HALL, SAMPLE_DAY = -7000002, datetime.date(1901, 1, 2)
_HALL = Prepared(lambda code: models.Hall.select()
                 .where(models.Hall.code == code).limit(1), 'sample:hall-code')
_WINDOWS = Prepared(lambda hall: (
    models.Window.select(models.Window.id, models.Window.number,
                         models.Window.name, models.Window.name_mn)
    .where(models.Window.hall == hall, models.Window.is_open == True)  # noqa: E712
    .order_by(models.Window.number).tuples()), SAMPLE_HALL)


def _of_day(hall, day):
    return (models.Ticket.hall == hall) & (models.Ticket.day == day)


_WAITING = Prepared(lambda hall, day: (
    models.Ticket.select(models.Ticket.window, fn.COUNT(models.Ticket.id))
    .where(_of_day(hall, day), models.Ticket.status == 'waiting')
    .group_by(models.Ticket.window).tuples()), SAMPLE_HALL, SAMPLE_DAY)
_AT_WINDOWS = Prepared(lambda hall, day: (
    models.Ticket.select(models.Ticket.window, models.Ticket.prefix,
                         models.Ticket.number, models.Ticket.status,
                         models.Ticket.called_at)
    .where(_of_day(hall, day), models.Ticket.status.in_(('called', 'serving')))
    .order_by(models.Ticket.called_at)), SAMPLE_HALL, SAMPLE_DAY)
_RECENT_CALLS = Prepared(lambda hall, day, limit: (
    models.TicketEvent
    .select(models.TicketEvent.id, models.TicketEvent.action,
            models.TicketEvent.at, models.Ticket.prefix,
            models.Ticket.number, models.Window.id, models.Window.number,
            models.Window.name, models.Window.name_mn)
    .join(models.Ticket)
    .switch(models.TicketEvent)
    .join(models.Window)
    .where(_of_day(hall, day),
           models.TicketEvent.action.in_(('call', 'recall')))
    .order_by(models.TicketEvent.id.desc())
    .limit(limit)), SAMPLE_HALL, SAMPLE_DAY, 7000003)


def board(hall):
    """What the screen shows: windows with their current ticket and waiting
    count, and the latest calls, newest first. Four indexed queries, whose
    cost does not grow with the queue: waiting tickets are counted by the
    database, and only called or served ones are read (and, in a bilingual
    hall, one for its recorded clips)."""
    today = models.today()
    windows, calls = _READS.fetch(('board', hall.id, today),
                                  lambda: _read_board(hall, today))
    recorded = recorded_clips(hall)
    # Whether a call is still to be read out depends on the time: worked
    # out for each poll.
    now = models.now()
    return ([dict(window) for window in windows],
            [dict(call, fresh=(now - at).total_seconds() <= ANNOUNCE_WITHIN_SECONDS,
                  clips=clip_addresses(hall, recorded, call))
             for at, call in calls])


def recorded_clips(hall):
    """{key: digest} of the Mongolian clips a bilingual hall recorded for
    its call (models.CallClip); none elsewhere."""
    if not hall.bilingual_mongolian:
        return {}
    return _READS.fetch(('clips', hall.id),
                        lambda: models.CallClip.recorded(hall.id))


def clip_address(hall, key, digest):
    """A clip's address: it names the recording's digest, so a new
    recording is a new address and a kept one never goes stale."""
    return url_for('display.clip', code=hall.code, key=key, v=digest[:16])


def clip_addresses(hall, recorded, call):
    """The addresses of the clips that say a call in Mongolian, in order;
    None when one it needs is not recorded (it is said in Mandarin)."""
    keys = models.CallClip.sequence(recorded, call['ticket'], call['window'],
                                    call['window_id'])
    if keys is None:
        return None
    return [clip_address(hall, key, recorded[key]) for key in keys]


def _read_board(hall, today):
    windows = {id_: dict(number=number, name=name, name_mn=name_mn,
                         current=None, status=None, waiting=0)
               for id_, number, name, name_mn in _WINDOWS(models.db, hall.id)}
    for window_id, count in _WAITING(models.db, hall.id, today):
        if window_id in windows:  # a closed window is not on the screen
            windows[window_id]['waiting'] = count
    for ticket in _AT_WINDOWS.cursor(models.db, hall.id, today):
        window = windows.get(ticket.window_id)
        if window is not None:  # the most recently called one wins
            window['current'], window['status'] = ticket.label, ticket.status
    return list(windows.values()), _recent_calls(hall, today)


def recent_calls(hall, day, limit=RECENT_CALLS):
    """The latest calls and recalls in the hall today, newest first."""
    now = models.now()
    recorded = recorded_clips(hall)
    return [dict(call, fresh=(now - at).total_seconds() <= ANNOUNCE_WITHIN_SECONDS,
                 clips=clip_addresses(hall, recorded, call))
            for at, call in _recent_calls(hall, day, limit)]


def _recent_calls(hall, day, limit=RECENT_CALLS):
    """(time, call) of the latest calls, without what depends on the time."""
    calls = []
    for event in _RECENT_CALLS.cursor(models.db, hall.id, day, limit):
        ticket, window = event.ticket, event.window
        calls.append((event.at, dict(
            id=event.id, ticket=ticket.label, window=window.number,
            window_id=window.id,
            window_name=window.name, window_name_mn=window.name_mn,
            recall=event.action == 'recall',
            at=event.at.strftime('%H:%M'),
            speech=announcement(ticket.label, window.number))))
    return calls


@bp.route('/<code>')
@web.read_limited()
def screen(code):
    """The call screen of a hall, for its wall display (public)."""
    hall = hall_or_404(code)
    bilingual.use(hall)
    windows, calls = board(hall)
    recorded = recorded_clips(hall)
    return render_template('display/screen.html', hall=hall, windows=windows,
                           calls=calls, clips=[clip_address(hall, key, digest)
                                               for key, digest in sorted(recorded.items())],
                           recorded_call=models.CallClip.complete(recorded))


@bp.route('/<code>/calls.json')
@web.read_limited('DISPLAY_POLL_LIMIT')
def calls_json(code):
    """The screen's state, polled every second."""
    hall = hall_or_404(code)
    windows, calls = board(hall)
    # The screen's clock runs on the hall's time from here, not its own.
    response = jsonify(hall=hall.code, windows=windows, calls=calls,
                       mongolian_call=hall.mongolian_call,
                       clock=models.now().isoformat())
    response.headers['Cache-Control'] = 'no-store'
    return response


@bp.route('/<code>/clip/<key>')
@web.read_limited()
def clip(code, key):
    """One recorded piece of a bilingual hall's Mongolian call (public, as
    the screen is). Kept for good under the address of its digest."""
    hall = hall_or_404(code)
    if not hall.bilingual_mongolian:
        abort(404)
    found = models.CallClip.get_or_none(models.CallClip.hall == hall.id,
                                        models.CallClip.key == key)
    if found is None:
        abort(404)
    response = send_file(io.BytesIO(bytes(found.data)),
                         mimetype=found.content_type, conditional=True,
                         etag=found.digest, last_modified=found.uploaded_at)
    response.headers['Cache-Control'] = (
        'public, max-age=31536000, immutable'
        if request.args.get('v') == found.digest[:16] else 'no-cache')
    response.headers['X-Content-Type-Options'] = 'nosniff'
    return response
