"""Fetch a project (or milestone) for a user: out of scope -> 404, wrong role -> 403."""

from django.shortcuts import get_object_or_404

from branches.access import VIEW, get_scoped_for_user, require_organization_action
from projects.models import Milestone, Project

PROJECTS = Project.objects.select_related(
    "organization__school__district", "organization__parent", "group", "leader", "reviewed_by"
)


def get_project_for_user(user, pk, action=VIEW):
    return get_scoped_for_user(PROJECTS, user, pk, action)


def get_milestone_for_user(user, pk, action=VIEW):
    milestone = get_object_or_404(
        Milestone.objects.filter(project__in=Project.objects.visible_to(user)).select_related(
            "project__organization__school__district"
        ),
        pk=pk,
    )
    require_organization_action(user, milestone.project.organization, action)
    return milestone
