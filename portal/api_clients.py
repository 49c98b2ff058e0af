"""Integration clients of the API (/api/v1): issued by a city administrator
for any hall of the city or by a hall manager for their own hall, each
token shown once, and revoked here."""
from flask import abort, flash, g, make_response, redirect, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from i18n import lazy_gettext as _l
from markupsafe import Markup

import models

from . import auth
from .base import PortalModelView
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


class ApiClientView(PortalModelView):
    """The integration clients of the user's halls; issue and revoke."""
    permission = 'manage_hall'
    can_create = can_edit = can_delete = False
    can_export = False
    list_template = 'portal/admin/api_clients.html'
    column_list = ('name', 'hall', 'halls', 'access', 'personal_data',
                   'created_by', 'created_at', 'revoked_at')
    column_labels = dict(
        LABELS, name=_l('Client'), halls=_l('Halls it may read'),
        access=_l('Access'), personal_data=_l('Applicant personal data'),
        created_by=_l('Issued by'), created_at=_l('Issued at'),
        revoked_at=_l('Revoked'))
    column_searchable_list = ('name',)
    column_sortable_list = ('name', 'created_at', 'revoked_at')
    column_default_sort = ('created_at', True)
    column_formatters = {'halls': _halls, 'revoked_at': _revoked}
    column_details_exclude_list = ('token_hash',)

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
