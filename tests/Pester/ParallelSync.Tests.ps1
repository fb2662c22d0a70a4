#Requires -Version 7.4
<#
    Sync-VppToken over many tokens at once, in real pwsh: one failing token among many, -ThrottleLimit 1
    in order, warnings naming their token, and Ctrl+C in the middle of a run (PowerShell.Stop(), which is
    what Ctrl+C does to a running pipeline).

        $container = New-PesterContainer -Path tests/Pester/ParallelSync.Tests.ps1 -Data @{ ModuleManifest = 'output/VppPowerShell/0.1.0/VppPowerShell.psd1' }
        Invoke-Pester -Container $container -Output Detailed
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $TestSimulator = Start-TestSimulator

    # Tokens named as given, each for a new location of $Simulator with one asset and one assignment.
    # A uId of each simulator's own, as two simulators would otherwise number their locations alike.
    function Add-TestTokens {
        param([string] $StorePath, [string[]] $Name, $Simulator = $TestSimulator, [int] $ExpiresInDays = 365)
        $locations = @{}
        foreach ($each in $Name) {
            $uId = '9' + [System.Random]::Shared.Next(100000000, 999999999)
            $location = $Simulator.AddLocationWithUId($uId, $each, 'Contoso', 'FR', $false, [DateTimeOffset]::UtcNow.AddDays($ExpiresInDays))
            $null = $location.AddAsset('100', 5)
            $location.Assign('100', [NullString]::Value, "S-$($each -replace ' ', '-')", 'STDQ')
            $path = Join-Path -Path $TestDrive -ChildPath ('sToken_for_' + [guid]::NewGuid().ToString('N') + '.vpptoken')
            $null = $location.WriteTokenFile($path)
            Add-VppToken -Path $path -Name $each -AppleId 'vpp-admin@contoso.com' -CountryCode FR -AccountType Business `
                -ConsentToDataSharing -ServiceUrl $Simulator.BaseUri.AbsoluteUri -StorePath $StorePath -WarningAction SilentlyContinue
            $locations[$each] = $location
        }

        $locations
    }

    # A PowerShell of its own with the module loaded, to read the progress stream and to stop it.
    function New-ModuleShell {
        $shell = [powershell]::Create()
        $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).Invoke()
        $shell.Commands.Clear()
        $shell
    }

    # Every bar drawn was also ended: the last record of each activity is Completed.
    function Test-EveryBarCompleted {
        param($Progress)
        @($Progress | Group-Object ActivityId | Where-Object { $_.Group[-1].RecordType -ne 'Completed' }).Count -eq 0
    }
}

AfterAll {
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'Sync-VppToken over many tokens' {
    It 'syncs every token but the failing one, whose non-terminating error names it' {
        $store = New-TestStorePath
        $names = 1..7 | ForEach-Object { 'School {0:D2}' -f $_ }
        $locations = Add-TestTokens -StorePath $store -Name $names
        $locations['School 05'].RevokeToken()

        $summaries = @(Sync-VppToken -StorePath $store -PassThru -ThrottleLimit 3 -ErrorVariable failed -ErrorAction SilentlyContinue)

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'AppleTokenRevoked*'
        "$failed" | Should -Match 'School 05'
        $summaries.Name | Sort-Object | Should -Be ($names | Where-Object { $_ -ne 'School 05' })
        $tokens = Get-VppToken -StorePath $store
        ($tokens | Where-Object Name -eq 'School 05').SyncState | Should -Be 'Failed'
        ($tokens | Where-Object Name -ne 'School 05').SyncState | Sort-Object -Unique | Should -Be 'Completed'
        @(Get-VppAssignment -StorePath $store).Count | Should -Be 6
    }

    It 'with -ThrottleLimit 1 syncs one token after another, and every bar ends' {
        $store = New-TestStorePath
        $null = Add-TestTokens -StorePath $store -Name 'Alpha', 'Bravo', 'Charlie' -ExpiresInDays 10
        $shell = New-ModuleShell
        try {
            $output = $shell.AddCommand('Sync-VppToken').AddParameter('StorePath', $store).AddParameter('PassThru').AddParameter('ThrottleLimit', 1).Invoke()
            $progress = @($shell.Streams.Progress)
            $warnings = @($shell.Streams.Warning)
        }
        finally {
            $shell.Dispose()
        }

        @($output).Name | Should -Be 'Alpha', 'Bravo', 'Charlie'
        $tokenBars = $progress | Where-Object { $_.Activity -like 'Syncing *' -and $_.Activity -notlike '* tokens' }
        $order = $tokenBars | ForEach-Object { '{0} {1}' -f $_.Activity, $_.RecordType } | Select-Object -Unique
        $order | Should -Be 'Syncing Alpha Processing', 'Syncing Alpha Completed', 'Syncing Bravo Processing', 'Syncing Bravo Completed',
            'Syncing Charlie Processing', 'Syncing Charlie Completed'
        ($progress | Where-Object Activity -eq 'Syncing 3 tokens')[-1].StatusDescription | Should -Be '3 of 3 done'
        Test-EveryBarCompleted $progress | Should -BeTrue
        foreach ($name in 'Alpha', 'Bravo', 'Charlie') {
            @($warnings | Where-Object Message -like "*Token '$name' expires in*").Count | Should -Be 1 -Because 'each warning names its token'
        }
    }

    It 'stops at Ctrl+C: finished tokens Completed, running ones Interrupted, the rest as they were; a re-run finishes' {
        $store = New-TestStorePath
        $slow = Start-TestSimulator
        try {
            $null = Add-TestTokens -StorePath $store -Name 'Fast'
            $null = Add-TestTokens -StorePath $store -Name 'Slow A', 'Slow B', 'Waiting' -Simulator $slow
            $slow.Options.Faults.Latency = [TimeSpan]::FromMinutes(2)

            $shell = New-ModuleShell
            try {
                $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
                $null = $shell.AddCommand('Sync-VppToken').AddParameter('StorePath', $store).AddParameter('PassThru').AddParameter('ThrottleLimit', 2)
                $running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $output)
                # The middle: Fast's summary is out, and Slow B (started when Fast ended) is running.
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while (-not ($output.Count -eq 1 -and @($shell.Streams.Progress | Where-Object Activity -eq 'Syncing Slow B').Count -gt 0)) {
                    if ([DateTime]::UtcNow -gt $deadline) { throw 'The run never reached the middle.' }
                    $null = $running.AsyncWaitHandle.WaitOne(20)
                }

                $output[0].Name | Should -Be 'Fast'
                $stopping = [System.Diagnostics.Stopwatch]::StartNew()
                $shell.Stop()
                $stopping.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'the requests in flight are cancelled, not waited for'
                "$($shell.InvocationStateInfo.State)" | Should -Be 'Stopped'
            }
            finally {
                $shell.Dispose()
            }

            $tokens = @{}
            Get-VppToken -StorePath $store | ForEach-Object { $tokens[$_.Name] = $_ }
            "$($tokens['Fast'].SyncState)" | Should -Be 'Completed'
            "$($tokens['Slow A'].SyncState)" | Should -Be 'Interrupted'
            "$($tokens['Slow B'].SyncState)" | Should -Be 'Interrupted'
            "$($tokens['Waiting'].SyncState)" | Should -Be 'None' -Because 'a token not started is left as it was'
            @(Get-VppAssignment -StorePath $store).SerialNumber | Should -Be 'S-Fast'

            $slow.Options.Faults.Latency = [TimeSpan]::Zero
            $again = @(Sync-VppToken -StorePath $store -PassThru)
            $again.Count | Should -Be 4
            (Get-VppToken -StorePath $store).SyncState | Sort-Object -Unique | Should -Be 'Completed'
            @(Get-VppAssignment -StorePath $store).Count | Should -Be 4
        }
        finally {
            $slow.Dispose()
        }
    }
}
