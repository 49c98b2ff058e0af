"""China's holidays as the two libraries know them: pure functions, no I/O.

Two different things, from two packages, each for what it does well:

- The statutory days (法定节假日) follow a rule every year, since 2025: New
  Year 1 day, Spring Festival 4 (除夕 to 初三), Qingming 1, Labour Day 2,
  Dragon Boat 1, Mid-Autumn 1, National Day 3. `holidays` (its China
  calendar, with its own lunisolar tables) computes them for any year. We
  take the statutory days only (`observed=False`, and none of its
  "substituted" days): its in-lieu days for years without a notice are
  its own estimates, never the State Council's.
- The State Council's notice for a year (放假调休: bridged days off and the
  adjusted working weekends) cannot be computed. `chinesecalendar` carries
  each published notice as data (days off and working days); a year it has
  no notice for is simply absent, and the city administrator enters it.
"""
import functools
from importlib import metadata

import chinese_calendar
import holidays

# The statutory holidays by key, in the order of a notice; the key is what
# the product stores and translates.
STATUTORY = ('new_year', 'spring_festival', 'qingming', 'labour_day',
             'dragon_boat', 'mid_autumn', 'national_day')

# `holidays`' English names of the statutory days, by our key.
_RULE_NAMES = {
    "New Year's Day": 'new_year',
    "Chinese New Year's Eve": 'spring_festival',
    'Chinese New Year (Spring Festival)': 'spring_festival',
    'Tomb-Sweeping Day': 'qingming',
    'Labor Day': 'labour_day',
    'Dragon Boat Festival': 'dragon_boat',
    'Mid-Autumn Festival': 'mid_autumn',
    'National Day': 'national_day',
}

# Years the rule library can compute (its lunisolar tables end in 2100).
FIRST_YEAR, LAST_YEAR = 1950, 2099


@functools.lru_cache(maxsize=256)
def statutory_days(year):
    """The statutory days off of a year by rule: {date: holiday key}."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {}
    found = {}
    calendar = holidays.China(years=year, observed=False, language='en_US')
    for day, names in calendar.items():
        for name in names.split('; '):
            # Lunar dates far ahead carry "(estimated)"; the date is the rule's.
            key = _RULE_NAMES.get(name.replace(' (estimated)', '').strip())
            if key is not None and day.year == year:
                found.setdefault(day, key)
    return found


def statutory_ranges(year):
    """The statutory days grouped into (key, first, last) runs."""
    runs = []
    for day, key in sorted(statutory_days(year).items()):
        if runs and runs[-1][0] == key and (day - runs[-1][2]).days == 1:
            runs[-1] = (key, runs[-1][1], day)
        else:
            runs.append((key, day, day))
    return runs


@functools.lru_cache(maxsize=1)
def notice_years():
    """The years whose State Council notice the library carries."""
    return frozenset(day.year for day in chinese_calendar.holidays) | frozenset(
        day.year for day in chinese_calendar.workdays)


@functools.lru_cache(maxsize=256)
def notice_days(year):
    """The library's notice of a year as {date: 'off' | 'workday'}, or None
    when it has no notice for that year."""
    if year not in notice_years():
        return None
    days = {day: 'off' for day in chinese_calendar.holidays if day.year == year}
    days.update({day: 'workday' for day in chinese_calendar.workdays
                 if day.year == year})
    return days


def versions():
    """Which releases the calendar comes from, for people and /healthz."""
    found = {}
    for package in ('chinesecalendar', 'holidays'):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = 'unknown'
    return found



# `chinesecalendar`'s names of the holidays of its notices, by our key.
_NOTICE_NAMES = {
    "New Year's Day": 'new_year', 'Spring Festival': 'spring_festival',
    'Tomb-sweeping Day': 'qingming', 'Labour Day': 'labour_day',
    'Dragon Boat Festival': 'dragon_boat', 'Mid-autumn Festival': 'mid_autumn',
    'National Day': 'national_day',
}


def notice_lines(year):
    """The library's notice of a year as a notice is written: holidays as
    (key or name, first, last) runs of days off, and the adjusted working
    days as (day, key or name); None without a notice for that year."""
    if year not in notice_years():
        return None
    runs = []
    for day in sorted(d for d in chinese_calendar.holidays if d.year == year):
        name = str(chinese_calendar.holidays[day])
        key = _NOTICE_NAMES.get(name, name)
        if runs and runs[-1][0] == key and (day - runs[-1][2]).days == 1:
            runs[-1] = (key, runs[-1][1], day)
        else:
            runs.append((key, day, day))
    workdays = [(day, _NOTICE_NAMES.get(str(name), str(name)))
                for day, name in sorted(chinese_calendar.workdays.items())
                if day.year == year]
    return runs, workdays
