"""The user guide docs/spectra_walks.md runs as written."""
import doctest
from pathlib import Path


def test_user_guide_examples():
    guide = Path(__file__).resolve().parents[2] / "docs" / "spectra_walks.md"
    result = doctest.testfile(str(guide), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10 and result.failed == 0
