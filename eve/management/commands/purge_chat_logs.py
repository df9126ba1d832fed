from django.conf import settings
from django.core.management.base import BaseCommand

from eve.services import chat_logs_purge


class Command(BaseCommand):
    help = "Delete EVE chat logs older than EVE_LOG_RETENTION_DAYS (default 30)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep this many days instead (default {settings.EVE_LOG_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        deleted = chat_logs_purge(older_than_days=days)
        kept = settings.EVE_LOG_RETENTION_DAYS if days is None else days
        self.stdout.write(f"Deleted {deleted} chat log(s) older than {kept} days.")
