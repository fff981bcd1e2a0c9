"""HTMX requests whose session has expired: send the whole page to the login form.

Without this, htmx follows the 302 itself and swaps the login page into a table row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url


class HtmxLoginRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            login = resolve_url(settings.LOGIN_URL)
            location = response.get("Location", "")
            if location.startswith(login):
                redirect = HttpResponse(status=204)
                redirect["HX-Redirect"] = location
                return redirect
        return response


class NotAllowedInChineseMiddleware:
    """A 405 (a GET to an address that only takes a form's post, a POST to a download) says so in Chinese.

    Django's require_POST answers with an empty page and django-ninja with "Method not allowed".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405:
            return response
        import json

        verb = {"GET": "直接打开", "HEAD": "直接打开", "POST": "提交表单"}.get(request.method or "", "这样访问")
        message = f"此地址不能{verb}，请从页面上的按钮或链接操作"
        if request.path.startswith("/api/"):
            answer = HttpResponse(json.dumps({"detail": message}, ensure_ascii=False), status=405,
                                  content_type="application/json; charset=utf-8")
        else:
            from django.utils.html import escape

            answer = HttpResponse(f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>请求方式不对</title>'
                                  f'</head><body><h1>请求方式不对</h1><p>{escape(message)}</p><p><a href="/">返回首页</a></p>'
                                  "</body></html>", status=405, content_type="text/html; charset=utf-8")
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
