#Requires -Version 5.1
<#
    Pester 5 tests of the token lifecycle, run against the laid-out module (output/VppPowerShell/<version>).

    ./build.ps1 -Task Test runs them, in a fresh PowerShell process, where Pester 5 is installed. To run
    them by hand after ./build.ps1:

        $container = New-PesterContainer -Path tests/Pester -Data @{ ModuleManifest = './output/VppPowerShell/0.1.0/VppPowerShell.psd1' }
        Invoke-Pester -Container $container -Output Detailed

    Without ModuleManifest, the manifest under output/ for the version in Directory.Build.props is used.
    Each test, or each Describe, uses a store of its own in $TestDrive; none touches the per-user store.
    Apple is the simulator that ships in the module (VppPowerShell.Simulator, see TestSupport.ps1), on loopback: tokens that
    must reach Apple come from its simulated locations and are added with -ServiceUrl; files that must
    be refused before any call to Apple are written by hand.
    The same behaviour is covered by the xunit tests in tests/VppPowerShell.Tests, which run everywhere.
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest

    # Apple, simulated on loopback for the whole file: each token file comes from a location of its own.
    $TestSimulator = Start-TestSimulator
    $ServiceUrl = $TestSimulator.BaseUri.AbsoluteUri

    # A .vpptoken file written by hand, as Apple writes them: base64 of {"token","expDate","orgName"}, the
    # date without a colon in the offset. Apple does not know it: only for files refused before any call.
    function New-RawTokenFile {
        param(
            [Parameter(Mandatory)] [string] $Folder,
            [int] $ExpiresInDays = 365,
            [string] $Organization = 'Contoso Schools',
            [string] $FileName = ('sToken_for_' + [guid]::NewGuid().ToString('N') + '.vpptoken')
        )

        $expiry = [DateTimeOffset]::UtcNow.AddDays($ExpiresInDays).ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", [System.Globalization.CultureInfo]::InvariantCulture)
        $json = '{{"token":"{0}","expDate":"{1}","orgName":"{2}"}}' -f ('S3CRET-' + [guid]::NewGuid().ToString('N')), $expiry, $Organization
        $path = Join-Path -Path $Folder -ChildPath $FileName
        Set-TestFileText -Path $path -Text (ConvertTo-Base64 -Text $json)
        [pscustomobject]@{ Path = $path }
    }

    # The parameters of a valid Add-VppToken call, for one store.
    function Get-AddParameters {
        param([Parameter(Mandatory)] [string] $StorePath, [Parameter(Mandatory)] [string] $Path, [string] $Name = 'Contoso Paris')
        @{
            Path                 = $Path
            Name                 = $Name
            AppleId              = 'vpp-admin@contoso.com'
            CountryCode          = 'FR'
            AccountType          = 'Business'
            AutomaticAppUpdates  = $true
            ConsentToDataSharing = $true
            ServiceUrl           = $ServiceUrl
            StorePath            = $StorePath
        }
    }

    # The bytes of a store and its companion files, to show that a refused command wrote nothing.
    function Get-StoreSnapshot {
        param([Parameter(Mandatory)] [string] $StorePath)
        $parts = foreach ($suffix in @('', '-wal', '-shm', '.key')) {
            $path = $StorePath + $suffix
            if (Test-Path -LiteralPath $path) { "${suffix}:$((Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash)" } else { "${suffix}:absent" }
        }

        $parts -join '; '
    }

    function Get-StoreBytesText {
        param([Parameter(Mandatory)] [string] $StorePath)
        $text = ''
        foreach ($file in @($StorePath, "$StorePath-wal", "$StorePath-shm", "$StorePath.key")) {
            if (Test-Path -LiteralPath $file) {
                $text += [System.Text.Encoding]::GetEncoding('iso-8859-1').GetString([System.IO.File]::ReadAllBytes($file))
            }
        }

        $text
    }
}

