#Requires -Version 5.1
<#
    Licensing through the laid-out module, the way admins drive it: CSV files (Export-Csv and
    Export-VppAssignment) piped into Set-VppAssignment, Revoke-VppLicense, Remove-VppAssignment and
    Get-VppAssignment, then counted with Get-VppAssignment after Sync-VppToken, and checked against
    the simulator (Apple's side). Every store is in $TestDrive.
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $TestSimulator = Start-TestSimulator

    $Pages = '361309726'
    $Keynote = '408709785'
    $Book = '500000001'

    # A location with known licenses, its token in a new store, synced:
    #   Pages   (10 licenses) on devices C02SERIAL001..006
    #   Keynote (5 licenses)  on devices C02SERIAL001..002
    #   a book  (5 licenses, not device-assignable)
    function New-LicensingFixture {
        $fixture = New-TestLocation
        $location = $fixture.Location
        $null = $location.AddAsset($Pages, 10, 'App', 'STDQ', $true, $true, $null, 'Pages')
        $null = $location.AddAsset($Keynote, 5, 'App', 'STDQ', $true, $true, $null, 'Keynote')
        $null = $location.AddAsset($Book, 5, 'Book', 'STDQ', $false, $false, $null, 'Field Guide')
        foreach ($i in 1..6) { $location.Assign($Pages, [NullString]::Value, ('C02SERIAL{0:D3}' -f $i), 'STDQ') }
        foreach ($i in 1..2) { $location.Assign($Keynote, [NullString]::Value, ('C02SERIAL{0:D3}' -f $i), 'STDQ') }
        $null = $location.AddUser('fixture-user-1', 'user1@contoso.com', [NullString]::Value)
        Sync-VppToken -StorePath $fixture.StorePath
        $fixture
    }

    # What the store says after a sync with Apple: one "AdamId|SerialNumber|ClientUserId" string per license.
    function Get-SyncedAssignmentKeys {
        param([Parameter(Mandatory)] $Fixture)
        Sync-VppToken -StorePath $Fixture.StorePath
        @(Get-VppAssignment -StorePath $Fixture.StorePath | ForEach-Object { '{0}|{1}|{2}' -f $_.AdamId, $_.SerialNumber, $_.ClientUserId } | Sort-Object)
    }

    function New-CsvFile {
        param([Parameter(Mandatory)] [object[]] $Rows, [string] $Name = ('rows-' + [guid]::NewGuid().ToString('N') + '.csv'))
        $path = Join-Path -Path $TestDrive -ChildPath $Name
        $Rows | Export-Csv -LiteralPath $path -NoTypeInformation
        $path
    }
}

