; 议事通 (Yishi) — NSIS 3 安装脚本，在 Linux 上由 installer/build_windows.py 调用 makensis 编译：
;   makensis -INPUTCHARSET UTF8 -DAPP_VERSION=0.1.0 -DAPP_VERSION4=0.1.0.0 -DSTAGE=<程序文件夹>
;            -DOUTFILE=dist/yishi-0.1.0-setup.exe -DICON=<yishi.ico> -DSIZE_KB=<大小> yishi.nsi
;
; 设计要点（与 docs/deployment.md 一致）：
;   * 按用户安装，不需要管理员权限，程序装在 %LOCALAPPDATA%\Programs\Yishi；
;     数据在 %LOCALAPPDATA%\Yishi（platformdirs 的用户数据目录），与程序分开。
;   * 覆盖安装（升级）先用已安装的旧版本做一次 `db backup`，再只替换程序文件，从不触碰数据目录；
;     新版本第一次打开时自己再备份并升级数据库。
;   * 卸载默认保留数据；只有用户两次明确选择“是”才删除。静默卸载（/S）从不删除数据。
;   * 静默安装：yishi-x.y.z-setup.exe /S   （可加 /D=安装目录，必须是最后一个参数）

; 64 位安装程序（议事通本身只有 64 位版本；Wine 的 64 位前缀也只能运行 64 位程序）
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
SetCompressor /SOLID ${COMPRESSOR}
!if ${COMPRESSOR} == lzma
  SetCompressorDictSize 32
!endif

; 代码签名（docs/deployment.md 第 11 节）：-DSIGN="签名命令 %1" 时给安装程序和卸载程序签名。
!ifdef SIGN
  !finalize '${SIGN}'
  !uninstfinalize '${SIGN}'
!endif

!define APP_NAME "议事通"
!define APP_KEY "Yishi"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
!define DATA_DIR "$LOCALAPPDATA\Yishi"

Name "${APP_NAME} ${APP_VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Yishi"
InstallDirRegKey HKCU "Software\${APP_KEY}" "InstallDir"
BrandingText "${APP_NAME} ${APP_VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\yishi.exe"
!define MUI_FINISHPAGE_RUN_TEXT "立即启动议事通"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${APP_VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "议事通项目组"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "议事通项目组"

Section "!${APP_NAME}（程序文件）" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"

  ; 升级：替换文件之前，用已安装的旧版本备份数据库（写到数据目录的 backups\）。
  ${If} ${FileExists} "$INSTDIR\yishi.exe"
  ${AndIf} ${FileExists} "${DATA_DIR}\yishi.sqlite3"
    DetailPrint "用已安装的版本备份数据库……"
    ExecWait '"$INSTDIR\yishi.exe" db backup' $0
    DetailPrint "备份完成（退出码 $0）"
  ${EndIf}

  ; 旧版本的程序文件整批换掉（各版本的库文件名可能不同）；数据目录不在这里。
  RMDir /r "$INSTDIR\Lib"
  RMDir /r "$INSTDIR\app"
  ; 安装版从不使用便携模式
  Delete "$INSTDIR\portable.txt"

  File /r "${STAGE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\yishi.exe" "" "$INSTDIR\yishi.exe" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}（演示数据）.lnk" "$INSTDIR\yishi.exe" "--demo" "$INSTDIR\yishi.exe" 0

  WriteRegStr HKCU "Software\${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "Software\${APP_KEY}" "Version" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME} ${APP_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "议事通项目组"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\yishi.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" ${SIZE_KB}

  ; 新版本自检（在数据库的副本上升级，不改动数据）；结果写到 %TEMP%\yishi-selftest.txt。
  DetailPrint "自检……"
  ExecWait '"$INSTDIR\yishi.exe" --self-test' $0
  DetailPrint "自检退出码 $0"
  ${If} $0 != 0
  ${AndIfNot} ${Silent}
    MessageBox MB_OK|MB_ICONEXCLAMATION "议事通自检未通过，详细结果见：$\r$\n$TEMP\yishi-selftest.txt$\r$\n$\r$\n程序已安装，数据未受影响。请把该文件发给区人大信息化联系人。"
  ${EndIf}
SectionEnd

Section "在桌面创建快捷方式" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\yishi.exe" "" "$INSTDIR\yishi.exe" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "议事通程序文件。数据保存在 ${DATA_DIR}，安装、升级和卸载都不会改动。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面放一个议事通的快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}（演示数据）.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ; 只删除安装程序放进去的文件（用户可能把程序装在了别的文件夹里）。
  RMDir /r "$INSTDIR\Lib"
  RMDir /r "$INSTDIR\app"
  RMDir /r "$INSTDIR\__pycache__"
  Delete "$INSTDIR\*.dll"
  Delete "$INSTDIR\*.pyd"
  Delete "$INSTDIR\*.zip"
  Delete "$INSTDIR\*._pth"
  Delete "$INSTDIR\*.cat"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\VERSION"
  Delete "$INSTDIR\python.exe"
  Delete "$INSTDIR\pythonw.exe"
  Delete "$INSTDIR\yishi.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; 数据默认保留；静默卸载从不删除数据。
  ${IfNot} ${Silent}
  ${AndIf} ${FileExists} "${DATA_DIR}\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "是否同时删除议事通的全部数据？$\r$\n$\r$\n数据目录：$\r$\n${DATA_DIR}$\r$\n$\r$\n包括数据库、备份和日志。选择“否”将保留数据（推荐），以后重新安装即可继续使用。" IDNO keep
    MessageBox MB_YESNO|MB_ICONSTOP|MB_DEFBUTTON2 "确定要永久删除以上数据吗？此操作无法撤销。$\r$\n$\r$\n删除前请确认已把备份复制到其他位置。" IDNO keep
    RMDir /r "${DATA_DIR}"
    RMDir /r "${DATA_DIR}-demo"
  keep:
  ${EndIf}

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP_KEY}"
SectionEnd
