from django.urls import path

from .views import files, measure, unit
from .views import help as help_views

app_name = "workflow"

urlpatterns = [
    path("help/", help_views.help_page, name="help"),
    path("units/<int:unit_id>/help/", help_views.unit_help, name="unit_help"),
    path("flow/measures/<int:measure_id>/", measure.page, name="measure"),
    path("flow/measures/<int:measure_id>/<str:name>/", measure.act, name="act"),
    path("flow/extensions/<int:extension_id>/decide/", measure.decide_extension, name="decide_extension"),
    path("flow/evidence/<int:evidence_id>/", files.download, name="evidence"),
    path("flow/units/<int:unit_id>/", unit.inbox, name="inbox"),
    path("flow/units/<int:unit_id>/settings/", unit.settings_page, name="settings"),
    path("flow/units/<int:unit_id>/handover/", unit.handover, name="handover"),
]
