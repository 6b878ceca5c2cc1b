"""Run pytest inside the Windows Python under Wine (started by tests/windows/unit.py).

Only pytest's own report is written as UTF-8 (into the pipe the lane reads); everything the
tests exercise keeps Windows' defaults — ``open()`` without ``encoding=`` and
``locale.getpreferredencoding()`` stay code page 936 in the zh_CN locale.
"""

import sys

if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", errors="replace", line_buffering=True)
    sys.stderr.reconfigure(encoding="utf-8", errors="replace")
    import pytest

    class WineProfile:
        """Wine on a shared CI machine is several times slower than Linux: no per-example
        deadline. Set from a plugin hook, after pytest has set up its assertion rewriting
        (importing hypothesis before that makes pytest warn, and warnings are errors)."""

        @staticmethod
        def pytest_configure(config: object) -> None:
            from hypothesis import settings

            settings.register_profile("wine", deadline=None)
            settings.load_profile("wine")

    sys.exit(pytest.main(sys.argv[1:], plugins=[WineProfile()]))
