#Requires -Version 5.1
<#
    Destructive commands act on exactly what they were given, in pwsh with the laid-out module: the
    pipelines that once reached past what they named (a device list converting a whole token, a user
    row revoking every license of its token, another store's objects acting on this store's objects of
    the same id, a license row under -All). Apple's side is read from the simulator after each one.
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $TestSimulator = Start-TestSimulator
    $Pages = '361309726'
    $Numbers = '361309727'

    # A token with 3 devices and 3 users each holding Pages and Numbers (12 licenses), two users with a recorded device.
    function New-ScopeFixture {
        $fixture = New-TestLocation
        $location = $fixture.Location
        $null = $location.AddAsset($Pages, 20, 'App', 'STDQ', $true, $true, $null, 'Pages')
        $null = $location.AddAsset($Numbers, 20, 'App', 'STDQ', $true, $true, $null, 'Numbers')
        foreach ($i in 1..3) {
            $user = 'u{0:D6}' -f $i
            $null = $location.AddUser($user, [NullString]::Value, [NullString]::Value)
            foreach ($app in $Pages, $Numbers) {
                $location.Assign($app, [NullString]::Value, ('SN{0:D10}' -f $i), 'STDQ')
                $location.Assign($app, $user, [NullString]::Value, 'STDQ')
            }
        }

        Set-VppDevice -SerialNumber DEV0000000U1 -PrimaryUser u000001 -StorePath $fixture.StorePath
        Set-VppDevice -SerialNumber DEV0000000U2 -PrimaryUser u000002 -StorePath $fixture.StorePath
        Sync-VppToken -StorePath $fixture.StorePath
        $fixture
    }
}

AfterAll {
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'A row never widens to its token' {
    It 'converts nobody for a CSV of one device with its TokenId' {
        $fixture = New-ScopeFixture
        $csv = Join-Path $TestDrive 'retired.csv'
        [pscustomobject]@{ SerialNumber = 'SN0000000001'; TokenId = 1 } | Export-Csv -LiteralPath $csv -NoTypeInformation

        Import-Csv -LiteralPath $csv | Convert-VppLicense -ToDevice -Force -StorePath $fixture.StorePath -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.FullyQualifiedErrorId | Should -Be 'DeviceLicenseNotConverted,VppPowerShell.Commands.ConvertVppLicenseCommand'
        $fixture.Location.AssignmentCount | Should -Be 12
    }

    It 'revokes nothing and keeps the token for a user row piped into Remove-VppToken -RevokeLicenses' {
        $fixture = New-ScopeFixture

        Get-VppUser -ClientUserId u000001 -StorePath $fixture.StorePath |
            Remove-VppToken -RevokeLicenses -Force -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.FullyQualifiedErrorId | Should -Be 'InputNotAToken,VppPowerShell.Commands.RemoveVppTokenCommand'
        $fixture.Location.AssignmentCount | Should -Be 12
        @(Get-VppToken -StorePath $fixture.StorePath).Count | Should -Be 1
    }

    It 'refuses a license row under -All, and every holder keeps the app' {
        $fixture = New-ScopeFixture

        Get-VppAssignment -SerialNumber SN0000000001 -StorePath $fixture.StorePath | Select-Object -First 1 |
            Revoke-VppLicense -All -Force -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.FullyQualifiedErrorId | Should -Be 'PipedRowCannotWiden,VppPowerShell.Commands.RevokeVppLicenseCommand'
        $fixture.Location.AssignmentCount | Should -Be 12
    }

    It 'converts exactly the piped user, and says in licenses what -WhatIf would do' {
        $fixture = New-ScopeFixture

        # -WhatIf writes its plan to the host, not to a stream: a transcript keeps it.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript
        try { Get-VppUser -ClientUserId u000001 -StorePath $fixture.StorePath | Convert-VppLicense -ToDevice -WhatIf }
        finally { $null = Stop-Transcript }
        $plan = (Get-Content -LiteralPath $transcript | Where-Object { $_ -like 'What if:*' }) -join "`n"
        $fixture.Location.AssignmentCount | Should -Be 12
        Get-VppUser -ClientUserId u000001 -StorePath $fixture.StorePath | Convert-VppLicense -ToDevice -Force

        $plan | Should -Match 'Associate: 2 license\(s\)'
        $plan | Should -Match 'Disassociate: 2 license\(s\)'
        $fixture.Location.HasAssignment($Pages, [NullString]::Value, 'DEV0000000U1', 'STDQ') | Should -BeTrue
        $fixture.Location.HasAssignment($Pages, 'u000001', [NullString]::Value, 'STDQ') | Should -BeFalse
        $fixture.Location.HasAssignment($Pages, 'u000002', [NullString]::Value, 'STDQ') | Should -BeTrue
        $fixture.Location.AssignmentCount | Should -Be 12
    }
}

Describe 'A piped object keeps its store' {
    It 'refuses another store''s token and removes neither' {
        $paris = New-ScopeFixture
        $berlin = New-ScopeFixture

        Get-VppToken -StorePath $berlin.StorePath | Remove-VppToken -StorePath $paris.StorePath -Force -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.FullyQualifiedErrorId | Should -Be 'StoreMismatch,VppPowerShell.Commands.RemoveVppTokenCommand'
        @(Get-VppToken -StorePath $paris.StorePath).Count | Should -Be 1
        @(Get-VppToken -StorePath $berlin.StorePath).Count | Should -Be 1
    }

    It 'revokes in the rows'' own store when no store is named' {
        $paris = New-ScopeFixture
        $berlin = New-ScopeFixture

        Get-VppAssignment -SerialNumber SN0000000001 -StorePath $berlin.StorePath | Revoke-VppLicense -Force

        $berlin.Location.AssignmentCount | Should -Be 10
        $paris.Location.AssignmentCount | Should -Be 12
    }
}
