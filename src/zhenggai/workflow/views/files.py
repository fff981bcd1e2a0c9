"""Evidence downloads: only through here, only to users who may see the measure."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from zhenggai.ledger import access as acl

from .. import evidence as ev
from ..models import Evidence


@require_GET
@login_required
def download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        item = Evidence.objects.get(pk=int(evidence_id))
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个文件") from None
    acl.measure_for(request.user, item.measure_id)  # 404 for anyone who may not see the measure
    path = ev.path_for(Path(settings.DATA_DIR), item.sha256)
    if not path.exists():
        raise Http404("文件已丢失，请联系管理员")
    inline = item.kind in ev.INLINE and "download" not in request.GET
    response = FileResponse(path.open("rb"), content_type=ev.content_type(item.kind))
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(item.name)}"
    # The browser must not guess a type (an uploaded text file is never run as HTML),
    # and an opened file can run no script.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    response["X-Evidence-SHA256"] = item.sha256
    return response
