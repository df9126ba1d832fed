"""Natural-key writes the apps' services share: upsert, or create only what is missing.

The loaders run again and again (``seed_demo``, ``import_cloudforgex``), so each
app's write service matches rows on a natural key instead of a primary key.
Only the app that owns a model calls these with it.
"""

from django.db import models


def row_write(
    model: type[models.Model], *, lookup: dict, values: dict, overwrite: bool = True
) -> tuple[models.Model, bool]:
    """(row, created) for the row matching ``lookup``; created from ``values`` if there is none.

    ``overwrite=True`` updates an existing row's ``values`` (saving only when one
    changed); ``overwrite=False`` leaves it exactly as it is. Duplicates an owner
    made by hand are tolerated: the oldest matching row wins.
    """
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    if obj is None:
        return model._default_manager.create(**{**values, **lookup}), True
    if not overwrite:
        return obj, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, False


def file_present(file) -> bool:
    """True when a FileField holds a name and the storage still has that file."""
    return bool(file) and file.storage.exists(file.name)
