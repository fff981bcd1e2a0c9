from django.urls import path

from . import views

app_name = "setup"

urlpatterns = [
    path("setup/", views.index, name="index"),
    path("setup/rounds/<int:round_id>/", views.round_page, name="round"),
    path("units/<int:unit_id>/people/", views.people, name="people"),
    path("account/password/", views.password_change, name="password"),
]
