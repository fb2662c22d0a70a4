#Requires -Version 7.4
<#
    Calls to Apple through a real proxy (tinyproxy on loopback, build/proxy/start-test-proxy.sh), set
    with Set-VppProxy or VPP_PROXY as an admin or a runbook would: the proxy's log shows the requests,
    wrong credentials are a clear error, and the password never appears in anything the module writes.
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $scripts = Join-Path -Path $PSScriptRoot -ChildPath '../../build/proxy'

    function Start-TestProxy {
        param([string] $BasicAuth)
        $dirFile = New-TemporaryFile
        $arguments = @((Join-Path $scripts 'start-test-proxy.sh'), '--dir-file', $dirFile.FullName)
        if ($BasicAuth) { $arguments += @('--basic-auth', $BasicAuth) }
        $address = & bash @arguments 2>$null
        if ($LASTEXITCODE -ne 0) { throw "The test proxy did not start (exit $LASTEXITCODE)." }
        [pscustomobject]@{ Address = $address.Trim(); Directory = (Get-Content -LiteralPath $dirFile.FullName -Raw).Trim() }
        Remove-Item -LiteralPath $dirFile.FullName
    }

    function Stop-TestProxy {
        param($Proxy)
        if ($Proxy) { & bash (Join-Path $scripts 'stop-test-proxy.sh') $Proxy.Directory 2>$null | Out-Null }
    }

    function Get-ProxyLog {
        param($Proxy)
        Get-Content -LiteralPath (Join-Path $Proxy.Directory 'proxy.log')
    }

    $password = 'Runb00kProxyPass'
    $credential = [pscredential]::new('vpp-runbook', (ConvertTo-SecureString $password -AsPlainText -Force))
}

AfterAll {
    Set-VppProxy -Reset
    Remove-Item Env:VPP_PROXY, Env:VPP_PROXY_LOOPBACK -ErrorAction SilentlyContinue
    Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
}

Describe 'An authenticated proxy set for the session' {
    BeforeAll {
        $proxy = Start-TestProxy -BasicAuth "vpp-runbook:$password"
        $store = New-TestStorePath
        $simulator = Start-VppSimulator -PassThru -Assets 3 -Assignments 6 -Users 3
        $simulatorAuthority = ([uri]$simulator.ServiceUrl).GetLeftPart('Authority')
    }

    AfterAll {
        Set-VppProxy -Reset
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
        Stop-TestProxy $proxy
    }

    It 'adds, syncs and assigns through the proxy, whose log shows every call, and never shows the password' {
        $shown = Set-VppProxy -Proxy $proxy.Address -ProxyCredential $credential -ProxyLoopback -PassThru -Verbose 4>&1 6>&1 *>&1 | Out-String
        $simulator | Add-VppToken -Name Behind -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
        $sync = Sync-VppToken -StorePath $store -PassThru
        $asset = Get-VppAsset -StorePath $store | Sort-Object AvailableCount -Descending | Select-Object -First 1
        Set-VppAssignment -StorePath $store -TokenName Behind -AdamId $asset.AdamId -SerialNumber 'PROXY0001', 'PROXY0002' -Confirm:$false

        @(Get-VppAssignment -StorePath $store -AdamId $asset.AdamId | Where-Object SerialNumber -like 'PROXY*').Count | Should -Be 2
        $forwarded = @(Get-ProxyLog $proxy | Where-Object { $_ -match 'Request \(file descriptor \d+\): \w+ (\S+)' -and $Matches[1].StartsWith($simulatorAuthority) })
        $forwarded | Where-Object { $_ -match '/client/config' } | Should -Not -BeNullOrEmpty
        $forwarded | Where-Object { $_ -match '/assets/associate' } | Should -Not -BeNullOrEmpty
        $sync.Requests | Should -BeLessOrEqual $forwarded.Count
        $everything = $shown + (Get-VppProxy | Format-List * | Out-String) + (Get-VppToken -StorePath $store | Format-List * | Out-String) + ((Get-ProxyLog $proxy) -join "`n")
        $everything | Should -Not -Match $password
        $everything | Should -Not -Match ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("vpp-runbook:$password")))
    }

    It 'says the proxy refused the credentials, naming the proxy and the user, never the password' {
        $wrong = [pscredential]::new('vpp-runbook', (ConvertTo-SecureString 'N0tThePassword' -AsPlainText -Force))
        Set-VppProxy -Proxy $proxy.Address -ProxyCredential $wrong -ProxyLoopback
        $failure = Get-TerminatingError { Sync-VppToken -StorePath $store -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'ProxyAuthenticationRequired,VppPowerShell.Commands.SyncVppTokenCommand'
        $failure.Exception.Message | Should -Match ([regex]::Escape(([uri]$proxy.Address).Authority))
        $failure.Exception.Message | Should -Match 'vpp-runbook'
        ($failure | Format-List * -Force | Out-String) | Should -Not -Match 'N0tThePassword'
    }
}

Describe 'A runbook given its proxy in the environment' {
    BeforeAll {
        $proxy = Start-TestProxy -BasicAuth "vpp-runbook:$password"
        $store = New-TestStorePath
        $simulator = Start-VppSimulator -LocationName Worker -PassThru -Assets 2 -Assignments 2 -Users 1
    }

    AfterAll {
        Remove-Item Env:VPP_PROXY, Env:VPP_PROXY_LOOPBACK -ErrorAction SilentlyContinue
        Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
        Stop-TestProxy $proxy
    }

    It 'uses VPP_PROXY with its user and password, and shows it without the password' {
        Set-VppProxy -Reset
        $address = [uri]$proxy.Address
        $env:VPP_PROXY = "http://vpp-runbook:$password@$($address.Authority)"
        $env:VPP_PROXY_LOOPBACK = '1'

        $shown = Get-VppProxy
        "$($shown.Mode)" | Should -Be 'Proxy'
        $shown.Source | Should -Be 'VPP_PROXY'
        $shown.UserName | Should -Be 'vpp-runbook'
        ($shown | Format-List * | Out-String) | Should -Not -Match $password

        $simulator | Add-VppToken -Name Worker -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
        Sync-VppToken -StorePath $store
        @(Get-ProxyLog $proxy | Where-Object { $_ -match 'Request \(file descriptor' -and $_ -match '/assets' }).Count | Should -BeGreaterThan 0
    }
}