AfterAll {
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'The module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile -Path $ModuleManifest
        $VppModule.Version | Should -Be ([version] $manifest.ModuleVersion)
        @($VppModule.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        @($VppModule.ExportedFunctions.Keys).Count | Should -Be 0
        @($VppModule.ExportedAliases.Keys).Count | Should -Be 0
    }

    It 'has full help for every cmdlet, from the MAML file' {
        foreach ($name in $VppModule.ExportedCmdlets.Keys) {
            $help = Get-Help -Name $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because "$name has a synopsis"
            ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$name has a description (only MAML help has one)"
            # A cmdlet without parameters of its own (Get-VppProxy) has an empty parameters section.
            foreach ($parameter in @($help.Parameters.Parameter | Where-Object { $null -ne $_ })) {
                ($parameter.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$name -$($parameter.Name) is described"
            }
        }
    }

    It 'has the about topic' {
        (Get-Help -Name about_VppPowerShell | Out-String) | Should -Match 'HOW THE TOKEN IS PROTECTED'
    }
}

Describe 'Add-VppToken' {
    BeforeEach {
        $store = Join-Path -Path $TestDrive -ChildPath ('vpp-' + [guid]::NewGuid().ToString('N') + '.db')
    }

    It 'adds a token with every field, reading the organization and expiry from the file' {
        $file = New-SimulatedTokenFile -Folder $TestDrive -ExpiresInDays 200 -Organization 'Contoso Paris SAS'
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path

        $token = Add-VppToken @parameters -PassThru

        Get-TypeShortName $token | Should -Be 'VppToken'
        $token.Name | Should -Be 'Contoso Paris'
        $token.OrganizationName | Should -Be 'Contoso Paris SAS'
        $token.AppleId | Should -Be 'vpp-admin@contoso.com'
        $token.CountryCode | Should -Be 'FR'
        "$($token.AccountType)" | Should -Be 'Business'
        $token.AutomaticAppUpdates | Should -BeTrue
        $token.ExpiresOn.ToUnixTimeSeconds() | Should -Be $file.ExpiresOn.ToUnixTimeSeconds()
        $token.DaysUntilExpiry | Should -BeIn @(199, 200)
        "$($token.State)" | Should -Be 'Valid'
        $token.LastSyncOn | Should -BeNullOrEmpty

        $listed = @(Get-VppToken -StorePath $store)
        $listed.Count | Should -Be 1
        $listed[0].TokenId | Should -Be $token.TokenId
    }

    It 'writes nothing to the pipeline without -PassThru' {
        $file = New-SimulatedTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path

        $output = @(Add-VppToken @parameters)

        $output.Count | Should -Be 0
        @(Get-VppToken -StorePath $store).Count | Should -Be 1
    }

    It 'takes an Education account and automatic app updates off' {
        $file = New-SimulatedTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path
        $parameters.AccountType = 'Education'
        $parameters.AutomaticAppUpdates = $false

        $token = Add-VppToken @parameters -PassThru

        "$($token.AccountType)" | Should -Be 'Education'
        $token.AutomaticAppUpdates | Should -BeFalse
    }

    It 'accepts the token content as a SecureString' {
        $file = New-SimulatedTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path
        $parameters.Remove('Path')
        $content = ConvertTo-SecureString -String (Get-Content -LiteralPath $file.Path -Raw) -AsPlainText -Force

        $token = Add-VppToken @parameters -Token $content -PassThru

        $token.OrganizationName | Should -Be $file.Organization
    }

    It 'changes nothing with -WhatIf' {
        $file = New-SimulatedTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path

        Add-VppToken @parameters -WhatIf

        @(Get-VppToken -StorePath $store).Count | Should -Be 0
    }
}

Describe 'Add-VppToken refuses bad input with a terminating error and leaves the store as it was' {
    BeforeEach {
        $store = Join-Path -Path $TestDrive -ChildPath ('vpp-' + [guid]::NewGuid().ToString('N') + '.db')
        $existing = New-SimulatedTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $existing.Path -Name 'Existing'
        Add-VppToken @parameters
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a missing file'; ErrorId = 'TokenFileNotFound'; Content = $null }
        @{ Case = 'an empty file'; ErrorId = 'TokenFileEmpty'; Content = "  `n" }
        @{ Case = 'a file that is not base64'; ErrorId = 'TokenFileNotBase64'; Content = 'this is not a token!' }
        @{ Case = 'base64 that is not JSON'; ErrorId = 'TokenFileNotJson'; Content = 'aGVsbG8gd29ybGQ=' }
        @{ Case = 'JSON without token'; ErrorId = 'TokenFileMissingField'; Json = '{"expDate":"2031-03-14T09:26:53+0000","orgName":"Contoso"}' }
        @{ Case = 'JSON without expDate'; ErrorId = 'TokenFileMissingField'; Json = '{"token":"S3CRET-m","orgName":"Contoso"}' }
        @{ Case = 'JSON without orgName'; ErrorId = 'TokenFileMissingField'; Json = '{"token":"S3CRET-m","expDate":"2031-03-14T09:26:53+0000"}' }
        @{ Case = 'an unreadable expiry date'; ErrorId = 'TokenFileInvalidExpiry'; Json = '{"token":"S3CRET-d","expDate":"next spring","orgName":"Contoso"}' }
    ) {
        param($Case, $ErrorId, $Content, $Json)
        $path = Join-Path -Path $TestDrive -ChildPath ('bad-' + [guid]::NewGuid().ToString('N') + '.vpptoken')
        if ($Json) { Set-TestFileText -Path $path -Text (ConvertTo-Base64 -Text $Json) }
        elseif ($null -ne $Content) { Set-TestFileText -Path $path -Text $Content }
        $before = Get-StoreSnapshot -StorePath $store
        $parameters = Get-AddParameters -StorePath $store -Path $path -Name 'New token'

        $failure = Get-TerminatingError { Add-VppToken @parameters -PassThru }

        $failure.FullyQualifiedErrorId | Should -Be "$ErrorId,VppPowerShell.Commands.AddVppTokenCommand"
        Get-StoreSnapshot -StorePath $store | Should -Be $before
    }

    It 'refuses an expired token (TokenExpired)' {
        $file = New-RawTokenFile -Folder $TestDrive -ExpiresInDays -1
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name 'New token'

        $before = Get-StoreSnapshot -StorePath $store

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'TokenExpired,VppPowerShell.Commands.AddVppTokenCommand'
        Get-StoreSnapshot -StorePath $store | Should -Be $before
    }

    It 'refuses the same token twice (TokenAlreadyAdded)' {
        $parameters = Get-AddParameters -StorePath $store -Path $existing.Path -Name 'Again'

        $before = Get-StoreSnapshot -StorePath $store

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'TokenAlreadyAdded,VppPowerShell.Commands.AddVppTokenCommand'
        Get-StoreSnapshot -StorePath $store | Should -Be $before
    }

    It 'refuses an unknown country code (InvalidCountryCode)' {
        $file = New-RawTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name 'New token'
        $parameters.CountryCode = 'XX'

        $before = Get-StoreSnapshot -StorePath $store

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'InvalidCountryCode,VppPowerShell.Commands.AddVppTokenCommand'
        Get-StoreSnapshot -StorePath $store | Should -Be $before
    }

    It 'refuses without consent to data sharing (DataSharingConsentRequired)' {
        $file = New-RawTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name 'New token'
        $parameters.Remove('ConsentToDataSharing')

        $before = Get-StoreSnapshot -StorePath $store

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'DataSharingConsentRequired,VppPowerShell.Commands.AddVppTokenCommand'
        Get-StoreSnapshot -StorePath $store | Should -Be $before
    }

    It 'refuses the 3,001st token of a store (TokenLimitReached)' {
        # Filling a store through the engine is much faster than 3,000 calls to Add-VppToken. Its types
        # are found by name in the load context that holds them, never by type literal.
        $storeLocationType = Get-LoadedType -AssemblyName VppPowerShell.Core -TypeName 'VppPowerShell.Core.Store.StoreLocation'
        $storeType = Get-LoadedType -AssemblyName VppPowerShell.Core -TypeName 'VppPowerShell.Core.Store.VppStore'
        $catalogType = Get-LoadedType -AssemblyName VppPowerShell.Core -TypeName 'VppPowerShell.Core.Tokens.TokenCatalog'
        $requestType = Get-LoadedType -AssemblyName VppPowerShell.Core -TypeName 'VppPowerShell.Core.Tokens.NewTokenRequest'
        $sourceType = Get-LoadedType -AssemblyName VppPowerShell.Core -TypeName 'VppPowerShell.Core.Tokens.TokenSource'
        $accountType = Get-LoadedType -AssemblyName VppPowerShell.Core -TypeName 'VppPowerShell.Core.Tokens.AccountType'
        $business = [Enum]::Parse($accountType, 'Business')
        $location = $storeLocationType::Resolve($store, $null)
        $opened = $storeType::Open($location)
        try {
            $catalog = $catalogType::new($opened)
            for ($i = $catalog.Count; $i -lt $catalogType::MaxTokens; $i++) {
                $bulk = New-RawTokenFile -Folder $TestDrive -FileName 'bulk.vpptoken'
                $request = $requestType::Create(
                    $sourceType::FromFile($bulk.Path), "Location $i", 'vpp@contoso.com', 'US',
                    $business, $false, $true, [DateTimeOffset]::UtcNow)
                $null = $catalog.Add($request)
            }
        }
        finally {
            $opened.Dispose()
        }

        $file = New-RawTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name 'One too many'

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'TokenLimitReached,VppPowerShell.Commands.AddVppTokenCommand'
        @(Get-VppToken -StorePath $store).Count | Should -Be 3000
    }

    It 'refuses a store file that is not SQLite (StoreNotSqlite)' {
        $notes = Join-Path -Path $TestDrive -ChildPath 'notes.txt'
        Set-TestFileText -Path $notes -Text ('x' * 4096)
        $before = Get-StoreSnapshot -StorePath $notes
        $file = New-RawTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $notes -Path $file.Path -Name 'New token'

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'StoreNotSqlite,VppPowerShell.Commands.AddVppTokenCommand'
        Get-StoreSnapshot -StorePath $notes | Should -Be $before
    }

    It 'refuses a store written by a newer version of the module (StoreSchemaTooNew)' {
        $newer = Join-Path -Path $TestDrive -ChildPath ('newer-' + [guid]::NewGuid().ToString('N') + '.db')
        $null = (Get-LoadedType -AssemblyName SQLitePCLRaw.batteries_v2 -TypeName 'SQLitePCL.Batteries_V2')::Init()
        $connection = (Get-LoadedType -AssemblyName Microsoft.Data.Sqlite -TypeName 'Microsoft.Data.Sqlite.SqliteConnection')::new("Data Source=$newer;Pooling=False")
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = 'CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;'
            $null = $command.ExecuteNonQuery()
            $command.Dispose()
        }
        finally {
            $connection.Dispose()
        }

        $before = Get-StoreSnapshot -StorePath $newer
        $file = New-RawTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $newer -Path $file.Path -Name 'New token'

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'StoreSchemaTooNew,VppPowerShell.Commands.AddVppTokenCommand'
        Get-StoreSnapshot -StorePath $newer | Should -Be $before
    }

    It 'refuses a store path in a folder that does not exist (StoreFolderNotFound)' {
        $missing = [System.IO.Path]::Combine($TestDrive, 'missing-' + [guid]::NewGuid().ToString('N'), 'vpp.db')
        $file = New-RawTokenFile -Folder $TestDrive
        $parameters = Get-AddParameters -StorePath $missing -Path $file.Path -Name 'New token'

        $failure = Get-TerminatingError { Add-VppToken @parameters }

        $failure.FullyQualifiedErrorId | Should -Be 'StoreFolderNotFound,VppPowerShell.Commands.AddVppTokenCommand'
        Test-Path -LiteralPath (Split-Path -Path $missing -Parent) | Should -BeFalse
    }
}

