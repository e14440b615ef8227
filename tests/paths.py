"""Where the tests find the repository, its test documents, and the shared seed plans when they are there."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
# Optional: the seed plans beside the repository; tests on them skip where they are absent.
SEEDS = REPO.parent / "shared" / "seeds"
OUTPUT = REPO / "tests" / "output"
