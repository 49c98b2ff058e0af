"""Static files: fingerprinted addresses cached for a year, sent compressed.

Every `url_for` of a static file (the app's own and the blueprints', Flask-
Admin's included) carries `h`, a digest of the file's content. A changed file
gets a new address, so a browser may keep a file for a year without asking
again (`immutable`). A request whose `h` is not the file's current digest
(an old page, a typed address) is answered as before: revalidated each time.

Text files are sent gzip-compressed to a browser that accepts it, compressed
once a process and kept in memory (jsQR: 257 KB on disk, 57 KB sent).
"""
import gzip
import hashlib
import os

from flask import current_app, request
from werkzeug.security import safe_join

IMMUTABLE_SECONDS = 365 * 24 * 3600
# What gzip makes smaller; images, audio and fonts here are compressed already.
COMPRESSIBLE = ('text/css', 'text/javascript', 'application/javascript',
                'application/json', 'image/svg+xml', 'text/plain')
MIN_COMPRESSED_SIZE = 1024

_digests = {}     # path -> ((mtime, size), digest)
_compressed = {}  # path -> ((mtime, size), gzip bytes)


def init_app(app):
    app.url_defaults(_fingerprint)
    app.after_request(_cache_and_compress)


def _folder(endpoint):
    """The folder a static endpoint serves, or None for any other endpoint."""
    if endpoint == 'static':
        return current_app.static_folder
    if endpoint and endpoint.endswith('.static'):
        blueprint = current_app.blueprints.get(endpoint[:-len('.static')])
        return blueprint.static_folder if blueprint is not None else None
    return None


def _path(endpoint, filename):
    folder = _folder(endpoint)
    if not folder or not filename:
        return None
    path = safe_join(folder, filename)
    return path if path and os.path.isfile(path) else None


def _version(path):
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def digest(path):
    """A short digest of the file's content, read again when it changes."""
    version = _version(path)
    known = _digests.get(path)
    if known is None or known[0] != version:
        with open(path, 'rb') as fh:
            known = version, hashlib.sha256(fh.read()).hexdigest()[:16]
        _digests[path] = known
    return known[1]


def _fingerprint(endpoint, values):
    if 'filename' in values and 'h' not in values:
        path = _path(endpoint, values['filename'])
        if path is not None:
            values['h'] = digest(path)


def _gzipped(path):
    version = _version(path)
    known = _compressed.get(path)
    if known is None or known[0] != version:
        with open(path, 'rb') as fh:
            known = version, gzip.compress(fh.read(), compresslevel=9, mtime=0)
        _compressed[path] = known
    return known[1]


def _cache_and_compress(response):
    path = _path(request.endpoint, (request.view_args or {}).get('filename'))
    if path is None or response.status_code not in (200, 304):
        return response
    if request.args.get('h') == digest(path):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = IMMUTABLE_SECONDS
        response.cache_control.immutable = True
    if response.mimetype in COMPRESSIBLE:
        response.vary.add('Accept-Encoding')
        if response.status_code == 200 and 'Content-Range' not in response.headers \
                and 'gzip' in request.accept_encodings \
                and os.path.getsize(path) >= MIN_COMPRESSED_SIZE:
            response.direct_passthrough = False
            response.set_data(_gzipped(path))
            response.headers['Content-Encoding'] = 'gzip'
            # Another representation of the same file: a weak tag (as
            # nginx's gzip), which conditional requests still match.
            etag, weak = response.get_etag()
            if etag:
                response.set_etag(etag, weak=True)
    return response
