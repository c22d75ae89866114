; Windows installer for MOI District Desk over the PyInstaller onedir build (dist/MOIDistrictDesk/).
;
;   makensis /DVERSION=0.1.0 installer\moi_desktop.nsi
;       -> dist\MOIDistrictDesk-0.1.0-setup.exe
;   /DDIST=folder    another onedir folder (default ..\dist\MOIDistrictDesk, beside this script)
;   /DOUTFILE=file   another output path
;
; Per-user install (no administrator rights: district PCs rarely give clerks any) into
; %LOCALAPPDATA%\Programs\MOIDistrictDesk, the usual place for per-user programs. The program's
; data (database, backups, logs, photos) lives in %LOCALAPPDATA%\MOIDistrictDesk (moi_desktop/
; paths.py), a different folder: the uninstaller deletes only the files this installer put in the
; program folder and never touches the data folder.
;
; Silent use: setup.exe /S [/D=C:\path]   and   Uninstall.exe /S
; tests/integration/test_nsis_installer.py compiles this script; the Windows workflow
; (.github/workflows/windows-installer.yml) builds, installs, smoke-runs and uninstalls it.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "Pass the version: makensis /DVERSION=x.y.z installer\moi_desktop.nsi"
!endif
!ifndef DIST
  !define DIST "${__FILEDIR__}\..\dist\MOIDistrictDesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "${__FILEDIR__}\..\dist\MOIDistrictDesk-${VERSION}-setup.exe"
!endif

!define APP_ID "MOIDistrictDesk"  ; folder names; must match APP_DIR_NAME in moi_desktop/paths.py
!define APP_EXE "MOIDistrictDesk.exe"
!define NAME_EN "MOI District Desk"
!define NAME_TH "โปรแกรมอำเภอนำร่อง"
!define PUBLISHER "Ministry of Interior pilot programme (อำเภอนำร่อง)"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR "$LOCALAPPDATA\${APP_ID}"  ; per-user data: never installed into, never removed

Name "${NAME_TH} (${NAME_EN})"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${NAME_EN} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${NAME_EN}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME_EN} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Thai"  ; first: the default when Windows' language is neither
!insertmacro MUI_LANGUAGE "English"

LangString DataDirRefused ${LANG_THAI} "ติดตั้งโปรแกรมในโฟลเดอร์นี้ไม่ได้ เพราะเป็นโฟลเดอร์ข้อมูลของโปรแกรม (${DATA_DIR}) หรืออยู่ในโฟลเดอร์นั้น หรือมีโฟลเดอร์นั้นอยู่ข้างใน กรุณาเลือกโฟลเดอร์อื่น"
LangString DataDirRefused ${LANG_ENGLISH} "The program cannot be installed here: this folder is, lies inside or contains its data folder (${DATA_DIR}). Please choose another folder."
LangString DataKept ${LANG_THAI} "ข้อมูลของโปรแกรม (ฐานข้อมูล สำเนาสำรอง) ยังอยู่ที่ ${DATA_DIR}"
LangString DataKept ${LANG_ENGLISH} "The program's data (database, backups) is kept in ${DATA_DIR}"

; The install folder may not be the data folder, lie inside it or contain it: program files and
; the uninstaller would then sit among the office's data. Checked when the directory page is left
; (the message, then the page stays) and again by the install and uninstall sections, because a
; silent install (/S /D=...) shows no pages.
!macro RefuseDataDir un
  Function ${un}RefuseDataDir
    StrCpy $0 "$INSTDIR\"
    StrCpy $1 "${DATA_DIR}\"
    StrLen $2 $1
    StrCpy $3 $0 $2  ; the first len(data dir) characters of the install dir
    StrLen $4 $0
    StrCpy $5 $1 $4  ; the first len(install dir) characters of the data dir
    ${If} $3 == $1  ; (StrCmp: case-insensitive, as Windows paths are)
    ${OrIf} $5 == $0
      MessageBox MB_ICONSTOP|MB_OK "$(DataDirRefused)" /SD IDOK
      Abort
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro RefuseDataDir ""
!insertmacro RefuseDataDir "un."

Function DirectoryLeave
  Call RefuseDataDir
FunctionEnd

Section "${NAME_EN}" SecApp
  SectionIn RO
  Call RefuseDataDir
  SetShellVarContext current
  ; An older version's libraries must not linger next to the new ones.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  ; Start menu: a Thai and an English shortcut, so typing either name in Start finds the program.
  CreateShortcut "$SMPROGRAMS\${NAME_TH}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${NAME_EN}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$DESKTOP\${NAME_TH}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; Add/Remove Programs (per user: HKCU).
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME_TH} (${NAME_EN})"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Call un.RefuseDataDir
  SetShellVarContext current
  Delete "$SMPROGRAMS\${NAME_TH}.lnk"
  Delete "$SMPROGRAMS\${NAME_EN}.lnk"
  Delete "$DESKTOP\${NAME_TH}.lnk"
  ; Only what the installer put here: never a recursive delete of $INSTDIR, which a user may have
  ; pointed at a folder holding other files.
  Delete "$INSTDIR\${APP_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The data folder ${DATA_DIR} stays: a clerk reinstalling must find the office's records.
  DetailPrint "$(DataKept)"
SectionEnd
