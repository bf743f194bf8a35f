"""axe-core in the page under test: the browser tests' one way to ask it (the accessibility,
dark-mode and category-look tests). axe comes from frontend/node_modules (`make test` runs
`npm ci` there; the version is pinned in package-lock.json)."""

from pathlib import Path

import pytest

AXE = Path(__file__).parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe has for WCAG 2.2 A and AA, plus its best practices (Lighthouse's set too).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, *, rules: list[str] | None = None) -> list[dict]:
    """axe's violations on the page as it is now (waiting for nothing): every WCAG 2.2 A/AA
    rule and best practice, or only `rules`. Each: id, impact, help, and nodes as
    "selector :: what fails"."""
    if not page.evaluate("typeof window.axe === 'object'"):
        if not AXE.exists():
            pytest.fail(f"{AXE} is missing: run `npm ci` in frontend/ (`make test` does)")
        page.evaluate(AXE.read_text(encoding="utf-8"))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    return page.evaluate(
        """async (only) => {
            const result = await axe.run(document, {
                runOnly: only,
                resultTypes: ["violations"],
            });
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }""",
        only,
    )
