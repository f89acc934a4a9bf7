"""Weekly: bring everyone's in-portal notifications up to date and e-mail the week's digests
(deploy/portal-digests.timer). Safe to run again: a user receives one digest per week."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import services


class Command(BaseCommand):
    help = "更新站内提醒，并向选择接收的用户发送每周邮件提醒（每人每周至多一封）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--notifications-only",
            action="store_true",
            help="只更新站内提醒，不发送邮件（load_demo 用）",
        )
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date 应为 YYYY-MM-DD") from error
        result = services.run(today=today, send=not options["notifications_only"])
        self.stdout.write(
            f"users={result['users']} unread={result['notifications']} "
            f"sent={result['sent']} failed={result['failed']}"
        )
        if result["failed"]:
            raise CommandError(f"{result['failed']} 封邮件未能发送（见日志），下次运行时重试。")
