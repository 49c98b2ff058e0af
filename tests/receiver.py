"""A webhook receiver on a loopback port that fails when told to, and
drops repeats by key as an integrator's receiver must."""
import http.server
import json
import threading


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
