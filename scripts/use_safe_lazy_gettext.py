"""Point every import of flask-babel's lazy strings at i18n, which escapes
the values formatted into them (see i18n.py).

    .venv/bin/python scripts/use_safe_lazy_gettext.py [ROOT]

Rewrites `from flask_babel import gettext as _, lazy_gettext as _l` into
`from flask_babel import gettext as _` and `from i18n import lazy_gettext
as _l`, whatever the aliases, the indentation or parentheses. Run it after
merging a branch; tests/test_i18n_escaping.py fails on anything left over.
"""
import ast
import os
import sys

SKIP_DIRS = {'.venv', '.git', 'node_modules', '__pycache__'}


def python_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith('.py') and os.path.relpath(path, root) != 'i18n.py':
                yield path


def _names(aliases):
    return ', '.join(a.name + (' as ' + a.asname if a.asname else '')
                     for a in aliases)


def sweep(source):
    """The source with its lazy flask_babel imports taken from i18n, or None."""
    lines = source.splitlines(keepends=True)
    edits = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.ImportFrom) and node.module == 'flask_babel'
                and node.level == 0):
            continue
        lazy = [a for a in node.names if a.name.startswith('lazy_')]
        if not lazy:
            continue
        rest = [a for a in node.names if not a.name.startswith('lazy_')]
        first = lines[node.lineno - 1]
        indent = first[:len(first) - len(first.lstrip())]
        ending = '\r\n' if lines[node.end_lineno - 1].endswith('\r\n') else '\n'
        new = ''
        if rest:
            new += '%sfrom flask_babel import %s%s' % (indent, _names(rest), ending)
        new += '%sfrom i18n import %s%s' % (indent, _names(lazy), ending)
        edits.append((node.lineno - 1, node.end_lineno, new))
    if not edits:
        return None
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [new]
    return ''.join(lines)


def main(root):
    for path in python_files(root):
        with open(path, encoding='utf-8', newline='') as fh:
            source = fh.read()
        swept = sweep(source)
        if swept is not None:
            with open(path, 'w', encoding='utf-8', newline='') as fh:
                fh.write(swept)
            print('swept', os.path.relpath(path, root))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.getcwd())
