"""Same-origin browser requests carry no Origin header on GET; the server's own host is
then the origin, but only when the browser says so (Sec-Fetch-Site: same-origin)."""

from __future__ import annotations

import pytest

from leflux.transport.origins import request_origin
from tests.conftest import run_server


def test_request_origin_rules() -> None:
    assert request_origin("https://a.com", sec_fetch_site=None, scheme="http",
                          host="b.com") == "https://a.com"
    assert request_origin(None, sec_fetch_site="same-origin", scheme="http",
                          host="127.0.0.1:8000") == "http://127.0.0.1:8000"
    for site in (None, "cross-site", "same-site", "none"):
        assert request_origin(None, sec_fetch_site=site, scheme="http", host="a.com") is None
    assert request_origin(None, sec_fetch_site="same-origin", scheme="http", host=None) is None


@pytest.mark.parametrize(("host", "status"), [("site.test", 200), ("evil.test", 403)])
async def test_same_origin_get_without_origin_header(tmp_path, host, status) -> None:
    async with run_server(tmp_path, allowed_origins=("http://site.test",)) as srv:
        async with srv.http(origin=None) as h:
            plain = await h.get("/api/widget-config", headers={"Host": host})
            same = await h.get("/api/widget-config",
                               headers={"Sec-Fetch-Site": "same-origin", "Host": host})
    assert plain.status_code == 403  # no Origin and no browser word for it: refused
    assert same.status_code == status
