from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from loaders.exceptions import DemoSeedRefused
from loaders.services import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_admin_ensure


class Command(BaseCommand):
    help = (
        "Create the demo superuser if it does not exist yet and print how to log in. "
        "An existing user is never changed (its password is kept). "
        "Only in development (DJANGO_DEBUG=true)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the printed login address.",
        )

    def handle(self, *args, **options):
        try:
            _, created = demo_admin_ensure()
        except DemoSeedRefused as exc:
            raise CommandError(str(exc)) from exc
        login_url = f"{options['base_url'].rstrip('/')}/{settings.ADMIN_URL}"
        if created:
            self.stdout.write(
                self.style.SUCCESS("Demo admin created.")
                + f"\n  Log in at  {login_url}"
                + f"\n  Username   {DEMO_ADMIN_USERNAME}"
                + f"\n  Password   {DEMO_ADMIN_PASSWORD}"
            )
        else:
            self.stdout.write(
                f'The admin user "{DEMO_ADMIN_USERNAME}" already exists; its password was '
                f"left unchanged.\n  Log in at  {login_url}\n"
                "  Forgot the password? python manage.py changepassword "
                f"{DEMO_ADMIN_USERNAME}"
            )
