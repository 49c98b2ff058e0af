"""An item's service guide (办事指南) as both faces show it: the portal to
staff, the kiosk to applicants; and its templates' files as both serve them."""
import datetime
import io

from flask import abort, send_file

import models


def parse_moment(text):
    """A time given in an address (`as_of`), or None when there is none
    or it is not a time."""
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def guide(item, as_of=None):
    """What an item's service guide shows: the 八公开 elements, its
    materials and the templates current at `as_of` (now for None)."""
    versions = models.ItemTemplate.versions(item)
    current = models.ItemTemplate.as_of(item, as_of)
    shown = {version.id for version in current}
    facts = dict(
        power_kind=models.label(models.POWER_KINDS, item.power_kind),
        category=models.label(models.CATEGORIES, item.category),
        levels=' / '.join(str(models.label(models.LEVELS, level))
                          for level in item.level_list))
    return dict(item=item, facts=facts, materials=list(item.materials),
                templates=current,
                earlier=[v for v in versions if v.id not in shown],
                as_of=as_of,
                kinds=models.TEMPLATE_KINDS, types=sorted(models.TEMPLATE_TYPES),
                max_mb=models.TEMPLATE_MAX_BYTES // (1024 * 1024),
                material_forms=dict(models.MATERIAL_FORMS),
                service_forms=dict(models.SERVICE_FORMS))


def template_file(template_id):
    """The response holding one template version's file, with its type and
    download name (the portal and the kiosk serve it alike)."""
    version = models.ItemTemplate.get_or_none(models.ItemTemplate.id == template_id)
    if version is None:
        abort(404)
    response = send_file(io.BytesIO(bytes(version.data)),
                         mimetype=version.content_type, as_attachment=True,
                         download_name=version.filename,
                         last_modified=version.uploaded_at)
    response.headers['Cache-Control'] = 'private, max-age=0'
    response.headers['X-Content-Type-Options'] = 'nosniff'
    return response
