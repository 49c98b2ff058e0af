"""The service guide at the terminal: the helper shows it to the applicant,
prints it for them, and prints the templates they will fill in."""
from flask import abort, render_template

import models
from kiosk import bp
from kiosk.terminal import helper_required
from kiosk.views import current_applicant
from service_guide import guide, template_file


@bp.route('/guide/<int:item_id>')
@helper_required
def guide_page(item_id):
    """An offered item's guide, on screen and on A4 paper."""
    item = models.Item.get_or_none(models.Item.id == item_id,
                                   models.Item.is_active == True)  # noqa: E712
    if item is None:
        abort(404)
    return render_template('kiosk/guide.html', applicant=current_applicant(),
                           printed_on=models.today().isoformat(), **guide(item))


@bp.route('/guide/templates/<int:template_id>')
@helper_required
def guide_template(template_id):
    """A current template of an offered item, as its file."""
    version = (models.ItemTemplate.listed()
               .join(models.Item)
               .where(models.ItemTemplate.id == template_id,
                      models.Item.is_active == True)  # noqa: E712
               .first())
    if version is None or version.id not in {
            v.id for v in models.ItemTemplate.as_of(version.item_id)}:
        abort(404)
    return template_file(template_id)
