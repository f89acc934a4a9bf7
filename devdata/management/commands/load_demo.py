from django.core.management.base import BaseCommand

from devdata import demo


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。Loads the demo data; safe to run again."

    def handle(self, *args, **options):
        accounts = demo.load(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪。Demo accounts (password for all: {demo.DEMO_PASSWORD}):"
            )
        )
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<20} {account.display_name:<12} {account.description}"
            )
