from django.urls import path

from .views import bulk, dates, editing, exports, imports, jobs, pages, printable

app_name = "ledger"

urlpatterns = [
    path("", pages.home, name="home"),
    path("units/<int:unit_id>/", pages.ledger, name="ledger"),
    path("units/<int:unit_id>/feedback/", pages.feedback, name="feedback"),
    path("units/<int:unit_id>/lists/<str:which>/", pages.list_page, name="list"),
    path("units/<int:unit_id>/bulk/", bulk.bulk_edit, name="bulk"),
    path("units/<int:unit_id>/import/", imports.import_file, name="import"),
    path("units/<int:unit_id>/print/", printable.ledger_print, name="print"),
    path("units/<int:unit_id>/export.pdf", printable.ledger_pdf, name="export_pdf"),
    path("imports/<int:job_id>/", imports.import_job, name="import_job"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/<int:job_id>/", jobs.job_page, name="job"),
    path("jobs/<int:job_id>/download/", jobs.job_download, name="job_download"),
    path("imports/<int:job_id>/apply/", imports.import_apply, name="import_apply"),
    path("imports/<int:job_id>/correct/", imports.import_correct, name="import_correct"),
    path("imports/<int:job_id>/discard/", imports.import_discard, name="import_discard"),
    path("units/<int:unit_id>/export.xlsx", exports.ledger_xlsx, name="export_xlsx"),
    path("units/<int:unit_id>/export/<str:which>.<str:fmt>", exports.list_export, name="export_list"),
    path("problems/<int:finding_id>/", pages.problem, name="problem"),
    path("problems/<int:finding_id>/measures/new/", editing.measure_add, name="measure_add"),
    path("measures/<int:measure_id>/row/", editing.measure_row, name="measure_row"),
    path("measures/<int:measure_id>/edit/", editing.measure_edit, name="measure_edit"),
    path("dates/hint/", dates.date_hint, name="date_hint"),
    path("measures/<int:measure_id>/archive/", editing.measure_archive, name="measure_archive"),
]
