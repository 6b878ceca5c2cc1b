/* yishi.exe — the Windows launcher of the installed Yishi (built with mingw-w64 by
 * installer/build_windows.py; no console window of its own).
 *
 * The installation folder holds the official embeddable CPython (python3XX.dll, its
 * python3XX.zip standard library and python3XX._pth), the Windows wheels unpacked into
 * Lib\site-packages and Yishi's own code in app\. This program loads python3XX.dll from its own
 * folder and runs `python -m yishi_entry <the arguments it was given>` in-process, so the
 * process Windows shows is yishi.exe; yishi_entry attaches to the caller's console when it is
 * started from cmd.exe with arguments (`yishi.exe db backup`).
 */
#include <windows.h>
#include <shellapi.h>
#include <stdlib.h>
#include <wchar.h>

#ifndef PYTHON_DLL
#error "define PYTHON_DLL, e.g. -DPYTHON_DLL=L\"python312.dll\""
#endif

typedef int(__cdecl *py_main_t)(int, wchar_t **);

static int fail(const wchar_t *what, const wchar_t *path) {
    wchar_t text[2048];
    _snwprintf(text, 2047, L"%ls\n%ls\n\n错误代码 %lu", what, path, GetLastError());
    text[2047] = 0;
    MessageBoxW(NULL, text, L"议事通", MB_OK | MB_ICONERROR);
    return 1;
}

/* A standard handle the process inherited but cannot use (seen under Wine when the parent's
 * stdin was closed) makes Python stop at start-up ("init_sys_streams: can't initialize sys
 * standard streams"). Dropping it before python3XX.dll and its C runtime load lets Python
 * treat that stream as absent (sys.stdin = None), as for any windowed program. */
static void drop_unusable_std_handles(void) {
    const DWORD which[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
    for (int i = 0; i < 3; i++) {
        HANDLE h = GetStdHandle(which[i]);
        if (h == NULL || h == INVALID_HANDLE_VALUE) continue;
        SetLastError(NO_ERROR);
        if (GetFileType(h) == FILE_TYPE_UNKNOWN && GetLastError() != NO_ERROR)
            SetStdHandle(which[i], NULL);
    }
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR cmdline, int show) {
    (void)instance; (void)previous; (void)cmdline; (void)show;
    static wchar_t dir[32768];
    static wchar_t dll[32768];
    DWORD n = GetModuleFileNameW(NULL, dir, 32768);
    if (n == 0 || n >= 32768) return fail(L"找不到程序所在的文件夹", L"");
    wchar_t *slash = wcsrchr(dir, L'\\');
    if (slash) *slash = 0;
    _snwprintf(dll, 32767, L"%ls\\%ls", dir, PYTHON_DLL);
    drop_unusable_std_handles();
    HMODULE python = LoadLibraryExW(dll, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!python) return fail(L"无法加载 Python 运行库，请重新安装议事通：", dll);
    py_main_t py_main = (py_main_t)(void *)GetProcAddress(python, "Py_Main");
    if (!py_main) return fail(L"Python 运行库不完整，请重新安装议事通：", dll);

    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) return fail(L"无法读取命令行", L"");
    wchar_t **args = calloc((size_t)argc + 3, sizeof(wchar_t *));
    if (!args) return fail(L"内存不足", L"");
    args[0] = argv[0];
    args[1] = L"-m";
    args[2] = L"yishi_entry";
    for (int i = 1; i < argc; i++) args[i + 2] = argv[i];
    return py_main(argc + 2, args);
}
