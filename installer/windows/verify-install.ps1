<#
  Install, upgrade, self-test and uninstall DASH Desktop's Windows installers on this machine, the
  way an IT team deploys them (after KeePassXC's package verification in its CI):

    - the MSI, per machine and silent: an older-numbered MSI first, then the current one over it
      (an in-place upgrade: the older product must be gone), the installed program's --self-test,
      the Start-menu entry, then a silent uninstall that must leave no program folder, shortcut or
      product registration behind;
    - the NSIS installer, per user and silent (/S), installed twice (the second an upgrade in
      place), --self-test, then its silent uninstaller;
    - throughout, a store in the user's data folder (%LOCALAPPDATA%\dash-desktop), made by the
      first --self-test, whose files must be byte for byte the same after every uninstall.

  Run by .github/workflows/windows.yml on a Windows runner, as an administrator:
    installer\windows\verify-install.ps1 -Msi dist\dash-desktop-0.1.0-x64.msi `
        -OlderMsi dist\older\dash-desktop-0.0.1-x64.msi -Nsis dist\dash-desktop-0.1.0-user-x64.exe
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Msi,
    [Parameter(Mandatory)] [string] $OlderMsi,
    [Parameter(Mandatory)] [string] $Nsis
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$MachineDir = Join-Path $env:ProgramFiles 'DASH Desktop'
$MachineShortcut = Join-Path $env:ProgramData 'Microsoft\Windows\Start Menu\Programs\DASH Desktop.lnk'
$UserDir = Join-Path $env:LOCALAPPDATA 'Programs\DASH Desktop'
$UserShortcut = Join-Path $env:APPDATA 'Microsoft\Windows\Start Menu\Programs\DASH Desktop.lnk'
$DataDir = Join-Path $env:LOCALAPPDATA 'dash-desktop'
$Logs = Join-Path $env:RUNNER_TEMP 'dash-desktop-install-logs'
New-Item -ItemType Directory -Force -Path $Logs | Out-Null

function Invoke-Checked([string] $File, [string[]] $Arguments, [int] $TimeoutSeconds = 300) {
    Write-Host "> $File $($Arguments -join ' ')"
    $process = Start-Process -FilePath $File -ArgumentList $Arguments -PassThru -NoNewWindow -Wait `
        -RedirectStandardOutput (Join-Path $Logs 'last-stdout.txt') -RedirectStandardError (Join-Path $Logs 'last-stderr.txt')
    Get-Content (Join-Path $Logs 'last-stdout.txt'), (Join-Path $Logs 'last-stderr.txt') | Write-Host
    if ($process.ExitCode -ne 0) { throw "$File exited with $($process.ExitCode)" }
}

function Get-ProductCode([string] $Path) {
    $installer = New-Object -ComObject WindowsInstaller.Installer
    $database = $installer.GetType().InvokeMember('OpenDatabase', 'InvokeMethod', $null, $installer, @($Path, 0))
    $view = $database.GetType().InvokeMember('OpenView', 'InvokeMethod', $null, $database,
        @("SELECT ``Value`` FROM ``Property`` WHERE ``Property``='ProductCode'"))
    $view.GetType().InvokeMember('Execute', 'InvokeMethod', $null, $view, $null) | Out-Null
    $record = $view.GetType().InvokeMember('Fetch', 'InvokeMethod', $null, $view, $null)
    return $record.GetType().InvokeMember('StringData', 'GetProperty', $null, $record, 1)
}

function Test-Registered([string] $ProductCode) {
    return Test-Path "HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\$ProductCode"
}

function Get-DataHashes {
    if (-not (Test-Path $DataDir)) { return '' }
    return (Get-ChildItem -LiteralPath $DataDir -Recurse -File | Sort-Object FullName |
        ForEach-Object { "$($_.FullName) $((Get-FileHash -LiteralPath $_.FullName).Hash)" }) -join "`n"
}

function Assert-DataUnchanged([string] $Before, [string] $When) {
    if ((Get-DataHashes) -ne $Before) { throw "The user's data folder changed $When." }
    Write-Host "The user's data folder is unchanged $When."
}

function Wait-Gone([string] $Path, [int] $Seconds = 60) {
    for ($i = 0; $i -lt $Seconds -and (Test-Path $Path); $i++) { Start-Sleep -Seconds 1 }
    if (Test-Path $Path) { throw "$Path is still there after uninstalling." }
}

$Msi = (Resolve-Path $Msi).Path
$OlderMsi = (Resolve-Path $OlderMsi).Path
$Nsis = (Resolve-Path $Nsis).Path
$current = Get-ProductCode $Msi
$older = Get-ProductCode $OlderMsi

# --- MSI: per machine, silent, upgrade in place, uninstall ---------------------------------------
Invoke-Checked 'msiexec.exe' @('/i', "`"$OlderMsi`"", '/qn', '/norestart', '/l*v', "`"$Logs\msi-older.log`"")
if (-not (Test-Registered $older)) { throw "The older MSI ($older) is not registered after installing it." }
Invoke-Checked 'msiexec.exe' @('/i', "`"$Msi`"", '/qn', '/norestart', '/l*v', "`"$Logs\msi-upgrade.log`"")
if (Test-Registered $older) { throw "The older MSI ($older) is still registered: the upgrade did not replace it." }
if (-not (Test-Registered $current)) { throw "The MSI ($current) is not registered after the upgrade." }
if (-not (Test-Path $MachineShortcut)) { throw "No Start-menu entry at $MachineShortcut." }
Invoke-Checked (Join-Path $MachineDir 'dash-desktop-cli.exe') @('--version')
Invoke-Checked (Join-Path $MachineDir 'dash-desktop-cli.exe') @('--self-test', '--keep', "`"$DataDir`"")
$data = Get-DataHashes
Invoke-Checked 'msiexec.exe' @('/x', $current, '/qn', '/norestart', '/l*v', "`"$Logs\msi-uninstall.log`"")
if (Test-Registered $current) { throw "The MSI ($current) is still registered after uninstalling." }
Wait-Gone $MachineDir
Wait-Gone $MachineShortcut
Assert-DataUnchanged $data 'after uninstalling the MSI'

# --- NSIS: per user, silent, reinstall over itself, uninstall -------------------------------------
Invoke-Checked $Nsis @('/S')
Invoke-Checked $Nsis @('/S')
if (-not (Test-Path $UserShortcut)) { throw "No Start-menu entry at $UserShortcut." }
Invoke-Checked (Join-Path $UserDir 'dash-desktop-cli.exe') @('--self-test')
Invoke-Checked (Join-Path $UserDir 'uninstall.exe') @('/S')
Wait-Gone $UserDir
Wait-Gone $UserShortcut
Assert-DataUnchanged $data 'after uninstalling the per-user installation'

Write-Host 'Windows installers verified: install, upgrade, self-test, uninstall; the data folder untouched.'
