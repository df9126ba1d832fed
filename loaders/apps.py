from django.apps import AppConfig


class LoadersConfig(AppConfig):
    """Loaders write several apps at once (the demo seed, the CloudForgeX importer).

    They sit above eve, portfolio and certificates and write only through those
    apps' own services; no app below imports them.
    """

    name = "loaders"
    verbose_name = "Content loaders"
