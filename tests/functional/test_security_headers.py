"""Every answer tells browsers not to frame the site elsewhere nor to sniff types."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("path, status", [("/fr/", 200), ("/login", 200),
                                          ("/fr/no-such-page", 404),
                                          ("/api/v1/partners?limit=0", 400),
                                          ("/static/css/lanta.css", 200)])
def test_default_security_headers(testapp, path, status):
    response = testapp.get(path, status=status)
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_view_keeps_its_own_referrer_policy(testapp):
    response = testapp.get("/password/reset/not-a-token", status=400)
    assert response.headers["Referrer-Policy"] == "same-origin"
