/* A test-only stand-in for Windows 10's system icuuc.dll, for running Qt under Wine.
 *
 * Qt6Core.dll (the PySide6 Windows wheels) imports twenty ucnv_* functions from icuuc.dll,
 * which every Windows 10/11 PC has in System32 and Wine 8 lacks, so `import PySide6.QtCore`
 * fails there with "DLL load failed". This DLL exports those functions; ucnv_open always
 * fails (U_FILE_ACCESS_ERROR), so Qt falls back to its built-in codecs (UTF-8/16/Latin-1,
 * which is all Yishi uses). tests/windows/run_lane.sh copies it into the Wine prefix's
 * system32, as the system ICU would be. It is NEVER part of the installer.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o icuuc.dll icuuc_standin.c
 */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef uint16_t UChar;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

EXPORT void *ucnv_open(const char *name, UErrorCode *err) {
    (void)name;
    if (err) *err = U_FILE_ACCESS_ERROR;
    return NULL;
}
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 4; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *err) {
    (void)cnv;
    if (err) *err = U_FILE_ACCESS_ERROR;
    return NULL;
}
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv;
    if (action) *action = NULL;
    if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv;
    if (action) *action = NULL;
    if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(void *cnv, void *n, const void *nc, void **o, const void **oc,
                                UErrorCode *err) {
    (void)cnv; (void)n; (void)nc; (void)o; (void)oc;
    if (err) *err = U_FILE_ACCESS_ERROR;
}
EXPORT void ucnv_setFromUCallBack(void *cnv, void *n, const void *nc, void **o,
                                  const void **oc, UErrorCode *err) {
    (void)cnv; (void)n; (void)nc; (void)o; (void)oc;
    if (err) *err = U_FILE_ACCESS_ERROR;
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offsetIndex, UErrorCode *err) {
    (void)args; (void)source; (void)length; (void)offsetIndex;
    if (err) *err = U_FILE_ACCESS_ERROR;
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *sourceLimit,
                                    int32_t offsetIndex, UErrorCode *err) {
    (void)args; (void)source; (void)sourceLimit; (void)offsetIndex;
    if (err) *err = U_FILE_ACCESS_ERROR;
}
EXPORT void ucnv_toUnicode(void *cnv, UChar **target, const UChar *targetLimit,
                           const char **source, const char *sourceLimit, int32_t *offsets,
                           int8_t flush, UErrorCode *err) {
    (void)cnv; (void)target; (void)targetLimit; (void)source; (void)sourceLimit;
    (void)offsets; (void)flush;
    if (err) *err = U_FILE_ACCESS_ERROR;
}
EXPORT void ucnv_fromUnicode(void *cnv, char **target, const char *targetLimit,
                             const UChar **source, const UChar *sourceLimit, int32_t *offsets,
                             int8_t flush, UErrorCode *err) {
    (void)cnv; (void)target; (void)targetLimit; (void)source; (void)sourceLimit;
    (void)offsets; (void)flush;
    if (err) *err = U_FILE_ACCESS_ERROR;
}
EXPORT int32_t ucnv_toUCountPending(const void *cnv, UErrorCode *err) {
    (void)cnv; (void)err;
    return 0;
}
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, UErrorCode *err) {
    (void)cnv; (void)err;
    return 0;
}
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard,
                                        UErrorCode *err) {
    (void)name; (void)standard;
    if (err) *err = U_FILE_ACCESS_ERROR;
    return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args,
                                            const UChar *codeUnits, int32_t length,
                                            int32_t codePoint, int reason, UErrorCode *err) {
    (void)context; (void)args; (void)codeUnits; (void)length; (void)codePoint; (void)reason;
    (void)err;
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *codeUnits,
                                          int32_t length, int reason, UErrorCode *err) {
    (void)context; (void)args; (void)codeUnits; (void)length; (void)reason; (void)err;
}
