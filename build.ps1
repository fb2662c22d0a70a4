<#
.SYNOPSIS
    Builds, tests and packages the VppPowerShell module.

.DESCRIPTION
    Build    Lays the module out in output/VppPowerShell/<version>: the manifest with its version
             stamped from Directory.Build.props, the root module, format, types and help files, and
             bin/net8.0 and bin/netstandard2.0 (dotnet build -t:LayoutModule).
    Test     Runs dotnet test VppPowerShell.sln, lays the module out, then runs every
             tests/Pester/*.Tests.ps1 against it with Pester 5.7.1 from the NuGet package cache (the
             test project downloads it on restore), in a fresh PowerShell process of the same edition
             as this one (so the module's assemblies are not left loaded here; under dotnet pwsh the
             child is dotnet with the tool's pwsh.dll). Pester's NUnit XML goes to
             output/TestResults/pester.xml. Fails when any xunit or Pester test fails.
    Rehearse Lays the module out and rehearses the main job against the simulator in a new temporary
             store (build/Rehearse.ps1): token, sync, an oversubscribed assignment from a CSV, the
             license report and the HTML report, printing each command.
    Package  Lays the module out and packs output/packages/VppPowerShell.<version>.nupkg
             (dotnet build -t:PackModule), a package that Install-PSResource and Install-Module
             install from a local file repository.

    Needs the .NET SDK 10 (dotnet) on PATH. Runs in PowerShell 7 and Windows PowerShell 5.1.

.PARAMETER Task
    Build (the default), Test, Package or Rehearse.

.PARAMETER Configuration
    The build configuration: Release (the default) or Debug.

.EXAMPLE
    ./build.ps1

    Lays the module out; import it with Import-Module ./output/VppPowerShell/<version>/VppPowerShell.psd1.

.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Test

    Runs every test, xunit and Pester, on a machine that has only the .NET SDK 10.

.EXAMPLE
    ./build.ps1 -Task Rehearse

    Shows the main job, start to finish, against the simulator.

.EXAMPLE
    ./build.ps1 -Task Package

    Makes output/packages/VppPowerShell.<version>.nupkg.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Rehearse')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$repositoryRoot = $PSScriptRoot
$cmdletProject = [System.IO.Path]::Combine($repositoryRoot, 'src', 'VppPowerShell', 'VppPowerShell.csproj')
$solution = [System.IO.Path]::Combine($repositoryRoot, 'VppPowerShell.sln')
$outputRoot = [System.IO.Path]::Combine($repositoryRoot, 'output')
$pesterVersion = '5.7.1'

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)

    Write-Host "> dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed (exit code $LASTEXITCODE)."
    }
}

function Get-ModuleVersion {
    $propsPath = [System.IO.Path]::Combine($repositoryRoot, 'Directory.Build.props')
    [xml] $props = Get-Content -LiteralPath $propsPath -Raw
    $node = $props.SelectSingleNode('//VersionPrefix')
    if ($null -eq $node -or [string]::IsNullOrWhiteSpace($node.InnerText)) {
        throw "$propsPath sets no VersionPrefix."
    }

    $node.InnerText.Trim()
}

function Get-ModuleManifestPath {
    [System.IO.Path]::Combine($outputRoot, 'VppPowerShell', (Get-ModuleVersion), 'VppPowerShell.psd1')
}

function Invoke-Build {
    Invoke-Dotnet -Arguments @('build', $cmdletProject, '-t:LayoutModule', '-c', $Configuration)
    Write-Host "Laid out: $(Get-ModuleManifestPath)" -ForegroundColor Green
}

# The command line that starts a fresh PowerShell like this one: pwsh, powershell.exe, or, when this
# one runs as the .NET tool (dotnet pwsh), dotnet with the tool's pwsh.dll.
function Get-PowerShellCommand {
    $processPath = (Get-Process -Id $PID).Path
    $processName = [System.IO.Path]::GetFileNameWithoutExtension($processPath)
    if ($processName -eq 'dotnet') {
        $pwshDll = [System.IO.Path]::Combine($PSHOME, 'pwsh.dll')
        if (-not (Test-Path -LiteralPath $pwshDll)) {
            throw "This PowerShell runs in dotnet, but $pwshDll is missing: cannot start a child PowerShell."
        }

        return @($processPath, $pwshDll)
    }

    @($processPath)
}

# Pester 5.7.1 from the NuGet package cache, where the PackageDownload of tests/VppPowerShell.Tests
# puts it on restore; never whatever Pester this machine has installed.
function Get-PesterManifestPath {
    $packages = $env:NUGET_PACKAGES
    if ([string]::IsNullOrWhiteSpace($packages)) {
        $listing = & dotnet nuget locals global-packages --list
        if ($LASTEXITCODE -ne 0) { throw 'dotnet nuget locals global-packages --list failed.' }
        $line = @($listing | Where-Object { $_ -match '^\s*global-packages:\s*(.+?)\s*$' } | Select-Object -First 1)
        if ($line.Count -eq 0) { throw "dotnet nuget locals printed no global-packages folder: $listing" }
        $packages = ($line[0] -replace '^\s*global-packages:\s*', '').Trim()
    }

    $manifest = [System.IO.Path]::Combine($packages, 'pester', $pesterVersion, 'tools', 'Pester.psd1')
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw ("Pester $pesterVersion is not in the NuGet package cache ($manifest is missing). " +
            "Restore the solution first (dotnet restore VppPowerShell.sln): tests/VppPowerShell.Tests downloads it.")
    }

    $manifest
}

# Runs a script in a fresh PowerShell process (a binary module cannot be unloaded from this one).
# Values go through the environment, so no quoting is needed on the command line. Returns the exit code.
function Invoke-ChildPowerShell {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})

    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $command = @(Get-PowerShellCommand)
    $arguments = @()
    if ($command.Count -gt 1) { $arguments += $command[1..($command.Count - 1)] }
    $arguments += @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    foreach ($name in $Environment.Keys) { Set-Item -Path "Env:$name" -Value $Environment[$name] }
    try {
        & $command[0] @arguments | Out-Host
        $LASTEXITCODE
    }
    finally {
        foreach ($name in $Environment.Keys) { Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue }
    }
}

function Invoke-Test {
    # xunit first, then Pester even when xunit failed, so one run reports both.
    $arguments = @('test', $solution, '-c', $Configuration)
    Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @arguments
    $xunitExitCode = $LASTEXITCODE

    $pesterManifest = Get-PesterManifestPath
    Invoke-Build

    $resultsFolder = [System.IO.Path]::Combine($outputRoot, 'TestResults')
    $null = New-Item -ItemType Directory -Path $resultsFolder -Force
    $resultsPath = [System.IO.Path]::Combine($resultsFolder, 'pester.xml')
    # The tests run with PowerShell's default preferences: only the import of Pester stops on error.
    $runner = @'
Import-Module -Name $env:VPPPOWERSHELL_PESTER_MODULE -ErrorAction Stop
$configuration = New-PesterConfiguration
$configuration.Run.Container = New-PesterContainer -Path (Join-Path -Path $env:VPPPOWERSHELL_TEST_PATH -ChildPath '*.Tests.ps1') -Data @{ ModuleManifest = $env:VPPPOWERSHELL_TEST_MANIFEST }
$configuration.Run.Exit = $true
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $env:VPPPOWERSHELL_TEST_RESULTS
$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result -or $result.Result -ne 'Passed') { exit 1 }
'@

    Write-Host "> Invoke-Pester $([System.IO.Path]::Combine('tests', 'Pester', '*.Tests.ps1')) (Pester $pesterVersion, in a new $((Get-PowerShellCommand) -join ' '))" -ForegroundColor Cyan
    $pesterExitCode = Invoke-ChildPowerShell -Script $runner -Environment @{
        VPPPOWERSHELL_PESTER_MODULE  = $pesterManifest
        VPPPOWERSHELL_TEST_MANIFEST  = Get-ModuleManifestPath
        VPPPOWERSHELL_TEST_PATH      = [System.IO.Path]::Combine($repositoryRoot, 'tests', 'Pester')
        VPPPOWERSHELL_TEST_RESULTS   = $resultsPath
    }

    $failures = @()
    if ($xunitExitCode -ne 0) { $failures += "dotnet test failed (exit code $xunitExitCode)" }
    if ($pesterExitCode -ne 0) { $failures += "tests/Pester failed (exit code $pesterExitCode; results in $resultsPath)" }
    if ($failures.Count -gt 0) { throw ($failures -join '; ') + '.' }
    Write-Host "Tests passed: dotnet test and tests/Pester (results in $resultsPath)." -ForegroundColor Green
}

function Invoke-Rehearse {
    Invoke-Build
    $script = [System.IO.Path]::Combine($repositoryRoot, 'build', 'Rehearse.ps1')
    Write-Host "> Rehearse the main job against the simulator ($script)" -ForegroundColor Cyan
    $exitCode = Invoke-ChildPowerShell -Script '$ErrorActionPreference = ''Stop''; & $env:VPPPOWERSHELL_REHEARSAL_SCRIPT -ModuleManifest $env:VPPPOWERSHELL_TEST_MANIFEST' -Environment @{
        VPPPOWERSHELL_REHEARSAL_SCRIPT = $script
        VPPPOWERSHELL_TEST_MANIFEST    = Get-ModuleManifestPath
    }
    if ($exitCode -ne 0) { throw "The rehearsal failed (exit code $exitCode)." }
}

function Invoke-Package {
    Invoke-Dotnet -Arguments @('build', $cmdletProject, '-t:PackModule', '-c', $Configuration)
    $version = Get-ModuleVersion
    $packageFolder = [System.IO.Path]::Combine($outputRoot, 'packages')
    $package = [System.IO.Path]::Combine($packageFolder, "VppPowerShell.$version.nupkg")
    if (-not (Test-Path -LiteralPath $package)) {
        throw "The package $package was not written."
    }

    Write-Host "Packed: $package" -ForegroundColor Green
    Write-Host 'To install it from that folder:'
    Write-Host "  Register-PSResourceRepository -Name VppLocal -Uri '$packageFolder' -Trusted"
    Write-Host '  Install-PSResource -Name VppPowerShell -Repository VppLocal'
    Write-Host 'or, with PowerShellGet 2:'
    Write-Host "  Register-PSRepository -Name VppLocal -SourceLocation '$packageFolder' -InstallationPolicy Trusted"
    Write-Host '  Install-Module -Name VppPowerShell -Repository VppLocal'
}

if ($null -eq (Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue)) {
    throw 'The .NET SDK (dotnet) is not on PATH; VppPowerShell needs .NET SDK 10 to build.'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Rehearse' { Invoke-Rehearse }
}
