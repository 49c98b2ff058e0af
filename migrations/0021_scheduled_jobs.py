# Written from a schema diff on 2026-12-07; the partial indexes by hand.
# Scheduled jobs: each run of a job for a period, claimed by its row (at
# most one run of a job at once, one finished run per period); each unit's
# monthly 附件8 kept as the month's official copy; the city's report day.
import datetime

from peewee import *


def up(migrator, db):
    class Hall(Model):
        class Meta:
            database = db
            table_name = 'hall'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class JobRun(Model):
        job = CharField(max_length=40)
        period = CharField(max_length=60)
        host = CharField(max_length=100, default='')
        user = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        status = CharField(max_length=10, default='running')
        started_at = DateTimeField(default=datetime.datetime.now)
        finished_at = DateTimeField(null=True)
        result = TextField(default='')
        error = TextField(default='')

        class Meta:
            database = db
            table_name = 'job_run'
            indexes = ((('job', 'started_at'), False),)

    class MonthlyReport(Model):
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        month = DateField()
        workbook = BlobField()
        generated_at = DateTimeField(default=datetime.datetime.now)
        run = ForeignKeyField(JobRun, null=True, on_delete='SET NULL')

        class Meta:
            database = db
            table_name = 'monthly_report'
            indexes = ((('hall', 'month'), True),)

    db.create_tables([JobRun, MonthlyReport])
    migrator.migrate(
        migrator.add_index('job_run', ['job'], unique=True,
                           name='job_run_one_running',
                           where=SQL("status = 'running'")),
        migrator.add_index('job_run', ['job', 'period'], unique=True,
                           name='job_run_once_per_period',
                           where=SQL("status IN ('running', 'done')")),
        migrator.add_column('city_settings', 'report_day',
                            IntegerField(default=25)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('city_settings', 'report_day'),
        migrator.drop_table('monthly_report'),
        migrator.drop_table('job_run'),
    )
