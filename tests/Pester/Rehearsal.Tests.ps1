#Requires -Version 5.1
<#
    Rehearsals that cover the whole README with Start-VppSimulator alone: several locations in one
    session, the migration from legacy VPP (Add-VppToken -Legacy, Move-VppToken,
    Import-VppAssignment -LegacyTokenPath), apps named in the FR store, and the simulator's token
    files (owner-only, gone with Stop-VppSimulator or Remove-Module).
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
}

AfterAll {
    Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
}

Describe 'Several simulated locations in one session' {
    AfterEach {
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'serves Rehearsal and Lyon from one simulator, each with its own token file and Apple id, both added to one store' {
        $store = New-TestStorePath
        $rehearsal = Start-VppSimulator -PassThru -Assets 3 -Assignments 6 -Users 3
        $lyon = Start-VppSimulator -LocationName Lyon -CountryCode FR -PassThru -Assets 2 -Assignments 4 -Users 2

        $lyon.ServiceUrl | Should -Be $rehearsal.ServiceUrl -Because 'one loopback server per session'
        $lyon.LocationUId | Should -Not -Be $rehearsal.LocationUId
        $lyon.TokenFilePath | Should -Not -Be $rehearsal.TokenFilePath

        $rehearsal | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
        $lyon | Add-VppToken -Name 'Contoso Lyon' -AppleId admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath $store
        Sync-VppToken -StorePath $store
        @(Get-VppToken -StorePath $store | Sort-Object Name).LocationName | Should -Be @('Lyon', 'Rehearsal')
        @(Get-VppAssignment -StorePath $store -TokenName 'Contoso Lyon').Count | Should -Be 4
    }

    It 'refuses a second location of the same name, and stops one location with -LocationName' {
        $first = Start-VppSimulator -PassThru -Assets 1 -Assignments 0 -Users 0
        $lyon = Start-VppSimulator -LocationName Lyon -PassThru -Assets 1 -Assignments 0 -Users 0
        (Get-TerminatingError { Start-VppSimulator -LocationName lyon -ErrorAction Stop }).FullyQualifiedErrorId | Should -Be 'SimulatorAlreadyRunning,VppPowerShell.Commands.StartVppSimulatorCommand'

        $stopped = Stop-VppSimulator -LocationName Lyon -PassThru -Confirm:$false
        $stopped.LocationName | Should -Be 'Lyon'
        Test-Path -LiteralPath $lyon.TokenFilePath | Should -BeFalse
        Test-Path -LiteralPath $first.TokenFilePath | Should -BeTrue
        { Invoke-WebRequest -Uri ($first.ServiceUrl + 'service/config') -TimeoutSec 5 } | Should -Not -Throw -Because 'the other location still runs'

        Stop-VppSimulator -LocationName Nowhere -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -Be 'SimulatorLocationNotFound,VppPowerShell.Commands.StopVppSimulatorCommand'
    }
}

Describe "README's migration from legacy VPP, rehearsed" {
    AfterEach {
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'adds and syncs the legacy buyer, then Move-VppToken puts the location it moved to onto the same record' {
        $store = New-TestStorePath
        $legacy = Start-VppSimulator -Legacy -LocationName 'Contoso legacy' -PassThru -Assets 5 -Assignments 30 -Users 10
        $legacy.IsLegacy | Should -BeTrue

        $legacy | Add-VppToken -Legacy -Name 'Contoso legacy' -AppleId buyer@contoso.com -CountryCode US -AccountType Business `
            -ConsentToDataSharing -StorePath $store
        Sync-VppToken -Name 'Contoso legacy' -StorePath $store
        $before = @(Get-VppAssignment -StorePath $store).Count
        $before | Should -Be $legacy.Assignments

        $paris = Start-VppSimulator -LocationName Paris -CountryCode FR -FromLegacyAccount 'Contoso legacy' -PassThru
        $move = Move-VppToken -Name 'Contoso legacy' -Path $paris.TokenFilePath -ServiceUrl $paris.ServiceUrl -StorePath $store -Confirm:$false -PassThru
        $move.AssignmentsMissing | Should -Be 0
        Set-VppToken -Name 'Contoso legacy' -NewName 'Contoso Paris' -StorePath $store

        (Get-VppToken -Name 'Contoso Paris' -StorePath $store).LocationName | Should -Be 'Paris'
        @(Get-VppAssignment -TokenName 'Contoso Paris' -StorePath $store).Count | Should -Be $before
        @(Get-VppAsset -TokenName 'Contoso Paris' -StorePath $store | Where-Object { -not $_.Name }).Count | Should -Be 0 -Because 'the moved apps are named in the FR store'
    }

    It 'Import-VppAssignment -LegacyTokenPath re-creates the legacy assignments on a location already in the store' {
        $store = New-TestStorePath
        $paris = Start-VppSimulator -LocationName Paris -OrganizationName 'Contoso Paris' -CountryCode FR -PassThru -Assets 3 -Assignments 0 -Users 0
        $legacy = Start-VppSimulator -Legacy -LocationName 'Contoso legacy' -PassThru -Assets 3 -Assignments 12 -Users 0
        $paris | Add-VppToken -Name 'Contoso Paris' -AppleId vpp-admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath $store
        Sync-VppToken -StorePath $store

        $read = Import-VppAssignment -LegacyTokenPath $legacy.TokenFilePath -LegacyServiceUrl $legacy.ServiceUrl -TokenName 'Contoso Paris' `
            -StorePath $store -WhatIf -Verbose -ErrorAction SilentlyContinue -ErrorVariable refused 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($read.Message -join "`n") | Should -Match "Read $($legacy.Assignments) assignment\(s\) from the legacy account"
        # The seeded legacy apps are not Paris's: each row is refused by number, none is lost.
        @($refused).Count | Should -Be $legacy.Assignments
    }

    It 'a legacy account started with -Legacy can be moved once, and only by its name' {
        $null = Start-VppSimulator -Legacy -LocationName 'Contoso legacy' -Assets 1 -Assignments 1 -Users 1
        (Get-TerminatingError { Start-VppSimulator -LocationName Paris -FromLegacyAccount 'Nope' -ErrorAction Stop }).FullyQualifiedErrorId |
            Should -Be 'SimulatorLegacyAccountNotFound,VppPowerShell.Commands.StartVppSimulatorCommand'
        $null = Start-VppSimulator -LocationName Paris -FromLegacyAccount 'Contoso legacy'
        (Get-TerminatingError { Start-VppSimulator -LocationName Lyon -FromLegacyAccount 'Contoso legacy' -ErrorAction Stop }).FullyQualifiedErrorId |
            Should -Be 'SimulatorLegacyAccountMoved,VppPowerShell.Commands.StartVppSimulatorCommand'
    }
}

Describe 'Apps are named in every country store README uses' {
    AfterEach {
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'finds the apps of a US location by name when its token is added with -CountryCode FR' {
        $store = New-TestStorePath
        Start-VppSimulator -PassThru -Assets 4 -Assignments 8 -Users 2 |
            Add-VppToken -Name 'Contoso Paris' -AppleId vpp-admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath $store
        Sync-VppToken -StorePath $store
        @(Get-VppAsset -Name 'Seeded App*' -StorePath $store).Count | Should -Be 4
    }
}

Describe "The simulator's token files" {
    AfterAll {
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
        if (-not (Get-Module -Name VppPowerShell)) { $null = Import-Module -Name $ModuleManifest -Force -ErrorAction Stop }
    }

    It 'are readable by their owner only' -Skip:(-not ($IsLinux -or $IsMacOS)) {
        $session = Start-VppSimulator -PassThru -Assets 1 -Assignments 0 -Users 0 -TokenFilePath (Join-Path -Path $TestDrive -ChildPath 'owner.vpptoken')
        (Get-Item -LiteralPath $session.TokenFilePath).UnixFileMode | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite')
        $legacy = Start-VppSimulator -Legacy -PassThru -Assets 1 -Assignments 0 -Users 0
        (Get-Item -LiteralPath $legacy.TokenFilePath).UnixFileMode | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite')
        Stop-VppSimulator -Confirm:$false
    }

    It 'go, with the simulator, when the module is removed' {
        $one = Start-VppSimulator -PassThru -Assets 1 -Assignments 0 -Users 0
        $two = Start-VppSimulator -LocationName Lyon -PassThru -Assets 1 -Assignments 0 -Users 0
        Test-Path -LiteralPath $one.TokenFilePath | Should -BeTrue

        Remove-Module -Name VppPowerShell -Force
        Test-Path -LiteralPath $one.TokenFilePath | Should -BeFalse
        Test-Path -LiteralPath $two.TokenFilePath | Should -BeFalse
        { Invoke-WebRequest -Uri ($one.ServiceUrl + 'service/config') -TimeoutSec 5 } | Should -Throw -Because 'the simulator stopped'
        $null = Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    }

    It 'go, with the simulator, when the session that started it closes' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript('param($manifest) Import-Module -Name $manifest; Start-VppSimulator -PassThru -Assets 1 -Assignments 0 -Users 0').AddArgument($ModuleManifest)
            $session = $shell.Invoke()[0]
            Test-Path -LiteralPath $session.TokenFilePath | Should -BeTrue
        }
        finally {
            $shell.Runspace.Close()
            $shell.Dispose()
        }

        Test-Path -LiteralPath $session.TokenFilePath | Should -BeFalse
    }
}
