# Generated from a schema diff on 2026-12-01 21:26, with the data step added.
"""An applicant's file records the type of its identity document.

Until now a file held a resident ID number or a credit code, unique alone.
Existing files become resident ID cards, credit codes for enterprises, and
residence permits for the Hong Kong (810000) and Macau (820000) numbers that
passed as resident IDs. A file is now unique by type, number and nationality.
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.drop_index('applicant', 'applicant_id_number'))
    migrator.migrate(migrator.add_column('applicant', 'id_type', CharField(max_length=20, default='resident_id')))
    migrator.migrate(migrator.add_column('applicant', 'nationality', CharField(max_length=3, default='')))
    class Applicant(Model):
        kind = CharField(max_length=12)
        id_type = CharField(max_length=20)
        id_number = CharField(max_length=18)
        class Meta:
            database = db
            table_name = 'applicant'
    (Applicant.update(id_type='credit_code')
     .where(Applicant.kind == 'enterprise').execute())
    (Applicant.update(id_type='residence_permit')
     .where(Applicant.kind == 'person',
            Applicant.id_number.startswith('810000') |
            Applicant.id_number.startswith('820000') |
            Applicant.id_number.startswith('830000')).execute())
    migrator.migrate(migrator.add_index('applicant', ('id_type', 'id_number', 'nationality'), unique=True))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('applicant', 'applicant_id_type_id_number_nationality'))
    migrator.migrate(migrator.drop_column('applicant', 'nationality'))
    migrator.migrate(migrator.drop_column('applicant', 'id_type'))
    migrator.migrate(migrator.add_index('applicant', ('id_number',), unique=True))
