"""Integration clients of the API (/api/v1): issued by a city administrator
for any hall of the city or by a hall manager for their own hall, each
token shown once, and revoked here; each client's webhook (its signing key
shown once) and the log of what was posted to it, with re-sending."""
from flask import abort, flash, g, make_response, redirect, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from i18n import lazy_gettext as _l
from markupsafe import Markup

import models

from . import auth
from .base import PortalModelView, page_number
from .labels import LABELS


def _halls(view, context, client, name):
    """The halls the client may read, attached to the page's rows."""
    return ', '.join(hall.name for hall in getattr(client, 'scope_halls', ()))


def _revoked(view, context, client, name):
    """When and by whom the client was revoked, or a button to revoke it."""
    if client.revoked_at is not None:
        return '%s · %s' % (client.revoked_at.strftime('%Y-%m-%d %H:%M'),
                            client.revoked_by.name if client.revoked_by else '')
    return Markup(
        '<form class="d-inline revoke-form" method="post" action="{}">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<input type="hidden" name="id" value="{}">'
        '<button class="btn btn-sm btn-outline-danger" type="submit">{}</button>'
        '</form>').format(view.get_url('.revoke'), generate_csrf(), client.id,
                          _('Revoke'))


def _webhook(view, context, client, name):
    """The client's webhook address and the links to set it and to its log."""
    return Markup('<span class="webhook-url">{}</span> '
                  '<a class="webhook-edit" href="{}">{}</a> · '
                  '<a class="webhook-log" href="{}">{}</a>').format(
        client.webhook_url or '—', view.get_url('.webhook', id=client.id),
        _('Set'), view.get_url('.deliveries', id=client.id), _('Deliveries'))


class ApiClientView(PortalModelView):
    """The integration clients of the user's halls; issue and revoke."""
    permission = 'manage_hall'
    can_create = can_edit = can_delete = False
    can_export = False
    list_template = 'portal/admin/api_clients.html'
    column_list = ('name', 'hall', 'halls', 'access', 'personal_data',
                   'webhook_url', 'created_by', 'created_at', 'revoked_at')
    column_labels = dict(
        LABELS, name=_l('Client'), halls=_l('Halls it may read'),
        access=_l('Access'), personal_data=_l('Applicant personal data'),
        created_by=_l('Issued by'), created_at=_l('Issued at'),
        revoked_at=_l('Revoked'), webhook_url=_l('Webhook'))
    column_searchable_list = ('name',)
    column_sortable_list = ('name', 'created_at', 'revoked_at')
    column_default_sort = ('created_at', True)
    column_formatters = {'halls': _halls, 'revoked_at': _revoked,
                         'webhook_url': _webhook}
    column_details_exclude_list = ('token_hash', 'webhook_secret')
    DELIVERIES_PER_PAGE = 50

    def get_query(self):
        return self.scope_query(models.ApiClient.select(), auth.scope())

    def attach_related(self, rows):
        """Issuers, revokers and each client's halls: one query each."""
        super().attach_related(rows)
        revokers = {row.revoked_by_id for row in rows} - {None}
        names = {user.id: user for user in models.User.select()
                 .where(models.User.id.in_(revokers))} if revokers else {}
        scopes = {}
        if rows:
            for link in (models.ApiClientHall
                         .select(models.ApiClientHall, models.Hall)
                         .join(models.Hall)
                         .where(models.ApiClientHall.client.in_([r.id for r in rows]))
                         .order_by(models.Hall.code)):
                scopes.setdefault(link.client_id, []).append(link.hall)
        for row in rows:
            if row.revoked_by_id in names:
                row.revoked_by = names[row.revoked_by_id]
            row.scope_halls = scopes.get(row.id, [])

    def _issuable(self):
        return list(models.Hall.select()
                    .where(models.Hall.id.in_(
                        models.ApiClient.issuable_halls(g.user)))
                    .order_by(models.Hall.level, models.Hall.code))

    @expose('/issue/', methods=('GET', 'POST'))
    def issue(self):
        """The form for a new client; on success its token, shown once."""
        halls = self._issuable()
        if not halls:
            abort(403)
        form = request.form
        if request.method == 'POST':
            try:
                client, token = models.ApiClient.issue(
                    g.user, form.get('name', ''), form.getlist('halls'),
                    form.get('access', 'read'), form.get('personal_data') == 'y')
            except models.DomainError as error:
                flash(str(error), 'error')
            else:
                response = make_response(self.render(
                    'portal/admin/api_client_token.html', client=client,
                    token=token))
                response.headers['Cache-Control'] = 'no-store'
                return response
        return self.render('portal/admin/api_client_form.html', halls=halls,
                           access=models.API_ACCESS, form=form,
                           chosen=set(form.getlist('halls')))

    @expose('/revoke/', methods=('POST',))
    def revoke(self):
        """Revoke a client of a hall in scope; its token stops at once."""
        client = self.get_one(request.form.get('id'))
        if client.hall_id not in models.ApiClient.issuable_halls(g.user):
            abort(404)
        try:
            client.revoke(g.user)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            flash(_('%(name)s is revoked: its token no longer works.',
                    name=client.name), 'success')
        return redirect(self.get_url('.index_view'))

    def _managed(self, client_id):
        """A client of the user's halls that the user may change, else 404."""
        client = self.get_one(client_id)
        if client.hall_id not in models.ApiClient.issuable_halls(g.user):
            abort(404)
        return client

    @expose('/webhook/', methods=('GET', 'POST'))
    def webhook(self):
        """Where the client's events are posted; a new signing key is shown
        once, then never again."""
        client = self._managed(request.values.get('id'))
        if request.method == 'POST':
            url = request.form.get('webhook_url', '')
            try:
                secret = client.set_webhook(
                    g.user, url, new_secret=request.form.get('new_secret') == 'y')
            except models.DomainError as error:
                flash(str(error), 'error')
                return self.render('portal/admin/api_client_webhook.html',
                                   client=client, url=url,
                                   hosts=models.webhook_hosts())
            if secret is None:
                flash(_('The webhook of %(name)s is saved.', name=client.name),
                      'success')
                return redirect(self.get_url('.index_view'))
            response = make_response(self.render(
                'portal/admin/api_client_webhook_secret.html', client=client,
                secret=secret))
            response.headers['Cache-Control'] = 'no-store'
            return response
        return self.render('portal/admin/api_client_webhook.html',
                           client=client, url=client.webhook_url,
                           hosts=models.webhook_hosts())

    @expose('/deliveries/')
    def deliveries(self):
        """What was posted to the client, newest first, a page at a time:
        two queries whatever the page holds."""
        client = self.get_one(request.args.get('id'))
        page = page_number()
        size = self.DELIVERIES_PER_PAGE
        rows = list(models.OutboxMessage.of_client(client.id)
                    .limit(size + 1).offset(page * size))
        return self.render(
            'portal/admin/api_client_deliveries.html', client=client,
            rows=rows[:size], page=page, more=len(rows) > size,
            may_resend=client.hall_id in models.ApiClient.issuable_halls(g.user))

    @expose('/resend/', methods=('POST',))
    def resend(self):
        """Post a delivered or given-up message of the client again."""
        client = self._managed(request.form.get('id'))
        message = (models.OutboxMessage.select()
                   .where(models.OutboxMessage.id == request.form.get(
                       'message', type=int),
                          models.OutboxMessage.client == client.id)
                   .first())
        if message is None:
            abort(404)
        try:
            message.resend(g.user)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            flash(_('The message will be posted again.'), 'success')
        return redirect(self.get_url('.deliveries', id=client.id,
                                     page=request.form.get('page', 0, type=int)))
