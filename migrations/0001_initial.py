# Generated from a schema diff on 2026-11-22 04:56.
from peewee import *


def up(migrator, db):
    class Hall(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=100)
        level = CharField(max_length=10)
        parent = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        address = CharField(max_length=200, default='')
        opens_at = TimeField()
        closes_at = TimeField()
        phone = CharField(max_length=30, default='')
        class Meta:
            database = db
            table_name = 'hall'
    db.create_tables([Hall])

    class User(Model):
        username = CharField(unique=True, max_length=60)
        password_hash = CharField(max_length=256)
        name = CharField(max_length=60)
        role = CharField(max_length=20)
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        is_active = BooleanField(default=True)
        failed_logins = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        last_login = DateTimeField(null=True)
        pin_hash = CharField(max_length=256, default='')
        badge_hash = CharField(unique=True, null=True, max_length=64)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'user'
    db.create_tables([User])

    class Department(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=100)
        short_name = CharField(max_length=30, default='')
        class Meta:
            database = db
            table_name = 'department'
    db.create_tables([Department])

    class Agent(Model):
        user = ForeignKeyField(User, unique=True, null=True, on_delete='SET NULL')
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        department = ForeignKeyField(Department, null=True, on_delete='SET NULL')
        name = CharField(max_length=60)
        employment = CharField(max_length=12)
        phone = CharField(max_length=30, default='')
        is_active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'agent'
    db.create_tables([Agent])

    class Applicant(Model):
        kind = CharField(max_length=12)
        id_number = CharField(unique=True, max_length=18)
        name = CharField(max_length=120)
        phone = CharField(max_length=30, default='')
        address = CharField(max_length=200, default='')
        contact_name = CharField(max_length=60, default='')
        card_hash = CharField(unique=True, null=True, max_length=64)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'applicant'
    db.create_tables([Applicant])

    class Item(Model):
        code = CharField(unique=True, max_length=40)
        department = ForeignKeyField(Department, on_delete='RESTRICT')
        name = CharField(max_length=120)
        sub_name = CharField(max_length=120, default='')
        power_kind = CharField(max_length=20)
        category = CharField(index=True, max_length=30)
        time_limit_days = IntegerField()
        offers_assisted = BooleanField(default=True)
        offers_proxy = BooleanField(default=True)
        offers_home_visit = BooleanField(default=False)
        levels = CharField(max_length=40, default='city,county,town,village')
        basic_info = TextField(default='')
        conditions = TextField(default='')
        procedure = TextField(default='')
        fees = TextField(default='')
        legal_basis = TextField(default='')
        intermediary = TextField(default='')
        faq = TextField(default='')
        remarks = CharField(max_length=200, default='')
        is_active = BooleanField(default=True)
        pinyin = CharField(index=True, max_length=400, default='')
        initials = CharField(index=True, max_length=120, default='')
        class Meta:
            database = db
            table_name = 'item'
    db.create_tables([Item])

    class Window(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        number = IntegerField()
        name = CharField(max_length=60)
        kind = CharField(max_length=15)
        department = ForeignKeyField(Department, null=True, on_delete='SET NULL')
        prefix = CharField(max_length=2)
        is_open = BooleanField(default=True)
        minutes_per_ticket = IntegerField(default=8)
        class Meta:
            database = db
            table_name = 'window'
            indexes = ((('hall', 'number'), True), (('hall', 'prefix'), True))
    db.create_tables([Window])

    class Appointment(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        item = ForeignKeyField(Item, on_delete='RESTRICT')
        window = ForeignKeyField(Window, on_delete='RESTRICT')
        day = DateField(index=True)
        half_day = CharField(max_length=2)
        applicant = ForeignKeyField(Applicant, on_delete='RESTRICT')
        code_hash = CharField(unique=True, max_length=64)
        status = CharField(max_length=12, default='booked')
        created_at = DateTimeField()
        checked_in_at = DateTimeField(null=True)
        cancelled_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'appointment'
    db.create_tables([Appointment])

    class AuditLog(Model):
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        hall = ForeignKeyField(Hall, null=True, on_delete='SET NULL')
        action = CharField(max_length=20)
        model = CharField(max_length=40)
        record_id = CharField(max_length=40, default='')
        before = TextField(default='')
        after = TextField(default='')
        class Meta:
            database = db
            table_name = 'audit_log'
    db.create_tables([AuditLog])

    class Bundle(Model):
        code = CharField(unique=True, max_length=40)
        name = CharField(max_length=120)
        kind = CharField(max_length=12)
        lead_department = ForeignKeyField(Department, on_delete='RESTRICT')
        description = TextField(default='')
        is_active = BooleanField(default=True)
        pinyin = CharField(max_length=400, default='')
        initials = CharField(max_length=120, default='')
        class Meta:
            database = db
            table_name = 'bundle'
    db.create_tables([Bundle])

    class BundleItem(Model):
        bundle = ForeignKeyField(Bundle, on_delete='CASCADE')
        item = ForeignKeyField(Item, on_delete='RESTRICT')
        stage = CharField(max_length=30, default='')
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'bundle_item'
            indexes = ((('bundle', 'item'), True),)
    db.create_tables([BundleItem])

    class Case(Model):
        number = CharField(unique=True, max_length=40)
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        origin_hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        transfer_confirmed_at = DateTimeField(null=True)
        item = ForeignKeyField(Item, null=True, on_delete='RESTRICT')
        bundle = ForeignKeyField(Bundle, null=True, on_delete='RESTRICT')
        item_name = CharField(max_length=250)
        time_limit_days = IntegerField(default=0)
        applicant = ForeignKeyField(Applicant, on_delete='RESTRICT')
        service_form = CharField(max_length=12)
        channel = CharField(max_length=12)
        status = CharField(index=True, max_length=20)
        agent = ForeignKeyField(Agent, null=True, on_delete='RESTRICT')
        window = ForeignKeyField(Window, null=True, on_delete='SET NULL')
        green_reason = CharField(max_length=100, default='')
        green_contact = CharField(max_length=60, default='')
        is_complex = BooleanField(default=False)
        registered_at = DateTimeField(index=True, null=True)
        due_date = DateField(index=True, null=True)
        closed_at = DateTimeField(null=True)
        delivery_method = CharField(max_length=10, default='pickup')
        delivery_address = CharField(max_length=200, default='')
        courier = CharField(max_length=60, default='')
        tracking_number = CharField(max_length=60, default='')
        refusal_reason = TextField(default='')
        refer_to = CharField(max_length=200, default='')
        termination_reason = TextField(default='')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'case'
    db.create_tables([Case])

    class CaseEvent(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        at = DateTimeField(index=True)
        actor = ForeignKeyField(User, null=True, on_delete='SET NULL')
        action = CharField(max_length=30)
        from_status = CharField(max_length=20, default='')
        to_status = CharField(max_length=20, default='')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'case_event'
    db.create_tables([CaseEvent])

    class CaseFlow(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        department = ForeignKeyField(Department, on_delete='RESTRICT')
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        accepted_on = DateField(null=True)
        done_on = DateField(null=True)
        note = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'case_flow'
            indexes = ((('case', 'department'), True),)
    db.create_tables([CaseFlow])

    class ItemMaterial(Model):
        item = ForeignKeyField(Item, on_delete='CASCADE')
        name = CharField(max_length=120)
        copies = IntegerField(default=1)
        form = CharField(max_length=10, default='original')
        source = CharField(max_length=200, default='')
        required = BooleanField(default=True)
        deferrable = BooleanField(default=False)
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'item_material'
    db.create_tables([ItemMaterial])

    class CaseMaterial(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        material = ForeignKeyField(ItemMaterial, null=True, on_delete='SET NULL')
        name = CharField(max_length=120)
        copies = IntegerField(default=1)
        form = CharField(max_length=10, default='original')
        source = CharField(max_length=200, default='')
        state = CharField(max_length=10)
        promised_by = DateField(null=True)
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'case_material'
    db.create_tables([CaseMaterial])

    class Counter(Model):
        key = CharField(unique=True, max_length=120)
        value = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'counter'
    db.create_tables([Counter])

    class Evaluation(Model):
        case = ForeignKeyField(Case, unique=True, on_delete='RESTRICT')
        rating = IntegerField()
        method = CharField(max_length=10)
        comment = TextField(default='')
        caller = CharField(max_length=60, default='')
        called_at = DateTimeField(null=True)
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'evaluation'
    db.create_tables([Evaluation])

    class FollowUp(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        hall = ForeignKeyField(Hall, on_delete='RESTRICT')
        evaluation = ForeignKeyField(Evaluation, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        outcome = TextField(default='')
        class Meta:
            database = db
            table_name = 'follow_up'
    db.create_tables([FollowUp])

    class HallDepartment(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        department = ForeignKeyField(Department, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'hall_department'
            indexes = ((('hall', 'department'), True),)
    db.create_tables([HallDepartment])

    class Handover(Model):
        case = ForeignKeyField(Case, on_delete='RESTRICT')
        at = DateTimeField()
        from_party = CharField(max_length=100)
        to_party = CharField(max_length=100)
        handed_by = CharField(max_length=60)
        received_by = CharField(max_length=60)
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        note = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'handover'
    db.create_tables([Handover])

    class HandoverLine(Model):
        handover = ForeignKeyField(Handover, on_delete='RESTRICT')
        name = CharField(max_length=120)
        copies = IntegerField(default=1)
        form = CharField(max_length=10, default='original')
        class Meta:
            database = db
            table_name = 'handover_line'
    db.create_tables([HandoverLine])

    class Holiday(Model):
        hall = ForeignKeyField(Hall, null=True, on_delete='CASCADE')
        day = DateField(index=True)
        kind = CharField(max_length=10)
        note = CharField(max_length=100, default='')
        class Meta:
            database = db
            table_name = 'holiday'
            indexes = ((('hall', 'day'), True),)
    db.create_tables([Holiday])

    class ItemTemplate(Model):
        item = ForeignKeyField(Item, on_delete='CASCADE')
        title = CharField(max_length=120)
        filename = CharField(max_length=200)
        content_type = CharField(max_length=100)
        data = BlobField()
        uploaded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'item_template'
    db.create_tables([ItemTemplate])

    class Kiosk(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        name = CharField(max_length=60)
        location = CharField(max_length=120, default='')
        token_hash = CharField(unique=True, null=True, max_length=64)
        token_issued_at = DateTimeField(null=True)
        is_active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'kiosk'
    db.create_tables([Kiosk])

    class Liaison(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        department = ForeignKeyField(Department, null=True, on_delete='CASCADE')
        agent = ForeignKeyField(Agent, on_delete='RESTRICT')
        title = CharField(max_length=60, default='')
        class Meta:
            database = db
            table_name = 'liaison'
            indexes = ((('hall', 'department'), True),)
    db.create_tables([Liaison])

    class Post(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        window = ForeignKeyField(Window, null=True, on_delete='CASCADE')
        department = ForeignKeyField(Department, null=True, on_delete='SET NULL')
        name = CharField(max_length=60)
        agent_a = ForeignKeyField(Agent, on_delete='RESTRICT')
        agent_b = ForeignKeyField(Agent, null=True, on_delete='RESTRICT')
        a_away = BooleanField(default=False)
        b_away = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'post'
    db.create_tables([Post])

    class RateHit(Model):
        key = CharField(max_length=120)
        window_start = IntegerField()
        count = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'rate_hit'
            indexes = ((('key', 'window_start'), True),)
    db.create_tables([RateHit])

    class ReceiptCode(Model):
        case = ForeignKeyField(Case, on_delete='CASCADE')
        code_hash = CharField(unique=True, max_length=64)
        issued_at = DateTimeField()
        revoked_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'receipt_code'
    db.create_tables([ReceiptCode])

    class Shift(Model):
        kiosk = ForeignKeyField(Kiosk, on_delete='CASCADE')
        helper = ForeignKeyField(Agent, on_delete='CASCADE')
        starts_at = DateTimeField(index=True)
        ends_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'shift'
    db.create_tables([Shift])

    class SlotCapacity(Model):
        window = ForeignKeyField(Window, on_delete='CASCADE')
        weekday = IntegerField()
        half_day = CharField(max_length=2)
        capacity = IntegerField()
        class Meta:
            database = db
            table_name = 'slot_capacity'
            indexes = ((('window', 'weekday', 'half_day'), True),)
    db.create_tables([SlotCapacity])

    class TaskForce(Model):
        case = ForeignKeyField(Case, unique=True, on_delete='RESTRICT')
        coordinator = ForeignKeyField(Agent, on_delete='RESTRICT')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'task_force'
    db.create_tables([TaskForce])

    class TaskForceMember(Model):
        task_force = ForeignKeyField(TaskForce, on_delete='CASCADE')
        agent = ForeignKeyField(Agent, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'task_force_member'
            indexes = ((('task_force', 'agent'), True),)
    db.create_tables([TaskForceMember])

    class Ticket(Model):
        hall = ForeignKeyField(Hall, on_delete='CASCADE')
        day = DateField(index=True)
        prefix = CharField(max_length=2)
        number = IntegerField()
        case = ForeignKeyField(Case, null=True, on_delete='SET NULL')
        window = ForeignKeyField(Window, on_delete='CASCADE')
        priority = IntegerField(default=0)
        status = CharField(index=True, max_length=12, default='waiting')
        recalls = IntegerField(default=0)
        issued_at = DateTimeField()
        called_at = DateTimeField(null=True)
        served_at = DateTimeField(null=True)
        done_at = DateTimeField(null=True)
        called_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'ticket'
            indexes = ((('hall', 'day', 'prefix', 'number'), True),)
    db.create_tables([Ticket])

    class TicketEvent(Model):
        ticket = ForeignKeyField(Ticket, on_delete='CASCADE')
        at = DateTimeField(index=True)
        action = CharField(max_length=12)
        window = ForeignKeyField(Window, null=True, on_delete='SET NULL')
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        note = CharField(max_length=200, default='')
        class Meta:
            database = db
            table_name = 'ticket_event'
    db.create_tables([TicketEvent])

    class WindowDepartment(Model):
        window = ForeignKeyField(Window, on_delete='CASCADE')
        department = ForeignKeyField(Department, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'window_department'
            indexes = ((('window', 'department'), True),)
    db.create_tables([WindowDepartment])

    class WindowItem(Model):
        window = ForeignKeyField(Window, on_delete='CASCADE')
        item = ForeignKeyField(Item, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'window_item'
            indexes = ((('window', 'item'), True),)
    db.create_tables([WindowItem])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('window_item'))
    migrator.migrate(migrator.drop_table('window_department'))
    migrator.migrate(migrator.drop_table('ticket_event'))
    migrator.migrate(migrator.drop_table('ticket'))
    migrator.migrate(migrator.drop_table('task_force_member'))
    migrator.migrate(migrator.drop_table('task_force'))
    migrator.migrate(migrator.drop_table('slot_capacity'))
    migrator.migrate(migrator.drop_table('shift'))
    migrator.migrate(migrator.drop_table('receipt_code'))
    migrator.migrate(migrator.drop_table('rate_hit'))
    migrator.migrate(migrator.drop_table('post'))
    migrator.migrate(migrator.drop_table('liaison'))
    migrator.migrate(migrator.drop_table('kiosk'))
    migrator.migrate(migrator.drop_table('item_template'))
    migrator.migrate(migrator.drop_table('holiday'))
    migrator.migrate(migrator.drop_table('handover_line'))
    migrator.migrate(migrator.drop_table('handover'))
    migrator.migrate(migrator.drop_table('hall_department'))
    migrator.migrate(migrator.drop_table('follow_up'))
    migrator.migrate(migrator.drop_table('evaluation'))
    migrator.migrate(migrator.drop_table('counter'))
    migrator.migrate(migrator.drop_table('case_material'))
    migrator.migrate(migrator.drop_table('item_material'))
    migrator.migrate(migrator.drop_table('case_flow'))
    migrator.migrate(migrator.drop_table('case_event'))
    migrator.migrate(migrator.drop_table('case'))
    migrator.migrate(migrator.drop_table('bundle_item'))
    migrator.migrate(migrator.drop_table('bundle'))
    migrator.migrate(migrator.drop_table('audit_log'))
    migrator.migrate(migrator.drop_table('appointment'))
    migrator.migrate(migrator.drop_table('window'))
    migrator.migrate(migrator.drop_table('item'))
    migrator.migrate(migrator.drop_table('applicant'))
    migrator.migrate(migrator.drop_table('agent'))
    migrator.migrate(migrator.drop_table('department'))
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('hall'))
