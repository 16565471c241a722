"""A lease on each import job (a job whose worker died reads as aborted) and a problem count.

Jobs that ended have no lease; jobs left running or queued by the code before this one get a
lease that has already run out, since nothing renews it: they read as aborted at once.
"""

from django.db import migrations, models
from django.utils import timezone

import plek.core.leases


def set_leases(apps, schema_editor):  # type: ignore[no-untyped-def]
    job = apps.get_model("exchange", "ImportJob")
    job.objects.filter(status__in=["wachtrij", "bezig"]).update(lease_expires_at=timezone.now())
    job.objects.exclude(status__in=["wachtrij", "bezig"]).update(lease_expires_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="pogingen"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="lease_expires_at",
            field=models.DateTimeField(
                blank=True,
                default=plek.core.leases.queue_deadline,
                null=True,
                verbose_name="levend tot",
            ),
        ),
        migrations.AddField(
            model_name="importjob",
            name="problem_count",
            field=models.PositiveIntegerField(default=0, verbose_name="aantal problemen"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="status",
            field=models.CharField(
                choices=[
                    ("wachtrij", "In de wachtrij"),
                    ("bezig", "Bezig"),
                    ("klaar", "Geïmporteerd"),
                    ("mislukt", "Niet geïmporteerd"),
                    ("afgebroken", "Afgebroken"),
                ],
                default="wachtrij",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(set_leases, migrations.RunPython.noop),
    ]
