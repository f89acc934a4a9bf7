"""Build a synthetic province for load tests: `manage.py generate_scale [--scale 0.01] [--seed 1]`."""

import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from devdata import scale


class Command(BaseCommand):
    help = "生成规模测试数据（仿真省：区县、学校、党组织、党员、十年活动记录与年度报告）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="默认规模的倍数，如 0.01")
        parser.add_argument("--districts", type=int)
        parser.add_argument("--schools", type=int)
        parser.add_argument("--organizations", type=int)
        parser.add_argument("--members", type=int)
        parser.add_argument("--years", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--password", default=scale.DEFAULT_PASSWORD)
        parser.add_argument("--reset", action="store_true", help="先删除已有的规模测试数据")
        parser.add_argument(
            "--fast",
            action="store_true",
            help="PostgreSQL 超级用户：写入时跳过外键触发器（数据本身一致），大规模时快得多",
        )

    def handle(self, *args, **options):
        sizes = scale.Sizes.scaled(
            options["scale"],
            **{
                key: options[key]
                for key in ("districts", "schools", "organizations", "members", "years")
            },
        )
        if scale.exists():
            if not options["reset"]:
                raise CommandError("数据库中已有规模测试数据；如需重新生成，请加 --reset。")
            scale.reset(stdout=self.stdout)
        scale.generate(
            sizes=sizes,
            seed=options["seed"],
            today=options["today"],
            password=options["password"],
            check_references=not options["fast"],
            stdout=self.stdout,
        )
        # Rows were written in bulk (no signals): give every organisation its data version.
        call_command("keep_figures", stdout=self.stdout)
