#Requires -Version 5.1
<#
    Pester 5 tests of how the laid-out module loads next to other modules' copies of its dependencies.

        $container = New-PesterContainer -Path tests/Pester/DependencyIsolation.Tests.ps1 -Data @{ ModuleManifest = './output/VppPowerShell/0.1.0/VppPowerShell.psd1' }
        Invoke-Pester -Container $container -Output Detailed

    Without ModuleManifest, the manifest under output/ for the version in Directory.Build.props is used.

    Admins load Az, Microsoft.Graph, PnP, dbatools and others into one session, with their own, often
    older, Microsoft.Data.Sqlite, SQLitePCLRaw and Polly.Core. On PowerShell 7.4+ the module keeps its
    engine and those dependencies in a load context of its own (bin/net8.0/dependencies), so either
    order works. Assemblies cannot be unloaded: every test that loads conflicting copies runs in a child
    PowerShell process of its own (the same PowerShell as this one).

    The older copies come from tests/Pester/OlderDependencies/OlderDependencies.csproj: this file restores
    it (dotnet restore puts the packages in the NuGet package folder) and lays the dlls out in $TestDrive
    the way another module would ship them, native SQLite beside them.

    Windows PowerShell 5.1 has no load contexts: what can be checked of it here is that the netstandard2.0
    build imports and runs the token lifecycle (in pwsh, from a copy; on Windows PowerShell, through the
    manifest). Its own conflicts with other modules can only be seen on Windows.
#>
param(
    [string] $ModuleManifest
)

BeforeDiscovery {
    $onCore = $PSVersionTable.PSEdition -eq 'Core'
}

