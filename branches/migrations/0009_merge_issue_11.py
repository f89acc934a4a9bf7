# Merges the three branches of issue 11 (versions, personal-data reveals, import previews, constraint messages).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0008_lock_version_and_part_history"),
        ("branches", "0008_personal_data_reveal"),
        ("branches", "0008_import_preview"),
        ("branches", "0008_constraint_messages"),
    ]

    operations = []
