"""Values formatted into translatable text are escaped when a page shows
them, wherever the text was made; the text itself is never stored escaped."""
import ast
import os

from flask import render_template_string
from markupsafe import escape

from i18n import lazy_gettext as _l
from scripts import use_safe_lazy_gettext as sweep

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>'


def test_lazy_text_escapes_its_values_in_a_page(app):
    with app.test_request_context():
        text = _l('Post "%(post)s" has no B agent.', post=HOSTILE)
        page = render_template_string('{{ text }}', text=text)
        assert '<script>' not in page and '<img' not in page
        assert '&lt;script&gt;' in page
        assert str(escape(text)) == page
        # Stored or logged, it is the plain sentence.
        assert HOSTILE in str(text)


def test_nested_lazy_text_is_escaped_once(app):
    with app.test_request_context():
        inner = _l('Window %(n)s', n='<b>1</b>')
        outer = _l('%(window)s needs at least %(need)d part-time agents on its '
                   'posts; it has %(have)d.', window=inner, need=2, have=0)
        page = render_template_string('{{ text }}', text=outer)
        assert '&lt;b&gt;1&lt;/b&gt;' in page and '<b>' not in page
        assert '&amp;lt;' not in page


def test_text_without_values_stays_as_translated(app):
    with app.test_request_context():
        page = render_template_string('{{ text }}', text=_l('Holidays'))
        assert page == str(_l('Holidays'))


def _unsafe_lazy_uses(tree):
    """Lines that make a lazy string without i18n's escaping."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in UNSAFE_MODULES:
            if any(a.name.startswith('lazy_') for a in node.names):
                yield node.lineno
        elif (isinstance(node, ast.Attribute) and node.attr.startswith('lazy_')
              and isinstance(node.value, ast.Name)
              and node.value.id in ('flask_babel', 'babel')):
            yield node.lineno
        elif isinstance(node, ast.Call) and 'LazyString' in (
                getattr(node.func, 'id', None), getattr(node.func, 'attr', None)):
            yield node.lineno


UNSAFE_MODULES = ('flask_babel', 'flask_admin.babel')


def test_no_module_uses_flask_babels_lazy_gettext_directly():
    """A new module importing the unsafe one would bring the hole back.
    After a merge, scripts/use_safe_lazy_gettext.py rewrites such imports."""
    offenders = []
    for path in sweep.python_files(ROOT):
        tree = ast.parse(open(path, encoding='utf-8').read())
        offenders += ['%s:%d' % (os.path.relpath(path, ROOT), line)
                      for line in _unsafe_lazy_uses(tree)]
    assert offenders == [], 'import lazy_gettext from i18n: %s' % offenders


def test_the_sweep_rewrites_every_shape_of_import():
    source = (
        'import os\n'
        'from flask_babel import gettext as _, lazy_gettext as _l\n'
        'from flask_babel import (\n'
        '    format_date,\n'
        '    lazy_gettext,\n'
        ')\n'
        'def f():\n'
        '    from flask_babel import lazy_gettext as _l  # late\n'
        '    return _l("x")\n')
    assert list(_unsafe_lazy_uses(ast.parse(source))) == [2, 3, 8]
    swept = sweep.sweep(source)
    assert swept == (
        'import os\n'
        'from flask_babel import gettext as _\n'
        'from i18n import lazy_gettext as _l\n'
        'from flask_babel import format_date\n'
        'from i18n import lazy_gettext\n'
        'def f():\n'
        '    from i18n import lazy_gettext as _l\n'
        '    return _l("x")\n')
    assert list(_unsafe_lazy_uses(ast.parse(swept))) == []
    assert sweep.sweep(swept) is None  # running it again changes nothing
