; Inno Setup script for dosisdesk (per-machine install). Build on Windows:
;   1. py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[packaging,postgres]"
;   2. .venv\Scripts\python packaging\build.py          (makes packaging\dist\dosisdesk\)
;   3. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\dosisdesk.iss
; Result: packaging\dist\dosisdesk-0.1.0-setup.exe
;
; Silent install for IT, with a shared PostgreSQL database:
;   dosisdesk-0.1.0-setup.exe /VERYSILENT /DBURL="postgresql://dosisdesk@dbserver/dosisdesk"
; The URL is written to %PROGRAMDATA%\dosisdesk\dosisdesk.ini ([database] url = ...), which
; every user's dosisdesk reads. Without /DBURL each user gets a local SQLite database in
; %LOCALAPPDATA%\dosisdesk (never inside the program folder).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E0B6C1D-3C55-4E0E-9F1B-5B1D0D3F7A21}
AppName=dosisdesk
AppVersion={#AppVersion}
AppPublisher=dosisdesk
DefaultDirName={autopf}\dosisdesk
DefaultGroupName=dosisdesk
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=dosisdesk-{#AppVersion}-setup
SetupIconFile=..\build\icons\dosisdesk.ico
UninstallDisplayIcon={app}\dosisdesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "danish"; MessagesFile: "compiler:Languages\Danish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\dosisdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\dosisdesk"; Permissions: users-readexec

[Icons]
Name: "{group}\dosisdesk"; Filename: "{app}\dosisdesk.exe"; IconFilename: "{app}\dosisdesk.exe"
Name: "{group}\Afinstallér dosisdesk"; Filename: "{uninstallexe}"

[Code]
function DbUrl(): String;
begin
  Result := ExpandConstant('{param:DBURL|}');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Ini: String;
begin
  if (CurStep = ssPostInstall) and (DbUrl() <> '') then
  begin
    Ini := ExpandConstant('{commonappdata}\dosisdesk\dosisdesk.ini');
    SaveStringToFile(Ini, '[database]' + #13#10 + 'url = ' + DbUrl() + #13#10, False);
  end;
end;
