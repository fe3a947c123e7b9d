; Inno Setup script for Afarensis Chat. packaging/windows_pkg.py compiles it with
;   ISCC.exe /DAppVersion=<v> /DSourceDir=<dist\afarensis-chat> /DIconFile=<app.ico>
;            /DOutputDir=<dist> /DOutputName=<name> afarensis-chat.iss
; (the defaults below let you compile it by hand after a build from the repo root).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\afarensis-chat"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\app.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef OutputName
  #define OutputName "afarensis-chat-" + AppVersion + "-windows-x64-setup"
#endif
#define AppName "Afarensis Chat"
#define AppExe "afarensis-chat.exe"

[Setup]
; A fixed AppId lets upgrades replace the previous install; never change it.
AppId={{5E0C7C55-6A0B-4C5E-9D0B-AF4A2E5C1A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Afarensis Chat contributors
AppPublisherURL=https://github.com/afarensis-chat/afarensis-chat
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no UAC prompt); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#OutputName}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
