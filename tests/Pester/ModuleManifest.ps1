<#
    The module manifest the Pester files test: the one given (ModuleManifest), else the laid-out one
    under output/ for the version in Directory.Build.props. Dot-source it, then call
    Resolve-TestModuleManifest.
#>
function Resolve-TestModuleManifest {
    param([string] $ModuleManifest)
    if (-not $ModuleManifest) {
        $repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path
        [xml] $buildProps = Get-Content -LiteralPath (Join-Path -Path $repositoryRoot -ChildPath 'Directory.Build.props') -Raw
        $moduleVersion = $buildProps.SelectSingleNode('//VersionPrefix').InnerText.Trim()
        $ModuleManifest = [System.IO.Path]::Combine($repositoryRoot, 'output', 'VppPowerShell', $moduleVersion, 'VppPowerShell.psd1')
    }

    $ModuleManifest
}
