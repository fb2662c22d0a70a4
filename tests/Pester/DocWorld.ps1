<#
    The world the documentation's examples run in, for Documentation.Tests.ps1 (dot-sourced there).

    Apple is a simulator of its service on loopback: the copy of VppPowerShell.Simulator.dll that ships
    in the laid-out module, loaded by path into a load context of its own and reached only through its
    objects (no type literal: the module may load its own copy of that assembly anywhere). Each world has
    locations of its own at that simulator, a temp folder as current location holding the files the
    examples name, and a store of its own.

    The module has no session default for the service URL: a token file does not say where its calls
    go, and Add-VppToken/Move-VppToken take -ServiceUrl, Import-VppAssignment -LegacyServiceUrl. The
    examples leave them out (they are written for Apple), so each world sets them through
    $PSDefaultParameterValues, which leaves the example text as it is.
#>

. (Join-Path -Path $PSScriptRoot -ChildPath 'TestPostgres.ps1')

$script:DocPages = '361309726'
$script:DocKeynote = '409183694'
$script:DocBook = '1000000500'
$script:DocScanner = '1000000501'

# ---- the simulator ---------------------------------------------------------------------------

function Start-DocSimulator {
    param([Parameter(Mandatory)] [string] $ModuleBase)

    $edition = if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
    $dll = Get-ChildItem -LiteralPath $ModuleBase -Recurse -Filter 'VppPowerShell.Simulator.dll' |
        Sort-Object { $_.FullName -notmatch [regex]::Escape($edition) } | Select-Object -First 1
    if (-not $dll) { throw "No VppPowerShell.Simulator.dll under $ModuleBase." }

    # LoadFile: a context of its own, whatever the module's loader does with its copy.
    $assembly = [System.Reflection.Assembly]::LoadFile($dll.FullName)
    $simulatorType = $assembly.GetType('VppPowerShell.Simulator.AppleSimulator', $true)
    $simulatorType::Start($null, 0)
}

function Get-DocTokenSecret {
    param([Parameter(Mandatory)] [string] $Content)
    $json = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Content.Trim()))
    ($json | ConvertFrom-Json).token
}

# ---- files ------------------------------------------------------------------------------------

function Set-DocCsv {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [object[]] $Rows)
    $Rows | ForEach-Object { [pscustomobject] $_ } | Export-Csv -LiteralPath $Path -NoTypeInformation -Encoding utf8
}

# Devices and users every world knows. Serial numbers have 12 characters, like Apple's.
$script:DocData = @{
    KnownDevice   = 'C02ZX1ABCD12'                                   # holds Pages and Keynote at Apple, licensed outside the module
    Devices       = @('C02ZX1ABCD12', 'DMPB00000001', 'DMPB00000002', 'DMPK00000001', 'DMPK00000002')
    KioskDevices  = @('DMPK00000001', 'DMPK00000002')                # used by carol and dan, who hold Pages as users
    KioskUsers    = @('carol@contoso.com', 'dan@contoso.com')
    IPads         = @('DMPA00000001', 'DMPA00000002', 'DMPA00000003', 'DMPA00000004', 'DMPA00000005', 'DMPA00000006', 'DMPA00000007', 'DMPA00000008')
    NewIPads      = @('DMPN00000001', 'DMPN00000002')
    SalesIPads    = @('DMPS00000001', 'DMPS00000002', 'DMPS00000003')
    RetiredDevices = @('DMPR00000001', 'DMPR00000002')
    Leavers       = @('erin@contoso.com', 'frank@contoso.com')
    Staff         = @('ann@contoso.com', 'bob@contoso.com', 'erin@contoso.com', 'frank@contoso.com')
    Registered    = @('ann@contoso.com', 'bob@contoso.com')                  # never accepted their invitation
}

