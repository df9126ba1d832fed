from django.core.management.base import BaseCommand

from portfolio.services import demo_portfolio_seed


class Command(BaseCommand):
    help = (
        "Load the demo portfolio: profile, experience, skills, projects, EVE's knowledge "
        "and suggested questions, and certificates with generated PDFs. Safe to run again."
    )

    def handle(self, *args, **options):
        summary = demo_portfolio_seed()
        self.stdout.write(self.style.SUCCESS(f"Demo portfolio ready ({summary.describe()})."))
