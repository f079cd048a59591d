; DASH Desktop: a per-user installer (no administrator rights), for a practitioner whose IT team
; does not deploy the MSI. Silent: dash-desktop-VERSION-setup.exe /S  (optionally /D=C:\path, last).
; Silent uninstall: "%LOCALAPPDATA%\Programs\DASH Desktop\uninstall.exe" /S
; Installing a newer version over an older one replaces the program's files; uninstalling removes
; them, the Start-menu entry and the Apps & features entry. The user's data folder
; (%LOCALAPPDATA%\dash-desktop) is never part of the program and is never touched.
;
; installer/build.py compiles it with makensis (CI: Debian's nsis, on a stand-in payload):
;   /DVERSION=0.1.0 /DPRODUCT_VERSION=0.1.0.0 /DPAYLOAD=<bundle folder> /DICON=<dash-desktop.ico>
;   /DOUTFILE=<setup.exe>

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION | PRODUCT_VERSION | PAYLOAD | ICON | OUTFILE
  !error "installer/build.py defines VERSION, PRODUCT_VERSION, PAYLOAD, ICON and OUTFILE"
!endif

!define NAME "DASH Desktop"
!define EXE "dash-desktop.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\DASH Desktop (per user)"

Name "${NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
Icon "${ICON}"
UninstallIcon "${ICON}"
BrandingText "${NAME} ${VERSION}"

VIProductVersion "${PRODUCT_VERSION}"
VIAddVersionKey "ProductName" "${NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${NAME} installer (per user)"
VIAddVersionKey "LegalCopyright" "Apache License 2.0; third-party notices inside"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_LICENSE "${PAYLOAD}\LICENSE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "DASH Desktop" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade: the previous version's files go first, so that none of them lingers.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${NAME}.lnk"
  ; Only the program's own folder: the data folder (%LOCALAPPDATA%\dash-desktop) is elsewhere.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\dash-desktop.exe"
  Delete "$INSTDIR\dash-desktop-cli.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\THIRD-PARTY-NOTICES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
