from django.core.management.base import BaseCommand

from loaders.services import demo_portfolio_seed


class Command(BaseCommand):
    help = (
        "Load the demo portfolio: profile, experience, skills, projects, EVE's knowledge "
        "and suggested questions, and certificates with generated PDFs. Safe to run again: "
        "it only creates demo rows that are missing and never changes existing content "
        "(your edits, unpublished rows and removed files stay as they are). "
        "Use --reset to write the demo content over the demo rows again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Restore the demo content: overwrite the demo rows (matched by slug, title, "
                "question, company + role, name + category) with the demo values and publish "
                "them again. Rows you added yourself are not touched."
            ),
        )

    def handle(self, *args, **options):
        summary = demo_portfolio_seed(reset=options["reset"])
        if options["reset"]:
            message = f"Demo portfolio restored ({summary.describe()})."
        else:
            message = (
                f"Demo portfolio ready ({summary.describe()}). "
                "Existing rows were left unchanged; use --reset to restore the demo content."
            )
        self.stdout.write(self.style.SUCCESS(message))
