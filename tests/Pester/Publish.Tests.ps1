#Requires -Version 7.4
<#
    Ready to publish: the laid-out manifest passes Test-ModuleManifest and carries the project, license
    and help addresses and the latest release notes; every cmdlet's HelpUri names its page in docs/;
    and the package that PackModule makes (what ./build.ps1 -Task Package runs) installs with
    Install-PSResource from a local file repository, imports by name in a new PowerShell and runs the
    rehearsal: Start-VppSimulator | Add-VppToken, Sync-VppToken, Get-VppAsset, Stop-VppSimulator.

    The package is built into $TestDrive, never into output/ (the module under test). The repository
    registration and the installed module live in child PowerShell processes whose home folder is in
    $TestDrive, so PSResourceGet's repository store and CurrentUser module folder are temporary ones and
    nothing is left registered or installed for the user.
#>
param(
    [string] $ModuleManifest
)

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleManifest.ps1')
    $manifestPath = Resolve-TestModuleManifest -ModuleManifest $ModuleManifest

    $Cmdlets = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
    [xml] $buildProps = Get-Content -LiteralPath (Join-Path -Path $RepositoryRoot -ChildPath 'Directory.Build.props') -Raw
    $ModuleVersion = $buildProps.SelectSingleNode('//VersionPrefix').InnerText.Trim()
    if (-not $ModuleManifest) {
        $ModuleManifest = [System.IO.Path]::Combine($RepositoryRoot, 'output', 'VppPowerShell', $ModuleVersion, 'VppPowerShell.psd1')
    }

    $ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path

    # The one place the project's address is set: build/Module.targets.
    [xml] $moduleTargets = Get-Content -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'build', 'Module.targets')) -Raw
    $ProjectUri = $moduleTargets.SelectSingleNode('//PSModuleProjectUri').InnerText.Trim()
    $SourceBranch = $moduleTargets.SelectSingleNode('//PSModuleSourceBranch').InnerText.Trim()

    # The latest entry of CHANGELOG.md: its version and the text under its heading.
    function Get-LatestChangelogEntry {
        $text = (Get-Content -LiteralPath (Join-Path -Path $RepositoryRoot -ChildPath 'CHANGELOG.md') -Raw) -replace "`r`n", "`n"
        $match = [regex]::Match($text, '(?ms)^## \[?(?<version>[^\]\s]+)\]?[^\n]*\n(?<text>.*?)(?=^## |\z)')
        if (-not $match.Success) { throw 'CHANGELOG.md has no "## <version>" entry.' }
        [pscustomobject]@{ Version = $match.Groups['version'].Value; Text = $match.Groups['text'].Value.Trim() }
    }

    # This PowerShell, to start as a child: pwsh itself, or 'dotnet pwsh.dll' when it runs as a .NET tool.
    function Get-PowerShellCommand {
        $path = (Get-Process -Id $PID).Path
        if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
            return @($path, [Environment]::GetCommandLineArgs()[0])
        }

        @($path)
    }

    function Get-DotnetPath {
        $path = (Get-Process -Id $PID).Path
        if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') { return $path }
        (Get-Command -Name dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    }

    # Runs a script in a new PowerShell with the given environment; its last line of output that starts
    # with '{' is its result (JSON). Fails with everything it printed when it has none.
    function Invoke-ChildPowerShell {
        param(
            [Parameter(Mandatory)] [scriptblock] $Script,
            [hashtable] $Environment = @{}
        )

        $file = Join-Path -Path $TestDrive -ChildPath ('child-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -LiteralPath $file -Value ("`$ErrorActionPreference = 'Stop'`nSet-StrictMode -Version 3.0`n" + $Script.ToString()) -Encoding UTF8
        $command = @(Get-PowerShellCommand)
        $start = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)) {
            $start.ArgumentList.Add($argument)
        }

        foreach ($name in $Environment.Keys) {
            if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) }
            else { $start.Environment[$name] = [string] $Environment[$name] }
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        if (-not $process.WaitForExit(120000)) {
            $process.Kill($true)
            throw "The child PowerShell did not finish within 120 s:`n$stdout"
        }

        $process.WaitForExit()
        $output = $stdout + $stderr.GetAwaiter().GetResult()
        $json = @($stdout -split "`r?`n" | Where-Object { $_.StartsWith('{') }) | Select-Object -Last 1
        if ($process.ExitCode -ne 0 -or -not $json) {
            throw "The child PowerShell failed (exit code $($process.ExitCode)):`n$output"
        }

        $json | ConvertFrom-Json
    }

    # Per-user folders of the child processes: a home folder in $TestDrive. PSResourceGet keeps its
    # repository store under the user's data folder and installs CurrentUser modules under
    # ~/.local/share/powershell/Modules (on Windows, the Documents folder): both follow HOME, or
    # USERPROFILE on Windows. The XDG variables are cleared so every per-user path derives from HOME.
    function New-ChildEnvironment {
        param([Parameter(Mandatory)] [string] $Root)
        $null = New-Item -ItemType Directory -Path $Root -Force
        $environment = @{
            HOME                        = $Root
            USERPROFILE                 = $Root
            XDG_DATA_HOME               = $null
            XDG_CONFIG_HOME             = $null
            XDG_CACHE_HOME              = $null
            POWERSHELL_TELEMETRY_OPTOUT = '1'
            POWERSHELL_UPDATECHECK      = 'Off'
        }
        if ($IsWindows) {
            $environment['LOCALAPPDATA'] = Join-Path -Path $Root -ChildPath 'AppData/Local'
            $environment['APPDATA'] = Join-Path -Path $Root -ChildPath 'AppData/Roaming'
        }

        $environment
    }
}

