#Requires -Version 5.1
<#
    Every table view of VppPowerShell.format.ps1xml, rendered the way a console of 120 columns shows
    it (Out-String -Width 120): every column header of the view is on the header line, whole, neither
    wrapped onto a second line nor dropped. The objects come from the cmdlets themselves.
#>
param(
    [string] $ModuleManifest
)

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleManifest.ps1')
    $manifestPath = Resolve-TestModuleManifest -ModuleManifest $ModuleManifest

    $formatPath = Join-Path -Path (Split-Path -Path $manifestPath -Parent) -ChildPath 'VppPowerShell.format.ps1xml'
    [xml] $format = Get-Content -LiteralPath $formatPath -Raw
    $Views = @(foreach ($view in $format.Configuration.ViewDefinitions.View) {
            if ($null -eq $view.TableControl) { continue }
            $typeName = "$($view.ViewSelectedBy.TypeName)".Trim()
            @{
                View     = "$($view.Name)".Trim()
                TypeName = $typeName
                Short    = $typeName.Split('.')[-1]
                Labels   = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { "$($_.Label)".Trim() })
            }
        })
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $TestSimulator = Start-TestSimulator

    # One store with something of every kind in it.
    $fixture = New-TestLocation -Name 'Contoso Paris Rive Gauche'
    $store = $fixture.StorePath
    $location = $fixture.Location
    $null = $location.AddAsset('361309726', 3, 'App', 'STDQ', $true, $true, $null, 'Pages for a long name, with its subtitle')
    $null = $location.AddAsset('500000001', 5, 'Book', 'STDQ', $false, $false, $null, 'Field Guide')
    $null = $location.AddUser('view-user-0001', 'someone.with.a.long.name@contoso-schools.example.com', [NullString]::Value)
    $location.Assign('500000001', 'view-user-0001', [NullString]::Value, 'STDQ')
    $Objects = @{}
    $Objects['SyncSummary'] = Sync-VppToken -StorePath $store -PassThru
    $Objects['VppToken'] = Get-VppToken -StorePath $store
    $Objects['TokenTestResult'] = Test-VppToken -Name $fixture.Name -Detailed -StorePath $store
    $Objects['StoreInfo'] = Get-VppStore -StorePath $store
    $Objects['VppAsset'] = Get-VppAsset -StorePath $store
    $Objects['VppUser'] = Get-VppUser -StorePath $store
    $Objects['VppTargetResult'] = @(Set-VppAssignment -TokenName $fixture.Name -AdamId '361309726' -SerialNumber 'C02VIEWDEV000001', 'C02VIEWDEV000002', 'C02VIEWDEV000003', 'C02VIEWDEV000004' `
            -StorePath $store -PassThru -ErrorAction SilentlyContinue)
    $Objects['VppAssignment'] = Get-VppAssignment -StorePath $store
    $Objects['VppJob'] = Get-VppJob -StorePath $store
    $Objects['VppGroup'] = New-VppGroup -Name 'Year 7 iPads, building B' -MemberType Device -Member 'C02VIEWDEV000001' -StorePath $store
    $Objects['VppDevice'] = Set-VppDevice -SerialNumber 'C02VIEWDEV000001' -Platform iOS -Ownership Corporate -Supervised $true -PrimaryUser 'view-user-0001' -StorePath $store -PassThru
    $Objects['VppLicenseReport'] = @(Get-VppLicenseReport -StorePath $store)
    $Objects['VppAppLicenseReport'] = @(Get-VppLicenseReport -StorePath $store -AcrossTokens)
    $Objects['VppFailureReason'] = @($Objects['VppLicenseReport'] | ForEach-Object { $_.Failures } | Where-Object { $null -ne $_ })
    $Objects['VppReportTarget'] = @($Objects['VppLicenseReport'] | ForEach-Object { $_.DesiredNotAssigned; $_.AssignedNotDesired } | Where-Object { $null -ne $_ -and $_ -isnot [string] })
    $Objects['VppReportFile'] = Export-VppReport -Path (Join-Path -Path $TestDrive -ChildPath 'report.html') -StorePath $store -PassThru
    # A copy into a shared store needs the PostgreSQL test server: without one, its view is skipped.
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestPostgres.ps1')
    if (-not (Get-TestPostgresSkipReason)) {
        $keyPath = Join-Path -Path $TestDrive -ChildPath 'view-store.key'
        Set-TestFileText -Path $keyPath -Text ('view-store-key-' + [guid]::NewGuid().ToString('N'))
        $Objects['StoreCopySummary'] = Copy-VppStore -Path $store -ConnectionString (New-TestPostgresStore) -KeyPath $keyPath -PassThru
    }
    $Objects['ProxyInfo'] = Set-VppProxy -Proxy 'http://proxy.contoso.com:8080' -PassThru
    Set-VppProxy -Reset
    $Objects['VppSimulatorSession'] = Start-VppSimulator -Assets 2 -Assignments 2 -Users 1 -TokenFilePath (Join-Path -Path $TestDrive -ChildPath 'view.vpptoken') -PassThru

    # A legacy account moved to a location, for VppTokenMove.
    try {
        $legacy = $TestSimulator.AddLegacyAccount('Contoso Schools', 'vpp-buyer@contoso.example', 'US', $false, [DateTimeOffset]::UtcNow.AddDays(200))
        $legacyPath = Join-Path -Path $TestDrive -ChildPath 'legacy.vpptoken'
        $null = $legacy.WriteTokenFile($legacyPath)
        Add-VppToken -Legacy -Path $legacyPath -Name 'Contoso legacy' -AppleId 'vpp-buyer@contoso.example' -CountryCode US -AccountType Business `
            -ConsentToDataSharing -ServiceUrl $TestSimulator.LegacyServiceConfigUri.AbsoluteUri -StorePath $store
        $target = New-SimulatedTokenFile -Organization 'Contoso Schools'
        $null = $legacy.MoveToLocation($target.Location)
        $Objects['VppTokenMove'] = Move-VppToken -Name 'Contoso legacy' -Path $target.Path -ServiceUrl $target.ServiceUrl -StorePath $store -PassThru -Force
    }
    catch {
        $MoveFailure = $_
    }
}

