from django.core.management.base import BaseCommand, CommandError

from portfolio.exceptions import ImportFileInvalid
from portfolio.importer import import_file_read
from portfolio.services import cloudforgex_import


class Command(BaseCommand):
    help = (
        "Import a CloudForgeX knowledge-base JSON file (personal_profile, projects, "
        "suggested_responses). All or nothing; importing the same file twice adds no duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CloudForgeX JSON file.")

    def handle(self, *args, **options):
        try:
            summary = cloudforgex_import(document=import_file_read(path=options["file"]))
        except ImportFileInvalid as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {options['file']} ({summary.describe()})."))
