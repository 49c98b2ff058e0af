"""The window desk (窗口叫号): an agent calls, serves and finishes queue tickets.

Agents open the windows of their AB posts; hall managers and city staff any
window of the halls they oversee. Supervisors do not use the desk: it changes
the queue, and they only read statistics. Every action is a POST that states
what the page showed, so a double click or a stale page changes nothing.
"""
import contextlib
import datetime

from flask import abort, flash, g, jsonify, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _, ngettext
from markupsafe import Markup
from i18n import lazy_gettext as _l
from peewee import JOIN, fn

import models
from action_keys import once

from . import auth
from .base import PortalView

ACTIONS = ('recall', 'serve', 'finish', 'no_show', 'transfer')


def init_app(app, admin):
    """Add the desk to the portal (menu entry and the `desk` blueprint)."""
    admin.add_view(DeskView(name=_l('Window desk'), endpoint='desk',
                            url='/portal/desk'))
    app.jinja_env.globals['uncovered_posts'] = uncovered_posts


def uncovered_posts(hall=None):
    """For the hall's managers: the AB posts whose A is away with no B on
    duty (models.Post.uncovered), in their halls or in one of them."""
    if not auth.may('manage_hall'):
        return []
    halls = auth.scope()
    if hall is not None:
        halls = [hall.id] if hall.id in halls else []
    return list(models.Post.uncovered(halls)) if halls else []


def state_token(ticket):
    """What a form says it saw of a ticket; any change makes it stale."""
    return '%s:%d' % (ticket.status, ticket.recalls)


def queue(window):
    """The waiting tickets with their cases' item, form and green channel."""
    return (models.Ticket.queue(window)
            .select_extend(models.Case.id, models.Case.item_name,
                           models.Case.service_form, models.Case.green_reason)
            .join(models.Case, JOIN.LEFT_OUTER))


def ticket_row(ticket):
    """A ticket as the desk's JSON and templates show it."""
    case = ticket.case if ticket.case_id else None
    return dict(
        id=ticket.id, label=ticket.label, status=ticket.status,
        status_label=str(ticket.status_label), recalls=ticket.recalls,
        state=state_token(ticket), issued_at=ticket.issued_at.strftime('%H:%M'),
        green=ticket.priority >= models.PRIORITY_GREEN or bool(
            case and case.green_reason),
        appointment=ticket.kind == 'appointment',
        # Walk-ins are the rule; an appointment or a transfer is named.
        kind=ticket.kind,
        kind_label=str(ticket.kind_label) if ticket.kind != 'walk_in' else '',
        case_id=case.id if case else None,
        case_url='/portal/cases/%d' % case.id if case else None,
        item=case.item_name if case else '',
        service_form=str(case.service_form_label) if case else '')


@contextlib.contextmanager
def serialised(window):
    """Run desk actions at one window one at a time, across all workers."""
    with models.write_transaction():  # SQLite: the write lock, taken now
        if models.db.obj.for_update:  # PostgreSQL: the window's row lock
            (models.Window.select(models.Window.id)
             .where(models.Window.id == window.id)
             .for_update()
             .execute())
        yield


def my_posts(user):
    """The AB posts where the user is A or B."""
    agent = models.Agent.get_or_none(models.Agent.user == user)
    if agent is None:
        return None, []
    posts = (models.Post.select()
             .where((models.Post.agent_a == agent) |
                    (models.Post.agent_b == agent))
             .order_by(models.Post.name))
    return agent, list(posts)


def covering(agent, posts, with_queue=True):
    """The posts where I am B and cover for A now, each with the waiting
    tickets of A's window and the cases handed to me: [(post, queue, cases)]."""
    mine = [p for p in posts if agent is not None and p.agent_b_id == agent.id
            and p.a_away and not p.b_away]
    handed = {p.id: [case_id for case_id, _ in p.covered_cases()] for p in mine}
    ids = [case_id for found in handed.values() for case_id in found]
    cases = {case.id: case for case in (
        models.Case.select(models.Case.id, models.Case.number,
                           models.Case.item_name, models.Case.status,
                           models.Case.due_date)
        .where(models.Case.id.in_(ids)))} if ids else {}
    return [(post,
             [ticket_row(t) for t in queue(post.window)]
             if with_queue and post.window_id else [],
             [cases[i] for i in handed[post.id] if i in cases])
            for post in mine]


