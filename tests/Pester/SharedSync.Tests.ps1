#Requires -Version 7.4
<#
    Runbook workers that share one store's sync, each in a pwsh process of its own (Start-Job), the way
    several scheduled workers run the same nightly Sync-VppToken: they split the tokens and sync each
    once, the information stream says which token each left to whom, and -Wait waits for another
    worker's sync of a token instead of leaving it. The simulator answers every request after a delay,
    so the workers' syncs overlap.
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $TestSimulator = Start-TestSimulator
    $TestSimulator.Options.Faults.Latency = [TimeSpan]::FromMilliseconds(150)
    $StorePath = New-TestStorePath -Prefix 'shared-sync'
    $Names = 1..6 | ForEach-Object { 'School {0:D2}' -f $_ }
    foreach ($name in $Names) {
        $file = New-SimulatedTokenFile
        Add-VppToken -Path $file.Path -Name $name -AppleId vpp@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing `
            -ServiceUrl $file.ServiceUrl -StorePath $StorePath
    }

    # Waits for something another process does, never for time itself; gives up after a minute.
    function Wait-Until {
        param([scriptblock] $Condition, [string] $What)
        $deadline = [DateTime]::UtcNow.AddMinutes(1)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Gave up waiting for $What." }
            Start-Sleep -Milliseconds 20
        }
    }

    # One runbook worker: it imports the module, waits for the go file, then runs the nightly sync.
    $Worker = {
        param($Manifest, $Store, $Go)
        Import-Module -Name $Manifest
        while (-not (Test-Path -LiteralPath $Go)) { Start-Sleep -Milliseconds 10 }
        $summaries = Sync-VppToken -StorePath $Store -PassThru -InformationVariable notes
        [pscustomobject]@{ Synced = @($summaries | ForEach-Object Name); Notes = @($notes | ForEach-Object { "$($_.MessageData)" }) }
    }
}

AfterAll {
    Get-Job | Remove-Job -Force
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'Workers sharing a sync' {
    It 'sync every token once between them, and say which token each left to whom' {
        $go = Join-Path -Path $TestDrive -ChildPath 'go'
        $jobs = 1..2 | ForEach-Object { Start-Job -ScriptBlock $Worker -ArgumentList $ModuleManifest, $StorePath, $go }
        $null = New-Item -Path $go -ItemType File
        $results = $jobs | Wait-Job -Timeout 120 | Receive-Job

        $results | Should -HaveCount 2
        @($results.Synced | Sort-Object) | Should -Be $Names
        $notes = @($results.Notes)
        $notes | Should -HaveCount $Names.Count
        foreach ($note in $notes) {
            $note | Should -Match "^Token 'School \d\d' (is being synced by \S+:\d+ |was synced by another worker at )"
        }
        foreach ($token in Get-VppToken -StorePath $StorePath) { "$($token.SyncState)" | Should -Be 'Completed' }
    }

    It 'waits with -Wait for the sync another worker is running, and takes its result instead of syncing again' {
        $before = $TestSimulator.Statistics.TotalRequests
        $job = Start-Job -ScriptBlock {
            param($Manifest, $Store)
            Import-Module -Name $Manifest
            Sync-VppToken -StorePath $Store -Name 'School 01' -Full -PassThru
        } -ArgumentList $ModuleManifest, $StorePath
        Wait-Until -What 'the other worker to claim the token' -Condition { "$((Get-VppToken -StorePath $StorePath -Name 'School 01').SyncState)" -eq 'InProgress' }

        $output = Sync-VppToken -StorePath $StorePath -Name 'School 01' -Wait -PassThru -InformationVariable notes

        $output | Should -BeNullOrEmpty
        "$notes" | Should -Match "^Token 'School 01' was synced by another worker at .+, after this sync began"
        ($job | Wait-Job -Timeout 120 | Receive-Job).Name | Should -Be 'School 01'
        "$((Get-VppToken -StorePath $StorePath -Name 'School 01').SyncState)" | Should -Be 'Completed'
        $afterOther = $TestSimulator.Statistics.TotalRequests
        Sync-VppToken -StorePath $StorePath -Name 'School 01' -PassThru | Should -Not -BeNullOrEmpty
        $TestSimulator.Statistics.TotalRequests | Should -BeGreaterThan $afterOther
        $afterOther | Should -BeGreaterThan $before
    }
}
