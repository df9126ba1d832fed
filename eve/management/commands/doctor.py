"""``manage.py doctor``: one line per check; exits 1 when any check fails. Safe in production."""

from django.core.management.base import BaseCommand

from eve.doctor import doctor_findings


class Command(BaseCommand):
    help = (
        "Check the database and migrations, the shared cache, the certificate bucket, the admin "
        "URL and the Bedrock model (one call of a few tokens). Exits 1 if any check fails."
    )

    requires_system_checks = []

    def handle(self, *args, **options):
        findings = doctor_findings()
        for finding in findings:
            style = self.style.ERROR if finding.failed else self.style.SUCCESS
            self.stdout.write(style(finding.line()) if finding.failed else finding.line())
        failed = [finding for finding in findings if finding.failed]
        if failed:
            self.stderr.write(f"{len(failed)} check(s) failed.")
            raise SystemExit(1)
        self.stdout.write("All checks passed.")
