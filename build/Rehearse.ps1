<#
.SYNOPSIS
    Rehearses the main job against the simulator of Apple's service, in a temporary store.

.DESCRIPTION
    ./build.ps1 -Task Rehearse lays the module out and runs this script in a fresh PowerShell. It
    starts the simulator, adds its token, syncs, assigns one app from a CSV of more devices than the
    app has licenses, reports, and writes the HTML report. Each step is printed with the command it
    runs. Everything lives in a new folder in the temp folder: the user's store is never used.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModuleManifest,

    # How many more devices than available licenses the CSV lists.
    [ValidateRange(1, 1000)]
    [int] $Oversubscription = 5
)

$ErrorActionPreference = 'Stop'

function Write-Step {
    param([Parameter(Mandatory)] [string] $Command, [string] $Note)
    Write-Host ''
    Write-Host "PS> $Command" -ForegroundColor Cyan
    if ($Note) { Write-Host "    # $Note" -ForegroundColor DarkGray }
}

# Tables as wide as they need, also when the output is redirected (CI logs).
function Show-Output {
    $input | Out-String -Width 200 | Write-Host -NoNewline
}

Import-Module -Name $ModuleManifest -ErrorAction Stop
$folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('vpp-rehearsal-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $folder
$store = Join-Path -Path $folder -ChildPath 'vpp.db'
Write-Host "Rehearsal folder: $folder (a new store; your own store is not used)" -ForegroundColor Green

try {
    Write-Step -Command 'Start-VppSimulator -PassThru' -Note "a seeded simulator of Apple's service on loopback; nothing reaches Apple"
    $simulator = Start-VppSimulator -TokenFilePath (Join-Path -Path $folder -ChildPath 'sToken_for_Rehearsal.vpptoken') -PassThru -Confirm:$false
    $simulator | Format-Table -AutoSize | Show-Output

    Write-Step -Command "`$simulator | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store -PassThru"
    $simulator | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing `
        -StorePath $store -PassThru -Confirm:$false | Format-Table -AutoSize | Show-Output

    Write-Step -Command "Sync-VppToken -Name Rehearsal -StorePath $store -PassThru" -Note "Apple's assets, counts, assignments and users into the store"
    Sync-VppToken -Name Rehearsal -StorePath $store -PassThru -Confirm:$false | Format-Table -AutoSize | Show-Output

    Write-Step -Command "Get-VppAsset -StorePath $store | Where-Object { `$_.DeviceAssignable -and `$_.AvailableCount -gt 0 } | Sort-Object AvailableCount | Select-Object -First 1"
    $asset = Get-VppAsset -StorePath $store |
        Where-Object { $_.DeviceAssignable -and $_.AvailableCount -gt 0 } |
        Sort-Object -Property AvailableCount, AdamId |
        Select-Object -First 1
    if ($null -eq $asset) { throw 'The simulator seeded no device-assignable app with a free license.' }
    $asset | Format-Table -AutoSize | Show-Output

    $devices = $asset.AvailableCount + $Oversubscription
    $csv = Join-Path -Path $folder -ChildPath 'ipads.csv'
    1..$devices | ForEach-Object { [pscustomobject]@{ SerialNumber = 'REHEARSAL{0:D5}' -f $_; Site = 'Paris' } } |
        Export-Csv -LiteralPath $csv -NoTypeInformation
    Write-Host "    # $csv lists $devices devices for $($asset.AvailableCount) available licenses of '$($asset.Name)' (AdamId $($asset.AdamId))" -ForegroundColor DarkGray

    Write-Step -Command "Import-Csv $csv | Set-VppAssignment -TokenName Rehearsal -AdamId $($asset.AdamId) -StorePath $store -WhatIf" -Note 'the plan, changing nothing'
    Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName Rehearsal -AdamId $asset.AdamId -StorePath $store -WhatIf

    Write-Step -Command "Import-Csv $csv | Set-VppAssignment -TokenName Rehearsal -AdamId $($asset.AdamId) -StorePath $store -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue" -Note 'oversubscribed: the first ones get a license, the others fail with a reason and a non-terminating error each (R-L5)'
    $results = @(Import-Csv -LiteralPath $csv |
            Set-VppAssignment -TokenName Rehearsal -AdamId $asset.AdamId -StorePath $store -PassThru -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)
    $assigned = @($results | Where-Object Status -EQ 'Assigned').Count
    $noLicense = @($results | Where-Object ErrorId -EQ 'NoLicenseAvailable').Count
    $results | Group-Object -Property Status, ErrorId | Select-Object -Property Count, Name | Format-Table -AutoSize | Show-Output
    Write-Host ("    Assigned: {0}   NoLicenseAvailable: {1}   (of {2} devices, {3} licenses were available; {4} errors written)" -f $assigned, $noLicense, $devices, $asset.AvailableCount, $refused.Count) -ForegroundColor Green
    if ($refused.Count -gt 0) { Write-Host "    First error: $($refused[0].FullyQualifiedErrorId): $($refused[0])" -ForegroundColor DarkGray }
    $others = @($results | Where-Object { $_.Status -ne 'Assigned' -and $_.ErrorId -ne 'NoLicenseAvailable' })
    if ($assigned -ne $asset.AvailableCount -or $noLicense -ne $Oversubscription -or $others.Count -ne 0) {
        $others | Format-Table -AutoSize | Show-Output
        throw "Expected $($asset.AvailableCount) Assigned and $Oversubscription NoLicenseAvailable, got $assigned and $noLicense ($($others.Count) other outcomes)."
    }

    Write-Step -Command "Get-VppLicenseReport -AdamId $($asset.AdamId) -StorePath $store" -Note 'per asset and token: counts, drift, failures by reason, oversubscription'
    Get-VppLicenseReport -AdamId $asset.AdamId -StorePath $store | Format-List | Show-Output

    $report = Join-Path -Path $folder -ChildPath 'licenses.html'
    Write-Step -Command "Export-VppReport -Path $report -StorePath $store -PassThru" -Note 'one self-contained HTML page'
    Export-VppReport -Path $report -StorePath $store -PassThru -Confirm:$false | Format-List | Show-Output
    if (-not (Test-Path -LiteralPath $report)) { throw "Export-VppReport wrote no file at $report." }
    Write-Host "HTML report: $report" -ForegroundColor Green
}
finally {
    Write-Step -Command 'Stop-VppSimulator'
    Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
}

Write-Host ''
Write-Host "Rehearsal done. The store, the CSV and the report are in $folder; delete the folder when you are done." -ForegroundColor Green
