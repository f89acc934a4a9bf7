# Merges the two branches of issue 11 (versions, constraint messages).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_constraint_messages"),
        ("reports", "0003_lock_version_db_default"),
    ]

    operations = []
