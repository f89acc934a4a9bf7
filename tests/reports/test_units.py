"""Periods, the version diff and the zip stream, without the database."""

import datetime
import io
import zipfile
from types import SimpleNamespace

from branches.models import Committee
from branches.periods import calendar_year, committee_term, school_year, term
from reports.exports.word import stream_zip
from reports.selectors.diffing import diff_text, diff_versions

D = datetime.date


def test_school_year_runs_from_september_to_august_and_is_filed_under_its_first_year():
    period = school_year(2019)
    assert (period.start, period.end, period.year, period.label) == (
        D(2019, 9, 1),
        D(2020, 8, 31),
        2019,
        "2019学年度",
    )
    assert period.previous() == school_year(2018)


def test_calendar_year_and_its_previous_year():
    assert calendar_year(2021).label == "2021年度"
    assert calendar_year(2021).previous() == calendar_year(2020)


def test_term_previous_is_the_term_before_of_the_same_length():
    period = term(D(2011, 1, 1), D(2013, 12, 31))
    assert period.label == "2011—2013年任期"
    previous = period.previous()
    assert (previous.start, previous.end) == (D(2008, 1, 1), D(2010, 12, 31))


def test_committee_term_ends_the_day_before_the_next_election():
    committee = Committee(term_start=D(2019, 12, 20), term_end=D(2022, 12, 20), ended_on=None)
    assert committee_term(committee).end == D(2022, 12, 19)
    committee.extended_until = D(2023, 6, 20)  # an approved extension moves the end
    assert committee_term(committee).end == D(2023, 6, 19)
    committee.ended_on = D(2022, 11, 30)  # re-elected early
    assert committee_term(committee).end == D(2022, 11, 29)


def test_term_starting_on_29_february_has_a_previous_term():
    previous = term(D(2016, 2, 29), D(2019, 2, 28)).previous()
    assert previous.start == D(2013, 2, 28)


def test_diff_marks_inserted_and_deleted_characters_within_a_paragraph():
    (paragraph,) = diff_text("支部共召开党员大会4次。", "支部共召开党员大会5次。")
    assert paragraph.op == "replace"
    assert ("delete", "4") in paragraph.pieces and ("insert", "5") in paragraph.pieces


def test_diff_shows_added_and_removed_paragraphs_whole():
    paragraphs = diff_text("第一段\n第二段", "第一段\n第三段新写的内容很长很长\n第四段")
    ops = [p.op for p in paragraphs]
    assert ops[0] == "equal"
    assert "insert" in ops
    assert any(piece == ("insert", "第四段") for p in paragraphs for piece in p.pieces)


def test_diff_of_rewritten_paragraph_is_not_character_confetti():
    (paragraph,) = diff_text("对党建工作重视不够。", "青年教师参与学习的主动性有待提高。")
    assert paragraph.pieces == (
        ("delete", "对党建工作重视不够。"),
        ("insert", "青年教师参与学习的主动性有待提高。"),
    )


def test_diff_versions_covers_title_and_three_sections():
    def version(plans):
        sections = [("work", "一", "甲"), ("problems", "二", "乙"), ("plans", "三", plans)]
        return SimpleNamespace(title="标题", sections=lambda: sections)

    result = diff_versions(version("旧"), version("新"))
    assert [section.key for section in result] == ["title", "work", "problems", "plans"]
    assert [section.changed for section in result] == [False, False, False, True]


def test_stream_zip_yields_a_valid_archive_with_unique_names():
    chunks = list(stream_zip(iter([("a/报告.docx", b"one"), ("a/报告.docx", b"two")])))
    assert len(chunks) >= 2
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.namelist() == ["a/报告.docx", "a/报告（2）.docx"]
    assert archive.read("a/报告（2）.docx") == b"two"
