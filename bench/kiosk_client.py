"""A kiosk helper over HTTP, as the browser would be: the terminal's cookie,
the helper's session, each form's CSRF token and one-time action key read
from the page the form is on, each form sent as static/js/steady.js sends
it (`Bangban-Steady`: an action's next page comes in the same answer where
the flow allows, else its address to load). Used by bench/run.py to
register cases end to end against a running server."""
import html
import http.client
import random
import re
import time
import urllib.parse

import validators

FORM = re.compile(r'<form\b[^>]*>.*?</form>', re.S)
ACTION = re.compile(r'action="([^"]*)"')
HIDDEN = re.compile(r'<input\b[^>]*type="hidden"[^>]*>')
NAME = re.compile(r'name="([^"]*)"')
VALUE = re.compile(r'value="([^"]*)"')
PROVIDED = re.compile(r'name="provided" value="(\d+)"')
OUTCOME = re.compile(r'/kiosk/cases/\d+/receipt(\?print=1)?')  # registering prints the receipt


class Helper:
    """One helper at one terminal; `timings` collects (seconds, path) per
    request."""

    def __init__(self, port, cookies, seed):
        self.port = port
        self.cookies = dict(cookies)
        self.rng = random.Random(seed)
        self.timings = []
        self.desk = None

    def request(self, method, path, data=None):
        """One request, then its redirects; returns (path, status, body)."""
        while True:
            body = urllib.parse.urlencode(data, doseq=True) if data else None
            headers = {'Cookie': '; '.join('%s=%s' % kv for kv in self.cookies.items())}
            if body is not None:
                headers['Content-Type'] = 'application/x-www-form-urlencoded'
            if method == 'POST':
                headers['Bangban-Steady'] = '1'
            start = time.perf_counter()
            connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode('utf-8', 'replace')
            self.timings.append((time.perf_counter() - start, path))
            for name, value in response.getheaders():
                if name.lower() == 'set-cookie':
                    key, _, rest = value.partition('=')
                    self.cookies[key] = rest.split(';', 1)[0]
            connection.close()
            if response.status >= 400:
                raise RuntimeError('%s %s answered %d' % (method, path, response.status))
            onward = response.getheader('Bangban-Location')
            if response.status in (301, 302, 303) or (onward and not text):
                location = urllib.parse.urlsplit(onward or response.getheader('Location'))
                method, data = 'GET', None
                path = location.path + ('?' + location.query if location.query else '')
                continue
            if onward:  # the next page came with the answer: its address
                location = urllib.parse.urlsplit(onward)
                path = location.path + ('?' + location.query if location.query else '')
            return path, response.status, text

    @staticmethod
    def form(page, action=None, without=None):
        """The hidden fields of the page's form (the first posting to
        `action`, or the first with an action key), skipping forms that
        carry the field `without`."""
        for found in FORM.findall(page):
            target = ACTION.search(found.split('>', 1)[0])
            if action is not None and (target is None or action not in target.group(1)):
                continue
            fields = {}
            for tag in HIDDEN.findall(found):
                name, value = NAME.search(tag), VALUE.search(tag)
                if name:
                    fields[name.group(1)] = html.unescape(value.group(1)) if value else ''
            if without in fields:
                continue
            if action is not None or 'action_key' in fields:
                return fields
        raise RuntimeError('no form posting to %s on the page' % action)

    def register_case(self, item_id):
        """Scan a new applicant's ID, record them, open, screen, register
        and queue a case; returns the case's outcome page path."""
        page = self.desk or self.request('GET', '/kiosk/desk')[2]
        number = validators.generate_resident_id(self.rng, region='150402')
        path, status, page = self.request('POST', '/kiosk/scan', dict(
            self.form(page, '/kiosk/scan'), code=number))
        if 'action="/kiosk/document"' in page:
            # About one number in 300 is also a valid unified social credit
            # code: the kiosk asks which document it is, as a helper then
            # answers (resident ID) before the file is recorded.
            path, status, page = self.request('POST', '/kiosk/document', dict(
                self.form(page, '/kiosk/document'), id_type='resident_id',
                id_number=number))
        if path != '/kiosk/items':  # a first visit: record the applicant's file
            if 'action="/kiosk/applicant"' not in page:
                raise RuntimeError('scanning %s led to %s' % (number, path))
            self.request('POST', '/kiosk/applicant', dict(
                self.form(page, '/kiosk/applicant'), kind='person',
                id_type='resident_id', id_number=number, name='测试申请人',
                phone='13900006001'))
        _, status, page = self.request('GET', '/kiosk/items/%d' % item_id)
        path, status, page = self.request('POST', '/kiosk/items/%d/open' % item_id,
                                          self.form(page, '/open', without='then'))
        provided = PROVIDED.findall(page)
        path, status, page = self.request('POST', path, dict(
            self.form(page), provided=provided))
        path, status, page = self.request('POST', path, dict(
            self.form(page), service_form='assisted'))
        if not OUTCOME.fullmatch(path) or status != 200:
            raise RuntimeError('registration ended at %s (%d)' % (path, status))
        # The next applicant: back at the desk, whose page the next case starts from.
        self.desk = self.request('POST', '/kiosk/next', self.form(page, '/kiosk/next'))[2]
        return path
