"""The axe-core check itself: it must catch a real violation, or a green run would prove nothing."""

import pytest
from browser_helpers import assert_accessible

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html><head><title>Broken</title></head>
<body><main><h1>Broken</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">
</main></body></html>"""


def test_assert_accessible_catches_violations(page):
    page.set_content(BROKEN_PAGE)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "label"):
        assert rule in report, report
