#Requires -Version 5.1
<#
    README's quick start and main job, end to end, against Start-VppSimulator in this session: the
    commands as README writes them, with -StorePath in $TestDrive added. Then the ShouldProcess and
    error conventions every state change keeps (-WhatIf, -Confirm:$false, -ErrorAction, stable ids).
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
}

Describe 'README: the quick start and the main job, in order' {
    BeforeAll {
        $store = Join-Path -Path $TestDrive -ChildPath 'rehearsal.db'
        $folder = Join-Path -Path $TestDrive -ChildPath 'main-job'
        $null = New-Item -ItemType Directory -Path $folder
        $session = Start-VppSimulator -PassThru -TokenFilePath (Join-Path -Path $folder -ChildPath 'sToken_for_Rehearsal.vpptoken')
    }

    AfterAll {
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'Start-VppSimulator -PassThru | Add-VppToken adds the simulated location' {
        $session.ServiceUrl | Should -Match '^http://127\.0\.0\.1:\d+/'
        Test-Path -LiteralPath $session.TokenFilePath | Should -BeTrue

        $session | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business `
            -ConsentToDataSharing -StorePath $store

        $token = Get-VppToken -StorePath $store
        $token.Name | Should -Be 'Rehearsal'
        $token.ServiceUrl | Should -Be $session.ServiceUrl
    }

    It 'Sync-VppToken -PassThru reads every asset, assignment and user' {
        $summary = Sync-VppToken -StorePath $store -PassThru
        $summary.AssetsAdded | Should -Be $session.Assets
        @(Get-VppAsset -StorePath $store).Count | Should -Be $session.Assets
        @(Get-VppAssignment -StorePath $store).Count | Should -Be $session.Assignments
        @(Get-VppUser -StorePath $store).Count | Should -Be $session.Users
        (Get-VppToken -StorePath $store).LastSyncOn | Should -Not -BeNullOrEmpty
    }

    It 'Get-VppAsset | Sort-Object AvailableCount | Select-Object -First 10, and assignments grouped by LicenseType' {
        $least = @(Get-VppAsset -StorePath $store | Sort-Object AvailableCount | Select-Object -First 10)
        $least.Count | Should -Be 10
        $least[0].AvailableCount | Should -BeLessOrEqual $least[9].AvailableCount
        $groups = @(Get-VppAssignment -StorePath $store | Group-Object LicenseType)
        ($groups | Measure-Object -Property Count -Sum).Sum | Should -Be $session.Assignments
    }

    It 'Get-VppAsset -Name with a wildcard finds assets by name' {
        $first = Get-VppAsset -StorePath $store | Select-Object -First 1
        $prefix = $first.Name.Substring(0, [Math]::Min(6, $first.Name.Length))
        @(Get-VppAsset -Name "$prefix*" -StorePath $store | ForEach-Object AdamId) | Should -Contain $first.AdamId
    }

    It 'Import-Csv devices.csv | Get-VppAssignment lists the licenses of each SerialNumber in the file' {
        $held = @(Get-VppAssignment -StorePath $store | Where-Object SerialNumber | Select-Object -First 3)
        $csv = Join-Path -Path $folder -ChildPath 'devices.csv'
        $held | Select-Object -Property SerialNumber | Export-Csv -LiteralPath $csv -NoTypeInformation
        $found = @(Import-Csv -LiteralPath $csv | Get-VppAssignment -StorePath $store)
        @($found | ForEach-Object SerialNumber | Sort-Object -Unique) | Should -Be @($held | ForEach-Object SerialNumber | Sort-Object -Unique)
    }

    It 'Get-VppToken -ExpiringWithin 30 finds nothing for a new token; Test-VppToken says $true' {
        @(Get-VppToken -ExpiringWithin 30 -StorePath $store).Count | Should -Be 0
        Test-VppToken -Name Rehearsal -StorePath $store | Should -BeTrue
        (Test-VppToken -Name Rehearsal -Detailed -StorePath $store).Reason | Should -Not -BeNullOrEmpty
    }

    It 'Import-Csv ipads.csv | Set-VppAssignment -WhatIf plans and changes nothing; without it, assigns and reports failures' {
        $asset = Get-VppAsset -StorePath $store | Where-Object { $_.DeviceAssignable -and $_.AvailableCount -gt 0 } | Sort-Object AvailableCount | Select-Object -First 1
        $asset | Should -Not -BeNullOrEmpty
        $ipads = Join-Path -Path $folder -ChildPath 'ipads.csv'
        1..($asset.AvailableCount + 2) | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02IPAD{0:D5}' -f $_ } } | Export-Csv -LiteralPath $ipads -NoTypeInformation

        Import-Csv -LiteralPath $ipads | Set-VppAssignment -TokenName Rehearsal -AdamId $asset.AdamId -StorePath $store -WhatIf
        (Get-VppAsset -AdamId $asset.AdamId -StorePath $store).AvailableCount | Should -Be $asset.AvailableCount

        $failed = @(Import-Csv -LiteralPath $ipads | Set-VppAssignment -TokenName Rehearsal -AdamId $asset.AdamId -StorePath $store -PassThru -ErrorAction SilentlyContinue |
                Where-Object Status -EQ Failed)
        $failed.Count | Should -Be 2
        @($failed | ForEach-Object ErrorId | Sort-Object -Unique) | Should -Be @('NoLicenseAvailable')
        @(Get-VppJob -Unfinished -StorePath $store | Resume-VppJob -Force -StorePath $store).Count | Should -Be 0
    }

    It 'Import-Csv leavers.csv | Revoke-VppLicense -Force takes back the licenses of those devices' {
        $leavers = Join-Path -Path $folder -ChildPath 'leavers.csv'
        1..2 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02IPAD{0:D5}' -f $_ } } | Export-Csv -LiteralPath $leavers -NoTypeInformation
        $before = @(Get-VppAssignment -StorePath $store).Count

        Import-Csv -LiteralPath $leavers | Revoke-VppLicense -TokenName Rehearsal -Force -StorePath $store

        Sync-VppToken -StorePath $store
        @(Import-Csv -LiteralPath $leavers | Get-VppAssignment -StorePath $store).Count | Should -Be 0
        @(Get-VppAssignment -StorePath $store).Count | Should -Be ($before - 2)
    }

    It 'Get-VppLicenseReport shows drift and failures; Export-VppReport writes one HTML page' {
        $report = @(Get-VppLicenseReport -StorePath $store)
        $report.Count | Should -Be $session.Assets
        @($report | Where-Object { $_.IsOversubscribed -or $_.HasDrift -or $_.FailedCount -gt 0 }).Count | Should -BeGreaterThan 0

        $html = Join-Path -Path $folder -ChildPath 'licenses.html'
        $file = Export-VppReport -Path $html -StorePath $store -PassThru
        $file.Path | Should -Be $html
        $text = Get-Content -LiteralPath $html -Raw
        $text | Should -Match '<html'
        $text | Should -Match 'Rehearsal'
    }

    It 'Export-VppAssignment writes JSON that Import-VppAssignment -WhatIf reads back' {
        $json = Join-Path -Path $folder -ChildPath 'paris.json'
        Export-VppAssignment -TokenName Rehearsal -Path $json -StorePath $store
        $rows = @(Get-Content -LiteralPath $json -Raw | ConvertFrom-Json)
        $rows.Count | Should -Be @(Get-VppAssignment -StorePath $store).Count
        $before = @(Get-VppJob -StorePath $store).Count
        Import-VppAssignment -Path $json -TokenName Rehearsal -StorePath $store -WhatIf
        @(Get-VppJob -StorePath $store).Count | Should -Be $before
    }

    It 'Set-VppToken renames; Remove-VppToken forgets the token here only' {
        Set-VppToken -Name Rehearsal -NewName 'Rehearsal 2' -StorePath $store
        $assignedAtApple = @(Get-VppAssignment -StorePath $store).Count
        Remove-VppToken -Name 'Rehearsal 2' -Force -StorePath $store -WarningAction SilentlyContinue
        @(Get-VppToken -StorePath $store).Count | Should -Be 0
        @(Get-VppAssignment -StorePath $store).Count | Should -Be 0

        # The licenses stay at Apple (R-T8): the same token added again finds them all.
        $session | Add-VppToken -Name Again -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store -TakeControl
        Sync-VppToken -StorePath $store
        @(Get-VppAssignment -StorePath $store).Count | Should -Be $assignedAtApple
    }
}

Describe 'Start-VppSimulator and Stop-VppSimulator' {
    It 'refuses a second simulator in the session (SimulatorAlreadyRunning), and stops with -PassThru' {
        $path = Join-Path -Path $TestDrive -ChildPath 'second.vpptoken'
        $first = Start-VppSimulator -Assets 1 -Assignments 0 -Users 0 -TokenFilePath $path -PassThru
        try {
            $failure = Get-TerminatingError { Start-VppSimulator -Assets 1 -ErrorAction Stop }
            $failure.FullyQualifiedErrorId | Should -Be 'SimulatorAlreadyRunning,VppPowerShell.Commands.StartVppSimulatorCommand'
        }
        finally {
            $stopped = Stop-VppSimulator -PassThru -Confirm:$false
        }

        $stopped.ServiceUrl | Should -Be $first.ServiceUrl
        Test-Path -LiteralPath $path | Should -BeFalse -Because 'the token file goes with the simulator unless -KeepTokenFile'
    }

    It 'starts nothing with -WhatIf' {
        Start-VppSimulator -WhatIf
        $stopped = @(Stop-VppSimulator -PassThru -Confirm:$false -ErrorAction SilentlyContinue)
        $stopped.Count | Should -Be 0
    }
}

Describe 'State changes keep the ShouldProcess and error conventions' {
    BeforeAll {
        $TestSimulator = Start-TestSimulator
        $fixture = New-TestLocation
        $null = $fixture.Location.AddAsset('361309726', 5, 'App', 'STDQ', $true, $true, $null, 'Pages')
        $fixture.Location.Assign('361309726', [NullString]::Value, 'C02CONFIRM01', 'STDQ')
        Sync-VppToken -StorePath $fixture.StorePath
        $store = $fixture.StorePath
    }

    AfterAll {
        if ($TestSimulator) { $TestSimulator.Dispose() }
    }

    It '<Command> -WhatIf changes nothing' -TestCases @(
        @{ Command = 'Revoke-VppLicense'; Arguments = @{ TokenName = 'Contoso Paris'; All = $true } }
        @{ Command = 'Remove-VppAssignment'; Arguments = @{ TokenName = 'Contoso Paris'; AdamId = '361309726'; SerialNumber = 'C02CONFIRM01' } }
        @{ Command = 'Remove-VppToken'; Arguments = @{ Name = 'Contoso Paris' } }
        @{ Command = 'Set-VppToken'; Arguments = @{ Name = 'Contoso Paris'; NewName = 'Renamed' } }
        @{ Command = 'Sync-VppToken'; Arguments = @{ Name = 'Contoso Paris'; Full = $true } }
        @{ Command = 'New-VppGroup'; Arguments = @{ Name = 'Would be'; MemberType = 'Device' } }
        @{ Command = 'Set-VppDevice'; Arguments = @{ SerialNumber = 'C02CONFIRM01'; Supervised = $true } }
        @{ Command = 'Export-VppReport'; Arguments = @{ Path = 'whatif.html' } }
        @{ Command = 'Convert-VppLicense'; Arguments = @{ TokenName = 'Contoso Paris'; ToDevice = $true } }
    ) {
        param($Command, $Arguments)
        Push-Location -LiteralPath $TestDrive
        try {
            $before = @(Get-VppToken -StorePath $store | ForEach-Object { "$($_.Name)|$($_.LastSyncOn)" })
            $output = @(& $Command @Arguments -StorePath $store -WhatIf)
            $output.Count | Should -Be 0
            @(Get-VppToken -StorePath $store | ForEach-Object { "$($_.Name)|$($_.LastSyncOn)" }) | Should -Be $before
            $fixture.Location.HasAssignment('361309726', [NullString]::Value, 'C02CONFIRM01', 'STDQ') | Should -BeTrue
            @(Get-VppGroup -StorePath $store).Count | Should -Be 0
            @(Get-VppDevice -StorePath $store).Count | Should -Be 0
            Test-Path -LiteralPath (Join-Path -Path $TestDrive -ChildPath 'whatif.html') | Should -BeFalse
        }
        finally {
            Pop-Location
        }
    }

    It 'the destructive cmdlets declare a high confirm impact: <Command>' -TestCases @(
        @{ Command = 'Revoke-VppLicense' }
        @{ Command = 'Remove-VppAssignment' }
        @{ Command = 'Remove-VppToken' }
    ) {
        param($Command)
        $type = (Get-Command -Name $Command).ImplementingType
        $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
        "$($attribute.ConfirmImpact)" | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }

    It 'a non-interactive session never prompts: Revoke-VppLicense -Confirm:$false runs' {
        Revoke-VppLicense -TokenName $fixture.Name -SerialNumber 'C02CONFIRM01' -Confirm:$false -StorePath $store
        $fixture.Location.HasAssignment('361309726', [NullString]::Value, 'C02CONFIRM01', 'STDQ') | Should -BeFalse
    }

    It '<Case>: with Stop it throws <ErrorId>; with SilentlyContinue it returns nothing and $Error[0] carries the id' -TestCases @(
        @{ Case = 'an unknown token name'; ErrorId = 'TokenNotFound,VppPowerShell.Commands.GetVppTokenCommand'; Script = { Get-VppToken -Name 'Nowhere' -StorePath $store } }
        @{ Case = 'a renewal with nothing to change'; ErrorId = 'NoChangeGiven,VppPowerShell.Commands.SetVppTokenCommand'; Script = { Set-VppToken -Name 'Contoso Paris' -StorePath $store } }
        @{ Case = 'a missing token file'; ErrorId = 'TokenFileNotFound,VppPowerShell.Commands.AddVppTokenCommand'; Script = { Add-VppToken -Path (Join-Path $TestDrive 'missing.vpptoken') -Name X -AppleId a@b.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store } }
        @{ Case = 'an unknown job'; ErrorId = 'JobNotFound,VppPowerShell.Commands.ResumeVppJobCommand'; Script = { Resume-VppJob -JobId 'none' -Force -StorePath $store } }
        @{ Case = 'an asset the token lacks'; ErrorId = 'AssetNotInToken,VppPowerShell.Commands.SetVppAssignmentCommand'; Script = { Set-VppAssignment -TokenName 'Contoso Paris' -AdamId '999999999' -SerialNumber 'C02CONFIRM02' -StorePath $store } }
        @{ Case = 'a store folder that does not exist'; ErrorId = 'StoreFolderNotFound,VppPowerShell.Commands.GetVppAssetCommand'; Script = { Get-VppAsset -StorePath (Join-Path $TestDrive 'no/such/folder/vpp.db') } }
        @{ Case = 'a non-https service url'; ErrorId = 'InvalidServiceUrl,VppPowerShell.Commands.AddVppTokenCommand'; Script = { Add-VppToken -Path $fixture.Path -Name Y -AppleId a@b.com -CountryCode US -AccountType Business -ConsentToDataSharing -ServiceUrl 'http://example.com/mdm/v2/' -StorePath $store } }
    ) {
        param($Case, $ErrorId, $Script)
        $failure = Get-TerminatingError { $ErrorActionPreference = 'Stop'; & $Script }
        $failure.FullyQualifiedErrorId | Should -Be $ErrorId
        "$($failure.CategoryInfo.Category)" | Should -Not -Be 'NotSpecified'

        # SilentlyContinue hides a non-terminating error; a terminating one (bad input) still stops.
        $Error.Clear()
        $output = @()
        try { $output = @(& { $ErrorActionPreference = 'SilentlyContinue'; & $Script }) } catch { $null = $_ }
        $output.Count | Should -Be 0
        $Error.Count | Should -BeGreaterThan 0
        $Error[0].FullyQualifiedErrorId | Should -Be $ErrorId
    }

    It 'every stable id of the module is one of VppErrorIds' {
        $source = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'src', 'VppPowerShell.Core', 'VppErrorIds.cs')
        if (-not (Test-Path -LiteralPath $source)) { Set-ItResult -Skipped -Because 'the sources are not beside the tests'; return }
        $ids = @([regex]::Matches((Get-Content -LiteralPath $source -Raw), '"([A-Za-z]+)"') | ForEach-Object { $_.Groups[1].Value })
        foreach ($id in @('TokenNotFound', 'NoChangeGiven', 'TokenFileNotFound', 'JobNotFound', 'AssetNotInToken', 'StoreFolderNotFound', 'InvalidServiceUrl', 'NoLicenseAvailable', 'BookToDevice', 'InvalidTarget')) {
            $ids | Should -Contain $id
        }
    }
}
