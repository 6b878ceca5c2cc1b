/* A test-only stand-in for Windows 10's bcryptprimitives.dll, for running Yishi under Wine 8.
 *
 * Rust programs built with Rust 1.78 or later (cryptography's _rust.pyd, orjson) import
 * ProcessPrng from bcryptprimitives.dll, which every Windows 10/11 PC has and Wine 8 lacks
 * (Wine 9 added it), so `import cryptography` fails under Wine with "DLL load failed". This
 * DLL exports ProcessPrng on top of BCryptGenRandom (the system RNG Wine does have).
 * tests/windows/lane.py copies it into the Wine prefix's system32. It is NEVER part of the
 * installer.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll bcryptprimitives_standin.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