Describe 'The laid-out manifest is ready to publish' {
    BeforeAll {
        $manifest = Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop
        $data = Import-PowerShellDataFile -Path $ModuleManifest
        $psData = $data.PrivateData.PSData
    }

    It 'passes Test-ModuleManifest with the version from Directory.Build.props' {
        $manifest.Name | Should -Be 'VppPowerShell'
        $manifest.Version | Should -Be ([version] $ModuleVersion)
    }

    It 'names the project, its license and its help' {
        $psData.ProjectUri | Should -Be $ProjectUri
        $psData.LicenseUri | Should -Be "$ProjectUri/blob/$SourceBranch/LICENSE"
        $psData.HelpInfoUri | Should -Be "$ProjectUri/tree/$SourceBranch/docs"
        $data.HelpInfoURI | Should -Be "$ProjectUri/tree/$SourceBranch/docs"
        "$($manifest.ProjectUri)" | Should -Be $ProjectUri
        "$($manifest.LicenseUri)" | Should -Be "$ProjectUri/blob/$SourceBranch/LICENSE"
        $manifest.HelpInfoUri | Should -Be "$ProjectUri/tree/$SourceBranch/docs"
        foreach ($uri in $psData.ProjectUri, $psData.LicenseUri, $psData.HelpInfoUri) {
            ([uri] $uri).Scheme | Should -Be 'https'
        }
    }

    It 'points LicenseUri and HelpInfoUri at files of the repository' {
        $license = Join-Path -Path $RepositoryRoot -ChildPath ($psData.LicenseUri.Substring("$ProjectUri/blob/$SourceBranch/".Length))
        Test-Path -LiteralPath $license -PathType Leaf | Should -BeTrue
        Get-Content -LiteralPath $license -TotalCount 1 | Should -Be 'MIT License'
        $docs = Join-Path -Path $RepositoryRoot -ChildPath ($psData.HelpInfoUri.Substring("$ProjectUri/tree/$SourceBranch/".Length))
        Test-Path -LiteralPath (Join-Path -Path $docs -ChildPath 'README.md') -PathType Leaf | Should -BeTrue
    }

    It 'has tags, and release notes that are the latest entry of CHANGELOG.md' {
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        $entry = Get-LatestChangelogEntry
        $entry.Version | Should -Be $ModuleVersion
        ($psData.ReleaseNotes -replace "`r`n", "`n") | Should -BeExactly $entry.Text
        ($manifest.ReleaseNotes -replace "`r`n", "`n") | Should -BeExactly $entry.Text
    }
}

Describe 'Get-Help -Online of <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $null = Import-Module -Name $ModuleManifest -Force -PassThru -ErrorAction Stop
        $command = Get-Command -Name $Name -Module VppPowerShell
    }

    It 'has a HelpUri that names an existing docs page' {
        $command.HelpUri | Should -Be "$ProjectUri/blob/$SourceBranch/docs/$Name.md"
        Test-Path -LiteralPath ([System.IO.Path]::Combine($RepositoryRoot, 'docs', "$Name.md")) -PathType Leaf | Should -BeTrue
    }

    It 'opens that page: it is the first related link of its help' {
        $links = @((Get-Help -Name $Name -Full).relatedLinks.navigationLink | Where-Object { $_.PSObject.Properties['uri'] -and $_.uri })
        $links[0].uri | Should -Be $command.HelpUri
    }
}

