"""The project's own modules import one another without a circle.

Only imports made when a module is loaded count (module level, including
inside if/try at that level); an import inside a function runs later, when
every module is loaded, and is how a package such as portal/cases loads its
parts once it is built."""
import ast
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIPPED = {'.venv', 'tests', 'migrations', 'bench', 'scripts', 'node_modules'}


def project_modules():
    """{dotted module name: path} of every project module outside tests."""
    found = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED
                         and not d.startswith('.') and d != '__pycache__')
        relative = os.path.relpath(folder, ROOT)
        parts = [] if relative == '.' else relative.split(os.sep)
        if parts and not os.path.exists(os.path.join(folder, '__init__.py')):
            dirs[:] = []
            continue
        for name in files:
            if name.endswith('.py'):
                stem = name[:-3]
                dotted = parts + ([] if stem == '__init__' else [stem])
                if dotted:
                    found['.'.join(dotted)] = os.path.join(folder, name)
    return found


def _module_level(nodes):
    """Import statements run when the module loads: not inside functions
    or classes' methods, but inside if/try/with at module level."""
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for block in ('body', 'orelse', 'finalbody', 'handlers'):
                for child in getattr(node, block, []) or []:
                    inner = child.body if isinstance(child, ast.ExceptHandler) else [child]
                    yield from _module_level(inner)


def imports_of(name, path, modules):
    """The project modules `name` imports as it loads."""
    is_package = path.endswith('__init__.py')
    package = name if is_package else name.rpartition('.')[0]
    with open(path, encoding='utf-8') as source:
        tree = ast.parse(source.read(), path)
    targets = set()
    for node in _module_level(tree.body):
        if isinstance(node, ast.Import):
            # `import a.b` needs the module a.b (its parents load first).
            found = [alias.name for alias in node.names]
        else:
            base = node.module or ''
            if node.level:
                anchor = package.split('.') if package else []
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = '.'.join(anchor + ([base] if base else []))
            # `from p import m` needs the module p.m when m is one, else
            # what p defines (`from kiosk import bp` needs kiosk itself).
            found = []
            for alias in node.names:
                submodule = '%s.%s' % (base, alias.name) if base else alias.name
                found.append(submodule if submodule in modules else base)
        targets.update(target for target in found
                       if target in modules and target != name)
    return targets


def import_graph():
    modules = project_modules()
    return {name: imports_of(name, path, modules)
            for name, path in modules.items()}


def cycles(graph):
    """Every circle of the graph, each once, as a list of modules."""
    found, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_the_project():
    graph = import_graph()
    assert {'models', 'store', 'errors', 'reports', 'qr', 'web', 'app',
            'portal', 'portal.cases', 'portal.cases.pages', 'kiosk',
            'public'} <= set(graph)
    assert 'store' in graph['models'] and 'errors' in graph['store']
    assert 'models' not in graph['store']  # the store knows no domain


def test_the_finder_finds_a_circle():
    assert cycles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) == [
        ['a', 'b', 'c']]
    assert cycles({'a': {'b'}, 'b': set()}) == []


def test_no_module_level_import_circle():
    found = cycles(import_graph())
    assert found == [], 'import circles among project modules: %s' % found


def test_modules_of_tests_import_no_test_module():
    """What tests share lives in modules of their own (support, flows,
    pages, outages, …), never in a test module: importing one would also
    collect its tests again under another name, and ties one test's
    changes to another's."""
    folder = os.path.join(ROOT, 'tests')
    found = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.py'):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding='utf-8') as source:
            tree = ast.parse(source.read(), path)
        for node in ast.walk(tree):  # at any level, in functions too
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                modules = [node.module or '']
            else:
                continue
            found += ['%s:%d imports %s' % (name, node.lineno, module)
                      for module in modules
                      if module.split('.')[0].startswith(('test_', 'conftest'))]
    assert found == [], found
