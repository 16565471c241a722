"""A lease on each report job: one whose worker died reads as aborted. Jobs that ended have no
lease; unfinished ones from before get a lease that has already run out (nothing renews it)."""

from django.db import migrations, models
from django.utils import timezone

import plek.core.leases


def set_leases(apps, schema_editor):  # type: ignore[no-untyped-def]
    job = apps.get_model("programs", "ReportJob")
    job.objects.filter(finished_at__isnull=True).update(lease_expires_at=timezone.now())
    job.objects.filter(finished_at__isnull=False).update(lease_expires_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_programmes_actions_indicators"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportjob",
            name="lease_expires_at",
            field=models.DateTimeField(
                blank=True,
                default=plek.core.leases.queue_deadline,
                null=True,
                verbose_name="levend tot",
            ),
        ),
        migrations.AddField(
            model_name="reportjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="gestart op"),
        ),
        migrations.RunPython(set_leases, migrations.RunPython.noop),
    ]
