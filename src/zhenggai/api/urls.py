from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/tokens/", views.token_page, name="api_tokens"),
]
