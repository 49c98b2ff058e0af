"""People and duty: agents, AB posts, liaisons, kiosks and their rosters."""
from flask import abort, flash, g, make_response, request
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

import models

from . import audit, auth
from .base import PortalModelView, choice_filter
from .labels import DESCRIPTIONS, LABELS


class AgentView(PortalModelView):
    """帮办代办员: full-time, part-time (from a department) or volunteers."""
    column_labels = dict(LABELS, name=_l('Full name'))
    column_list = ('name', 'hall', 'employment', 'department', 'phone', 'is_active', 'user')
    column_searchable_list = ('name', 'phone')
    column_filters = (choice_filter(models.Agent.hall, _l('Hall'), models.Hall),
                      'employment', 'is_active')
    column_sortable_list = ('name', 'employment', ('hall', models.Hall.name))
    column_default_sort = 'name'
    form_columns = ('hall', 'name', 'employment', 'department', 'phone', 'is_active', 'user')


AWAY_FIELDS = ('b_away', 'a_away')


class PostView(PortalModelView):
    """AB岗: A serves, B takes over when A is away."""
    column_list = ('name', 'hall', 'window', 'agent_a', 'agent_b', 'a_away', 'b_away')
    column_searchable_list = ('name',)
    column_filters = (choice_filter(models.Post.hall, _l('Hall'), models.Hall),)
    column_sortable_list = ('name', ('hall', models.Hall.name))
    column_default_sort = 'name'
    form_columns = ('hall', 'name', 'window', 'department', 'agent_a', 'agent_b',
                    'a_away', 'b_away')

    def on_model_change(self, form, model, is_created):
        """Away and back are saved by the post's own rule (Post.set_away),
        after the rest, so that the cases follow who is on duty."""
        super().on_model_change(form, model, is_created)
        stored = None if is_created else models.Post.get_by_id(model.id)
        g.post_away = {field: getattr(model, field) for field in AWAY_FIELDS}
        for field in AWAY_FIELDS:
            setattr(model, field, getattr(stored, field) if stored else False)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        wanted = g.pop('post_away', {})
        # B first: B back before A goes away takes the cases over, B away
        # before A is back leaves them nowhere in between.
        for field, agent in (('b_away', model.agent_b), ('a_away', model.agent_a)):
            if agent is not None and wanted.get(field, False) != getattr(model, field):
                model.set_away(agent, wanted[field], g.user)

    def check_form(self, form):
        """The rule of models.Post, shown next to the B field."""
        post = models.Post(agent_a=form.agent_a.data, agent_b=form.agent_b.data)
        try:
            post.validate()
        except models.DomainError as error:
            form.agent_b.errors = list(form.agent_b.errors) + [str(error)]


class LiaisonView(PortalModelView):
    """联络员: one agent per stationed department, and one for the hall."""
    column_list = ('hall', 'department', 'agent', 'title')
    column_filters = (choice_filter(models.Liaison.hall, _l('Hall'), models.Hall),)
    column_sortable_list = (('hall', models.Hall.name), 'title')
    form_columns = ('hall', 'department', 'agent', 'title')
    form_args = {'department': {'description': _l('Leave empty for the hall itself.')}}


def _token_button(view, context, kiosk, name):
    """When the device token was issued, and a button to issue a new one."""
    issued = kiosk.token_issued_at.strftime('%Y-%m-%d %H:%M') if kiosk.token_issued_at else ''
    if not view.can_edit:
        return issued
    label = _('Rotate token') if kiosk.token_issued_at else _('Issue token')
    return Markup(
        '{} <form class="d-inline token-form" method="post" action="{}">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<input type="hidden" name="id" value="{}">'
        '<button class="btn btn-sm btn-outline-primary" type="submit">{}</button>'
        '</form>').format(issued, view.get_url('.issue_token'), generate_csrf(),
                          kiosk.id, label)


