# Per-city calendar: city settings, holiday notices as written, and every
# override of a day belonging to a city.
#
# Existing rows: an override of a hall now belongs to that hall's city. An
# override without a hall applied to every hall of the database; it becomes
# an override of each city (copied once per city hall without a parent), so
# every hall keeps the calendar it had. Each city gets its settings row with
# the defaults (the calendar library's notices are used).
from peewee import *

import models  # the hall's clock


def up(migrator, db):
    class Hall(Model):
        parent = ForeignKeyField('self', null=True)

        class Meta:
            database = db
            table_name = 'hall'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class CitySettings(Model):
        city = ForeignKeyField(Hall, unique=True, on_delete='CASCADE')
        library_notices = BooleanField(default=True)
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'city_settings'
    db.create_tables([CitySettings])

    class HolidayNotice(Model):
        city = ForeignKeyField(Hall, on_delete='CASCADE')
        year = IntegerField()
        reference = CharField(max_length=100, default='')
        entered_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        entered_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'holiday_notice'
            indexes = ((('city', 'year'), True),)
    db.create_tables([HolidayNotice])

    class NoticeDay(Model):
        notice = ForeignKeyField(HolidayNotice, on_delete='CASCADE')
        kind = CharField(max_length=10)
        name = CharField(max_length=30, default='')
        first_day = DateField()
        last_day = DateField()
        class Meta:
            database = db
            table_name = 'notice_day'
            constraints = [SQL('CHECK (last_day >= first_day)')]
    db.create_tables([NoticeDay])

    migrator.migrate(migrator.drop_index('holiday', 'holiday_hall_id_day'))
    migrator.migrate(migrator.add_column('holiday', 'city_id', ForeignKeyField(
        Hall, field=Hall.id, null=True, on_delete='CASCADE')))

    class Holiday(Model):
        city = ForeignKeyField(Hall, null=True, backref='+')
        hall = ForeignKeyField(Hall, null=True, backref='+')
        day = DateField()
        kind = CharField()
        note = CharField()

        class Meta:
            database = db
            table_name = 'holiday'

    parents = dict(Hall.select(Hall.id, Hall.parent).tuples())

    def city_of(hall_id):
        seen = set()
        while parents.get(hall_id) is not None and hall_id not in seen:
            seen.add(hall_id)
            hall_id = parents[hall_id]
        return hall_id

    cities = sorted(h for h, parent in parents.items() if parent is None)
    with db.atomic():
        for row in list(Holiday.select().order_by(Holiday.id)):
            if row.hall_id is not None:
                Holiday.update(city=city_of(row.hall_id)).where(
                    Holiday.id == row.id).execute()
            elif not cities:
                Holiday.delete().where(Holiday.id == row.id).execute()
            else:
                Holiday.update(city=cities[0]).where(
                    Holiday.id == row.id).execute()
                for city in cities[1:]:
                    Holiday.create(city=city, hall=None, day=row.day,
                                   kind=row.kind, note=row.note)
        for city in cities:
            CitySettings.create(city=city, library_notices=True,
                                updated_at=models.now())

    migrator.migrate(migrator.add_not_null('holiday', 'city_id'))
    migrator.migrate(migrator.add_index('holiday', ('city_id', 'hall_id', 'day'), unique=True))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('holiday', 'holiday_city_id_hall_id_day'))
    migrator.migrate(migrator.drop_index('holiday', 'holiday_city_id'))
    migrator.migrate(migrator.drop_column('holiday', 'city_id'))
    migrator.migrate(migrator.add_index('holiday', ('hall_id', 'day'), unique=True))
    migrator.migrate(migrator.drop_table('notice_day'))
    migrator.migrate(migrator.drop_table('holiday_notice'))
    migrator.migrate(migrator.drop_table('city_settings'))
