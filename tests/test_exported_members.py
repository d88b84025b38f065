"""The public surface of ``import decompte``: ``__all__`` lists exactly the public names, sorted."""

from __future__ import annotations

from types import ModuleType

import decompte


def test_all_equals_the_public_names() -> None:
    assert decompte.__version__  # read on first use, then a plain attribute
    # Sub-modules imported along the way (decompte.api, decompte.model…) are not API;
    # decompte.extract is, callable even once its sub-package is imported.
    public = {
        name for name, value in vars(decompte).items()
        if (not name.startswith("_") or name == "__version__")
        and not (isinstance(value, ModuleType) and not callable(value))
    }
    assert decompte.__all__ == sorted(decompte.__all__)
    assert set(decompte.__all__) == public


def test_every_exported_error_is_a_decompte_error() -> None:
    errors = [getattr(decompte, name) for name in decompte.__all__ if name.endswith("Error") or name.startswith("Unknown")
              or name.startswith("Unsupported") or name == "FetchRefused"]
    assert len(errors) == 7
    assert all(issubclass(e, decompte.DecompteError) for e in errors)
