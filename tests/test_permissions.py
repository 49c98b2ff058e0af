"""One permission table and one set of status groups, asked everywhere.

Who may do what is `models.PERMISSIONS` (role -> permissions); which
statuses belong together is named once in models.py. These tests read the
source, so that the next view or template that compares a role or lists
statuses of its own fails here instead of drifting from the table.
"""
import os
import re

import pytest

import models

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACES = ('portal', 'kiosk', 'public', 'api', 'templates', 'seeds')
TOP = ('app.py', 'web.py', 'cli.py', 'action_keys.py')


def sources(*, include_models=False):
    """(path, text) of the product's Python modules and templates."""
    paths = [os.path.join(ROOT, name) for name in TOP]
    if include_models:
        paths.append(os.path.join(ROOT, 'models.py'))
    for face in FACES:
        for folder, _, files in os.walk(os.path.join(ROOT, face)):
            paths += [os.path.join(folder, f) for f in files
                      if f.endswith(('.py', '.html'))]
    for path in sorted(paths):
        if os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                yield os.path.relpath(path, ROOT), handle.read()


ROLE_CHECK = re.compile(r"""\brole(\(\))?\s*(==|!=|\bin\b|\bnot\s+in\b)\s*[('"\w]""")


def test_no_face_compares_roles_itself():
    found = [(path, line.strip())
             for path, text in sources(include_models=True)
             for line in text.splitlines()
             if ROLE_CHECK.search(line) and 'role_label' not in line]
    assert found == [], 'ask user.may(...) (models.PERMISSIONS): %s' % found


STATUS = '|'.join(status for status, _ in models.CASE_STATUSES)
STATUS_LIST = re.compile(r"""['"](%s)['"]\s*,\s*['"](%s)['"]""" % (STATUS, STATUS))


def test_status_groups_are_named_only_in_the_model():
    found = []
    for path, text in sources():
        for line in text.splitlines():
            # A mapping from each status to a colour or a label is data;
            # a list of statuses is a group, and groups live in models.py.
            if STATUS_LIST.search(line) and ':' not in line.split(',')[0]:
                found.append((path, line.strip()))
    assert found == [], 'use a group of models.STAGES: %s' % found


NAMED = re.compile(r"""(?:\bmay\(|permission_required\(|permission\s*=\s*|"""
                   r"""PermissionLink\([^)]*,\s*)['"]([a-z_]+)['"]""")


def test_every_permission_asked_for_is_in_the_table():
    held = set().union(*models.PERMISSIONS.values())
    asked = {name for _, text in sources(include_models=True)
             for name in NAMED.findall(text)}
    assert asked, 'the pattern finds the permissions the faces ask for'
    assert asked - held == set()
    assert held - asked == set(), 'a permission nobody asks for'


def test_the_table_answers_for_every_role():
    # Every role, and the integration clients of the API (no role).
    assert set(models.PERMISSIONS) == {role for role, _ in models.ROLES} | {
        'integration'}
    for role, _ in models.ROLES:
        held = models.PERMISSIONS[role]
        user = models.User(role=role)
        for permission in set().union(*models.PERMISSIONS.values()):
            assert user.may(permission) == (permission in held)
            assert (role in models.roles_that(permission)) == (permission in held)
    with pytest.raises(KeyError):
        models.User(role='city_admin').may('delete_everything')
    assert models.roles_that('use_kiosk') == (
        'city_admin', 'hall_manager', 'agent', 'helper')
    assert not models.User(role='supervisor').uses_kiosks


def test_a_stage_names_known_statuses():
    statuses = {status for status, _ in models.CASE_STATUSES}
    for stage, members in models.STAGES.items():
        assert set(members) <= statuses, stage
    for action, (allowed, target) in models.TRANSITIONS.items():
        assert set(allowed) | ({target} - {None}) <= statuses, action
