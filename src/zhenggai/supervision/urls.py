from django.urls import path

from .views import personal, unit

app_name = "supervision"

urlpatterns = [
    path("units/<int:unit_id>/dashboard/", unit.dashboard_page, name="dashboard"),
    path("units/<int:unit_id>/dashboard/<str:name>.svg", unit.chart, name="chart"),
    path("units/<int:unit_id>/dashboard/reports/", unit.reports_panel, name="reports"),
    path("units/<int:unit_id>/warnings/", unit.warning_list, name="warnings"),
    path("units/<int:unit_id>/warnings.csv", unit.warning_csv, name="warnings_csv"),
    path("units/<int:unit_id>/warning-rule/", unit.rule_page, name="rule"),
    path("notifications/", personal.notifications, name="notifications"),
    path("notifications/<int:notification_id>/read/", personal.notification_read, name="notification_read"),
    path("notifications/preference/", personal.notice_preference, name="notice_preference"),
    path("notifications/read-all/", personal.notifications_read_all, name="notifications_read_all"),
    path("rounds/<int:round_id>/overview/", personal.overview, name="overview"),
    path("rounds/<int:round_id>/warning-rule/", personal.round_rule_page, name="round_rule"),
    path("rounds/<int:round_id>/overview.svg", personal.overview_chart, name="overview_chart"),
]
