"""Applicant files (一户一档 / 一企一档) from Excel: a hall going live brings
its register of the people and enterprises it already serves.

Each row names the identity document by its type; a row without a type is
read only when exactly one document rule takes its number. Every row is
checked first, and nothing is written when any row is wrong. A row whose
document already has a file updates its phone, contact and address, and
only when the name is the same: a file's name never changes from a sheet.
"""
import io

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

import models
import validators

from .. import audit
from ..auth import permission_required
from ..excel import _names, read_rows
from . import render
from .applicants import bp

COLUMNS = ['序号', '证件类型', '证件号码', '国籍', '姓名或名称', '联系电话', '联系人', '地址']
# Names the halls write on paper for the document types, besides the labels.
SHORT_NAMES = {
    '身份证': 'resident_id', '居民身份证': 'resident_id',
    '居住证': 'residence_permit', '港澳台居民居住证': 'residence_permit',
    '永居证': 'foreign_permanent', '外国人永久居留证': 'foreign_permanent',
    '护照': 'passport', '回乡证': 'hk_macau_permit', '港澳通行证': 'hk_macau_permit',
    '台胞证': 'taiwan_permit', '信用代码': 'credit_code',
}


def _type_names():
    names = _names(models.ID_TYPES)
    names.update(SHORT_NAMES)
    return names


def _nationality_names():
    """Codes, and names in Chinese and English, of every nationality."""
    from flask_babel import force_locale
    names = {}
    for locale in ('en', 'zh_Hans_CN'):
        with force_locale(locale):
            names.update({name.lower(): code for code, name in validators.countries()})
    return names


def _document(id_type, number, nationality):
    """The row's document, by its type or by the one rule that takes it."""
    if id_type:
        return validators.document(id_type, number, nationality)
    found = validators.classify(number)
    if found is None:
        raise validators.ValidationError(validators.document_error(number) or _(
            'the document type is missing and the number does not say it'))
    return found


def check_rows(rows):
    """Every row checked; returns (values per row, errors as messages)."""
    types, nationalities = _type_names(), _nationality_names()
    values, errors, seen = [], [], {}
    for number, cells in rows:
        _n, kind, id_number, nationality, name, phone, contact, address = cells
        problems = []
        id_type = types.get(kind.strip().lower()) if kind.strip() else ''
        if id_type is None:
            problems.append(_('unknown document type "%(value)s"', value=kind[:40]))
        nationality = nationalities.get(nationality.strip().lower(),
                                        nationality.strip().upper())
        document = None
        if id_type is not None:
            try:
                document = _document(id_type, id_number, nationality)
            except validators.ValidationError as error:
                problems.append(str(error.message).rstrip('.。'))
        if not name or len(name) > 120:
            problems.append(_('the name is missing or longer than 120 characters'))
        try:
            phone = validators.phone(phone) if phone else ''
        except validators.ValidationError as error:
            problems.append(str(error.message).rstrip('.。'))
        if len(contact) > 60 or len(address) > 200:
            problems.append(_('the contact person may have at most 60 characters '
                              'and the address 200'))
        if not problems:
            try:  # what the file would keep: no control characters either
                models.Applicant.check_values(dict(
                    name=name, phone=phone, contact_name=contact, address=address))
            except models.FieldError as error:
                problems.append(str(error).rstrip('.。'))
        if document is not None:
            if document in seen:
                problems.append(_('the same document is already in row %(row)d',
                                  row=seen[document]))
            seen.setdefault(document, number)
            existing = models.Applicant.find(document)
            if existing is not None and existing.name != name:
                problems.append(_('a file with this document exists under another '
                                  'name; names are not changed by an import'))
        if problems:
            errors.append(_('Row %(row)d: %(problems)s.', row=number,
                            problems='; '.join(problems)))
            continue
        values.append(dict(document=document, name=name, phone=phone,
                           contact_name=contact, address=address))
    return values, errors


def apply_rows(values):
    """Write checked rows; returns (created, updated)."""
    created = updated = 0
    with models.write_transaction():
        for row in values:
            document = row['document']
            applicant = models.Applicant.find(document)
            before = audit.snapshot(applicant) if applicant else None
            if applicant is None:
                applicant = models.Applicant(
                    kind=validators.document_kind(document.type),
                    id_type=document.type, id_number=document.number,
                    nationality=document.nationality, name=row['name'])
            for field in ('phone', 'contact_name', 'address'):
                if row[field]:
                    setattr(applicant, field, row[field])
            if before is not None and audit.snapshot(applicant) == before:
                continue
            applicant.save()
            audit.record('update' if before else 'create', applicant,
                         before=before, after=audit.snapshot(applicant))
            created, updated = created + (before is None), updated + (before is not None)
    return created, updated


def _page(errors):
    return render('portal/cases/applicant_import.html', columns=COLUMNS,
                  errors=errors, id_types='、'.join(
                      str(title) for _value, title in models.ID_TYPES))


@bp.route('/import', methods=['GET', 'POST'])
@permission_required('manage_hall')
def import_files():
    """Upload the register; every row is checked before anything is written."""
    if request.method == 'GET':
        return _page([])
    upload = request.files.get('file')
    errors = None
    if upload is None or not upload.filename:
        errors = [_('Choose a file.')]
    elif not upload.filename.lower().endswith('.xlsx'):
        errors = [_('This file is not an Excel workbook (.xlsx). Save the list '
                    'as .xlsx and upload it again.')]
    else:
        try:
            rows = read_rows(io.BytesIO(upload.read()), COLUMNS, missing=_(
                'The sheet must have these columns in one of its first rows: '
                '%(columns)s.', columns='、'.join(COLUMNS)))
        except ValueError as error:
            errors = [str(error)]
        else:
            values, errors = check_rows(rows)
            if not errors and not values:
                errors = [_('The sheet has no rows.')]
    if errors:
        errors.append(_('Nothing was imported; correct the rows and upload again.'))
        return _page(errors), 400
    created, updated = apply_rows(values)
    flash(_('Imported %(n)d rows: %(created)d new files, %(updated)d updated.',
            n=len(values), created=created, updated=updated), 'success')
    return redirect(url_for('applicants.import_files'))
