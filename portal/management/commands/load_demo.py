from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。Loads the demo data; safe to run again."

    def handle(self, *args, **options):
        accounts = []
        with transaction.atomic():
            # Each app may ship a `demo` module; they run in INSTALLED_APPS order.
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name == "portal" or find_spec(module_name) is None:
                    continue
                module = import_module(module_name)
                accounts.extend(module.load(stdout=self.stdout) or [])
        password = import_module("branches.demo").DEMO_PASSWORD
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪。Demo accounts (password for all: {password}):")
        )
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<20} {account.display_name:<12} {account.description}"
            )
