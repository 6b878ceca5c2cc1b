; 议事通 (Yishi) — Inno Setup 6.3+ 安装脚本
;
; 构建：先在 Windows 上运行 `make dist`（或 `python installer\build.py`），它生成 dist\yishi\，
; 找到 ISCC.exe 时会自动调用本脚本：
;     ISCC.exe /DAppVersion=0.1.0 /DDistDir=<仓库>\dist /O<仓库>\dist installer\windows\yishi.iss
; 不传 AppVersion 时，版本号取自 dist\yishi\yishi.exe 的版本资源（由 desktop.__version__ 写入）。
;
; 设计要点：
;   * 按用户安装，不需要管理员权限（PrivilegesRequired=lowest），程序装在
;     %LOCALAPPDATA%\Programs\Yishi；数据在 %LOCALAPPDATA%\Yishi（与程序分开）。
;   * 覆盖安装（升级）只替换程序文件，从不触碰数据目录；安装前先用旧版本做一次数据库备份。
;   * 卸载默认保留数据；只有用户明确选择“删除数据”并再次确认后才删除。
;   * 代码签名：见 docs/deployment.md “代码签名”一节；用 /DSignTool=<名称> 启用。

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#define AppExe "yishi.exe"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\yishi\" + AppExe, "ProductVersion")
#endif
#define AppName "议事通"
#define AppPublisher "议事通项目组"

[Setup]
; AppId 永远不变：同一 AppId 的新版本会覆盖安装（升级）而不是并排安装。
AppId={{6E0C7E52-3B8A-4D1B-9B8E-59A1D7E3C2A4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\Yishi
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#DistDir}
OutputBaseFilename=yishi-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile={#SourcePath}..\..\desktop\resources\icons\yishi.ico
UninstallDisplayName={#AppName} {#AppVersion}
SetupLogging=yes
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
; Inno Setup 6 自带简体中文语言文件（较早的版本请从官网“非官方翻译”下载
; ChineseSimplified.isl 放到 Languages 目录）。
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
chinesesimplified.DesktopIcon=在桌面创建快捷方式
chinesesimplified.AdditionalIcons=快捷方式：
chinesesimplified.LaunchApp=立即启动议事通
chinesesimplified.SelfTestFailed=议事通自检未通过，详细结果见：%n%1%n%n程序已安装，数据未受影响。请把该文件发给区人大信息化联系人。
chinesesimplified.DeleteDataQuestion=是否同时删除议事通的全部数据？%n%n数据目录：%n%1%n%n包括数据库、备份和日志。选择“否”将保留数据（推荐），以后重新安装即可继续使用。
chinesesimplified.DeleteDataConfirm=确定要永久删除以上数据吗？此操作无法撤销。%n%n删除前请确认已把备份复制到其他位置。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; 升级时先清掉旧版本的程序文件（不同版本的库文件名可能不同），数据目录不在这里。
Type: filesandordirs; Name: "{app}\_internal"
; 安装版从不使用便携模式：去掉可能被误拷进来的标记文件
Type: files; Name: "{app}\portable.txt"

[Files]
Source: "{#DistDir}\yishi\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName}（演示数据）"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
const
  DataFolderName = 'Yishi';

function DataDir(): String;
begin
  { platformdirs.user_data_dir('Yishi', appauthor=False) on Windows }
  Result := ExpandConstant('{localappdata}\') + DataFolderName;
end;

{ Before files are replaced: a database backup made by the version that is installed now. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
var
  OldExe: String;
  Code: Integer;
begin
  Result := '';
  OldExe := ExpandConstant('{app}\{#AppExe}');
  if FileExists(OldExe) and FileExists(DataDir() + '\yishi.sqlite3') then
  begin
    Log('Backing up the database with the installed version: ' + OldExe);
    if not Exec(OldExe, 'db backup', '', SW_HIDE, ewWaitUntilTerminated, Code) then
      Log('backup could not start')
    else
      Log(Format('backup exit code %d', [Code]));
  end;
end;

{ After installing: the new version checks itself (a copy of the database is migrated). }
procedure CurStepChanged(CurStep: TSetupStep);
var
  Code: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    if Exec(ExpandConstant('{app}\{#AppExe}'), '--self-test', '', SW_HIDE,
            ewWaitUntilTerminated, Code) and (Code <> 0) then
    begin
      Log(Format('self-test exit code %d', [Code]));
      if not WizardSilent then
        MsgBox(FmtMessage(CustomMessage('SelfTestFailed'), [ExpandConstant('{%TEMP}\yishi-selftest.txt')]),
               mbError, MB_OK);
    end;
  end;
end;

{ Uninstall keeps the data unless the user asks twice. Silent uninstalls always keep it. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent and DirExists(DataDir()) then
  begin
    if (MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataDir()]),
               mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES) and
       (MsgBox(CustomMessage('DeleteDataConfirm'), mbError, MB_YESNO or MB_DEFBUTTON2) = IDYES) then
    begin
      DelTree(DataDir(), True, True, True);
      DelTree(DataDir() + '-demo', True, True, True);
    end;
  end;
end;
