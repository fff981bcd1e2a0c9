from django.urls import path

from .views import pages

app_name = "reports"

urlpatterns = [
    path("units/<int:unit_id>/reports/", pages.index, name="index"),
    path("units/<int:unit_id>/reports/tables.<str:fmt>", pages.tables, name="tables"),
    path("units/<int:unit_id>/reports/<str:kind>/", pages.draft_page, name="draft"),
    path("units/<int:unit_id>/reports/<str:kind>/preview/", pages.preview, name="preview"),
    path("units/<int:unit_id>/reports/<str:kind>/issue/", pages.issue, name="issue"),
    path("units/<int:unit_id>/reports/<str:kind>/texts/<int:finding_id>/", pages.problem_text, name="problem_text"),
    path("units/<int:unit_id>/reports/<str:kind>/draft.<str:fmt>", pages.draft_download, name="draft_download"),
    path("reports/<int:issued_id>/", pages.issued_page, name="issued"),
    path("reports/<int:issued_id>/report.<str:fmt>", pages.issued_download, name="issued_download"),
]