<#
    A new world: a folder (the current location), a store, a Paris location at Apple, and the files the
    examples name. Options:
      PagesTotal    Pages licenses at Paris (default 40)
      Token         add the Paris token as 'Contoso Paris' and sync it (default $true)
      Devices       record devices.csv with Set-VppDevice
      Groups        'Sales iPads' (devices), 'All staff' (users, given Keynote), 'Old pilot'
      SalesPages    with Groups: Pages given to 'Sales iPads'
      Oversubscribed  assign Contoso Scanner (2 licenses) to 5 iPads: 3 fail NoLicenseAvailable
      Unfinished    a Set-VppAssignment run stopped part way (an unfinished job)
      OldLocation   a second location added as 'Old Location', with licenses at Apple
      ExpiredToken  a token added as 'Contoso Lyon' whose expiry has passed
      Berlin        a Berlin location held by another management system, its file ./sToken.vpptoken
      Schools       an Education location whose token content the Add-VppToken example is given
      Legacy        a legacy VPP buyer (./legacy-buyer.vpptoken), with the Paris location's apps
      MovedLegacy   with Legacy: the buyer added as 'Contoso legacy' and synced, then moved by Apple to a
                    new location whose token is ./sToken_for_Paris.vpptoken
      StoreFile     the name of the world's SQLite store in its folder (default store.db)
      Shared        an empty shared store on the PostgreSQL test server (VPP_TEST_POSTGRES), named by
                    VPP_STORE_CONNECTION, with its key in ./vpp-store.key and the next one in ./vpp-store-2027.key
      SharedSession with Shared: Use-VppStore makes the shared store the session's, before the token is added
