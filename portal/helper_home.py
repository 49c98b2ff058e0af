"""What a helper finds on the portal's home: their duty at the kiosks.

Helpers work at the self-service terminals, not in the case files, so the
portal's home tells them where and when they are on duty and leads them to
the kiosk, instead of offering pages their role does not open.
"""
import datetime

import models

DAYS_AHEAD = 7


def upcoming_duty(user, days=DAYS_AHEAD):
    """The user's shifts that have not ended, up to `days` ahead, with their
    kiosk and its hall, soonest first (one query)."""
    now = models.now()
    return list(models.Shift
                .select(models.Shift, models.Kiosk, models.Hall)
                .join(models.Kiosk)
                .join(models.Hall)
                .switch(models.Shift)
                .join(models.Agent, on=(models.Shift.helper == models.Agent.id))
                .where(models.Agent.user == user,
                       models.Shift.ends_at > now,
                       models.Shift.starts_at < now + datetime.timedelta(days=days))
                .order_by(models.Shift.starts_at))


def works_at_kiosks_only(user):
    """Whether the user's role is kiosk work, with no case files to open."""
    return user.may('use_kiosk') and not user.may('see_cases')
