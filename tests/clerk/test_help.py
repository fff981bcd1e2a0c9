"""帮助: per role, the workflow picture drawn from the transition table, the rules in force, whom to ask."""

from __future__ import annotations

from django.urls import reverse

from zhenggai.workflow import diagram, states


def test_picture_has_every_state_and_transition():
    picture = diagram.svg()
    for s in states.State:
        assert s.label in picture
    for t in states.TRANSITIONS:
        assert states.VERB_LABELS[t.verb] in picture
    assert len(diagram.edges()) == sum(len(t.targets) for t in states.TRANSITIONS)


def test_unit_help_by_role(login, ledger, named):
    url = reverse("workflow:unit_help", args=[ledger.unit.id])
    reporter = login(named.reporter).get(url).content.decode()
    assert "作为部门填报人" in reporter and "作为整改办" not in reporter
    assert "<svg" in reporter and "红色预警（逾期）" in reporter and "郑晓梅" in reporter  # whom to ask: the office
    office = login(named.office).get(url).content.decode()
    assert "作为整改办" in office and "批量修改" in office
    assert login(named.outsider).get(url).status_code == 404


def test_every_page_links_to_help(login, ledger, named):
    c = login(named.supervisor)
    for url in (reverse("ledger:home"), reverse("ledger:ledger", args=[ledger.unit.id]),
                reverse("supervision:notifications")):
        page = c.get(url).content.decode()
        assert ">帮助</a>" in page, url
    assert c.get(reverse("workflow:help")).status_code == 200


def test_generated_files_name_the_unit_and_today(ledger):
    import datetime as dt
    import io

    import docx
    import openpyxl

    from zhenggai.ledger import exporting
    from zhenggai.reports.compose import Document, Para
    from zhenggai.reports.render_docx import render_docx

    book = openpyxl.load_workbook(io.BytesIO(exporting.xlsx_bytes(ledger.unit)))
    assert book.properties.creator == ledger.unit.name and book.properties.created.date() == dt.date.today()
    model = Document("关于巡察整改进展情况的通报", [Para("正文一段。"), Para(ledger.unit.name, "signature")])
    props = docx.Document(io.BytesIO(render_docx(model))).core_properties
    assert props.author == ledger.unit.name and props.created.date() == dt.date.today()
    assert props.title == "关于巡察整改进展情况的通报"


def test_readme_lists_every_demo_login_and_the_fonts():
    from pathlib import Path

    from zhenggai.setup.demo import LOGINS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for login, name, _, _ in LOGINS:
        assert f"`{login}` | {name}" in readme, login
    assert "fonts-noto-cjk" in readme
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in makefile
