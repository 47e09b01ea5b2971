"""An app's stylesheet must not restyle the layout's own classes: the mediation report once reused
``.bar`` for its charts, which broke the header of every mediation page."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "core/templates/base.html").read_text(encoding="utf-8")
LAYOUT_CLASSES = {c for attr in re.findall(r'class="([^"{]+)"', BASE) for c in attr.split()}


def test_the_layout_classes_were_found():
    assert {"bar", "brand", "site-header", "main-nav"} <= LAYOUT_CLASSES


def test_app_stylesheets_leave_the_layout_classes_alone():
    offenders = []
    for sheet in ROOT.glob("*/static/*/*.css"):
        if sheet.parent.name == "comptoir":  # the layout's own stylesheet
            continue
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for selectors in re.findall(r"([^{}]+)\{", css):
            for selector in selectors.split(","):
                first = selector.strip().split()[0] if selector.strip() else ""
                for name in re.findall(r"\.([\w-]+)", first):
                    if name in LAYOUT_CLASSES:
                        offenders.append(f"{sheet.relative_to(ROOT)}: {selector.strip()}")
    assert not offenders, offenders
