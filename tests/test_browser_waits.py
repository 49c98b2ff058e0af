"""Browser tests wait for the page a click leads to, not for the one it leaves.

`page.click` returns once the browser has been asked to navigate; a
`wait_for_load_state()` right after it finds the old page already loaded and
returns at once, so whatever is read next may be the page being left, or no
page at all (`document.documentElement` is null mid-navigation). A click that
navigates is wrapped in `page.expect_navigation()` (see `follow`,
`switch_language` in tests/pages.py) or followed by a wait for something only
the next page has."""
import pathlib
import re

TESTS = pathlib.Path(__file__).parent

CLICK_THEN_LOAD_STATE = re.compile(
    r'^\s*\w+\.click\(.*\)[^\n]*\n\s*\w+\.wait_for_load_state\(\)', re.M)

# A click that may navigate (kiosk and desk forms are sent by steady.js,
# which then opens the next page), followed at once by a navigation of the
# test's own: the two race, and one of them is aborted.
CLICK_THEN_NAVIGATE = re.compile(
    r'^(\s*)\w+\.click\([^\n]*\n(?:\1\s+[^\n]*\n)?'
    r'\1(?:\w+\.goto\(|switch_language\()', re.M)


def test_no_click_is_followed_by_a_bare_wait_for_load_state():
    found = []
    for path in sorted(TESTS.glob('*.py')):
        text = path.read_text(encoding='utf-8')
        for match in CLICK_THEN_LOAD_STATE.finditer(text):
            line = text.count('\n', 0, match.start()) + 1
            found.append('%s:%d' % (path.name, line))
    assert found == []


def test_no_click_is_raced_by_the_tests_own_navigation():
    found = []
    for path in sorted(TESTS.glob('*.py')):
        text = path.read_text(encoding='utf-8')
        for match in CLICK_THEN_NAVIGATE.finditer(text):
            line = text.count('\n', 0, match.start()) + 1
            found.append('%s:%d' % (path.name, line))
    assert found == []


def test_the_check_finds_the_pattern_it_names():
    racy = ("    page.click('form.lang button')\n"
            "    page.wait_for_load_state()\n")
    waited = ("    with page.expect_navigation():\n"
              "        page.click('form.lang button')\n")
    assert CLICK_THEN_LOAD_STATE.search(racy)
    assert not CLICK_THEN_LOAD_STATE.search(waited)


def test_the_navigation_check_finds_the_race_it_names():
    racy = ("    page.click('nav button:has-text(\"English\")')\n"
            "    page.goto(base + '/portal/desk/1')\n")
    racy_two_lines = ("    page.click('button.next') if page.locator(\n"
                      "        'button.next').count() else None\n"
                      "    switch_language(page)\n")
    waited = ("    with page.expect_navigation():\n"
              "        page.click('nav button')\n"
              "    page.goto(base + '/portal/desk/1')\n")
    assert CLICK_THEN_NAVIGATE.search(racy)
    assert CLICK_THEN_NAVIGATE.search(racy_two_lines)
    assert not CLICK_THEN_NAVIGATE.search(waited)
