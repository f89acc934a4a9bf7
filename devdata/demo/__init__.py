"""The demo data of `manage.py load_demo` (README, "Demo accounts"), built from the facts of the
seed reports. Safe to run again: every row is looked up by its natural key first.

The parts run in this order, each using what the previous ones made: organisations and accounts
(accounts.py), rosters, committees and honours (roster.py), activity records filed for those
members (activities.py), dues bases, collection and remittances (dues.py), yearly reports drafted from those records (reports.py).
"""

from django.db import transaction

from devdata.demo import accounts, activities, district_admins, dues, reports, roster
from devdata.demo.accounts import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "load"]


@transaction.atomic
def load(stdout=None):
    """Build the demo; returns the accounts (DemoAccount) to print."""
    organizations, demo_accounts = accounts.load()
    demo_accounts += district_admins.load()
    roster.load_roster(organizations)
    activities.load(stdout)
    dues.load(stdout)
    reports.load(stdout)
    return demo_accounts