class KioskView(PortalModelView):
    """Self-service terminals; each proves itself with a device token."""
    column_list = ('name', 'hall', 'location', 'is_active', 'token_issued_at')
    column_searchable_list = ('name', 'location')
    column_filters = (choice_filter(models.Kiosk.hall, _l('Hall'), models.Hall), 'is_active')
    column_formatters = {'token_issued_at': _token_button}
    form_columns = ('hall', 'name', 'location', 'is_active')

    def get_query(self):
        return self.scope_query(models.Kiosk.select(models.Kiosk, models.Hall)
                                .join(models.Hall), auth.scope())

    @expose('/token/', methods=('POST',))
    def issue_token(self):
        """Issue (or rotate) the device token; it is shown this once only."""
        if not self.can_edit:
            abort(403)
        kiosk = self.get_one(request.form.get('id'))
        with models.db.atomic():
            token = kiosk.issue_token()
            audit.record('token', kiosk, after={'token_issued_at': kiosk.token_issued_at})
        response = make_response(self.render(
            'portal/admin/kiosk_token.html', kiosk=kiosk, token=token))
        response.headers['Cache-Control'] = 'no-store'
        return response


def _helpers(view, shift):
    return (models.Agent.select()
            .where(models.Agent.hall.in_(auth.scope()),
                   models.Agent.is_active == True)  # noqa: E712
            .order_by(models.Agent.name))


def _kiosks(view, shift):
    """Kiosk areas in scope, each named with its hall (one query)."""
    return (models.Kiosk.select(models.Kiosk, models.Hall)
            .join(models.Hall)
            .where(models.Kiosk.hall.in_(auth.scope()))
            .order_by(models.Hall.code, models.Kiosk.name))


def _hall_of_kiosk(view, context, shift, name):
    return shift.kiosk.hall.name


class ShiftView(PortalModelView):
    """排班: which helper is on duty at which kiosk area, and when. The
    week roster (portal/roster.py) is where a hall's week is planned."""
    column_list = ('hall', 'kiosk', 'helper', 'starts_at', 'ends_at')
    column_labels = dict(LABELS, hall=_l('Hall'))
    column_formatters = {'hall': _hall_of_kiosk,
                         'kiosk': lambda v, c, shift, n: shift.kiosk.name}
    column_filters = (choice_filter(models.Shift.kiosk, _l('Kiosk'), models.Kiosk,
                                    query=lambda: _kiosks(None, None)),
                      'starts_at')
    column_sortable_list = ('starts_at', ('hall', models.Hall.name),
                            ('kiosk', models.Kiosk.name),
                            ('helper', models.Agent.name))
    column_default_sort = ('starts_at', True)
    form_columns = ('kiosk', 'helper', 'starts_at', 'ends_at', 'repeat', 'weeks')
    form_extra_fields = {
        'repeat': IntegerField(
            LABELS['repeat'], description=DESCRIPTIONS['repeat'], default=0,
            validators=[Optional(), NumberRange(min=0, max=60)]),
        'weeks': IntegerField(
            _l('Repeat weekly'), default=0,
            description=_l('The same hours on the same weekday of the next '
                           'weeks (days the hall is closed are left out).'),
            validators=[Optional(), NumberRange(min=0, max=models.Roster.MAX_WEEKS)])}
    pickers = {'helper': _helpers, 'kiosk': _kiosks}

    def scope_query(self, query, hall_ids):
        return query.where(models.Kiosk.hall.in_(hall_ids))

    def get_query(self):
        # The kiosk, its hall and the helper in the same query: a page of
        # the list names every kiosk with its hall at no cost per row.
        return self.scope_query(
            models.Shift.select(models.Shift, models.Kiosk, models.Hall, models.Agent)
            .join(models.Kiosk, on=(models.Shift.kiosk == models.Kiosk.id))
            .join(models.Hall, on=(models.Kiosk.hall == models.Hall.id))
            .switch(models.Shift)
            .join(models.Agent, on=(models.Shift.helper == models.Agent.id)),
            auth.scope())

    def _handle_join(self, query, field, joins):
        return query  # get_query joins every model a sort or filter names

    def prepare_form(self, form, obj):
        form = super().prepare_form(form, obj)
        if hasattr(form, 'kiosk'):
            form.kiosk.get_label = str  # a kiosk's name carries its hall
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.repeat  # repeating is for new shifts only
        del form.weeks
        return form

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        if not is_created:
            return
        for copied in (model.repeat_on_working_days(form.repeat.data or 0, g.user),
                       model.repeat_weekly(form.weeks.data or 0, g.user)):
            for refused in copied.refused:
                flash(_('Not copied, a double booking: %(helper)s on %(day)s '
                        'from %(start)s to %(end)s is on duty at another '
                        'kiosk then.', helper=refused.helper.name,
                        day=refused.starts_at.date().isoformat(),
                        start=refused.starts_at.strftime('%H:%M'),
                        end=refused.ends_at.strftime('%H:%M')), 'error')
