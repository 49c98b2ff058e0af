# Written by hand on 2026-12-07.
# A hall is sampled once a month: each draw claims every hall it covers
# (SampleClaim, unique per hall and month), in the draw's transaction, so a
# county's draw and its city's draw never sample the same hall twice, even
# when made at the same moment on PostgreSQL. Existing draws claim the halls
# of their subtree, oldest draw first (a hall two draws overlapped on stays
# with the earlier one).
#
# 投诉: the working days to answer a complaint become a city setting (5 by
# default, as before); a complaint keeps the due date it was given.
from peewee import *


def up(migrator, db):
    class Hall(Model):
        parent_id = IntegerField(null=True)

        class Meta:
            database = db
            table_name = 'hall'

    class SampleDraw(Model):
        hall_id = IntegerField()
        month = DateField()
        drawn_at = DateTimeField()

        class Meta:
            database = db
            table_name = 'sample_draw'

    class SampleClaim(Model):
        hall = ForeignKeyField(Hall, on_delete='RESTRICT', index=False)
        month = DateField()
        draw = ForeignKeyField(SampleDraw, on_delete='RESTRICT')

        class Meta:
            database = db
            table_name = 'sample_claim'
            indexes = ((('hall', 'month'), True),)

    db.create_tables([SampleClaim])
    migrator.migrate(
        migrator.add_column('city_settings', 'complaint_days',
                            IntegerField(default=5)),
    )
    children = {}
    for hall_id, parent_id in Hall.select(Hall.id, Hall.parent_id).tuples():
        children.setdefault(parent_id, []).append(hall_id)
    claimed = set()
    for draw in SampleDraw.select().order_by(SampleDraw.drawn_at,
                                             SampleDraw.id):
        todo, rows = [draw.hall_id], []
        while todo:
            hall_id = todo.pop()
            todo.extend(children.get(hall_id, ()))
            if (hall_id, str(draw.month)) not in claimed:
                claimed.add((hall_id, str(draw.month)))
                rows.append(dict(hall=hall_id, month=draw.month,
                                 draw=draw.id))
        if rows:
            SampleClaim.insert_many(rows).execute()


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('city_settings', 'complaint_days'),
    )
    db.execute_sql('DROP TABLE sample_claim')
