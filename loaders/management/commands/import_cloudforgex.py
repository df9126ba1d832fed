from django.core.management.base import BaseCommand, CommandError

from loaders.exceptions import ImportFileInvalid
from loaders.importer import import_file_read
from loaders.services import cloudforgex_import


class Command(BaseCommand):
    help = (
        "Import a CloudForgeX knowledge-base JSON file (personal_profile, projects, "
        "suggested_responses). All or nothing; importing the same file twice adds no "
        "duplicates. Two projects or two certificates whose names give the same address "
        '(e.g. "K8s Autoscaler" and "K8s autoscaler!") are refused, naming both. '
        "Certificate dates: DD/MM/YYYY, YYYY-MM-DD, 'Month YYYY' (first of the month) and "
        "YYYY (1 January) are issue dates; text meaning not earned yet (in progress, pending, "
        "studying, expected, planned, ongoing; any letter case) marks it in progress; any "
        'other text (e.g. "Expired") imports it as earned with no date and keeps the text in '
        'a knowledge entry "Certificate: <name>". Certificate issuer and credential_id fill '
        "those fields. Keys the format does not define are kept, never dropped: top-level and "
        "profile keys become knowledge entries, extra project and career keys are appended "
        'to the description/summary under "Also:", extra certificate keys go into the '
        "certificate's knowledge entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CloudForgeX JSON file.")
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Make rows matched by slug (or title, question) exactly the file's content: "
                "fields the file leaves out, such as a project's description, are cleared "
                "instead of kept (e.g. a demo project whose slug your file reuses)."
            ),
        )

    def handle(self, *args, **options):
        try:
            summary = cloudforgex_import(
                document=import_file_read(path=options["file"]), update=options["update"]
            )
        except ImportFileInvalid as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {options['file']} ({summary.describe()})."))
        if summary.kept:
            self.stdout.write(
                self.style.WARNING(
                    "Existing rows kept text your file does not have "
                    "(run again with --update to clear it):"
                )
            )
            for line in summary.kept:
                self.stdout.write(f"  - {line}")
