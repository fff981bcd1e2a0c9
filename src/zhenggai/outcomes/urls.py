from django.urls import path

from .views import pages

app_name = "outcomes"

urlpatterns = [
    path("units/<int:unit_id>/outcomes/", pages.outcome_list, name="list"),
    path("units/<int:unit_id>/outcomes/<str:what>/new/", pages.outcome_add, name="add"),
    path("units/<int:unit_id>/outcomes/<str:what>/<int:pk>/archive/", pages.outcome_archive, name="archive"),
]