BeforeAll {
    $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
    . (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleManifest.ps1')
    $ModuleManifest = Resolve-TestModuleManifest -ModuleManifest $ModuleManifest

    $ManifestPath = (Resolve-Path -LiteralPath $ModuleManifest -ErrorAction Stop).Path
    $ModuleBase = Split-Path -Path $ManifestPath -Parent

    # The runtime identifier of this process, as NuGet packages name their native folders.
    function Get-RuntimeIdentifier {
        if ($PSVersionTable.PSEdition -ne 'Core') { return 'win-x64' }
        $architecture = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        if ($IsWindows) { return "win-$architecture" }
        if ($IsMacOS) { return "osx-$architecture" }
        $runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        if ($runtime -match 'musl' -or $runtime -like 'alpine*') { return "linux-musl-$architecture" }
        "linux-$architecture"
    }

    # This PowerShell, to start as a child: pwsh itself, or 'dotnet pwsh.dll' when it runs as a .NET tool.
    function Get-PowerShellCommand {
        $path = (Get-Process -Id $PID).Path
        if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
            return @($path, [Environment]::GetCommandLineArgs()[0])
        }

        @($path)
    }

    $PowerShellCommand = @(Get-PowerShellCommand)
    $RuntimeIdentifier = Get-RuntimeIdentifier

    # Functions every child script starts with.
    $ChildPrelude = {
        $ErrorActionPreference = 'Stop'
        Set-StrictMode -Version 3.0

        # Where each loaded copy of an assembly comes from and which load context holds it.
        function Get-LoadedAssembly {
            param([Parameter(Mandatory)] [string[]] $Name)
            foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
                $assemblyName = $assembly.GetName()
                if ($Name -notcontains $assemblyName.Name) { continue }
                $fileVersion = $assembly.GetCustomAttributes([System.Reflection.AssemblyFileVersionAttribute], $false) | Select-Object -First 1
                $context = if ($PSVersionTable.PSEdition -eq 'Core') { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name } else { 'AppDomain' }
                [pscustomobject]@{
                    Name        = $assemblyName.Name
                    Version     = $assemblyName.Version.ToString()
                    FileVersion = if ($fileVersion) { $fileVersion.Version } else { $null }
                    Context     = $context
                    Location    = $assembly.Location
                }
            }
        }

        # The native SQLite libraries this process has loaded.
        function Get-NativeSqlite {
            @([System.Diagnostics.Process]::GetCurrentProcess().Modules |
                Where-Object { $_.ModuleName -like '*e_sqlite3*' } |
                ForEach-Object { $_.FileName } |
                Sort-Object -Unique)
        }

        # Another module's copies of the shared dependencies, loaded as such a module would (Add-Type).
        function Import-OlderAssembly {
            param([Parameter(Mandatory)] [string] $Folder)
            $loaded = @{}
            foreach ($name in 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'Microsoft.Data.Sqlite', 'Polly.Core') {
                $path = [System.IO.Path]::Combine($Folder, "$name.dll")
                Add-Type -Path $path
                $loaded[$name] = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location -eq $path } | Select-Object -First 1
                if ($null -eq $loaded[$name]) { throw "Add-Type -Path $path loaded no assembly from that file." }
            }

            $loaded
        }

        # Uses the older Microsoft.Data.Sqlite (and its native SQLite) for an in-memory database, by its own
        # types: a type name alone would be ambiguous with two copies loaded.
        function Invoke-OlderSqlite {
            param([Parameter(Mandatory)] [hashtable] $Assemblies)
            $batteries = $Assemblies['SQLitePCLRaw.batteries_v2'].GetType('SQLitePCL.Batteries_V2', $true)
            $null = $batteries.GetMethod('Init', [type[]] @()).Invoke($null, @())
            $connectionType = $Assemblies['Microsoft.Data.Sqlite'].GetType('Microsoft.Data.Sqlite.SqliteConnection', $true)
            $connection = [Activator]::CreateInstance($connectionType, [object[]] @('Data Source=:memory:'))
            try {
                $connection.Open()
                $command = $connection.CreateCommand()
                $command.CommandText = 'CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (20), (22); SELECT sqlite_version() || ''/'' || sum(v) FROM t;'
                [string] $command.ExecuteScalar()
            }
            finally {
                $connection.Dispose()
            }
        }

        # Uses the older Polly.Core: a retry pipeline that runs an action failing twice before it succeeds.
        function Invoke-OlderPolly {
            param([Parameter(Mandatory)] [hashtable] $Assemblies)
            $polly = $Assemblies['Polly.Core']
            $builder = [Activator]::CreateInstance($polly.GetType('Polly.ResiliencePipelineBuilder', $true))
            $options = [Activator]::CreateInstance($polly.GetType('Polly.Retry.RetryStrategyOptions', $true))
            $options.Delay = [TimeSpan]::Zero
            $options.MaxRetryAttempts = 3
            $extensions = $polly.GetType('Polly.RetryResiliencePipelineBuilderExtensions', $true)
            $null = $extensions.GetMethod('AddRetry', [type[]] @($builder.GetType(), $options.GetType())).Invoke($null, @($builder, $options))
            $pipeline = $builder.Build()
            $state = @{ Calls = 0 }
            $pipeline.Execute([Action] { $state.Calls++; if ($state.Calls -lt 3) { throw 'transient' } })
            $state.Calls
        }

        # The README's rehearsal: a simulator, a token added from it, a sync, the assets.
        function Invoke-Rehearsal {
            param([Parameter(Mandatory)] [string] $StorePath)
            $simulator = Start-VppSimulator -PassThru
            try {
                $simulator | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business `
                    -ConsentToDataSharing -StorePath $StorePath
                $sync = Sync-VppToken -StorePath $StorePath -PassThru
                $assets = @(Get-VppAsset -StorePath $StorePath)
                [pscustomobject]@{
                    SimulatedAssets      = $simulator.Assets
                    SimulatedAssignments = $simulator.Assignments
                    SimulatedUsers       = $simulator.Users
                    AssetsAdded          = $sync.AssetsAdded
                    AssignmentsAdded     = $sync.AssignmentsAdded
                    UsersAdded           = $sync.UsersAdded
                    Assets               = $assets.Count
                    AssignedLicenses     = ($assets | Measure-Object -Property AssignedCount -Sum).Sum
                    TokenNames           = @($assets | ForEach-Object { $_.TokenName } | Sort-Object -Unique)
                }
            }
            finally {
                Stop-VppSimulator
            }
        }

        function Get-ErrorText {
            param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)
            $types = @()
            for ($exception = $ErrorRecord.Exception; $null -ne $exception; $exception = $exception.InnerException) {
                $types += $exception.GetType().FullName
            }

            [pscustomobject]@{ Types = $types; Text = $ErrorRecord.Exception.ToString() }
        }
    }

    # Runs a script in a child PowerShell with the prelude above and returns the object it prints as JSON
    # (its last line that starts with '{'), with ExitCode and Output added.
    function Invoke-ChildPowerShell {
        param(
            [Parameter(Mandatory)] [scriptblock] $Script,
            [hashtable] $Parameters = @{}
        )

        $file = Join-Path -Path $TestDrive -ChildPath ('child-' + [guid]::NewGuid().ToString('N') + '.ps1')
        $names = @($Parameters.Keys | Sort-Object)
        $header = 'param(' + (($names | ForEach-Object { "[string] `$$_" }) -join ', ') + ')'
        Set-Content -LiteralPath $file -Value ($header, $ChildPrelude.ToString(), $Script.ToString()) -Encoding UTF8

        $arguments = @($PowerShellCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)
        foreach ($name in $names) {
            $arguments += "-$name"
            $arguments += [string] $Parameters[$name]
        }

        $output = @(& $PowerShellCommand[0] @arguments 2>&1 | ForEach-Object { "$_" })
        $exitCode = $LASTEXITCODE
        $json = $output | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
        if (-not $json) {
            throw "The child PowerShell (exit code $exitCode) printed no result:`n$($output -join "`n")"
        }

        $result = $json | ConvertFrom-Json
        $result | Add-Member -NotePropertyName ExitCode -NotePropertyValue $exitCode
        $result | Add-Member -NotePropertyName Output -NotePropertyValue ($output -join "`n")
        $result
    }
}

Describe 'Dependency isolation on PowerShell 7.4+' -Skip:(-not $onCore) {
    BeforeAll {
        # The older packages: restored by the repository's own project, then laid out as another module ships them.
        $olderProject = [System.IO.Path]::Combine($repositoryRoot, 'tests', 'Pester', 'OlderDependencies', 'OlderDependencies.csproj')
        $dotnet = if ([System.IO.Path]::GetFileNameWithoutExtension((Get-Process -Id $PID).Path) -eq 'dotnet') {
            (Get-Process -Id $PID).Path
        }
        else {
            (Get-Command -Name dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        }

        $restore = @(& $dotnet restore $olderProject --nologo -v quiet 2>&1 | ForEach-Object { "$_" })
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore $olderProject failed:`n$($restore -join "`n")" }

        $assetsFile = [System.IO.Path]::Combine((Split-Path -Path $olderProject -Parent), 'obj', 'project.assets.json')
        $packageFolder = @((Get-Content -LiteralPath $assetsFile -Raw | ConvertFrom-Json).packageFolders.PSObject.Properties.Name)[0]
        [xml] $olderXml = Get-Content -LiteralPath $olderProject -Raw
        $OlderVersions = @{}
        foreach ($download in $olderXml.SelectNodes('//PackageDownload')) {
            $OlderVersions[$download.Include] = $download.Version.Trim('[', ']')
        }

        function Get-PackageFile {
            param([Parameter(Mandatory)] [string] $Id, [Parameter(Mandatory)] [string] $RelativePath)
            $path = [System.IO.Path]::Combine($packageFolder, $Id.ToLowerInvariant(), $OlderVersions[$Id], $RelativePath)
            if (-not (Test-Path -LiteralPath $path)) { throw "$path is missing: did dotnet restore of $olderProject download $Id $($OlderVersions[$Id])?" }
            $path
        }

        $OlderFolder = Join-Path -Path $TestDrive -ChildPath 'OtherModule'
        $null = New-Item -ItemType Directory -Path $OlderFolder
        foreach ($file in @(
                (Get-PackageFile -Id 'SQLitePCLRaw.core' -RelativePath 'lib/netstandard2.0/SQLitePCLRaw.core.dll'),
                (Get-PackageFile -Id 'SQLitePCLRaw.provider.e_sqlite3' -RelativePath 'lib/net6.0/SQLitePCLRaw.provider.e_sqlite3.dll'),
                (Get-PackageFile -Id 'SQLitePCLRaw.bundle_e_sqlite3' -RelativePath 'lib/netstandard2.0/SQLitePCLRaw.batteries_v2.dll'),
                (Get-PackageFile -Id 'Microsoft.Data.Sqlite.Core' -RelativePath 'lib/net8.0/Microsoft.Data.Sqlite.dll'),
                (Get-PackageFile -Id 'Polly.Core' -RelativePath 'lib/net6.0/Polly.Core.dll'))) {
            Copy-Item -LiteralPath $file -Destination $OlderFolder
        }

        # Native SQLite beside the provider, where the runtime looks for an assembly's native libraries.
        Copy-Item -Path (Join-Path -Path (Get-PackageFile -Id 'SQLitePCLRaw.lib.e_sqlite3' -RelativePath "runtimes/$RuntimeIdentifier/native") -ChildPath '*') -Destination $OlderFolder

        $Shared = 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'Polly.Core'
        $DependencyFolder = [System.IO.Path]::Combine($ModuleBase, 'bin', 'net8.0', 'dependencies')
    }

    It 'imports and works when another module loaded older copies of its dependencies first' {
        $result = Invoke-ChildPowerShell -Parameters @{ ModuleManifest = $ManifestPath; OlderFolder = $OlderFolder; StorePath = (Join-Path $TestDrive 'older-first.db') } -Script {
            $result = [ordered]@{ Error = $null }
            try {
                $older = Import-OlderAssembly -Folder $OlderFolder
                $result.OlderSqliteBefore = Invoke-OlderSqlite -Assemblies $older

                $module = Import-Module -Name $ModuleManifest -PassThru
                $result.Rehearsal = Invoke-Rehearsal -StorePath $StorePath
                $result.OlderSqliteAfter = Invoke-OlderSqlite -Assemblies $older
                $result.OlderPollyCalls = Invoke-OlderPolly -Assemblies $older
                $result.Loaded = @(Get-LoadedAssembly -Name 'VppPowerShell', 'VppPowerShell.Core', 'VppPowerShell.Simulator', 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'Polly.Core')
                $result.FromModuleInDefault = @([AppDomain]::CurrentDomain.GetAssemblies() |
                        Where-Object { -not $_.IsDynamic -and $_.Location -and $_.Location.StartsWith($module.ModuleBase) -and [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name -eq 'Default' } |
                        ForEach-Object { [System.IO.Path]::GetFileName($_.Location) })
                $result.NativeSqlite = Get-NativeSqlite

                # Scripts still name the engine's types; the dependencies' names stay the other module's.
                $result.EngineTypeContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([VppPowerShell.Core.Tokens.AccountType].Assembly).Name
                $result.EngineEnumValue = "$([VppPowerShell.Core.Tokens.AccountType]::Business)"
                $result.SqliteTypeLocation = [Microsoft.Data.Sqlite.SqliteConnection].Assembly.Location
            }
            catch {
                $result.Error = Get-ErrorText -ErrorRecord $_
            }

            [pscustomobject] $result | ConvertTo-Json -Depth 6 -Compress
        }

        $result.Error | Should -BeNullOrEmpty -Because $result.Output
        $result.OlderSqliteBefore | Should -Match '/42$'

        # The module's cmdlets work and return what the simulator holds.
        $rehearsal = $result.Rehearsal
        $rehearsal.AssetsAdded | Should -Be $rehearsal.SimulatedAssets
        $rehearsal.AssignmentsAdded | Should -Be $rehearsal.SimulatedAssignments
        $rehearsal.UsersAdded | Should -Be $rehearsal.SimulatedUsers
        $rehearsal.Assets | Should -Be $rehearsal.SimulatedAssets
        $rehearsal.AssignedLicenses | Should -Be $rehearsal.SimulatedAssignments
        $rehearsal.TokenNames | Should -Be @('Rehearsal')

        # The other module's copies still serve it, unchanged.
        $result.OlderSqliteAfter | Should -Be $result.OlderSqliteBefore
        $result.OlderPollyCalls | Should -Be 3

        # Two copies of each shared dependency: the other module's in the default context, the module's in its own.
        foreach ($name in $Shared) {
            $copies = @($result.Loaded | Where-Object Name -EQ $name)
            $copies.Count | Should -Be 2 -Because "$name is loaded by both"
            ($copies | Where-Object Context -EQ 'Default').Location | Should -Be (Join-Path $OlderFolder "$name.dll")
            ($copies | Where-Object Context -EQ 'VppPowerShell').Location | Should -Be (Join-Path $DependencyFolder "$name.dll")
        }

        # Only the cmdlet assembly of the module sits in the default context.
        $result.FromModuleInDefault | Should -Be @('VppPowerShell.dll')
        ($result.Loaded | Where-Object Name -EQ 'VppPowerShell.Core').Context | Should -Be 'VppPowerShell'
        ($result.Loaded | Where-Object Name -EQ 'VppPowerShell.Simulator').Context | Should -Be 'VppPowerShell'

        $result.EngineTypeContext | Should -Be 'VppPowerShell'
        $result.EngineEnumValue | Should -Be 'Business'
        $result.SqliteTypeLocation | Should -Be (Join-Path $OlderFolder 'Microsoft.Data.Sqlite.dll')

        # Each side uses its own native SQLite: the module's from its dependencies/runtimes/<rid>/native.
        $ourNative = @(Get-ChildItem -LiteralPath ([System.IO.Path]::Combine($DependencyFolder, 'runtimes', $RuntimeIdentifier, 'native')) -File)
        $ourNative.Count | Should -Be 1
        $result.NativeSqlite | Should -Contain $ourNative[0].FullName
        @($result.NativeSqlite | Where-Object { $_.StartsWith($OlderFolder) }).Count | Should -Be 1
    }

    It 'leaves older copies loadable and working after the module has used a store' {
        $result = Invoke-ChildPowerShell -Parameters @{ ModuleManifest = $ManifestPath; OlderFolder = $OlderFolder; StorePath = (Join-Path $TestDrive 'ours-first.db') } -Script {
            $result = [ordered]@{ Error = $null }
            try {
                $null = Import-Module -Name $ModuleManifest -PassThru
                # A second import in the same process (Import-Module -Force) finds everything in place.
                $null = Import-Module -Name $ModuleManifest -Force -PassThru
                $result.Rehearsal = Invoke-Rehearsal -StorePath $StorePath

                $older = Import-OlderAssembly -Folder $OlderFolder
                $result.OlderLoaded = @(Get-LoadedAssembly -Name @($older.Keys) | Where-Object Context -EQ 'Default')
                $result.OlderSqlite = Invoke-OlderSqlite -Assemblies $older
                $result.OlderPollyCalls = Invoke-OlderPolly -Assemblies $older

                # And the module still works after them.
                $result.AssetsAfter = @(Get-VppAsset -StorePath $StorePath).Count

                # Removing the module takes back the type names it gave the engine's types.
                Remove-Module -Name VppPowerShell
                $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators', $true)::Get
                $result.EngineTypeNamesAfterRemove = @($accelerators.Keys | Where-Object { $_ -like 'VppPowerShell.*' }).Count
            }
            catch {
                $result.Error = Get-ErrorText -ErrorRecord $_
            }

            [pscustomobject] $result | ConvertTo-Json -Depth 6 -Compress
        }

        $result.Error | Should -BeNullOrEmpty -Because $result.Output
        $result.Rehearsal.AssetsAdded | Should -Be $result.Rehearsal.SimulatedAssets
        $result.Rehearsal.Assets | Should -Be $result.Rehearsal.SimulatedAssets

        foreach ($name in $Shared) {
            $copy = @($result.OlderLoaded | Where-Object Name -EQ $name)
            $copy.Count | Should -Be 1 -Because "the other module's $name loads in the default context"
            $copy[0].Location | Should -Be (Join-Path $OlderFolder "$name.dll")
        }

        ($result.OlderLoaded | Where-Object Name -EQ 'Microsoft.Data.Sqlite').Version | Should -BeLike "$($OlderVersions['Microsoft.Data.Sqlite.Core']).*"
        ($result.OlderLoaded | Where-Object Name -EQ 'Polly.Core').FileVersion | Should -BeLike "$($OlderVersions['Polly.Core']).*"
        $result.OlderSqlite | Should -Match '^3\.\d+\.\d+/42$'
        $result.OlderPollyCalls | Should -Be 3
        $result.AssetsAfter | Should -Be $result.Rehearsal.SimulatedAssets
        $result.EngineTypeNamesAfterRemove | Should -Be 0
    }
}

Describe 'The Windows PowerShell 5.1 build (netstandard2.0)' {
    It 'imports and runs the token lifecycle against the simulator' {
        if ($PSVersionTable.PSEdition -eq 'Core') {
            # pwsh imports the netstandard2.0 build straight from a copy of bin/netstandard2.0. That folder ships
            # native SQLite for Windows only (Windows PowerShell runs nowhere else), under runtimes/<rid>/native,
            # where Windows PowerShell finds it through the PATH entry the psm1 adds; here the copy gets this
            # platform's library from the net8.0 build, beside the assemblies, where the runtime looks for it.
            $copy = Join-Path -Path $TestDrive -ChildPath 'netstandard2.0'
            Copy-Item -LiteralPath ([System.IO.Path]::Combine($ModuleBase, 'bin', 'netstandard2.0')) -Destination $copy -Recurse
            $native = [System.IO.Path]::Combine($ModuleBase, 'bin', 'net8.0', 'dependencies', 'runtimes', $RuntimeIdentifier, 'native')
            Copy-Item -Path (Join-Path -Path $native -ChildPath '*') -Destination $copy
            $target = Join-Path -Path $copy -ChildPath 'VppPowerShell.dll'
        }
        else {
            # Windows PowerShell: the manifest picks bin/netstandard2.0 itself.
            $target = $ManifestPath
        }

        $result = Invoke-ChildPowerShell -Parameters @{ Target = $target; StorePath = (Join-Path $TestDrive 'desktop.db') } -Script {
            $result = [ordered]@{ Error = $null }
            try {
                $null = Import-Module -Name $Target -PassThru
                $cmdletAssembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'VppPowerShell' } | Select-Object -First 1
                $result.Framework = ($cmdletAssembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false) | Select-Object -First 1).FrameworkName

                $simulator = Start-VppSimulator -PassThru
                try {
                    $simulator | Add-VppToken -Name 'Contoso Paris' -AppleId admin@contoso.com -CountryCode FR -AccountType Business `
                        -ConsentToDataSharing -StorePath $StorePath
                    $added = Get-VppToken -StorePath $StorePath -Name 'Contoso Paris'
                    $result.Added = [pscustomobject]@{ Name = $added.Name; CountryCode = "$($added.CountryCode)"; State = "$($added.State)"; ServiceUrl = $added.ServiceUrl }
                    $result.SimulatorUrl = $simulator.ServiceUrl

                    Set-VppToken -StorePath $StorePath -Name 'Contoso Paris' -NewName 'Contoso Lyon'
                    $result.Renamed = @(Get-VppToken -StorePath $StorePath | ForEach-Object { $_.Name })
                    $result.Test = Test-VppToken -StorePath $StorePath -Name 'Contoso Lyon'

                    Remove-VppToken -StorePath $StorePath -Name 'Contoso Lyon' -Force -WarningAction SilentlyContinue
                    $result.Remaining = @(Get-VppToken -StorePath $StorePath).Count
                }
                finally {
                    Stop-VppSimulator
                }

                $result.Loaded = @(Get-LoadedAssembly -Name 'VppPowerShell', 'VppPowerShell.Core', 'Microsoft.Data.Sqlite')
            }
            catch {
                $result.Error = Get-ErrorText -ErrorRecord $_
            }

            [pscustomobject] $result | ConvertTo-Json -Depth 6 -Compress
        }

        $result.Error | Should -BeNullOrEmpty -Because $result.Output
        $result.Framework | Should -Be '.NETStandard,Version=v2.0'
        $result.Added.Name | Should -Be 'Contoso Paris'
        $result.Added.CountryCode | Should -Be 'FR'
        $result.Added.State | Should -Be 'Valid'
        $result.Added.ServiceUrl | Should -Be $result.SimulatorUrl
        $result.Renamed | Should -Be @('Contoso Lyon')
        $result.Test | Should -BeTrue
        $result.Remaining | Should -Be 0
        $folder = Split-Path -Path $target -Parent
        if ($PSVersionTable.PSEdition -ne 'Core') { $folder = [System.IO.Path]::Combine($ModuleBase, 'bin', 'netstandard2.0') }
        foreach ($loaded in $result.Loaded) {
            Split-Path -Path $loaded.Location -Parent | Should -Be $folder -Because "$($loaded.Name) comes from the netstandard2.0 build"
        }
    }
}