Describe 'Get-VppToken' {
    BeforeAll {
        $store = Join-Path -Path $TestDrive -ChildPath 'get.db'
        foreach ($entry in @(
                @{ Name = 'Contoso Paris'; Days = 300 }
                @{ Name = 'Contoso Lyon'; Days = 10 }
                @{ Name = 'Fabrikam'; Days = 100 }
            )) {
            $file = New-SimulatedTokenFile -Folder $TestDrive -ExpiresInDays $entry.Days
            $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name $entry.Name
            Add-VppToken @parameters -WarningAction SilentlyContinue
        }
    }

    It 'lists every token' {
        @(Get-VppToken -StorePath $store -WarningAction SilentlyContinue).Count | Should -Be 3
    }

    It 'finds tokens by wildcard name' {
        $names = @(Get-VppToken -Name 'Contoso*' -StorePath $store -WarningAction SilentlyContinue | ForEach-Object Name | Sort-Object)
        $names | Should -Be @('Contoso Lyon', 'Contoso Paris')
    }

    It 'finds a token by id' {
        $fabrikam = Get-VppToken -Name Fabrikam -StorePath $store
        $found = @(Get-VppToken -TokenId $fabrikam.TokenId -StorePath $store)
        $found.Count | Should -Be 1
        $found[0].Name | Should -Be 'Fabrikam'
    }

    It 'reports a name it does not know as a non-terminating error' {
        $found = @(Get-VppToken -Name 'Nowhere' -StorePath $store -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'TokenNotFound,VppPowerShell.Commands.GetVppTokenCommand'
    }

    It 'finds the tokens expiring within a number of days, and warns about them' {
        $soon = @(Get-VppToken -ExpiringWithin 30 -StorePath $store -WarningVariable warnings -WarningAction SilentlyContinue)
        $soon.Count | Should -Be 1
        $soon[0].Name | Should -Be 'Contoso Lyon'
        ($warnings | Out-String) | Should -Match 'Contoso Lyon'
    }

    It 'shows tokens in the table view' {
        $table = Get-VppToken -Name Fabrikam -StorePath $store | Out-String -Width 250
        $table | Should -Match 'OrganizationName'
        $table | Should -Match 'ExpiresIn'
        $table | Should -Match 'Fabrikam'
    }
}

Describe 'Set-VppToken' {
    BeforeEach {
        $store = Join-Path -Path $TestDrive -ChildPath ('vpp-' + [guid]::NewGuid().ToString('N') + '.db')
        $original = New-SimulatedTokenFile -Folder $TestDrive -ExpiresInDays 20 -Organization 'Contoso Schools'
        $parameters = Get-AddParameters -StorePath $store -Path $original.Path -Name 'Contoso Paris'
        $token = Add-VppToken @parameters -PassThru -WarningAction SilentlyContinue
    }

    It 'renames a token, changes its country and turns automatic updates off, by name' {
        $changed = Set-VppToken -Name 'Contoso Paris' -NewName 'Contoso Lyon' -CountryCode US -AutomaticAppUpdates:$false -StorePath $store -PassThru -WarningAction SilentlyContinue

        $changed.TokenId | Should -Be $token.TokenId
        $changed.Name | Should -Be 'Contoso Lyon'
        $changed.CountryCode | Should -Be 'US'
        $changed.AutomaticAppUpdates | Should -BeFalse
    }

    It 'changes a token by id, and emits nothing without -PassThru' {
        $output = @(Set-VppToken -TokenId $token.TokenId -CountryCode DE -StorePath $store -WarningAction SilentlyContinue)

        $output.Count | Should -Be 0
        (Get-VppToken -TokenId $token.TokenId -StorePath $store -WarningAction SilentlyContinue).CountryCode | Should -Be 'DE'
    }

    It 'takes tokens from the pipeline' {
        Get-VppToken -StorePath $store -WarningAction SilentlyContinue | Set-VppToken -CountryCode GB -StorePath $store -WarningAction SilentlyContinue

        (Get-VppToken -Name 'Contoso Paris' -StorePath $store -WarningAction SilentlyContinue).CountryCode | Should -Be 'GB'
    }

    It 'renews a token with the new file of its location and keeps its id' {
        $renewal = Join-Path -Path $TestDrive -ChildPath ('renewal-' + [guid]::NewGuid().ToString('N') + '.vpptoken')
        Set-TestFileText -Path $renewal -Text $original.Location.RenewToken([DateTimeOffset]::UtcNow.AddDays(365), $true)

        $renewed = Set-VppToken -Name 'Contoso Paris' -Path $renewal -StorePath $store -PassThru -WarningAction SilentlyContinue

        $renewed.TokenId | Should -Be $token.TokenId
        $renewed.CreatedOn | Should -Be $token.CreatedOn
        $renewed.DaysUntilExpiry | Should -BeIn @(364, 365)
        $renewed.RenewedOn | Should -Not -BeNullOrEmpty
        (Test-VppToken -TokenId $token.TokenId -StorePath $store) | Should -BeTrue
    }

    It 'refuses a renewal file of another organization unless -Force is given' {
        $other = New-SimulatedTokenFile -Folder $TestDrive -Organization 'Fabrikam'

        $failure = Get-TerminatingError { Set-VppToken -Name 'Contoso Paris' -Path $other.Path -StorePath $store -WarningAction SilentlyContinue }
        $failure.FullyQualifiedErrorId | Should -Be 'TokenOrganizationMismatch,VppPowerShell.Commands.SetVppTokenCommand'
        (Get-VppToken -Name 'Contoso Paris' -StorePath $store -WarningAction SilentlyContinue).OrganizationName | Should -Be 'Contoso Schools'

        $renewed = Set-VppToken -Name 'Contoso Paris' -Path $other.Path -Force -StorePath $store -PassThru -WarningAction SilentlyContinue
        $renewed.OrganizationName | Should -Be 'Fabrikam'
    }

    It 'refuses a call with nothing to change' {
        $failure = Get-TerminatingError { Set-VppToken -Name 'Contoso Paris' -StorePath $store -WarningAction SilentlyContinue }
        $failure.FullyQualifiedErrorId | Should -Be 'NoChangeGiven,VppPowerShell.Commands.SetVppTokenCommand'
    }
}

Describe 'Remove-VppToken' {
    BeforeEach {
        $store = Join-Path -Path $TestDrive -ChildPath ('vpp-' + [guid]::NewGuid().ToString('N') + '.db')
        foreach ($name in @('Contoso Paris', 'Contoso Lyon', 'Fabrikam')) {
            $file = New-SimulatedTokenFile -Folder $TestDrive
            $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name $name
            Add-VppToken @parameters
        }
    }

    It 'removes a token by name with -Force' {
        Remove-VppToken -Name 'Fabrikam' -Force -StorePath $store -WarningAction SilentlyContinue

        @(Get-VppToken -StorePath $store | ForEach-Object Name | Sort-Object) | Should -Be @('Contoso Lyon', 'Contoso Paris')
    }

    It 'removes a token by id with -Confirm:$false' {
        $lyon = Get-VppToken -Name 'Contoso Lyon' -StorePath $store

        Remove-VppToken -TokenId $lyon.TokenId -Confirm:$false -StorePath $store -WarningAction SilentlyContinue

        @(Get-VppToken -StorePath $store).Count | Should -Be 2
        @(Get-VppToken -Name 'Contoso Lyon' -StorePath $store -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'removes the tokens piped from Get-VppToken' {
        Get-VppToken -Name 'Contoso*' -StorePath $store | Remove-VppToken -Force -StorePath $store -WarningAction SilentlyContinue

        @(Get-VppToken -StorePath $store | ForEach-Object Name) | Should -Be @('Fabrikam')
    }

    It 'says what it would remove with -WhatIf, and removes nothing' {
        Remove-VppToken -Name 'Fabrikam' -WhatIf -StorePath $store

        @(Get-VppToken -StorePath $store).Count | Should -Be 3
    }

    It 'emits nothing' {
        @(Remove-VppToken -Name 'Fabrikam' -Force -StorePath $store -WarningAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Test-VppToken' {
    BeforeAll {
        $store = Join-Path -Path $TestDrive -ChildPath 'test.db'
        $file = New-SimulatedTokenFile -Folder $TestDrive -ExpiresInDays 90
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name 'Contoso Paris'
        $token = Add-VppToken @parameters -PassThru
    }

    It 'returns $true for a usable token' {
        $result = Test-VppToken -Name 'Contoso Paris' -StorePath $store
        $result | Should -BeOfType 'System.Boolean'
        $result | Should -BeTrue
    }

    It 'returns the details with -Detailed' {
        $result = Test-VppToken -TokenId $token.TokenId -Detailed -StorePath $store

        Get-TypeShortName $result | Should -Be 'TokenTestResult'
        $result.Name | Should -Be 'Contoso Paris'
        $result.IsValid | Should -BeTrue
        "$($result.State)" | Should -Be 'Valid'
        $result.DaysUntilExpiry | Should -BeIn @(89, 90)
        $result.Reason | Should -Not -BeNullOrEmpty
    }

    It 'tests the tokens piped from Get-VppToken' {
        $results = @(Get-VppToken -StorePath $store | Test-VppToken -Detailed -StorePath $store)
        $results.Count | Should -Be 1
        $results[0].IsValid | Should -BeTrue
    }
}

Describe 'Store selection' {
    It 'uses -StorePath first' {
        $store = Join-Path -Path $TestDrive -ChildPath 'by-parameter.db'
        $info = Get-VppStore -StorePath $store
        $info.StorePath | Should -Be $store
        "$($info.Source)" | Should -Be 'Parameter'
        $info.TokenCount | Should -Be 0
    }

    It 'uses VPP_STORE_PATH when no store is given' {
        $store = Join-Path -Path $TestDrive -ChildPath 'by-environment.db'
        $saved = $env:VPP_STORE_PATH
        try {
            $env:VPP_STORE_PATH = $store
            $info = Get-VppStore
            $info.StorePath | Should -Be $store
            "$($info.Source)" | Should -Be 'EnvironmentVariable'
        }
        finally {
            $env:VPP_STORE_PATH = $saved
        }
    }

    It 'uses the store set by Use-VppStore for the rest of the session, and -StorePath still wins' {
        $store = Join-Path -Path $TestDrive -ChildPath 'by-session.db'
        Use-VppStore -Path $store

        $info = Get-VppStore
        $info.StorePath | Should -Be $store
        "$($info.Source)" | Should -Be 'SessionDefault'
        "$((Get-VppStore -StorePath (Join-Path -Path $TestDrive -ChildPath 'other.db')).Source)" | Should -Be 'Parameter'
    }
}

Describe 'The token stays secret' {
    It 'never shows the token in output, verbose, warning or error text, nor in the store files' {
        $store = Join-Path -Path $TestDrive -ChildPath 'secret.db'
        $file = New-SimulatedTokenFile -Folder $TestDrive -ExpiresInDays 10
        $secret = $file.Secret
        $secret | Should -Not -BeNullOrEmpty
        $content = Get-Content -LiteralPath $file.Path -Raw
        $parameters = Get-AddParameters -StorePath $store -Path $file.Path -Name 'Secret'

        $seen = @(
            Add-VppToken @parameters -PassThru -Verbose *>&1
            Get-VppToken -StorePath $store -Verbose *>&1
            Test-VppToken -Name 'Secret' -Detailed -StorePath $store -Verbose *>&1
            Set-VppToken -Name 'Secret' -CountryCode US -PassThru -StorePath $store -Verbose *>&1
            Get-VppStore -StorePath $store -Verbose *>&1
            (Get-TerminatingError { Add-VppToken @parameters -Verbose })
            Remove-VppToken -Name 'Secret' -Force -StorePath $store -Verbose *>&1
        )

        $errors = @($seen | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -BeGreaterThan 0
        $parts = @(
            $seen | Format-List -Property * -Force | Out-String -Width 500
            $seen | ForEach-Object { "$_" }
            $errors | ForEach-Object { $_.Exception.ToString(); "$($_.ErrorDetails)"; "$($_.TargetObject)" }
        )
        $text = $parts -join "`n"

        $text | Should -Not -Match ([regex]::Escape($secret))
        $text | Should -Not -Match ([regex]::Escape($content.Trim()))
        Get-StoreBytesText -StorePath $store | Should -Not -Match ([regex]::Escape($secret))
    }
}

Describe 'A rehearsal against the simulator that ships in the module' {
    AfterAll {
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'starts a seeded simulator, adds its token from the pipeline, syncs it and reads its licenses' {
        $store = Join-Path -Path $TestDrive -ChildPath 'rehearsal.db'
        $session = Start-VppSimulator -TokenFilePath (Join-Path -Path $TestDrive -ChildPath 'rehearsal.vpptoken') -Assets 5 -Assignments 20 -Users 10 -PassThru
        Get-TypeShortName $session | Should -Be 'VppSimulatorSession'

        $token = $session | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store -PassThru
        $summary = Sync-VppToken -TokenId $token.TokenId -PassThru -StorePath $store

        Get-TypeShortName $summary | Should -Be 'SyncSummary'
        $summary.AssetsAdded | Should -Be 5
        @(Get-VppAsset -StorePath $store).Count | Should -Be 5
        @(Get-VppAssignment -StorePath $store).Count | Should -Be 20
        @(Get-VppUser -StorePath $store).Count | Should -Be 10
    }
}
