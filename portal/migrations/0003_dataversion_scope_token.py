from django.db import migrations, models

import portal.models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_submission"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="scope_token",
            field=models.CharField(
                default=portal.models.new_token,
                db_default="",
                editable=False,
                max_length=32,
                verbose_name="权限版本",
            ),
        ),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "organization_id",
                    models.PositiveBigIntegerField(unique=True, verbose_name="党组织"),
                ),
                ("token", models.CharField(max_length=32, verbose_name="数据版本")),
            ],
            options={
                "verbose_name": "数据版本",
                "verbose_name_plural": "数据版本",
            },
        ),
    ]
