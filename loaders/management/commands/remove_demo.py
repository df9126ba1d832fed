from django.core.management.base import BaseCommand

from loaders.demo_removal import demo_remove


class Command(BaseCommand):
    help = (
        "Remove the demo portfolio that seed_demo loaded: its rows and their files "
        "(résumé, certificate PDFs). Rows you created are never touched, and demo rows "
        "you edited are kept and listed with what changed. --dry-run only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would go, delete nothing."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        result = demo_remove(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        if result.removed:
            counts = ", ".join(f"{count} {kind}" for kind, count in result.removed.items())
            self.stdout.write(self.style.SUCCESS(f"{verb} {counts}."))
        else:
            self.stdout.write("No demo rows left to remove.")
        if result.files:
            self.stdout.write(
                f"{verb} {len(result.files)} stored file(s): {', '.join(result.files)}"
            )
        if result.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {len(result.kept)} demo row(s) you edited (delete them in the admin if you like):"
                )
            )
            for line in result.kept:
                self.stdout.write(f"  - {line}")
        self.stdout.write(
            "Rows you created yourself were not touched. The demo admin login (if any) is "
            "kept: change its password, or create your own with createsuperuser."
        )