def told_away(post, agent, away, cover):
    """What the desk says after marking away or back: who has the cases."""
    if cover is None:  # a second click: it was already so
        return ((_('You are marked away from %(post)s.', post=post.name), 'info')
                if away else
                (_('You are back at %(post)s.', post=post.name), 'success'))
    if agent.id == post.agent_a_id and away and post.on_duty() is None:
        return (_('You are marked away from %(post)s, but nobody covers it: B '
                  'is away or not named. The hall\'s managers are alerted.',
                  post=post.name), 'warning')
    if agent.id == post.agent_a_id and away:
        return (ngettext('You are marked away from %(post)s. %(b)s now has your '
                         '%(num)d open case and your window\'s queue.',
                         'You are marked away from %(post)s. %(b)s now has your '
                         '%(num)d open cases and your window\'s queue.',
                         len(cover.handed), post=post.name,
                         b=post.agent_b.name), 'info')
    if agent.id == post.agent_a_id:
        message = ngettext('You are back at %(post)s. %(num)d case came back '
                           'to you.', 'You are back at %(post)s. %(num)d cases '
                           'came back to you.', len(cover.returned),
                           post=post.name)
        if cover.kept:  # a sentence of its own: languages join them apart
            message = Markup('{}<br>{}').format(message, ngettext(
                '%(num)d stays with %(b)s, who acted on it while you were away.',
                '%(num)d stay with %(b)s, who acted on them while you were away.',
                len(cover.kept), b=post.agent_b.name))
        return message, 'success'
    if away:
        return _('You are marked away from %(post)s.', post=post.name), 'info'
    if cover.handed:
        return (ngettext('You are back at %(post)s and cover for %(a)s: '
                         '%(num)d case passed to you.',
                         'You are back at %(post)s and cover for %(a)s: '
                         '%(num)d cases passed to you.', len(cover.handed),
                         post=post.name, a=post.agent_a.name), 'success')
    return _('You are back at %(post)s.', post=post.name), 'success'


