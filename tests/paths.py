"""Where the tests find the repository and the shared seed plans."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
OUTPUT = REPO / "tests" / "output"
