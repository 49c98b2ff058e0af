# Generated from a schema diff on 2026-12-02 04:23.
from peewee import *

def up(migrator, db):
    migrator.migrate(migrator.add_column('appointment', 'name', CharField(max_length=60, default='')))
    migrator.migrate(migrator.add_column('appointment', 'id_type', CharField(max_length=20, default='resident_id')))
    migrator.migrate(migrator.add_column('appointment', 'nationality', CharField(max_length=3, default='')))
    migrator.migrate(migrator.add_column('appointment', 'id_digest', CharField(index=True, max_length=64, default='')))
    migrator.migrate(migrator.add_column('appointment', 'id_masked', CharField(max_length=24, default='')))
    migrator.migrate(migrator.add_column('appointment', 'phone', CharField(max_length=30, default='')))
    migrator.migrate(migrator.add_column('appointment', 'client_digest', CharField(max_length=64, default='')))
    migrator.migrate(migrator.drop_not_null('appointment', 'applicant_id'))
    # Earlier bookings were made with an applicant's file: they keep it, and
    # show what it held (id_digest stays empty: the kiosk compares the file).
    import validators
    rows = db.execute_sql(
        'SELECT appointment.id, applicant.name, applicant.id_type, '
        'applicant.id_number, applicant.nationality, applicant.phone '
        'FROM appointment JOIN applicant '
        'ON applicant.id = appointment.applicant_id').fetchall()
    for row_id, name, id_type, number, nationality, phone in rows:
        db.execute_sql(
            'UPDATE appointment SET name = %s, id_type = %s, nationality = %s, '
            'id_masked = %s, phone = %s WHERE id = %s'.replace(
                '%s', db.param),
            (name, id_type, nationality, validators.mask_id(number, id_type),
             phone or '', row_id))


def down(migrator, db):
    db.execute_sql('DELETE FROM appointment WHERE applicant_id IS NULL')
    migrator.migrate(migrator.add_not_null('appointment', 'applicant_id'))
    migrator.migrate(migrator.drop_index('appointment', 'appointment_id_digest'))
    migrator.migrate(migrator.drop_column('appointment', 'client_digest'))
    migrator.migrate(migrator.drop_column('appointment', 'phone'))
    migrator.migrate(migrator.drop_column('appointment', 'id_masked'))
    migrator.migrate(migrator.drop_column('appointment', 'id_digest'))
    migrator.migrate(migrator.drop_column('appointment', 'nationality'))
    migrator.migrate(migrator.drop_column('appointment', 'id_type'))
    migrator.migrate(migrator.drop_column('appointment', 'name'))
