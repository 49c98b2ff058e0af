"""The demo city's templates (申请书, 告知承诺书, 填写说明): Excel sheets made
from the item's own catalogue entry, uploaded as a manager would, dated
before the demo's history so that every demo case was registered with them."""
import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

import models
from portal.excel import xlsx_file

# item code -> (kind, title); the file is made from the item itself.
DEMO_TEMPLATES = {
    'RSJ-003': (('application', '失业保险金申领申请书'),
                ('commitment', '失业保险金申领告知承诺书'),
                ('instructions', '失业保险金申领申请书填写说明')),
    'SCJ-002': (('application', '个体工商户设立登记申请书'),
                ('commitment', '个体工商户设立登记告知承诺书')),
}
UPLOADED_AT = datetime.datetime(2024, 1, 2, 9, 0)

FIELDS = ('申请人姓名', '身份证件类型及号码', '联系电话', '住址', '申请事项',
          '申请理由', '申请人签名', '日期')
COMMITMENT = ('本人已知晓办理本事项需提交的全部材料及要求。对尚未提交的材料，'
              '本人承诺在约定期限内补齐；所提交材料真实、合法、有效，'
              '如有虚假，愿承担相应法律责任。')
INSTRUCTIONS = ('一、请用黑色签字笔或钢笔填写，字迹清楚。',
                '二、“身份证件类型及号码”填写申请人有效身份证件。',
                '三、“申请事项”按事项名称填写，不得简写。',
                '四、申请人不能书写的，可由帮办代办员代为填写，由申请人按指印确认。')


def _sheet(item, kind, title):
    """The workbook of one template, as bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.column_dimensions['A'].width = 24
    sheet.column_dimensions['B'].width = 60
    sheet['A1'] = title
    sheet['A1'].font = Font(size=16, bold=True)
    sheet['A2'] = '%s · %s' % (item.code, item.department.name)
    row = 4
    if kind == 'application':
        for field in FIELDS:
            sheet.cell(row, 1, field)
            row += 1
        row += 1
        sheet.cell(row, 1, '所附材料').font = Font(bold=True)
        for material in item.materials:
            row += 1
            sheet.cell(row, 1, '□ %s' % material.name)
            sheet.cell(row, 2, material.source)
    elif kind == 'commitment':
        sheet.cell(row, 1, COMMITMENT).alignment = Alignment(wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row + 3,
                          end_column=2)
        sheet.cell(row + 5, 1, '承诺人签名')
        sheet.cell(row + 6, 1, '日期')
    else:
        for line in INSTRUCTIONS:
            sheet.cell(row, 1, line)
            row += 1
    return xlsx_file(book).getvalue()


def load_templates(items):
    """Upload each demo template once (a second load adds nothing)."""
    for code, templates in DEMO_TEMPLATES.items():
        item = items[code]
        for kind, title in templates:
            if models.ItemTemplate.select().where(
                    models.ItemTemplate.item == item,
                    models.ItemTemplate.title == title).exists():
                continue
            models.ItemTemplate.upload(
                item, title, _sheet(item, kind, title), title + '.xlsx',
                kind=kind, at=UPLOADED_AT)
