"""The demo's bilingual hall (蒙汉双语): 松岭镇 signs in traditional Mongolian
beside Chinese, as Inner Mongolia's halls must. "_" stands for the narrow
no-break space (U+202F) before a suffix, "=" for the vowel separator
(U+180E) before a final a/e: the names as a Mongolian keyboard types them.
"""
import models

HALL = 'QL-SM-SL'
HALL_NAME = 'ᠱᠢ ᠮᠧᠨ ᠰᠢᠶᠠᠨ_ᠤ ᠰᠦᠩ ᠯᠢᠩ ᠪᠠᠯᠭᠠᠰᠤ_ᠶᠢᠨ ᠠᠷᠠᠳ_ᠲᠤ ᠳᠥᠭᠥᠮ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ_ᠶᠢᠨ ᠲᠥᠪ'
WINDOWS = {
    1: 'ᠲᠤᠰᠠᠯᠠᠨ ᠪᠠ ᠣᠷᠣᠯᠠᠨ ᠬᠡᠷᠡᠭᠵᠢᠭᠦᠯᠬᠦ ᠴᠣᠩᠬᠣ',
    2: 'ᠶᠡᠷᠦᠩᠬᠡᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠬᠤ ᠴᠣᠩᠬᠣ',
}
DEPARTMENTS = {
    'RSJ': 'ᠬᠥᠳᠡᠯᠮᠦᠷᠢ ᠨᠡᠶᠢᠭᠡᠮ_ᠦᠨ ᠬᠠᠮᠢᠶᠠᠯᠠᠯ_ᠤᠨ ᠲᠣᠪᠴᠢᠶ=ᠠ',
    'YBJ': 'ᠡᠮᠨᠡᠯᠭᠡ_ᠶᠢᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ_ᠤᠨ ᠲᠣᠪᠴᠢᠶ=ᠠ',
    'MZJ': 'ᠢᠷᠭᠡᠨ ᠬᠡᠷᠡᠭ_ᠦᠨ ᠲᠣᠪᠴᠢᠶ=ᠠ',
    'NYJ': 'ᠲᠠᠷᠢᠶᠠᠯᠠᠩ ᠬᠥᠳᠡᠭ=ᠡ_ᠶᠢᠨ ᠲᠣᠪᠴᠢᠶ=ᠠ',
    'GAJ': 'ᠴᠠᠭᠳᠠᠭ=ᠠ_ᠶᠢᠨ ᠲᠣᠪᠴᠢᠶ=ᠠ',
    'TYJ': 'ᠴᠡᠷᠢᠭ_ᠡᠴᠡ ᠪᠤᠴᠠᠭᠰᠠᠳ_ᠤᠨ ᠬᠡᠷᠡᠭ_ᠦᠨ ᠲᠣᠪᠴᠢᠶ=ᠠ',
}
ITEMS = {
    'RSJ-001': 'ᠲᠡᠳᠭᠦᠯᠭᠡ_ᠶᠢᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ_ᠳᠤ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ',
    'RSJ-005': 'ᠨᠡᠶᠢᠭᠡᠮ_ᠦᠨ ᠬᠠᠮᠢᠶᠠᠯᠠᠯ_ᠤᠨ ᠺᠠᠷᠲ ᠬᠦᠰᠡᠬᠦ',
    'YBJ-001': 'ᠡᠮᠨᠡᠯᠭᠡ_ᠶᠢᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ_ᠳᠤ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ',
    'MZJ-001': 'ᠠᠮᠢᠳᠤᠷᠠᠯ_ᠤᠨ ᠳᠣᠣᠷᠠᠳᠤ ᠪᠠᠲᠠᠯᠭ=ᠠ',
    'MZJ-004': 'ᠥᠨᠳᠥᠷ ᠨᠠᠰᠤᠲᠠᠨ_ᠤ ᠲᠡᠳᠬᠦᠮᠵᠢ ᠬᠦᠰᠡᠬᠦ',
    'GAJ-003': 'ᠲᠥᠷᠥᠯᠲᠡ_ᠶᠢ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ',
    'GAJ-004': 'ᠢᠷᠭᠡᠨ_ᠦ ᠦᠨᠡᠮᠯᠡᠯ ᠰᠣᠯᠢᠬᠤ',
}


def typed(text):
    """A name as stored: the markers above made the characters they stand for."""
    return text.replace('_', '\u202f').replace('=', '\u180e')


def load(halls, departments, windows, items):
    """Make the demo's bilingual hall and its Mongolian names (again and
    again: the values are set, not added)."""
    hall = halls[HALL]
    models.Hall.update(bilingual_mongolian=True, name_mn=typed(HALL_NAME)).where(
        models.Hall.id == hall.id).execute()
    for number, name in WINDOWS.items():
        models.Window.update(name_mn=typed(name)).where(
            models.Window.id == windows[(HALL, number)].id).execute()
    for code, name in DEPARTMENTS.items():
        models.Department.update(name_mn=typed(name)).where(
            models.Department.id == departments[code].id).execute()
    for code, name in ITEMS.items():
        models.Item.update(name_mn=typed(name)).where(
            models.Item.id == items[code].id).execute()
