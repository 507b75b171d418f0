"""The README is the contract other systems read: it must name every code they may receive."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_documents_every_rejection_code() -> None:
    source = (ROOT / "services" / "nomination" / "domain" / "eligibility.py").read_text()
    codes = set(re.findall(r'code="([A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    assert len(codes) >= 9
    assert not {code for code in codes if f"`{code}`" not in readme}