#>
function New-DocWorld {
    param(
        [Parameter(Mandatory)] $Simulator,
        [Parameter(Mandatory)] [string] $Root,
        [hashtable] $Options = @{}
    )

    $WarningPreference = 'SilentlyContinue'   # the setup's own expiry warnings; the examples' are their own
    $o = @{ PagesTotal = 40; Token = $true; ServiceDefaults = $true; StoreFile = 'store.db' }
    foreach ($key in $Options.Keys) { $o[$key] = $Options[$key] }

    $folder = Join-Path -Path $Root -ChildPath ('world-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    $d = $script:DocData
    $none = [NullString]::Value

    # Apple: the Paris location. Its token expires in 20 days, so that the renewal story is true.
    $paris = $Simulator.AddLocation('Paris', 'Contoso', 'FR', $false, [DateTimeOffset]::UtcNow.AddDays(20))
    $null = $paris.AddAsset($script:DocPages, [int] $o.PagesTotal, 'App', 'STDQ', $true, $true, $null, 'Pages')
    $null = $paris.AddAsset($script:DocKeynote, 40, 'App', 'STDQ', $true, $true, $null, 'Keynote')
    $null = $paris.AddAsset($script:DocBook, 20, 'Book', 'STDQ', $false, $true, $null, 'Contoso Field Guide')
    $null = $paris.AddAsset($script:DocScanner, 2, 'App', 'STDQ', $true, $true, $null, 'Contoso Scanner')
    foreach ($user in @($d.Staff + $d.KioskUsers)) { $null = $paris.AddUser($user, $user, $none) }
    foreach ($user in @($d.Staff + $d.KioskUsers)) { if ($d.Registered -notcontains $user) { $null = $paris.AcceptInvitation($user, $none) } }
    $paris.Assign($script:DocPages, $none, $d.KnownDevice, 'STDQ')
    $paris.Assign($script:DocKeynote, $none, $d.KnownDevice, 'STDQ')
    foreach ($serial in @('DMPB00000001', 'DMPB00000002') + $d.RetiredDevices) { $paris.Assign($script:DocPages, $none, $serial, 'STDQ') }
    $paris.Assign($script:DocKeynote, $none, 'DMPB00000001', 'STDQ')
    foreach ($user in $d.KioskUsers) { $paris.Assign($script:DocPages, $user, $none, 'STDQ') }
    foreach ($user in $d.Leavers) { $paris.Assign($script:DocKeynote, $user, $none, 'STDQ') }

    $null = $paris.WriteTokenFile((Join-Path $folder 'sToken_for_Paris.vpptoken'))
    $null = $paris.WriteTokenFile((Join-Path $folder 'Paris.vpptoken'))
    # The renewal downloaded a year later: a new token for the same location (the current one keeps working until then).
    $renewal = $paris.RenewToken([DateTimeOffset]::UtcNow.AddDays(385), $false)
    [System.IO.File]::WriteAllText((Join-Path $folder 'sToken_for_Paris_2027.vpptoken'), $renewal)

    # Files the examples read.
    $devicesCsv = foreach ($serial in $d.Devices) {
        $kiosk = $d.KioskDevices -contains $serial
        [ordered]@{
            SerialNumber = $serial; Platform = 'iOS'; Ownership = 'Corporate'; Supervised = 'True'
            Kiosk = $(if ($kiosk) { 'True' } else { 'False' })
            PrimaryUser = $(if ($kiosk) { $d.KioskUsers[$d.KioskDevices.IndexOf($serial)] } else { '' })
        }
    }
    Set-DocCsv -Path (Join-Path $folder 'devices.csv') -Rows $devicesCsv
    Set-DocCsv -Path (Join-Path $folder 'ipads.csv') -Rows @($d.IPads | ForEach-Object { @{ SerialNumber = $_ } })
    Set-DocCsv -Path (Join-Path $folder 'new-ipads.csv') -Rows @($d.NewIPads | ForEach-Object { @{ SerialNumber = $_ } })
    Set-DocCsv -Path (Join-Path $folder 'sales.csv') -Rows @($d.SalesIPads | ForEach-Object { @{ SerialNumber = $_ } })
    Set-DocCsv -Path (Join-Path $folder 'retired-devices.csv') -Rows @($d.RetiredDevices | ForEach-Object { @{ SerialNumber = $_ } })
    Set-DocCsv -Path (Join-Path $folder 'leavers.csv') -Rows @($d.Leavers | ForEach-Object { @{ ClientUserId = $_ } })
    Set-DocCsv -Path (Join-Path $folder 'kiosk-users.csv') -Rows @($d.KioskUsers | ForEach-Object { @{ ClientUserId = $_ } })
    # Another system's export: two good rows, then a malformed serial number (row 3).
    Set-DocCsv -Path (Join-Path $folder 'from-old-mdm.csv') -Rows @(
        [ordered]@{ AdamId = $script:DocKeynote; SerialNumber = 'DMPA00000001'; ClientUserId = '' },
        [ordered]@{ AdamId = $script:DocKeynote; SerialNumber = ''; ClientUserId = 'bob@contoso.com' },
        [ordered]@{ AdamId = $script:DocKeynote; SerialNumber = 'not a serial!'; ClientUserId = '' })

    $world = [pscustomobject]@{
        Folder       = $folder
        StorePath    = Join-Path $folder $o.StoreFile
        Paris        = $paris
        ServiceUrl   = $Simulator.BaseUri.AbsoluteUri
        LegacyUrl    = $Simulator.LegacyServiceConfigUri.AbsoluteUri
        Simulator    = $Simulator
        Extra        = @{}
        ServiceDefaults = [bool] $o.ServiceDefaults
        LegacyAdd    = [bool] $o.LegacyAdd
    }
    $world | Add-Member -MemberType ScriptMethod -Name Defaults -Value {
        if (-not $this.ServiceDefaults) { return @{} }
        $serviceUrl = $this.ServiceUrl
        $legacyUrl = $this.LegacyUrl
        @{
            # A default cannot see -Legacy: a world whose examples add a legacy token sends Add-VppToken there.
            'Add-VppToken:ServiceUrl'                 = $(if ($this.LegacyAdd) { $legacyUrl } else { $serviceUrl })
            'Move-VppToken:ServiceUrl'                = $serviceUrl
            'Import-VppAssignment:LegacyServiceUrl'   = $legacyUrl
        }
    }

    Enter-DocWorld -World $world
    if ($o.Shared) { Enter-DocSharedStore -World $world -UseForSession:([bool] $o.SharedSession) }
    if ($o.Token) {
        Add-VppToken -Path (Join-Path $folder 'sToken_for_Paris.vpptoken') -Name 'Contoso Paris' -AppleId vpp-admin@contoso.com -CountryCode FR `
            -AccountType Business -AutomaticAppUpdates -ConsentToDataSharing -ServiceUrl $world.ServiceUrl -WarningAction SilentlyContinue
        Sync-VppToken -WarningAction SilentlyContinue
    }

    if ($o.Devices) { Import-Csv -LiteralPath (Join-Path $folder 'devices.csv') | ForEach-Object { Set-DocDevice $_ } }

    if ($o.Groups) {
        $null = New-VppGroup -Name 'Sales iPads' -MemberType Device -Member $d.SalesIPads
        if ($o.SalesPages) { Set-VppAssignment -TokenName 'Contoso Paris' -AdamId $script:DocPages -GroupName 'Sales iPads' -WarningAction SilentlyContinue }
        $null = New-VppGroup -Name 'All staff' -MemberType User -Member $d.Staff
        Set-VppAssignment -TokenName 'Contoso Paris' -AdamId $script:DocKeynote -GroupName 'All staff' -WarningAction SilentlyContinue
        $null = New-VppGroup -Name 'Old pilot' -MemberType Device -Member 'DMPB00000002'
    }

    if ($o.Oversubscribed) {
        $null = Set-VppAssignment -TokenName 'Contoso Paris' -AdamId $script:DocScanner -SerialNumber ($d.IPads | Select-Object -First 5) `
            -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    }

    if ($o.OldLocation) {
        $old = $Simulator.AddLocation('Old', 'Contoso', 'FR', $false, $null)
        $null = $old.AddAsset($script:DocPages, 10, 'App', 'STDQ', $true, $true, $null, 'Pages')
        $null = $old.AddAsset($script:DocBook, 10, 'Book', 'STDQ', $false, $false, $null, 'Contoso Field Guide')
        $null = $old.AddUser('ann@contoso.com', 'ann@contoso.com', $none)
        $old.Assign($script:DocPages, $none, 'DMPO00000001', 'STDQ')
        $old.Assign($script:DocPages, $none, 'DMPO00000002', 'STDQ')
        $old.Assign($script:DocBook, 'ann@contoso.com', $none, 'STDQ')
        $path = $old.WriteTokenFile((Join-Path $folder 'old.vpptoken'))
        Add-VppToken -Path $path -Name 'Old Location' -AppleId vpp-admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing `
            -ServiceUrl $world.ServiceUrl -WarningAction SilentlyContinue
        Sync-VppToken -Name 'Old Location' -WarningAction SilentlyContinue
        $world.Extra.Old = $old
    }

    if ($o.ExpiredToken) {
        # A token cannot be added once expired: this one expires a moment after it is added, as the date in its file says.
        $expiresOn = [DateTimeOffset]::UtcNow.AddSeconds(2)
        $lyon = $Simulator.AddLocation('Lyon', 'Contoso', 'FR', $false, $expiresOn)
        $path = $lyon.WriteTokenFile((Join-Path $folder 'lyon.vpptoken'))
        Add-VppToken -Path $path -Name 'Contoso Lyon' -AppleId vpp-admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing `
            -ServiceUrl $world.ServiceUrl -WarningAction SilentlyContinue
        $wait = ($expiresOn - [DateTimeOffset]::UtcNow).TotalMilliseconds + 100
        if ($wait -gt 0) { Start-Sleep -Milliseconds $wait }
        $world.Extra.Lyon = $lyon
    }

    if ($o.Berlin) {
        $berlin = $Simulator.AddLocation('Berlin', 'Contoso', 'DE', $false, $null)
        $berlin.ClaimByOtherMdm('other-mdm-01', 'Fabrikam MDM', 'tenant 42')
        $null = $berlin.WriteTokenFile((Join-Path $folder 'sToken.vpptoken'))
        $world.Extra.Berlin = $berlin
    }

    if ($o.Schools) {
        $schools = $Simulator.AddLocation('Schools', 'Contoso Schools', 'US', $true, $null)
        $world.Extra.Schools = $schools
    }

    if ($o.Legacy -or $o.MovedLegacy) {
        $legacy = $Simulator.AddLegacyAccount('Contoso', 'buyer@contoso.com', 'FR', $false, $null)
        $null = $legacy.AddAsset($script:DocPages, 10, 8, 'STDQ', $null, $null, 'Pages')
        $null = $legacy.AddAsset($script:DocKeynote, 10, 8, 'STDQ', $null, $null, 'Keynote')
        $null = $legacy.AddUser('bob@contoso.com', 'bob@contoso.com', $none)
        $null = $legacy.AcceptInvitation('bob@contoso.com', $none)
        $null = $legacy.Assign($script:DocPages, $none, 'DMPL00000001', 'STDQ')
        $null = $legacy.Assign($script:DocPages, $none, 'DMPL00000002', 'STDQ')
        $null = $legacy.Assign($script:DocKeynote, 'bob@contoso.com', $none, 'STDQ')
        $null = $legacy.WriteTokenFile((Join-Path $folder 'legacy-buyer.vpptoken'))
        $world.Extra.Legacy = $legacy
    }

    if ($o.MovedLegacy) {
        Add-VppToken -Legacy -Path (Join-Path $folder 'legacy-buyer.vpptoken') -Name 'Contoso legacy' -AppleId buyer@contoso.com -CountryCode FR `
            -AccountType Business -ConsentToDataSharing -ServiceUrl $world.LegacyUrl -WarningAction SilentlyContinue
        Sync-VppToken -Name 'Contoso legacy' -WarningAction SilentlyContinue
        Move-DocLegacyBuyer -World $world
    }

    if ($o.Unfinished) { New-DocUnfinishedJob -World $world }
    $world
}

# Set-VppDevice for one row of devices.csv, with typed switches (setup only; the example pipes the file itself).
function Set-DocDevice {
    param($Row)
    $parameters = @{ SerialNumber = $Row.SerialNumber; Platform = $Row.Platform; Ownership = $Row.Ownership
        Supervised = [bool]::Parse($Row.Supervised); Kiosk = [bool]::Parse($Row.Kiosk) }
    if ($Row.PrimaryUser) { $parameters.PrimaryUser = $Row.PrimaryUser }
    Set-VppDevice @parameters
}

# The world's folder, store and service URLs, in this runspace.
function Enter-DocWorld {
    param([Parameter(Mandatory)] $World)
    Set-Location -LiteralPath $World.Folder
    $env:VPP_STORE_PATH = $World.StorePath
    # Use-VppStore lasts for the process and comes before VPP_STORE_PATH: every world sets it to its own store.
    Use-VppStore -Path $World.StorePath
    foreach ($entry in $World.Defaults().GetEnumerator()) { $global:PSDefaultParameterValues[$entry.Key] = $entry.Value }
    $script:DocCurrentWorld = $World
}

# The key of the world's shared store, and the one a rotation moves it to.
$script:DocStoreKey = 'contoso-vpp-store-key-4f9a1c7e2b8d6053a1e9c4b7d2f8a6e0'
$script:DocNextStoreKey = 'contoso-vpp-store-key-2027-8e1b5d9c3a7f4e2b6d0c9a8f7e6d5c4b'

# An empty shared store for the world (a new schema on the test server), named by VPP_STORE_CONNECTION; its key files.
function Enter-DocSharedStore {
    param([Parameter(Mandatory)] $World, [switch] $UseForSession)
    $env:VPP_STORE_CONNECTION = New-TestPostgresStore
    Set-Content -LiteralPath (Join-Path $World.Folder 'vpp-store.key') -Value $script:DocStoreKey
    Set-Content -LiteralPath (Join-Path $World.Folder 'vpp-store-2027.key') -Value $script:DocNextStoreKey
    $World.Extra.Shared = $env:VPP_STORE_CONNECTION
    $World.Extra.StoreKey = $script:DocStoreKey
    $World.Extra.NextStoreKey = $script:DocNextStoreKey
    if ($UseForSession) { Use-VppStore -ConnectionString $env:VPP_STORE_CONNECTION -KeyPath (Join-Path $World.Folder 'vpp-store.key') }
}

# A Set-VppAssignment run stopped part way, as Ctrl+C or a killed runbook leaves it: its job is unfinished.
function New-DocUnfinishedJob {
    param([Parameter(Mandatory)] $World)
    $serials = 1..20 | ForEach-Object { 'DMPU{0:D8}' -f $_ }
    $World.Simulator.Options.Faults.Latency = [TimeSpan]::FromMilliseconds(400)
    $World.Simulator.Options.Limits.MaxSerialNumbers = 2
    try {
        $ps = [powershell]::Create()
        $null = $ps.AddScript('param($manifest, $store, $serials, $adamId) Import-Module $manifest; Set-VppAssignment -StorePath $store -TokenName "Contoso Paris" -AdamId $adamId -SerialNumber $serials -WarningAction SilentlyContinue').
            AddArgument($script:DocManifest).AddArgument($World.StorePath).AddArgument($serials).AddArgument($script:DocKeynote)
        $async = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not @(Get-VppJob -Unfinished).Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Start-Sleep -Milliseconds 900
        $ps.Stop()
        try { $null = $ps.EndInvoke($async) } catch { }
        $ps.Dispose()
    }
    finally {
        $World.Simulator.Options.Faults.Latency = [TimeSpan]::Zero
        $World.Simulator.Options.Limits.MaxSerialNumbers = 1000
    }

    if (-not @(Get-VppJob -Unfinished).Count) { throw 'The world needs an unfinished job, but the stopped run left none.' }
    $World.Extra.UnfinishedSerials = $serials
}

# Leaves no default of an earlier world behind: service URLs, and the shared store an example used.
function Exit-DocWorld {
    foreach ($key in @($global:PSDefaultParameterValues.Keys)) {
        if ($key -like '*-Vpp*:*ServiceUrl') { $global:PSDefaultParameterValues.Remove($key) }
    }
    Remove-Item -Path Env:VPP_STORE_CONNECTION, Env:VPP_STORE_KEY -ErrorAction SilentlyContinue
}

<#
    Runs an example's text as written, as a script block, in a scope of its own (a dynamic module, so it
    sees the global session and none of the test's variables); the scope can be kept for the next statement
    of the same code block. Returns its output, errors, warnings and information records, and the
    terminating error if one stopped it. $ConfirmPreference is None there: nothing prompts (examples that
    are about a prompt run in a child process, Invoke-DocExampleInChild).
#>
function New-DocScope {
    param($World = $script:DocCurrentWorld, [string[]] $ReadHostAnswers = @())
    # A module's scope has defaults of its own: the world's are set there.
    New-Module -ArgumentList $World.Defaults(), $ReadHostAnswers -Name ('DocScope' + [guid]::NewGuid().ToString('N').Substring(0, 6)) -ScriptBlock {
        param($defaults, $answers)
        $script:ConfirmPreference = 'None'
        $script:PSDefaultParameterValues = $defaults
        $script:DocReadHostAnswers = [System.Collections.Generic.Queue[string]]::new()
        foreach ($answer in @($answers)) { if ($null -ne $answer) { $script:DocReadHostAnswers.Enqueue($answer) } }
        # Read-Host: what the admin types at the prompt, given by the test; an example that asks for more stops here, it never hangs.
        function Read-Host {
            param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
            if ($script:DocReadHostAnswers.Count -eq 0) { throw "The example prompts for input ('$Prompt') and no answer was given." }
            $answer = $script:DocReadHostAnswers.Dequeue()
            if ($AsSecureString) { ConvertTo-SecureString -String $answer -AsPlainText -Force } else { $answer }
        }
        Export-ModuleMember
    }
}

function Invoke-DocExample {
    param([Parameter(Mandatory)] [string] $Code, $Scope = (New-DocScope), [scriptblock] $Prepare)

    $block = [scriptblock]::Create($Code)
    $records = [System.Collections.Generic.List[object]]::new()
    $thrown = $null
    # -WhatIf writes its plan to the host, not to a stream: a transcript keeps it.
    $transcript = if ($Code -match '-WhatIf\b') { Join-Path ([System.IO.Path]::GetTempPath()) ('whatif-' + [guid]::NewGuid().ToString('N') + '.txt') }
    if ($transcript) { $null = Start-Transcript -LiteralPath $transcript }
    try {
        if ($Prepare) { . $Scope $Prepare }
        . $Scope $block *>&1 | ForEach-Object { $records.Add($_) }
    }
    catch {
        $thrown = $_
    }
    finally {
        if ($transcript) { $null = Stop-Transcript }
    }
    $plan = @()
    if ($transcript) {
        $plan = @(Get-Content -LiteralPath $transcript | Where-Object { $_ -like 'What if:*' })
        Remove-Item -LiteralPath $transcript
    }

    $result = [pscustomobject]@{
        Code        = $Code
        Output      = @($records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] -and
                                                  $_ -isnot [System.Management.Automation.InformationRecord] -and $_ -isnot [System.Management.Automation.VerboseRecord] -and
                                                  $_ -isnot [System.Management.Automation.DebugRecord] })
        Errors      = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        Warnings    = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
        Information = @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
        Thrown      = $thrown
        WhatIf      = [string[]] $plan
        Scope       = $Scope
    }
    $result | Add-Member -MemberType ScriptMethod -Name Text -Value { ($this.Output | Out-String -Width 250) }
    $result | Add-Member -MemberType ScriptMethod -Name Problems -Value {
        @(@($this.Thrown) + @($this.Errors) | Where-Object { $_ } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) -join [Environment]::NewLine
    }
    $result
}

# The pwsh that runs these tests, to start another one (a dotnet tool runs as 'dotnet pwsh.dll').
function Get-DocPwshCommand {
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    @($process)
}

<#
    Runs an example in a new pwsh process, in the world's folder and store, and answers its prompts from
    standard input (for examples whose text is about asking to confirm). Returns what it printed.
#>
function Invoke-DocExampleInChild {
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $Code, [string[]] $Answers = @(), [string] $Prepare = '')

    $defaults = foreach ($entry in $World.Defaults().GetEnumerator()) {
        $value = if ($entry.Value -is [scriptblock]) { '{' + $entry.Value + '}' } else { "'" + $entry.Value + "'" }
        "`$PSDefaultParameterValues['$($entry.Key)'] = $value"
    }
    $script = @(
        "`$ErrorActionPreference = 'Continue'"
        "Import-Module -Name '$($script:DocManifest)'"
        "Set-Location -LiteralPath '$($World.Folder)'"
        "`$env:VPP_STORE_PATH = '$($World.StorePath)'"
        $defaults
        $Prepare
        '# ---- the example, as written ----'
        $Code
    ) -join [Environment]::NewLine
    $path = Join-Path $World.Folder ('example-' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.ps1')
    [System.IO.File]::WriteAllText($path, $script)
    $pwsh = @(Get-DocPwshCommand)
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NoLogo', '-File', $path)
    $text = $Answers | & $pwsh[0] @arguments 2>&1 | Out-String
    [pscustomobject]@{ Text = $text; ExitCode = $LASTEXITCODE }
}

# Apple's migration of the legacy buyer to a new location (unused, so every license moves); its token replaces ./sToken_for_Paris.vpptoken.
function Move-DocLegacyBuyer {
    param([Parameter(Mandatory)] $World)
    $target = $World.Simulator.AddLocation('Paris Migrated', 'Contoso', 'FR', $false, $null)
    $null = $World.Extra.Legacy.MoveToLocation($target)
    $null = $target.WriteTokenFile((Join-Path $World.Folder 'sToken_for_Paris.vpptoken'))
    $World.Extra.MovedTo = $target
}

# [IO.Path]::GetTempPath() of this process, for examples that keep files in the temp folder.
function Set-DocTempFolder {
    param([Parameter(Mandatory)] [string] $Path)
    if (-not $script:DocSavedTemp) { $script:DocSavedTemp = @{ TMPDIR = $env:TMPDIR; TMP = $env:TMP; TEMP = $env:TEMP } }
    $env:TMPDIR = $Path
    $env:TMP = $Path
    $env:TEMP = $Path
}

function Restore-DocTempFolder {
    if (-not $script:DocSavedTemp) { return }
    $env:TMPDIR = $script:DocSavedTemp.TMPDIR
    $env:TMP = $script:DocSavedTemp.TMP
    $env:TEMP = $script:DocSavedTemp.TEMP
    $script:DocSavedTemp = $null
}
