"""`plek jobs`: the background jobs (browser imports and reports) that did not end well.

    plek jobs list            jobs that wait, run or were aborted (their worker died)
    plek jobs rerun ID        run an aborted job again here (import: UUID; report: number)
    plek jobs discard ID      give an aborted import up and remove its kept files (personal data)

It lives in the programs app because that is the highest layer of the two that own jobs.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from plek.core.text import is_digits
from plek.exchange import services as imports
from plek.exchange.models import ACTIVE, ImportJob, ImportStatus
from plek.programs import tasks as reports
from plek.programs.models import ReportJob


class Command(BaseCommand):
    help = "Achtergrondtaken (imports, rapporten): tonen, afgebroken taken opnieuw uitvoeren."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="taken die wachten, lopen of afgebroken zijn")
        rerun = actions.add_parser("rerun", help="een afgebroken taak opnieuw uitvoeren")
        rerun.add_argument("job_id", help="import: de UUID; rapport: het nummer")
        discard = actions.add_parser("discard", help="een afgebroken import opgeven")
        discard.add_argument("job_id")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
            return
        job_id = options["job_id"]
        try:
            if action == "discard":
                job = imports.discard_import(_import_id(job_id))
                self.stdout.write(f"Import {job.pk} opgegeven; de bewaarde bestanden zijn weg.")
            elif is_digits(job_id):
                self._rerun_report(int(job_id))
            else:
                self._rerun_import(_import_id(job_id))
        except (ImportJob.DoesNotExist, ReportJob.DoesNotExist) as error:
            raise CommandError(f"Taak {job_id} bestaat niet.") from error
        except (imports.RerunRefused, reports.RerunRefused) as error:
            raise CommandError(str(error)) from error

    def _rerun_import(self, job_id: str) -> None:
        job = imports.rerun_import(job_id)
        if job.status == ImportStatus.DONE:
            self.stdout.write(f"Import {job.pk} opnieuw uitgevoerd: {job.rows} rijen.")
            return
        for line in job.problems:
            self.stderr.write(line)
        raise CommandError(f"Import {job.pk} opnieuw uitgevoerd: niets geïmporteerd.")

    def _rerun_report(self, job_id: int) -> None:
        job = reports.rerun(job_id)
        if job.failed or job.finished_at is None:
            raise CommandError(f"Rapport {job.pk} opnieuw gemaakt: mislukt.")
        self.stdout.write(f"Rapport {job.pk} opnieuw gemaakt: {job.file_name}.")

    def _list(self) -> None:
        now = timezone.now()
        waiting = ImportJob.objects.filter(status__in=ACTIVE)
        for job in waiting.order_by("created_at"):
            self.stdout.write(
                f"import  {job.pk}  {job.state.label:<16} {job.created_at:%Y-%m-%d %H:%M}  "
                f"{', '.join(job.files)}"
            )
        unfinished = ReportJob.objects.defer("content").filter(finished_at__isnull=True)
        for report in unfinished.order_by("created_at"):
            state = (
                "afgebroken" if report.aborted else ("bezig" if report.started_at else "wachtrij")
            )
            self.stdout.write(
                f"rapport {report.pk:<36}  {state:<16} {report.created_at:%Y-%m-%d %H:%M}  "
                f"{report.get_kind_display()}"
            )
        if not waiting.exists() and not unfinished.exists():
            self.stdout.write(
                f"Geen wachtende, lopende of afgebroken taken ({now:%Y-%m-%d %H:%M})."
            )


def _import_id(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError as error:
        raise CommandError(f"'{text}' is geen import-id (een UUID) of rapportnummer.") from error
