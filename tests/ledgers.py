"""A city with the 附件4 ledger's items and departments, and ledger
workbooks to import into it."""
import datetime
import io

import openpyxl
import pytest

import models
from portal.excel import LEDGER_COLUMNS, LEDGER_SUBHEADER
from seeds import factories as make
from support import typed_workbook


# Fictional numbers that pass their check digits (validators.generate_*).
ID_A = '150402200202209309'


ID_B = '150402196304183665'


@pytest.fixture
def city(app, clock):
    """A county hall with 人社 stationed in it, its manager (an agent), two
    September cases of its own (one delivered and rated, one in handling)
    and a hall elsewhere with a case of its own."""
    clock.set('2026-10-20T10:00:00+08:00')
    root = make.new_hall('LGC', 'city')
    county = make.new_hall('LGA', 'county', parent=root)
    other = make.new_hall('LGB', 'county', parent=root)
    department = make.department()
    for hall in (county, other):
        models.HallDepartment.create(hall=hall, department=department)
    item = make.new_item(department, materials=0)
    manager = make.user('manager-lga', 'hall_manager', county, agent_name='帮办员甲')
    make.user('manager-lgb', 'hall_manager', other, agent_name='帮办员乙')
    make.user('agent-lga', 'agent', county)
    make.user('city-admin', 'city_admin', root)
    agent = models.Agent.get(models.Agent.user == manager)
    cases = []
    for n, hall in enumerate((county, county, other)):
        day = make.at(SEPT + datetime.timedelta(days=n))
        case, _ = make.new_case(hall, item, make.applicant(n), user=manager, at=day)
        case.register(manager, at=day, agent=agent if hall == county else None)
        case.start_handling(manager)
        cases.append(case)
    flow = models.CaseFlow.create(case=cases[0], department=department, hall=county)
    flow.accept(SEPT, manager)
    flow.finish(SEPT + datetime.timedelta(days=1), manager)
    cases[0].mark_ready(manager)
    cases[0].deliver(manager)
    cases[0].evaluate(4, 'onsite', user=manager)
    return dict(county=county, other=other, item=item, department=department,
                cases=cases, manager=manager)


def upload(client, data, hall=None, name='台账.xlsx', **form):
    form = dict(form, file=(io.BytesIO(data), name))
    if hall is not None:
        form['hall'] = str(hall.id)
    return client.post('/portal/excel/ledger/', data=form,
                       content_type='multipart/form-data')


def ledger_sheet(rows):
    """A ledger typed in Excel as the form is: title, the grouped header,
    then one row per case in the form's columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(['帮办代办工作登记台账'])
    sheet.append(['单位：测试LGA大厅'])
    sheet.append(LEDGER_COLUMNS)
    sheet.append(LEDGER_SUBHEADER)
    for number, row in enumerate(rows, start=1):
        sheet.append([number] + list(row))
    return typed_workbook(book)


def line(day='2026-07-03', person='张三\n13800000001', matter='城乡居民养老保险参保登记',
         receiver='帮办员甲', accepted='人社 2026-07-03', done='人社 2026-07-06',
         fed_back='2026-07-08', rating='满意', remarks='', id_number=ID_A, how='帮办',
         number=''):
    return [day, person, matter, receiver, accepted, done, fed_back, rating, remarks,
            id_number, how, number]


SEPT = datetime.date(2026, 9, 1)
