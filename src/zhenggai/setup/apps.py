from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "zhenggai.setup"
    label = "setup"
    verbose_name = "机构与人员设置"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="zhenggai_setup_password_mark")
