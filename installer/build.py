"""Build the Yishi desktop bundle: ``make dist`` (or ``python installer/build.py``).

Produces, under ``dist/``:

* ``yishi/`` — the PyInstaller one-folder bundle (``yishi`` / ``yishi.exe`` + ``_internal/``);
* ``yishi-<version>-<platform>.zip`` — that folder zipped (what the Windows installer wraps);
* ``yishi-<version>-<platform>-portable.zip`` (``--portable``) — the same folder with a
  ``portable.txt`` marker beside the executable, so the data lives in ``data/`` beside it
  (for a USB stick);
* the Windows installer is not made here but on Linux by ``installer/build_windows.py``
  (embeddable Python + Windows wheels + NSIS; ``make windows-installer``).

The version comes from ``desktop.__version__``; it is written to ``dist/yishi/VERSION`` and
into the Windows version resource and the installer.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "yishi.spec"
TRANSLATIONS = ROOT / "desktop" / "resources" / "translations"
APP = "yishi"
PORTABLE_MARKER = "portable.txt"
PORTABLE_TEXT = (
    "议事通便携模式：本文件存在时，数据保存在程序旁边的 data 文件夹中。\n"
    "Yishi portable mode: while this file exists, data is kept in the data folder beside the program.\n"
)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from desktop import __version__

    return __version__


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def exe_name() -> str:
    return APP + (".exe" if sys.platform == "win32" else "")


def ensure_translations() -> None:
    """The bundle must carry compiled .qm files; compile them when the source tree has none."""
    if any(TRANSLATIONS.glob("*.qm")):
        return
    tool = ROOT / "tools" / "i18n.py"
    if tool.is_file():
        print("== compiling translations (tools/i18n.py)")
        subprocess.run([sys.executable, str(tool)], cwd=ROOT, check=True)
    if not any(TRANSLATIONS.glob("*.qm")):
        print("!! no compiled translations (*.qm) in", TRANSLATIONS, file=sys.stderr)


def source_digest() -> str:
    """A digest of what goes into the bundle, written to ``dist/yishi/SOURCES`` by a build.

    Lets the bundle test and ``bench/bundle.py`` rebuild only when the sources changed.
    """
    import hashlib

    digest = hashlib.sha256()
    files = sorted((ROOT / "desktop").rglob("*"))
    files += [SPEC, ROOT / "installer" / "yishi_entry.py", Path(__file__).resolve()]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def bundle_is_current(dist: Path | None = None) -> bool:
    stamp = (dist or ROOT / "dist") / APP / "SOURCES"
    exe = (dist or ROOT / "dist") / APP / exe_name()
    return exe.is_file() and stamp.is_file() and stamp.read_text().strip() == source_digest()


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> Path:
    args = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        args.append("--clean")
    print("==", " ".join(args[2:]))
    subprocess.run(args, cwd=ROOT, check=True)
    bundle = dist / APP
    if not (bundle / exe_name()).is_file():
        raise SystemExit(f"PyInstaller did not produce {bundle / exe_name()}")
    return bundle


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def write_zip(bundle: Path, target: Path) -> Path:
    """Zip ``bundle`` as ``yishi/...`` keeping Unix modes (the executable bit) in the entries."""
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(bundle.rglob("*")):
            arcname = f"{APP}/{path.relative_to(bundle).as_posix()}"
            if path.is_symlink():
                info = zipfile.ZipInfo(arcname)
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, os.readlink(path))
            elif path.is_file():
                zf.write(path, arcname)
    os.replace(tmp, target)
    return target


def add_to_zip(source: Path, target: Path, extra: dict[str, str]) -> Path:
    """A copy of ``source`` with ``extra`` text files added under ``yishi/``."""
    tmp = target.with_name(target.name + ".part")
    shutil.copyfile(source, tmp)
    with zipfile.ZipFile(tmp, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in extra.items():
            info = zipfile.ZipInfo(f"{APP}/{name}", date_time=time.localtime()[:6])
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    os.replace(tmp, target)
    return target


def extract_zip(archive: Path, dest: Path) -> Path:
    """Unpack one of our zips as ``unzip`` would: symlinks and executable bits restored."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            mode = info.external_attr >> 16
            target = dest / info.filename
            if stat.S_ISLNK(mode):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(zf.read(info).decode("utf-8"), target)
                continue
            zf.extract(info, dest)
            if mode & 0o111:
                target.chmod(target.stat().st_mode | 0o755)
    return dest / APP


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Yishi desktop bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--portable", action="store_true", help="also write the portable zip")
    parser.add_argument("--no-zip", action="store_true", help="only the folder, no zips")
    parser.add_argument("--clean", action="store_true", help="clear PyInstaller's cache first")
    args = parser.parse_args(argv)

    ver = version()
    dist: Path = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    ensure_translations()
    digest = source_digest()
    bundle = run_pyinstaller(dist, args.work.resolve(), args.clean)
    (bundle / "VERSION").write_text(ver + "\n", encoding="utf-8")
    (bundle / "SOURCES").write_text(digest + "\n", encoding="utf-8")
    size = folder_size(bundle)
    print(f"== bundle {bundle}: {size / 1e6:.1f} MB unpacked, version {ver}")

    tag = platform_tag()
    if args.no_zip:  # zips of an earlier build would no longer match the folder
        for stale in dist.glob(f"{APP}-{ver}-{tag}*.zip"):
            stale.unlink()
    else:
        plain = write_zip(bundle, dist / f"{APP}-{ver}-{tag}.zip")
        print(f"== zip {plain.name}: {plain.stat().st_size / 1e6:.1f} MB")
        if args.portable:
            portable = add_to_zip(
                plain,
                dist / f"{APP}-{ver}-{tag}-portable.zip",
                {PORTABLE_MARKER: PORTABLE_TEXT},
            )
            print(f"== portable zip {portable.name}: {portable.stat().st_size / 1e6:.1f} MB")
    print(f"== done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
