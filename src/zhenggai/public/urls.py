from django.urls import path

from . import views_office, views_public

app_name = "public"

urlpatterns = [
    # No login: addressed by public ids only.
    path("gk/chaxun/", views_public.status, name="status"),
    path("gk/r/<slug:public_id>/", views_public.report_page, name="report"),
    path("gk/r/<slug:public_id>/report.docx", views_public.report_docx, name="report_docx"),
    path("gk/r/<slug:public_id>/rate/", views_public.rate, name="rate"),
    path("gk/<slug:public_id>/", views_public.unit_page, name="unit"),
    path("gk/<slug:public_id>/yijian/", views_public.opinion_form, name="opinion"),
    # The office and the inspecting body (login).
    path("reports/<int:issued_id>/publish/", views_office.publish, name="publish"),
    path("units/<int:unit_id>/public/", views_office.panel, name="panel"),
    path("units/<int:unit_id>/public/qr-<str:target>.<str:fmt>", views_office.qr_code, name="qr"),
    path("units/<int:unit_id>/public/notice.docx", views_office.notice, name="notice"),
    path("units/<int:unit_id>/opinions/", views_office.opinion_list, name="opinions"),
    path("units/<int:unit_id>/opinions/<int:opinion_id>/", views_office.opinion_detail, name="opinion_detail"),
    path("units/<int:unit_id>/opinions/<int:opinion_id>/photos/<int:photo_id>", views_office.opinion_photo, name="photo"),
    path("rounds/<int:round_id>/opinions/", views_office.round_opinions, name="round"),
]
