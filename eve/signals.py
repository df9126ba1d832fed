"""Content-change receivers: any save or delete of visible content bumps the content version."""

from django.db.models.signals import post_delete, post_save

from eve.services import content_version_bump


def content_changed(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: the fixture's own rows, no side effects
        return
    content_version_bump()


def connect(models) -> None:
    for model in models:
        uid = f"eve-content-version-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
