"""The demo data of `manage.py load_demo` (README, "Demo accounts"), built from the facts of the
seed reports. Safe to run again: every row is looked up by its natural key first.

The parts run in this order, each using what the previous ones made: organisations and accounts
(accounts.py), rosters, committees and honours (roster.py), activity records filed for those
members (activities.py; the development pipelines of development.py come first), dues bases,
collection and remittances (dues.py), yearly reports drafted from those records (reports.py),
members' own accounts (member_accounts.py), demo e-mail addresses and in-portal reminders (mail.py).
"""

from django.db import transaction

from devdata.demo import (
    accounts,
    activities,
    development,
    district_admins,
    dues,
    mail,
    member_accounts,
    projects,
    regions,
    reports,
    roster,
)
from devdata.demo.accounts import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "load"]


@transaction.atomic
def load(stdout=None):
    """Build the demo; returns the accounts (DemoAccount) to print."""
    organizations, demo_accounts = accounts.load()
    # district administrator, city and province reviewers: before the guest
    demo_accounts[-1:-1] = district_admins.load() + regions.load()
    roster.load_roster(organizations)
    development.load(stdout)  # before the records: its extra people are on the roster
    activities.load(stdout)
    dues.load(stdout)
    projects.load(stdout)
    reports.load(stdout)
    demo_accounts += member_accounts.load()
    mail.load(stdout)
    return demo_accounts
