"""People in bulk from an .xlsx (姓名、部门、职务、手机、角色), as offices keep them in Excel.

Like the ledger import: every bad row is reported with its row number and nothing is
created while any row fails; the sheet is read streaming with limits, so a hostile file is
refused without filling memory.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.db import transaction

from zhenggai.ledger import services as ledger_services
from zhenggai.ledger.models import LedgerError, Role, Unit

from . import services

MAX_ROWS = 5000
COLUMNS = {
    "name": ("姓名", "名字", "人员"),
    "department": ("部门", "所在部门", "科室", "处室", "股室"),
    "title": ("职务", "职位", "岗位"),
    "phone": ("手机", "手机号", "手机号码", "电话", "联系电话"),
    "role": ("角色", "系统角色", "权限"),
}
ROLE_WORDS = {
    "整改办": Role.OFFICE, "整改工作办公室": Role.OFFICE, "管理员": Role.OFFICE,
    "部门填报人": Role.REPORTER, "填报人": Role.REPORTER, "填报员": Role.REPORTER, "联络员": Role.REPORTER,
    "分管领导": Role.LEADER, "责任领导": Role.LEADER, "领导": Role.LEADER,
    "纪检监督": Role.SUPERVISOR, "纪检": Role.SUPERVISOR, "纪检组": Role.SUPERVISOR,
}


class PeopleImportError(LedgerError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("人员表有错误，未导入任何人员：\n" + "\n".join(errors[:50]))


@dataclass(frozen=True)
class Row:
    number: int
    name: str
    department: str
    title: str
    phone: str
    role: str


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _open(fileobj: IO[bytes]):
    import openpyxl

    from zhenggai.ledger import xlsx_guard

    try:
        # Sizes, compression ratio and every part complete before openpyxl sees it (see xlsx_guard).
        data, _merges = xlsx_guard.checked(fileobj)
    except xlsx_guard.SpreadsheetRefused as e:
        raise PeopleImportError([str(e)]) from None
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except PeopleImportError:
        raise
    except Exception:  # noqa: BLE001 - any broken file gets the same clear message
        raise PeopleImportError(["无法读取这个 Excel 文件（文件损坏或不是 .xlsx 格式）"]) from None


def read_rows(fileobj: IO[bytes]) -> list[Row]:
    wb = _open(fileobj)
    try:
        ws = wb.worksheets[0]
        columns: dict[str, int] | None = None
        rows: list[Row] = []
        for number, values in enumerate(ws.iter_rows(values_only=True, max_col=30), start=1):
            cells = [_cell(v) for v in values]
            if columns is None:
                found = {}
                for i, c in enumerate(cells):
                    for key, names in COLUMNS.items():
                        if c in names and key not in found:
                            found[key] = i
                if "name" in found and "role" in found:
                    columns = found
                elif number >= 10:
                    break
                continue
            if not any(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise PeopleImportError([f"人员表最多 {MAX_ROWS} 行"])
            get = lambda key: cells[columns[key]] if key in columns and columns[key] < len(cells) else ""  # noqa: E731
            rows.append(Row(number, get("name"), get("department"), get("title"), get("phone"), get("role")))
    finally:
        wb.close()
    if columns is None:
        raise PeopleImportError(["没有找到表头：至少需要“姓名”“角色”两列（可另有 部门、职务、手机）"])
    return rows


def _check(unit: Unit, rows: list[Row]) -> list[str]:
    errors = []
    seen_phones: dict[str, int] = {}
    for r in rows:
        where = f"第 {r.number} 行"
        if not r.name:
            errors.append(f"{where}：姓名为空")
        elif len(r.name) > 50:
            errors.append(f"{where}：姓名过长")
        role = ROLE_WORDS.get(r.role)
        if role is None:
            errors.append(f"{where}：角色“{r.role}”无法识别（可填：整改办、部门填报人、分管领导、纪检监督）")
        elif role == Role.REPORTER and not r.department:
            errors.append(f"{where}：部门填报人必须填写部门")
        if r.phone:
            if not r.phone.replace("-", "").isdigit():
                errors.append(f"{where}：手机号码“{r.phone}”格式不对")
            elif r.phone in seen_phones:
                errors.append(f"{where}：手机号码与第 {seen_phones[r.phone]} 行重复")
            else:
                seen_phones[r.phone] = r.number
    return errors


def import_people(actor, unit: Unit, fileobj: IO[bytes]) -> list[services.NewPerson]:
    """Create everyone on the sheet, or no one; returns who was created with their initial passwords."""
    services._office_of(actor, unit)
    rows = read_rows(fileobj)
    if not rows:
        raise PeopleImportError(["人员表没有数据行"])
    errors = _check(unit, rows)
    if errors:
        raise PeopleImportError(errors)
    created = []
    with transaction.atomic():
        for r in rows:
            dept = ledger_services.department_named(unit, r.department, user=actor) if r.department else None
            try:
                created.append(services.add_person(actor, unit, r.name, ROLE_WORDS[r.role], dept, r.title, r.phone))
            except LedgerError as e:
                raise PeopleImportError([f"第 {r.number} 行：{e}"]) from None
    return created
