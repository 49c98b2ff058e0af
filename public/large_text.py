"""The older-user mode of the applicant's pages (适老化, MIIT 2021): larger
text and targets, chosen by the applicant and remembered by their browser in
a cookie, with no sign-in."""
from flask import redirect, request

from web import local_target

from . import bp

COOKIE = 'bangban_large_text'
KEPT_FOR = 400 * 24 * 3600  # Chromium's longest; the choice outlives a visit


def large_text():
    """Whether this browser asked for the larger mode."""
    return request.cookies.get(COOKIE) == '1'


@bp.app_context_processor
def large_text_setting():
    return {'large_text': large_text}


@bp.route('/large-text', methods=['POST'])
def set_large_text():
    """Turn the larger mode on (on=1) or off, then go back to the page."""
    response = redirect(local_target(request.form.get('next')))
    if request.form.get('on') == '1':
        response.set_cookie(COOKIE, '1', max_age=KEPT_FOR, httponly=True,
                            samesite='Lax', secure=request.is_secure)
    else:
        response.delete_cookie(COOKIE, httponly=True, samesite='Lax',
                               secure=request.is_secure)
    return response
