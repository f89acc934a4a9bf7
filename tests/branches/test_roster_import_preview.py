"""The roster import preview works under the Content-Security-Policy (no style="..." in the diff)."""

from branches.models import Member
from tests.factories import good_rows
from tests.roster_import import upload


def test_import_preview_marks_new_and_changed_values_without_inline_styles(world, secretary):
    Member.objects.create(organization=world.branch_a, name="钱志林", work_unit="新桥小学")
    body = upload(secretary, world, good_rows()).content.decode()
    assert "style=" not in body, "the CSP blocks inline styles: the preview would lose its colours"
    assert "<ins>吴娟萍</ins>" in body  # a new member: every value is new
    # An existing member (matched by name): the old work unit struck out, the new one inserted.
    assert "<del>新桥</del><ins>嘉泽中心</ins><span>小学</span>" in body
