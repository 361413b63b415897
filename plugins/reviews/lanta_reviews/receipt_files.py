"""Serving a test's receipt, to its tester or to the office: the pages decide who may;
this answers with the file."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import FileResponse

from .services import receipts


def receipt_response(request, test) -> FileResponse:
    """The receipt of ``test`` as a download, or 404 when it has none (or the file is
    gone). A tester's upload is never shown inside the site's pages (a PDF could run
    script there), never sniffed into another type, never kept by a cache."""
    path = receipts.receipt_path(request.registry.lanta_settings, test)
    if path is None:
        raise HTTPNotFound()
    response = FileResponse(str(path), request=request,
                            content_type=receipts.media_type_of(path.name))
    response.content_disposition = f'attachment; filename="receipt-{test.id}{path.suffix}"'
    response.cache_control = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
