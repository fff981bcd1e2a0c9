from django.urls import path

from . import analysis_views, views

app_name = "oversight"

urlpatterns = [
    path("oversight/", views.dashboard, name="dashboard"),
    path("oversight/board.xlsx", views.generate, {"what": "board_xlsx"}, name="xlsx"),
    path("oversight/evaluation.xlsx", views.generate, {"what": "evaluation_xlsx"}, name="evaluation_xlsx"),
    path("oversight/evaluation.docx", views.generate, {"what": "evaluation_docx"}, name="evaluation_docx"),
    path("oversight/reports.zip", views.generate, {"what": "reports_zip"}, name="reports_zip"),
    path("oversight/analysis/", analysis_views.analysis, name="analysis"),
    path("oversight/analysis/<int:job_id>/", analysis_views.analysis_result, name="analysis_result"),
    path("oversight/analysis/<int:job_id>/correct/", analysis_views.analysis_correct, name="analysis_correct"),
    path("oversight/analysis/<int:job_id>/groups/<int:index>/publish/", analysis_views.analysis_publish,
         name="analysis_publish"),
    path("oversight/<str:name>.svg", views.chart, name="chart"),
    path("oversight/rounds/<int:round_id>/settings/", views.round_settings, name="round_settings"),
    path("oversight/units/<int:unit_id>/", views.unit_page, name="unit"),
    path("oversight/units/<int:unit_id>/issue/", views.issue, name="issue"),
    path("oversight/units/<int:unit_id>/draw/", views.draw, name="draw"),
    path("oversight/units/<int:unit_id>/samples.xlsx", views.samples_xlsx, name="samples_xlsx"),
    path("oversight/notices/<int:notice_id>.docx", views.notice_docx, name="notice_docx"),
    path("oversight/notices/<int:notice_id>/sign/", views.sign, name="sign"),
    path("oversight/notices/<int:notice_id>/reply/", views.reply, name="reply"),
    path("oversight/samples/<int:item_id>/record/", views.record, name="record"),
]
