#Requires -Version 7.4
<#
    A shared PostgreSQL store through the laid-out module in pwsh, the way a runbook uses it: the key in
    VPP_STORE_KEY, Use-VppStore -ConnectionString, a token added and synced, Get-VppStore, a key rotation
    with Set-VppStoreKey, and Copy-VppStore from an SQLite store. Each store is a new schema of the test
    server (VPP_TEST_POSTGRES); without one the file is skipped, saying why.
#>
param(
    [string] $ModuleManifest
)

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestPostgres.ps1')
    $skipReason = Get-TestPostgresSkipReason
    $skip = [bool] $skipReason
    $title = 'A shared store in a runbook' + $(if ($skip) { " (skipped: $skipReason)" })
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestPostgres.ps1')
    $TestSimulator = Start-TestSimulator
    $SavedKey = $env:VPP_STORE_KEY
    $KeyText = 'runbook-store-key-' + [guid]::NewGuid().ToString('N')
    $NewKeyText = 'runbook-store-key-2027-' + [guid]::NewGuid().ToString('N')
}

AfterAll {
    Use-VppStore -Reset
    $env:VPP_STORE_KEY = $SavedKey
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe $title -Skip:$skip {
    BeforeAll {
        $Connection = New-TestPostgresStore
        $env:VPP_STORE_KEY = $KeyText
        $File = New-SimulatedTokenFile
    }

    It 'is the session store after Use-VppStore -ConnectionString, with its key from VPP_STORE_KEY' {
        Use-VppStore -ConnectionString $Connection

        $store = Get-VppStore
        "$($store.Engine)" | Should -Be 'PostgreSql'
        "$($store.Source)" | Should -Be 'SessionDefault'
        $store.Protection | Should -Match 'store key from VPP_STORE_KEY'
    }

    It 'adds and syncs a token there, and objects carry the store without a password' {
        Add-VppToken -Path $File.Path -Name 'Contoso Paris' -AppleId vpp-admin@contoso.com -CountryCode FR -AccountType Business `
            -ConsentToDataSharing -ServiceUrl $File.ServiceUrl

        (Sync-VppToken -PassThru).Name | Should -Be 'Contoso Paris'
        $token = Get-VppToken
        $token.StoreConnectionString | Should -Be (Get-VppStore).StorePath
        $token.PSObject.Properties['StorePath'] | Should -BeNullOrEmpty
        ($token | Test-VppToken) | Should -BeTrue
    }

    It 'completes token names at the prompt from the shared store of the session or the one on the line' {
        $line = 'Get-VppToken -Name con'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).CompletionText | Should -Be @("'Contoso Paris'")
        $shown = (Get-VppStore).StorePath
        $line = "Sync-VppToken -StoreConnectionString '$shown' -Name C"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).CompletionText | Should -Be @("'Contoso Paris'")
    }

    It 'shows the engine, server and database, and never the key or the token' {
        $table = Get-VppStore | Out-String -Width 120
        $list = Get-VppStore | Format-List * | Out-String -Width 200

        $table | Should -Match 'PostgreSql'
        $list | Should -Match 'Server\s+: \S+'
        $list | Should -Match 'Database\s+: \S+'
        foreach ($secret in $KeyText, $File.Secret) {
            $table + $list | Should -Not -Match ([regex]::Escape($secret))
        }
    }

    It 'moves every token to a new key with Set-VppStoreKey, after which only the new key opens the store' {
        $newKeyPath = Join-Path -Path $TestDrive -ChildPath 'vpp-store-2027.key'
        Set-TestFileText -Path $newKeyPath -Text $NewKeyText

        Set-VppStoreKey -NewKeyPath $newKeyPath -Force -WarningVariable warnings -WarningAction SilentlyContinue

        "$warnings" | Should -Match 'VPP_STORE_KEY still holds the old key'
        (Sync-VppToken -PassThru).Name | Should -Be 'Contoso Paris' -Because 'this session goes on with the new key'
        Use-VppStore -Reset
        $refused = Get-TerminatingError { Get-VppToken -StoreConnectionString $Connection }
        $refused.FullyQualifiedErrorId | Should -Be 'StoreKeyWrong,VppPowerShell.Commands.GetVppTokenCommand'
        $env:VPP_STORE_KEY = $NewKeyText
        (Get-VppToken -StoreConnectionString $Connection).Name | Should -Be 'Contoso Paris'
    }

    It 'copies an SQLite store into an empty shared store, and refuses one that is not empty' {
        $fixture = New-TestLocation -Name 'Contoso Lyon'
        Sync-VppToken -StorePath $fixture.StorePath
        $target = New-TestPostgresStore

        $summary = Copy-VppStore -Path $fixture.StorePath -ConnectionString $target -PassThru

        $summary.TokenCount | Should -Be 1
        $summary.Tables['tokens'] | Should -Be 1
        (Get-VppToken -StoreConnectionString $target).Name | Should -Be 'Contoso Lyon'
        (Get-VppToken -StoreConnectionString $target | Sync-VppToken -PassThru).Name | Should -Be 'Contoso Lyon' -Because 'the token decrypts under the shared key'
        $refused = Get-TerminatingError { Copy-VppStore -Path $fixture.StorePath -ConnectionString $Connection }
        $refused.FullyQualifiedErrorId | Should -Be 'StoreNotEmpty,VppPowerShell.Commands.CopyVppStoreCommand'
        @(Get-VppToken -StoreConnectionString $Connection).Count | Should -Be 1 -Because 'nothing was written'
    }
}
