"""Entry point of the frozen Yishi executable (PyInstaller runs this file as ``__main__``)."""

import sys


def _attach_console() -> None:
    """The Windows build is windowed (no console of its own). When it is started from cmd.exe
    or PowerShell with arguments (``yishi.exe db backup``, ``--self-test``), print into the
    caller's console instead of nowhere. Started from Explorer there is none: nothing changes.
    """
    if sys.platform != "win32" or sys.stdout is not None or len(sys.argv) < 2:
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32
    if not kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        return
    encoding = f"cp{kernel32.GetConsoleOutputCP()}"
    stream = open("CONOUT$", "w", encoding=encoding, errors="replace")  # noqa: SIM115
    sys.stdout = sys.stderr = stream


if __name__ == "__main__":
    _attach_console()
    from desktop.cli import main

    sys.exit(main())