AfterAll {
    Stop-VppSimulator -Confirm:$false -ErrorAction SilentlyContinue
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'Default table views at 120 columns' {
    It 'shows every column header of <Short> on one header line' -ForEach $Views {
        if ($Short -eq 'StoreCopySummary' -and (Get-TestPostgresSkipReason)) { Set-ItResult -Skipped -Because (Get-TestPostgresSkipReason) }
        $objects = @($Objects[$Short] | Where-Object { $null -ne $_ })
        $objects.Count | Should -BeGreaterThan 0 -Because "a cmdlet produced a $Short to show$(if ($Short -eq 'VppTokenMove' -and $MoveFailure) { " (Move-VppToken failed: $MoveFailure)" })"
        $objects[0].PSObject.TypeNames | Should -Contain $TypeName

        $text = ($objects | Out-String -Width 120) -replace "`e\[[0-9;]*m", ''
        $table = Get-TableHeaderLine -Text $text
        $table | Should -Not -BeNullOrEmpty -Because "$Short renders as a table:`n$text"
        $missing = @($Labels | Where-Object { $table.Header -notmatch ('(^|\s)' + [regex]::Escape($_) + '(\s|$)') })
        $missing | Should -BeNullOrEmpty -Because "every header of the $Short view fits 120 columns; got:`n$text"
        $table.Index | Should -BeLessOrEqual 1 -Because "the header of $Short is not wrapped onto two lines:`n$text"
        $table.Header.TrimEnd().Length | Should -BeLessOrEqual 120
    }

    It 'has a view for every type the cmdlets declare they output' {
        $declared = @(Get-Command -Module VppPowerShell | ForEach-Object { $_.OutputType } | ForEach-Object { $_.Name } |
                Where-Object { $_ -like 'VppPowerShell.*' } | Sort-Object -Unique)
        $declared.Count | Should -BeGreaterThan 10
        [xml] $format = Get-Content -LiteralPath (Join-Path -Path $VppModule.ModuleBase -ChildPath 'VppPowerShell.format.ps1xml') -Raw
        $viewed = @($format.Configuration.ViewDefinitions.View | Where-Object { $null -ne $_.TableControl } | ForEach-Object { "$($_.ViewSelectedBy.TypeName)".Trim() })
        @($declared | Where-Object { $viewed -notcontains $_ }) | Should -BeNullOrEmpty
    }
}

Describe 'Times in views' {
    It 'shows times in the local time zone, while the objects keep the instant' {
        $token = @(Get-VppToken -StorePath $store)[0]
        $token.LastSyncOn | Should -BeOfType [DateTimeOffset]
        $expected = $token.LastSyncOn.ToOffset([TimeSpan]::FromHours(9)).ToString('yyyy-MM-dd HH:mm')
        $path = (Get-Process -Id $PID).Path
        $command = if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') { @($path, [Environment]::GetCommandLineArgs()[0]) } else { @($path) }
        $script = "Import-Module -Name '$($ModuleManifest -replace "'", "''")'; Get-VppToken -StorePath '$($store -replace "'", "''")' | Out-String -Width 120"
        $saved = $env:TZ
        try {
            # Tokyo has no daylight saving time: always UTC+9.
            $env:TZ = 'Asia/Tokyo'
            $text = & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script | Out-String
        }
        finally {
            $env:TZ = $saved
        }

        $text | Should -Match ([regex]::Escape($expected))
    }
}