Describe 'The package installs with Install-PSResource from a local repository' {
    BeforeAll {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()

        # What ./build.ps1 -Task Package runs, into $TestDrive.
        $outputRoot = Join-Path -Path $TestDrive -ChildPath 'output'
        $project = [System.IO.Path]::Combine($RepositoryRoot, 'src', 'VppPowerShell', 'VppPowerShell.csproj')
        $build = @(& (Get-DotnetPath) build $project -t:PackModule -c Release "-p:ModuleOutputRoot=$outputRoot" -nologo -v:minimal -tl:off 2>&1 | ForEach-Object { "$_" })
        if ($LASTEXITCODE -ne 0) { throw "PackModule failed:`n$($build -join "`n")" }
        $PackageFolder = Join-Path -Path $outputRoot -ChildPath 'packages'
        $PackageSeconds = $watch.Elapsed.TotalSeconds

        $Environment = New-ChildEnvironment -Root (Join-Path -Path $TestDrive -ChildPath 'home')
        $Environment['VPP_TEST_REPOSITORY'] = $PackageFolder

        # The user's own repository store and CurrentUser module folder, which must be the same afterwards.
        $userStore = [System.IO.Path]::Combine([Environment]::GetFolderPath('LocalApplicationData'), 'PSResourceGet', 'PSResourceRepository.xml')
        $UserStoreBefore = if (Test-Path -LiteralPath $userStore) { Get-Content -LiteralPath $userStore -Raw } else { $null }
        $userModule = if ($IsWindows) {
            [System.IO.Path]::Combine([Environment]::GetFolderPath('MyDocuments'), 'PowerShell', 'Modules', 'VppPowerShell')
        }
        else {
            [System.IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.local', 'share', 'powershell', 'Modules', 'VppPowerShell')
        }
        $UserModuleBefore = Test-Path -LiteralPath $userModule

        $Install = Invoke-ChildPowerShell -Environment $Environment -Script {
            Import-Module -Name Microsoft.PowerShell.PSResourceGet
            $store = [System.IO.Path]::Combine([Environment]::GetFolderPath('LocalApplicationData'), 'PSResourceGet', 'PSResourceRepository.xml')
            Register-PSResourceRepository -Name VppLocal -Uri $env:VPP_TEST_REPOSITORY -Trusted
            try {
                $found = @(Find-PSResource -Name VppPowerShell -Repository VppLocal)
                $installed = @(Install-PSResource -Name VppPowerShell -Repository VppLocal -Scope CurrentUser -TrustRepository -PassThru)
            }
            finally {
                Unregister-PSResourceRepository -Name VppLocal
            }

            [pscustomobject]@{
                Found             = @($found | ForEach-Object { "$($_.Name) $($_.Version)" })
                Installed         = @($installed | ForEach-Object { "$($_.Name) $($_.Version)" })
                InstalledLocation = @($installed | ForEach-Object { $_.InstalledLocation })
                Store             = $store
                UserModulePaths   = @($env:PSModulePath -split [System.IO.Path]::PathSeparator)
                StillRegistered   = [bool] (Get-PSResourceRepository -Name VppLocal -ErrorAction SilentlyContinue)
            } | ConvertTo-Json -Compress -Depth 3
        }

        $InstallRoot = @($Install.InstalledLocation)[0]
        $smokeEnvironment = $Environment.Clone()
        $smokeEnvironment['PSModulePath'] = $InstallRoot
        $smokeEnvironment['VPP_STORE_PATH'] = Join-Path -Path $TestDrive -ChildPath 'default-store.db'
        $smokeEnvironment['VPP_TEST_STORE'] = Join-Path -Path $TestDrive -ChildPath 'smoke.db'
        $Smoke = Invoke-ChildPowerShell -Environment $smokeEnvironment -Script {
            Import-Module -Name VppPowerShell
            $module = Get-Module -Name VppPowerShell
            $store = $env:VPP_TEST_STORE
            $simulator = Start-VppSimulator -PassThru
            try {
                $null = $simulator | Add-VppToken -Name Smoke -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
                Sync-VppToken -StorePath $store
                $assets = @(Get-VppAsset -StorePath $store)
                $tokens = @(Get-VppToken -StorePath $store)
            }
            finally {
                Stop-VppSimulator
            }

            $engine = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'VppPowerShell.Core' } | Select-Object -First 1
            [pscustomobject]@{
                ModuleBase    = $module.ModuleBase
                Version       = "$($module.Version)"
                CmdletCount   = @($module.ExportedCmdlets.Keys).Count
                TokenCount    = $tokens.Count
                AssetCount    = $assets.Count
                AssetTypes    = @($assets | ForEach-Object { $_.GetType().Name } | Sort-Object -Unique)
                EngineFile    = $engine.Location
                EngineContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name
                HelpUri       = (Get-Command -Name Get-VppAsset).HelpUri
                Synopsis      = (Get-Help -Name Get-VppAsset).Synopsis
            } | ConvertTo-Json -Compress -Depth 3
        }

        $TotalSeconds = $watch.Elapsed.TotalSeconds
        $UserStoreAfter = if (Test-Path -LiteralPath $userStore) { Get-Content -LiteralPath $userStore -Raw } else { $null }
        $UserModuleAfter = Test-Path -LiteralPath $userModule
    }

    AfterAll {
        # Should the install ever reach the real user's module folder, the test's copy does not stay there.
        if ($userModule -and -not $UserModuleBefore -and (Test-Path -LiteralPath $userModule)) {
            Remove-Item -LiteralPath $userModule -Recurse -Force
        }
    }

    It 'finds and installs the package from the local repository' {
        $Install.Found | Should -Be @("VppPowerShell $ModuleVersion")
        $Install.Installed | Should -Be @("VppPowerShell $ModuleVersion")
        @($Install.InstalledLocation).Count | Should -Be 1
        $InstallRoot | Should -BeLike ((Join-Path -Path $TestDrive -ChildPath 'home') + '*')
        $Install.UserModulePaths | Should -Contain $InstallRoot -Because 'the CurrentUser install location is on the new session''s PSModulePath'
        Test-Path -LiteralPath ([System.IO.Path]::Combine($InstallRoot, 'VppPowerShell', $ModuleVersion, 'VppPowerShell.psd1')) | Should -BeTrue
    }

    It 'keeps the module layout: the cmdlet assembly in bin/net8.0, the engine in its dependency folder' {
        $installed = [System.IO.Path]::Combine($InstallRoot, 'VppPowerShell', $ModuleVersion)
        @(Get-ChildItem -LiteralPath (Join-Path $installed 'bin/net8.0') -Filter *.dll -File | ForEach-Object Name) | Should -Be @('VppPowerShell.dll')
        Test-Path -LiteralPath (Join-Path $installed 'bin/net8.0/dependencies/VppPowerShell.Core.dll') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $installed 'bin/netstandard2.0/VppPowerShell.Core.dll') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $installed 'en-US/VppPowerShell.dll-Help.xml') | Should -BeTrue
    }

    It 'leaves nothing registered: the repository store was a temporary one' {
        $Install.StillRegistered | Should -BeFalse
        $Install.Store | Should -BeLike ((Join-Path -Path $TestDrive -ChildPath 'home') + '*')
        $UserStoreAfter | Should -Be $UserStoreBefore
        $UserModuleAfter | Should -Be $UserModuleBefore -Because 'the module was installed for the temporary user only'
    }

    It 'imports by name in a new PowerShell, from the install location' {
        $Smoke.ModuleBase | Should -Be ([System.IO.Path]::Combine($InstallRoot, 'VppPowerShell', $ModuleVersion))
        $Smoke.Version | Should -Be $ModuleVersion
        $Smoke.CmdletCount | Should -Be (Import-PowerShellDataFile -Path $ModuleManifest).CmdletsToExport.Count
        $Smoke.Synopsis | Should -Not -BeNullOrEmpty
        $Smoke.HelpUri | Should -Be "$ProjectUri/blob/$SourceBranch/docs/Get-VppAsset.md"
    }

    It 'loads its engine from the installed dependency folder in a private load context' {
        $Smoke.EngineFile | Should -Be ([System.IO.Path]::Combine($InstallRoot, 'VppPowerShell', $ModuleVersion, 'bin', 'net8.0', 'dependencies', 'VppPowerShell.Core.dll'))
        $Smoke.EngineContext | Should -Not -Be 'Default'
    }

    It 'passes the smoke test: a simulated token syncs and its assets are listed' {
        $Smoke.TokenCount | Should -Be 1
        $Smoke.AssetCount | Should -BeGreaterThan 0
        $Smoke.AssetTypes | Should -Be @('VppAsset')
    }

    It 'packs, installs and runs in reasonable time' {
        Write-Host ("Package {0:N1} s, package + install + smoke test {1:N1} s" -f $PackageSeconds, $TotalSeconds)
        $TotalSeconds | Should -BeLessThan 180 -Because "a guard against a stuck build; it takes well under a minute on an idle machine"
    }
}
