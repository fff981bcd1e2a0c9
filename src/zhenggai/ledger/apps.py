from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "zhenggai.ledger"
    label = "ledger"
    verbose_name = "整改台账"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from zhenggai import hygiene

        from . import checks  # noqa: F401  (registers the system checks)
        from .access import grants_changed
        from .models import Grant, Membership

        for model in (Grant, Membership):
            post_save.connect(grants_changed, sender=model, dispatch_uid=f"grants_changed_{model.__name__}")
        # Every text field of the project's apps is cleaned on save (see zhenggai.hygiene).
        pre_save.connect(hygiene.clean_on_save, dispatch_uid="zhenggai.hygiene.clean_on_save")