AfterAll {
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'The fixture' {
    It 'syncs 8 device licenses from the simulator' {
        $fixture = New-LicensingFixture
        $keys = Get-SyncedAssignmentKeys -Fixture $fixture
        $keys.Count | Should -Be 8
        $fixture.Location.AssignmentCount | Should -Be 8
    }
}

Describe 'Import-Csv | Set-VppAssignment' {
    BeforeEach {
        $fixture = New-LicensingFixture
    }

    It 'assigns an app to exactly the devices of a CSV written by Export-Csv' {
        $before = Get-SyncedAssignmentKeys -Fixture $fixture
        $csv = New-CsvFile -Rows @(1..4 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02NEWDEV{0:D3}' -f $_; Room = 'B12' } })

        # Pages: 10 licenses, 6 assigned, 4 free.
        $results = @(Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Pages -StorePath $fixture.StorePath -PassThru)

        $results.Count | Should -Be 4
        @($results | Where-Object Status -EQ 'Assigned').Count | Should -Be 4
        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        $after.Count | Should -Be ($before.Count + 4)
        foreach ($i in 1..4) {
            $after | Should -Contain ('{0}|C02NEWDEV{1:D3}|' -f $Pages, $i)
            $fixture.Location.HasAssignment($Pages, [NullString]::Value, ('C02NEWDEV{0:D3}' -f $i), 'STDQ') | Should -BeTrue
        }
    }

    It 'emits nothing without -PassThru' {
        $csv = New-CsvFile -Rows @([pscustomobject]@{ SerialNumber = 'C02NEWDEV101' })
        @(Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -StorePath $fixture.StorePath).Count | Should -Be 0
        $fixture.Location.HasAssignment($Keynote, [NullString]::Value, 'C02NEWDEV101', 'STDQ') | Should -BeTrue
    }

    It 'takes AdamId from the rows when the CSV has that column' {
        $csv = New-CsvFile -Rows @(
            [pscustomobject]@{ AdamId = $Keynote; SerialNumber = 'C02NEWDEV201' }
            [pscustomobject]@{ AdamId = $Pages; SerialNumber = 'C02NEWDEV202' }
        )

        Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -StorePath $fixture.StorePath

        $fixture.Location.HasAssignment($Keynote, [NullString]::Value, 'C02NEWDEV201', 'STDQ') | Should -BeTrue
        $fixture.Location.HasAssignment($Pages, [NullString]::Value, 'C02NEWDEV202', 'STDQ') | Should -BeTrue
        $fixture.Location.HasAssignment($Pages, [NullString]::Value, 'C02NEWDEV201', 'STDQ') | Should -BeFalse
        $fixture.Location.HasAssignment($Keynote, [NullString]::Value, 'C02NEWDEV202', 'STDQ') | Should -BeFalse
    }

    It 'oversubscribed: the first ones get the 3 free licenses, the other 2 fail with NoLicenseAvailable (R-L5)' {
        # Keynote: 5 licenses, 2 assigned, 3 free.
        $csv = New-CsvFile -Rows @(1..5 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02OVERSUB{0:D2}' -f $_ } })

        $results = @(Import-Csv -LiteralPath $csv |
                Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -StorePath $fixture.StorePath -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue)

        @($results | Where-Object Status -EQ 'Assigned').Count | Should -Be 3
        $failed = @($results | Where-Object Status -EQ 'Failed')
        $failed.Count | Should -Be 2
        @($failed | ForEach-Object ErrorId | Sort-Object -Unique) | Should -Be @('NoLicenseAvailable')
        $failed | ForEach-Object { $_.Reason | Should -Not -BeNullOrEmpty }
        $refused.Count | Should -Be 2
        $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'NoLicenseAvailable,VppPowerShell.Commands.SetVppAssignmentCommand' }
        (Get-VppAsset -AdamId $Keynote -StorePath $fixture.StorePath).AvailableCount | Should -Be 0
    }

    It 'plans with -WhatIf and changes nothing' {
        $before = $fixture.Location.AssignmentCount
        $csv = New-CsvFile -Rows @(1..3 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02WHATIF{0:D3}' -f $_ } })

        $output = @(Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -StorePath $fixture.StorePath -WhatIf)

        $output.Count | Should -Be 0
        $fixture.Location.AssignmentCount | Should -Be $before
        @(Get-VppJob -StorePath $fixture.StorePath).Count | Should -Be 0
    }

    It 'refuses a book for a device (BookToDevice), per target, and assigns nothing' {
        $results = @(Set-VppAssignment -TokenName $fixture.Name -AdamId $Book -SerialNumber 'C02BOOKDEV01' -StorePath $fixture.StorePath -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue)

        $refused.Count | Should -BeGreaterThan 0
        $refused[0].FullyQualifiedErrorId | Should -Be 'BookToDevice,VppPowerShell.Commands.SetVppAssignmentCommand'
        @($results | Where-Object Status -EQ 'Assigned').Count | Should -Be 0
        $fixture.Location.HasAssignment($Book, [NullString]::Value, 'C02BOOKDEV01', 'STDQ') | Should -BeFalse
    }

    It 'refuses a serial number that is not one, naming the input (InvalidTarget)' {
        $null = Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -SerialNumber 'X1' -StorePath $fixture.StorePath -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'InvalidTarget,VppPowerShell.Commands.SetVppAssignmentCommand'
        "$($refused[0])" | Should -Match 'X1'
    }

    It 'stops on an asset the token does not have (AssetNotInToken)' {
        $failure = Get-TerminatingError { Set-VppAssignment -TokenName $fixture.Name -AdamId '999999999' -SerialNumber 'C02NEWDEV301' -StorePath $fixture.StorePath -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'AssetNotInToken,VppPowerShell.Commands.SetVppAssignmentCommand'
    }

    It 'stops on a token name the store does not have (TokenNotFound) and changes nothing' {
        $before = $fixture.Location.AssignmentCount
        $failure = Get-TerminatingError { Set-VppAssignment -TokenName 'Nowhere' -AdamId $Keynote -SerialNumber 'C02NEWDEV302' -StorePath $fixture.StorePath -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'TokenNotFound,VppPowerShell.Commands.SetVppAssignmentCommand'
        $fixture.Location.AssignmentCount | Should -Be $before
    }
}

Describe 'Import-Csv | Revoke-VppLicense' {
    BeforeEach {
        $fixture = New-LicensingFixture
    }

    It 'revokes exactly the licenses of the 3 devices of a CSV written by Export-Csv, and nothing else' {
        $before = Get-SyncedAssignmentKeys -Fixture $fixture
        $csv = New-CsvFile -Rows @(3..5 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02SERIAL{0:D3}' -f $_ } })

        Import-Csv -LiteralPath $csv | Revoke-VppLicense -TokenName $fixture.Name -Force -StorePath $fixture.StorePath

        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        $after.Count | Should -Be ($before.Count - 3)
        $gone = @($before | Where-Object { $after -notcontains $_ })
        $gone | Should -Be @(3..5 | ForEach-Object { '{0}|C02SERIAL{1:D3}|' -f $Pages, $_ })
    }

    It 'revokes exactly the 3 rows of a CSV written by Export-VppAssignment, and nothing else' {
        $before = Get-SyncedAssignmentKeys -Fixture $fixture
        $export = Join-Path -Path $TestDrive -ChildPath ('export-' + [guid]::NewGuid().ToString('N') + '.csv')
        Export-VppAssignment -Path $export -TokenName $fixture.Name -AdamId $Pages -StorePath $fixture.StorePath
        $leavers = Join-Path -Path $TestDrive -ChildPath ('leavers-' + [guid]::NewGuid().ToString('N') + '.csv')
        Import-Csv -LiteralPath $export | Where-Object SerialNumber -In @('C02SERIAL003', 'C02SERIAL004', 'C02SERIAL005') |
            Export-Csv -LiteralPath $leavers -NoTypeInformation
        @(Import-Csv -LiteralPath $leavers).Count | Should -Be 3

        Import-Csv -LiteralPath $leavers | Revoke-VppLicense -TokenName $fixture.Name -Force -StorePath $fixture.StorePath

        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        $gone = @($before | Where-Object { $after -notcontains $_ })
        $gone | Should -Be @(3..5 | ForEach-Object { '{0}|C02SERIAL{1:D3}|' -f $Pages, $_ }) -Because 'only the 3 rows of the file are revoked'
        $after.Count | Should -Be ($before.Count - 3)
    }

    It 'revokes exactly the rows piped from Get-VppAssignment' {
        $before = Get-SyncedAssignmentKeys -Fixture $fixture

        Get-VppAssignment -SerialNumber 'C02SERIAL006' -StorePath $fixture.StorePath | Revoke-VppLicense -TokenName $fixture.Name -Force -StorePath $fixture.StorePath

        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        @($before | Where-Object { $after -notcontains $_ }) | Should -Be @("$Pages|C02SERIAL006|")
    }

    It 'asks for nothing and changes nothing with -WhatIf' {
        $before = $fixture.Location.AssignmentCount
        $csv = New-CsvFile -Rows @([pscustomobject]@{ SerialNumber = 'C02SERIAL001' })
        Import-Csv -LiteralPath $csv | Revoke-VppLicense -TokenName $fixture.Name -StorePath $fixture.StorePath -WhatIf
        $fixture.Location.AssignmentCount | Should -Be $before
    }

    It 'revokes with -Confirm:$false, and emits the per-target results with -PassThru' {
        $results = @(Revoke-VppLicense -TokenName $fixture.Name -SerialNumber 'C02SERIAL001' -Confirm:$false -PassThru -StorePath $fixture.StorePath)
        $results.Count | Should -BeGreaterThan 0
        @($results | Where-Object Status -NE 'Removed').Count | Should -Be 0
        @($results | ForEach-Object SerialNumber | Sort-Object -Unique) | Should -Be @('C02SERIAL001')
        $fixture.Location.HasAssignment($Pages, [NullString]::Value, 'C02SERIAL001', 'STDQ') | Should -BeFalse
        $fixture.Location.HasAssignment($Keynote, [NullString]::Value, 'C02SERIAL001', 'STDQ') | Should -BeFalse
    }

    It 'revokes every license of an asset by -AdamId with -All, and only that asset' {
        Revoke-VppLicense -TokenName $fixture.Name -AdamId $Keynote -All -Force -StorePath $fixture.StorePath
        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        @($after | Where-Object { $_ -like "$Keynote|*" }).Count | Should -Be 0
        @($after | Where-Object { $_ -like "$Pages|*" }).Count | Should -Be 6
    }
}

Describe 'Import-Csv | Remove-VppAssignment' {
    BeforeEach {
        $fixture = New-LicensingFixture
    }

    It 'reclaims exactly the 3 rows of a CSV written by Export-VppAssignment, and nothing else' {
        $before = Get-SyncedAssignmentKeys -Fixture $fixture
        $export = Join-Path -Path $TestDrive -ChildPath ('export-' + [guid]::NewGuid().ToString('N') + '.csv')
        Export-VppAssignment -Path $export -TokenName $fixture.Name -AdamId $Pages -StorePath $fixture.StorePath
        $rows = @(Import-Csv -LiteralPath $export | Where-Object SerialNumber -In @('C02SERIAL001', 'C02SERIAL002', 'C02SERIAL003'))
        $rows.Count | Should -Be 3

        $rows | Remove-VppAssignment -TokenName $fixture.Name -Force -StorePath $fixture.StorePath -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 0 -Because "the file's empty ClientUserId cells give no target ($(@($problems | ForEach-Object { "$_" }) -join ' | '))"

        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        @($before | Where-Object { $after -notcontains $_ }) | Should -Be @(1..3 | ForEach-Object { '{0}|C02SERIAL{1:D3}|' -f $Pages, $_ })
        $after.Count | Should -Be ($before.Count - 3)
    }

    It 'reclaims one asset from the devices of an Export-Csv file, keeping their other licenses' {
        $csv = New-CsvFile -Rows @(1..2 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02SERIAL{0:D3}' -f $_ } })

        Import-Csv -LiteralPath $csv | Remove-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -Force -StorePath $fixture.StorePath

        $after = Get-SyncedAssignmentKeys -Fixture $fixture
        @($after | Where-Object { $_ -like "$Keynote|*" }).Count | Should -Be 0
        @($after | Where-Object { $_ -like "$Pages|*" }).Count | Should -Be 6
    }
}

Describe 'Import-Csv | Get-VppAssignment' {
    BeforeAll {
        $fixture = New-LicensingFixture
    }

    It 'lists the licenses of each SerialNumber in the file' {
        $csv = New-CsvFile -Rows @(
            [pscustomobject]@{ SerialNumber = 'C02SERIAL001' }
            [pscustomobject]@{ SerialNumber = 'C02SERIAL005' }
        )
        $found = @(Import-Csv -LiteralPath $csv | Get-VppAssignment -StorePath $fixture.StorePath)
        $found.Count | Should -Be 3
        @($found | ForEach-Object SerialNumber | Sort-Object -Unique) | Should -Be @('C02SERIAL001', 'C02SERIAL005')
    }

    It 'reads back the rows Export-VppAssignment wrote, one for one' {
        $export = Join-Path -Path $TestDrive -ChildPath 'all.csv'
        Export-VppAssignment -Path $export -TokenName $fixture.Name -StorePath $fixture.StorePath
        $rows = @(Import-Csv -LiteralPath $export)
        $rows.Count | Should -Be 8
        @($rows[0].PSObject.Properties.Name) | Should -Contain 'AdamId'
        @($rows[0].PSObject.Properties.Name) | Should -Contain 'SerialNumber'
        @($rows | Get-VppAssignment -StorePath $fixture.StorePath).Count | Should -Be 8
    }

    It 'filters by asset and device together' {
        @(Get-VppAssignment -AdamId $Keynote -SerialNumber 'C02SERIAL001', 'C02SERIAL003' -StorePath $fixture.StorePath).Count | Should -Be 1
    }
}

Describe 'Empty CSV cells mean "not given"' {
    BeforeEach {
        $fixture = New-LicensingFixture
        $csv = New-CsvFile -Rows @(
            [pscustomobject]@{ SerialNumber = 'C02MIXED0001'; ClientUserId = '' }
            [pscustomobject]@{ SerialNumber = ''; ClientUserId = 'mixed-user-1' }
        )
    }

    It 'assigns the filled column of each row, without error' {
        $results = @(Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -StorePath $fixture.StorePath -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue)

        $problems.Count | Should -Be 0 -Because "an empty cell is no target ($(@($problems | ForEach-Object { "$_" }) -join ' | '))"
        @($results | Where-Object Status -EQ 'Assigned').Count | Should -Be 2
        $fixture.Location.HasAssignment($Keynote, [NullString]::Value, 'C02MIXED0001', 'STDQ') | Should -BeTrue
        $fixture.Location.HasAssignment($Keynote, 'mixed-user-1', [NullString]::Value, 'STDQ') | Should -BeTrue
    }

    It 'revokes the filled column of each row, without error' {
        Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -StorePath $fixture.StorePath -ErrorAction SilentlyContinue

        Import-Csv -LiteralPath $csv | Revoke-VppLicense -TokenName $fixture.Name -Force -StorePath $fixture.StorePath -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 0 -Because "an empty cell is no target ($(@($problems | ForEach-Object { "$_" }) -join ' | '))"
        $fixture.Location.HasAssignment($Keynote, [NullString]::Value, 'C02MIXED0001', 'STDQ') | Should -BeFalse
        $fixture.Location.HasAssignment($Keynote, 'mixed-user-1', [NullString]::Value, 'STDQ') | Should -BeFalse
        $fixture.Location.AssignmentCount | Should -Be 8
    }
}

Describe 'Import-Csv | Set-VppDevice' {
    It 'binds the text <Text> of a CSV to <Expected>' -TestCases @(
        @{ Text = 'True'; Expected = $true }
        @{ Text = 'False'; Expected = $false }
        @{ Text = '1'; Expected = $true }
        @{ Text = '0'; Expected = $false }
    ) {
        param($Text, $Expected)
        $store = New-TestStorePath
        $csv = New-CsvFile -Rows @([pscustomobject]@{ SerialNumber = 'C02DEVICE001'; Platform = 'iOS'; Ownership = 'Corporate'; Supervised = $Text; Kiosk = $Text; UserEnrollment = $Text })

        Import-Csv -LiteralPath $csv | Set-VppDevice -StorePath $store -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 0
        $device = Get-VppDevice -SerialNumber 'C02DEVICE001' -StorePath $store
        $device.Platform | Should -Be 'iOS'
        "$($device.Ownership)" | Should -Be 'Corporate'
        $device.Supervised | Should -Be $Expected
        $device.Kiosk | Should -Be $Expected
        $device.UserEnrollment | Should -Be $Expected
    }

    It 'sets the facts given on the command line' {
        $store = New-TestStorePath
        $device = Set-VppDevice -SerialNumber 'C02DEVICE002' -Platform macOS -Supervised $true -Kiosk $false -StorePath $store -PassThru
        $device.Supervised | Should -BeTrue
        $device.Kiosk | Should -BeFalse
        $device.IsMacOS | Should -BeTrue
    }

    It 'refuses a platform outside its set' {
        $failure = Get-TerminatingError { Set-VppDevice -SerialNumber 'C02DEVICE003' -Platform 'Android' -StorePath (New-TestStorePath) }
        $failure.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,VppPowerShell.Commands.SetVppDeviceCommand'
    }
}

Describe 'An unknown -TokenName never widens to every token' {
    BeforeAll {
        $fixture = New-LicensingFixture
        $other = New-TestLocation -StorePath $fixture.StorePath -Name 'Fabrikam'
        $null = $other.Location.AddAsset('111111111', 3, 'App', 'STDQ', $true, $true, $null, 'Other app')
        Sync-VppToken -StorePath $fixture.StorePath
    }

    It '<Command> -TokenName Nowhere writes TokenNotFound and returns nothing' -TestCases @(
        @{ Command = 'Get-VppAsset'; ErrorId = 'TokenNotFound,VppPowerShell.Commands.GetVppAssetCommand' }
        @{ Command = 'Get-VppAssignment'; ErrorId = 'TokenNotFound,VppPowerShell.Commands.GetVppAssignmentCommand' }
        @{ Command = 'Get-VppUser'; ErrorId = 'TokenNotFound,VppPowerShell.Commands.GetVppUserCommand' }
        @{ Command = 'Get-VppLicenseReport'; ErrorId = 'TokenNotFound,VppPowerShell.Commands.GetVppLicenseReportCommand' }
    ) {
        param($Command, $ErrorId)
        # Without the filter there is something to return, so "nothing" means the filter held.
        @(& $Command -StorePath $fixture.StorePath).Count | Should -BeGreaterThan 0

        $found = @(& $Command -TokenName 'Nowhere' -StorePath $fixture.StorePath -ErrorVariable problems -ErrorAction SilentlyContinue)

        $problems.Count | Should -BeGreaterThan 0
        $problems[0].FullyQualifiedErrorId | Should -Be $ErrorId
        $found.Count | Should -Be 0
    }

    It 'Export-VppAssignment -TokenName Nowhere writes no file of every token' {
        $path = Join-Path -Path $TestDrive -ChildPath 'nowhere.csv'
        Export-VppAssignment -Path $path -TokenName 'Nowhere' -StorePath $fixture.StorePath -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -BeGreaterThan 0
        $problems[0].FullyQualifiedErrorId | Should -Be 'TokenNotFound,VppPowerShell.Commands.ExportVppAssignmentCommand'
        if (Test-Path -LiteralPath $path) { @(Import-Csv -LiteralPath $path).Count | Should -Be 0 }
    }

    It 'a known and an unknown name return the known token only' {
        $found = @(Get-VppAsset -TokenName 'Fabrikam', 'Nowhere' -StorePath $fixture.StorePath -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 1
        $found[0].TokenName | Should -Be 'Fabrikam'
    }
}

Describe 'The store a piped object came from' {
    It 'Get-VppToken -StorePath a.db | Remove-VppToken removes from a.db, not from the default store' {
        $storeA = Join-Path -Path $TestDrive -ChildPath 'a.db'
        $default = New-TestStorePath -Prefix 'default'
        $saved = $env:VPP_STORE_PATH
        try {
            $env:VPP_STORE_PATH = $default
            $inA = New-SimulatedTokenFile
            Add-VppToken -Path $inA.Path -Name 'Same name' -AppleId 'a@contoso.com' -CountryCode US -AccountType Business -ConsentToDataSharing -ServiceUrl $inA.ServiceUrl -StorePath $storeA
            $inDefault = New-SimulatedTokenFile
            Add-VppToken -Path $inDefault.Path -Name 'Same name' -AppleId 'a@contoso.com' -CountryCode US -AccountType Business -ConsentToDataSharing -ServiceUrl $inDefault.ServiceUrl

            Get-VppToken -StorePath $storeA | Remove-VppToken -Force -WarningAction SilentlyContinue

            @(Get-VppToken -StorePath $storeA).Count | Should -Be 0 -Because 'the piped token came from a.db'
            @(Get-VppToken -StorePath $default).Count | Should -Be 1 -Because 'the default store was not named'
        }
        finally {
            $env:VPP_STORE_PATH = $saved
        }
    }
}

Describe 'Jobs' {
    It 'records each bulk run, with its per-target outcome' {
        $fixture = New-LicensingFixture
        $csv = New-CsvFile -Rows @(1..4 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02JOBDEV{0:D3}' -f $_ } })
        Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -StorePath $fixture.StorePath -ErrorAction SilentlyContinue

        $jobs = @(Get-VppJob -StorePath $fixture.StorePath)
        $jobs.Count | Should -Be 1
        $jobs[0].Targets | Should -Be 4
        $jobs[0].Assigned | Should -Be 3
        $jobs[0].Failed | Should -Be 1
        @(Get-VppJob -Unfinished -StorePath $fixture.StorePath).Count | Should -Be 0
        $targets = @(Get-VppJob -JobId $jobs[0].JobId -Targets -StorePath $fixture.StorePath)
        $targets.Count | Should -Be 4
    }

    It 'stops on a job id it does not know (JobNotFound)' {
        $fixture = New-LicensingFixture
        $failure = Get-TerminatingError { Resume-VppJob -JobId 'nope' -Force -StorePath $fixture.StorePath -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -Be 'JobNotFound,VppPowerShell.Commands.ResumeVppJobCommand'
    }
}

Describe 'The token stays secret in licensing' {
    It 'never shows the token in the output, streams, errors or files of the licensing cmdlets' {
        $fixture = New-LicensingFixture
        $store = $fixture.StorePath
        $csv = New-CsvFile -Rows @(1..4 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'C02SECRET{0:D3}' -f $_ } })
        $exportCsv = Join-Path -Path $TestDrive -ChildPath 'secret-export.csv'
        $exportJson = Join-Path -Path $TestDrive -ChildPath 'secret-export.json'
        $report = Join-Path -Path $TestDrive -ChildPath 'secret-report.html'

        $seen = @(
            Sync-VppToken -StorePath $store -Full -PassThru -Verbose *>&1
            Get-VppAsset -StorePath $store -Verbose *>&1
            Import-Csv -LiteralPath $csv | Set-VppAssignment -TokenName $fixture.Name -AdamId $Keynote -PassThru -StorePath $store -Verbose *>&1
            Set-VppAssignment -TokenName $fixture.Name -AdamId $Book -SerialNumber 'C02SECRET999' -PassThru -StorePath $store -Verbose *>&1
            Get-VppAssignment -StorePath $store -Verbose *>&1
            Get-VppUser -StorePath $store -Verbose *>&1
            Get-VppJob -StorePath $store -Verbose *>&1
            Get-VppLicenseReport -StorePath $store -Verbose *>&1
            Export-VppAssignment -Path $exportCsv -TokenName $fixture.Name -StorePath $store -Verbose *>&1
            Export-VppAssignment -Path $exportJson -TokenName $fixture.Name -StorePath $store -Verbose *>&1
            Export-VppReport -Path $report -PassThru -StorePath $store -Verbose *>&1
            Import-Csv -LiteralPath $csv | Revoke-VppLicense -TokenName $fixture.Name -Force -PassThru -StorePath $store -Verbose *>&1
            Remove-VppAssignment -TokenName $fixture.Name -AdamId $Pages -SerialNumber 'C02SERIAL001' -Force -PassThru -StorePath $store -Verbose *>&1
            (Get-TerminatingError { Set-VppAssignment -TokenName $fixture.Name -AdamId '999999999' -SerialNumber 'C02SECRET001' -StorePath $store -ErrorAction Stop })
        )

        $errors = @($seen | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -BeGreaterThan 0
        $text = @(
            $seen | Format-List -Property * -Force | Out-String -Width 500
            $seen | ForEach-Object { "$_" }
            $errors | ForEach-Object { $_.Exception.ToString(); "$($_.ErrorDetails)"; "$($_.TargetObject)" }
            Get-Content -LiteralPath $exportCsv, $exportJson, $report -Raw
        ) -join "`n"

        $text | Should -Not -Match ([regex]::Escape($fixture.Secret))
        $text | Should -Not -Match ([regex]::Escape($fixture.Content.Trim()))
    }
}
