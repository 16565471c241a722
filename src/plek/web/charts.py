"""Serving vega-interpreter, the piece that lets Vega draw charts without eval (strict CSP).

vega-interpreter ships only as an ES module that imports three helpers from 'vega-util'. The UMD
build of vega, loaded before it, already exposes them on `window.vega`, so the bare import (which
a browser cannot resolve without an import map, and an inline import map would need a CSP
exception) is replaced by a lookup there.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

_BARE_IMPORT = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';"
_FROM_WINDOW = "const { ascending, isString, DisallowedObjectProperties } = window.vega;"


@lru_cache(maxsize=1)
def interpreter_source() -> str:
    path = settings.NODE_MODULES / "vega-interpreter" / "build" / "vega-interpreter.js"
    source = path.read_text(encoding="utf-8")
    if _BARE_IMPORT not in source:
        # A new vega-interpreter release changed its imports: fail loudly, not with blank charts.
        raise RuntimeError("vega-interpreter imports other helpers than expected")
    return source.replace(_BARE_IMPORT, _FROM_WINDOW)


@require_http_methods(["GET"])
def vega_interpreter(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(interpreter_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400"
    return response
