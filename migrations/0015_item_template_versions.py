# Generated from a schema diff on 2026-12-07 15:44, then completed by hand.
# An item's templates are kept as versions: a new upload under a title is its
# next version and none is overwritten, so a case registered earlier still
# finds the one current then. Each version says what kind of template it is,
# its size (lists never read the file) and who uploaded it. The templates
# kept so far become the versions of their titles, oldest first, and their
# kind is read from their title where it says it.
from peewee import *

KINDS = (('告知承诺', 'commitment'), ('承诺书', 'commitment'),
         ('填写说明', 'instructions'), ('示范', 'sample'), ('样表', 'sample'),
         ('样本', 'sample'), ('申请', 'application'))


def number_versions(db):
    rows = db.execute_sql('SELECT id, item_id, title FROM item_template '
                          'ORDER BY uploaded_at, id').fetchall()
    seen = {}
    for row_id, item_id, title in rows:
        seen[(item_id, title)] = seen.get((item_id, title), 0) + 1
        kind = next((k for word, k in KINDS if word in title), 'other')
        db.execute_sql('UPDATE item_template SET version = %s, kind = %s '
                       'WHERE id = %s' % ((db.param,) * 3),
                       (seen[(item_id, title)], kind, row_id))
    db.execute_sql('UPDATE item_template SET size = length(data)')


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    migrator.migrate(migrator.add_column('item_template', 'kind', CharField(max_length=20, default='other')))
    migrator.migrate(migrator.add_column('item_template', 'version', IntegerField(default=1)))
    migrator.migrate(migrator.add_column('item_template', 'size', IntegerField(default=0)))
    migrator.migrate(migrator.add_column('item_template', 'uploaded_by_id', ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')))
    number_versions(db)
    migrator.migrate(migrator.add_index('item_template', ('item_id', 'title', 'version'), unique=True))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('item_template', 'item_template_uploaded_by_id'))
    migrator.migrate(migrator.drop_index('item_template', 'item_template_item_id_title_version'))
    migrator.migrate(migrator.drop_column('item_template', 'uploaded_by_id'))
    migrator.migrate(migrator.drop_column('item_template', 'size'))
    migrator.migrate(migrator.drop_column('item_template', 'version'))
    migrator.migrate(migrator.drop_column('item_template', 'kind'))
