from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("units/<int:unit_id>/matters/", views.unit_matters, name="unit"),
    path("units/<int:unit_id>/feedback-draft/", views.feedback_draft, name="draft"),
    path("rounds/<int:round_id>/matters/", views.round_matters, name="round"),
]
