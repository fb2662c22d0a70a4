<#
.SYNOPSIS
    Builds, tests and packages the VppPowerShell module.

.DESCRIPTION
    Build    Lays the module out in output/VppPowerShell/<version>: the manifest with its version
             stamped from Directory.Build.props, the root module, format, types and help files, and
             bin/net8.0 and bin/netstandard2.0 (dotnet build -t:LayoutModule).
    Test     Runs dotnet test VppPowerShell.sln. Then, where Pester 5 is installed, lays the module
             out and runs tests/Pester against it, in a fresh PowerShell process of the same edition
             as this one (so the module's assemblies are not left loaded here).
    Package  Lays the module out and packs output/packages/VppPowerShell.<version>.nupkg
             (dotnet build -t:PackModule), a package that Install-PSResource and Install-Module
             install from a local file repository.

    Needs the .NET SDK 10 (dotnet) on PATH. Runs in PowerShell 7 and Windows PowerShell 5.1.

.PARAMETER Task
    Build (the default), Test or Package.

.PARAMETER Configuration
    The build configuration: Release (the default) or Debug.

.EXAMPLE
    ./build.ps1

    Lays the module out; import it with Import-Module ./output/VppPowerShell/<version>/VppPowerShell.psd1.

.EXAMPLE
    ./build.ps1 -Task Package

    Makes output/packages/VppPowerShell.<version>.nupkg.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
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

function Invoke-Test {
    Invoke-Dotnet -Arguments @('test', $solution, '-c', $Configuration)

    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version] '5.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 is not installed here: tests/Pester were not run (Install-Module Pester -MinimumVersion 5.0 to run them).'
        return
    }

    Invoke-Build

    # Pester runs in a child process: a binary module cannot be unloaded from this one. The
    # paths go through the environment, so no quoting is needed on the command line.
    $env:VPPPOWERSHELL_PESTER_MODULE = $pester.Path
    $env:VPPPOWERSHELL_TEST_MANIFEST = Get-ModuleManifestPath
    $env:VPPPOWERSHELL_TEST_PATH = [System.IO.Path]::Combine($repositoryRoot, 'tests', 'Pester')
    $env:VPPPOWERSHELL_TEST_RESULTS = [System.IO.Path]::Combine($outputRoot, 'TestResults', 'pester.xml')
    $runner = @'
$ErrorActionPreference = 'Stop'
$env:PSModulePath = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($env:VPPPOWERSHELL_TEST_MANIFEST))) +
    [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module -Name $env:VPPPOWERSHELL_PESTER_MODULE -ErrorAction Stop
$configuration = New-PesterConfiguration
$configuration.Run.Container = New-PesterContainer -Path $env:VPPPOWERSHELL_TEST_PATH -Data @{ ModuleManifest = $env:VPPPOWERSHELL_TEST_MANIFEST }
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $env:VPPPOWERSHELL_TEST_RESULTS
Invoke-Pester -Configuration $configuration
'@
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($runner))
    $powershell = (Get-Process -Id $PID).Path

    Write-Host "> Invoke-Pester tests/Pester (in $powershell)" -ForegroundColor Cyan
    try {
        & $powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded
        $failed = $LASTEXITCODE
    }
    finally {
        Remove-Item -Path 'Env:VPPPOWERSHELL_PESTER_MODULE', 'Env:VPPPOWERSHELL_TEST_MANIFEST', 'Env:VPPPOWERSHELL_TEST_PATH', 'Env:VPPPOWERSHELL_TEST_RESULTS' -ErrorAction SilentlyContinue
    }

    if ($failed -ne 0) {
        throw "tests/Pester failed (exit code $failed); results in $([System.IO.Path]::Combine($outputRoot, 'TestResults', 'pester.xml'))."
    }
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
}
