"""The outbox's tests' pieces: a webhook receiver on a loopback port that
fails when told to and drops repeats by key as an integrator's receiver
must, an integration client with a webhook, the messages written, and a
case taken to "result ready"."""
import http.server
import json
import threading

import models
from seeds import factories


class Receiver:
    """A local HTTP server that takes webhook posts: it answers 500 to the
    first `failures` posts, or refuses connections while `down`; it keeps
    every post it accepted (key, body, headers)."""

    def __init__(self, failures=0, port=0):
        self.failures, self.posts, self.tries = failures, [], 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                with receiver.lock:
                    receiver.tries += 1
                    failing = receiver.failures > 0
                    if failing:
                        receiver.failures -= 1
                    else:
                        receiver.posts.append((self.headers['Idempotency-Key'],
                                               body, dict(self.headers)))
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', port),
                                                     Handler)
        self.port = self.server.server_address[1]
        self.url = 'http://127.0.0.1:%d/hook' % self.port
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def once(self):
        """The posts after dropping repeats by key, in arrival order."""
        seen, kept = set(), []
        for key, body, headers in self.posts:
            if key not in seen:
                seen.add(key)
                kept.append(json.loads(body))
        return kept


def manager():
    return models.User.get(models.User.username == 'demo-manager')


def hooked_client(url, hall_code='QL-YX'):
    """An integration client of the hall with a webhook at `url`; its secret."""
    account = manager()
    client, _token = models.ApiClient.issue(
        account, '省平台', [factories.hall(hall_code).id])
    secret = client.set_webhook(account, url)
    return client, secret


def messages(**where):
    query = models.OutboxMessage.select().order_by(models.OutboxMessage.id)
    for name, value in where.items():
        query = query.where(getattr(models.OutboxMessage, name) == value)
    return list(query)


def ready_case(seed=1, phone='13900001234'):
    """A proxy case taken to "result ready"."""
    case = factories.registered_case(seed=seed)
    models.Applicant.update(phone=phone).where(
        models.Applicant.id == case.applicant_id).execute()
    case.commission()
    case.start_handling()
    case.mark_ready()
    return case