class DeskView(PortalView):
    """The desk pages: choose a window, then work its queue."""
    permission = 'work_desk'

    def is_visible(self):
        return self.is_accessible()

    def window_or_404(self, window_id):
        """A window the user may serve at; anything else does not exist."""
        window = (models.Window.at_desk_of(g.user)
                  .where(models.Window.id == window_id)
                  .first())
        if window is None:
            abort(404)
        return window

    def back(self, window):
        return redirect(url_for('.window', window_id=window.id))

    @expose('/')
    def index(self):
        """Pick the window to work at today."""
        windows = list(models.Window.at_desk_of(g.user))
        waiting = dict(models.Ticket
                       .select(models.Ticket.window, fn.COUNT(models.Ticket.id))
                       .where(models.Ticket.window.in_([w.id for w in windows]),
                              models.Ticket.day == models.today(),
                              models.Ticket.status == 'waiting')
                       .group_by(models.Ticket.window)
                       .tuples())
        agent, posts = my_posts(g.user)
        return self.render('portal/desk/index.html', windows=windows,
                           waiting=waiting, agent=agent, posts=posts,
                           covering=covering(agent, posts))

    @expose('/<int:window_id>')
    def window(self, window_id):
        """The desk of one window: my open tickets, the queue, the actions."""
        window = self.window_or_404(window_id)
        agent, posts = my_posts(g.user)
        others = (window.hall.windows
                  .where(models.Window.is_open == True,  # noqa: E712
                         models.Window.id != window.id)
                  .order_by(models.Window.number))
        mine = [ticket_row(t) for t in models.Ticket.open_at(window, g.user)]
        return self.render(
            'portal/desk/window.html', window=window, mine=mine,
            queue=[ticket_row(t) for t in queue(window)], others=others,
            colleagues=[ticket_row(t) for t in models.Ticket.open_at(window)
                        if t.called_by_id != g.user.id],
            agent=agent, posts=[p for p in posts if p.window_id == window.id],
            covering=covering(agent, [p for p in posts
                                      if p.window_id == window.id],
                              with_queue=False),
            stamp=','.join(t['state'] + '#%d' % t['id'] for t in mine),
            max_recalls=models.Ticket.MAX_RECALLS)

    @expose('/<int:window_id>/state.json')
    def state(self, window_id):
        """The queue and my open tickets, polled by the desk page."""
        window = self.window_or_404(window_id)
        mine = [ticket_row(t) for t in models.Ticket.open_at(window, g.user)]
        response = jsonify(
            window=window.number, queue=[ticket_row(t) for t in queue(window)],
            stamp=','.join(t['state'] + '#%d' % t['id'] for t in mine))
        response.headers['Cache-Control'] = 'no-store'
        return response

    @expose('/<int:window_id>/call', methods=['POST'])
    @once
    def call(self, window_id):
        """Call the next waiting ticket, once the previous one is closed."""
        window = self.window_or_404(window_id)
        try:
            with serialised(window):
                ticket = models.Ticket.call_next(window, g.user)
        except models.DomainError as error:
            flash(str(error), 'warning')
            return self.back(window)
        if ticket is None:
            flash(_('Nobody is waiting at this window.'), 'info')
        else:
            flash(_('Called %(t)s.', t=ticket.label), 'success')
        return self.back(window)

    @expose('/<int:window_id>/ticket/<int:ticket_id>/<action>',
            methods=['POST'])
    @once
    def act(self, window_id, ticket_id, action):
        """Recall, serve, finish, mark a no-show or transfer one ticket."""
        window = self.window_or_404(window_id)
        if action not in ACTIONS:
            abort(404)
        with serialised(window):
            ticket = models.Ticket.get_or_none(
                models.Ticket.id == ticket_id, models.Ticket.window == window)
            if ticket is None:
                abort(404)
            if request.form.get('state') != state_token(ticket):
                flash(_('Ticket %(t)s changed meanwhile (now: %(s)s). Nothing '
                        'was done.', t=ticket.label, s=ticket.status_label),
                      'warning')
                return self.back(window)
            try:
                message = self.apply(window, ticket, action)
            except models.DomainError as error:
                flash(str(error), 'error')
                return self.back(window)
        flash(message, 'success')
        return self.back(window)

    def apply(self, window, ticket, action):
        """Run one ticket action through the model; the message to show."""
        if action == 'transfer':
            target = models.Window.get_or_none(
                models.Window.id == request.form.get('to', type=int),
                models.Window.hall == window.hall_id)
            if target is None:
                raise models.DomainError(_('Choose another window of this hall.'))
            new = ticket.transfer(target, request.form.get('reason', ''),
                                  g.user)
            return _('%(t)s was sent to window %(n)s as %(new)s.',
                     t=ticket.label, n=target.number, new=new.label)
        getattr(ticket, action)(g.user)
        return _('%(t)s: %(status)s.', t=ticket.label,
                 status=ticket.status_label)

    @expose('/away', methods=['POST'])
    @once
    def away(self):
        """Mark myself away from (or back at) an AB post; B takes over."""
        agent, posts = my_posts(g.user)
        post = next((p for p in posts
                     if p.id == request.form.get('post', type=int)), None)
        if post is None:
            abort(404)
        away = request.form.get('away') == '1'
        cover = post.set_away(agent, away, g.user)
        flash(*told_away(post, agent, away, cover))
        target = request.form.get('window', type=int)
        if target:
            return redirect(url_for('.window', window_id=target))
        return redirect(url_for('.index'))
