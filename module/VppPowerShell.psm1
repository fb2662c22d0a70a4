#
# VppPowerShell root module: loads the cmdlet assembly built for the PowerShell that imports it.
#
#   PowerShell 7.4 or later (Core)      bin/net8.0
#   Windows PowerShell 5.1 (Desktop)    bin/netstandard2.0
#   PowerShell 6 and 7.0 to 7.3         not supported: their .NET is older than the net8.0 build needs
#
Set-StrictMode -Version 3.0

$version = $PSVersionTable.PSVersion
if ($PSVersionTable.PSEdition -eq 'Core') {
    if ($version.Major -lt 7 -or ($version.Major -eq 7 -and $version.Minor -lt 4)) {
        throw ("VppPowerShell needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $version. " +
            'Install the current PowerShell from https://aka.ms/powershell and import the module there.')
    }

    $framework = 'net8.0'
}
else {
    $framework = 'netstandard2.0'
}

$binFolder = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework)
$cmdletAssembly = [System.IO.Path]::Combine($binFolder, 'VppPowerShell.dll')
if (-not [System.IO.File]::Exists($cmdletAssembly)) {
    throw "VppPowerShell is incomplete: '$cmdletAssembly' is missing. Reinstall the module."
}

# Native SQLite (e_sqlite3) ships under bin/<framework>/runtimes/<rid>/native. On Windows the
# loader also searches PATH, so the folder for this process's architecture goes first on it.
$onWindows = [System.IO.Path]::DirectorySeparatorChar -eq '\'
if ($onWindows) {
    $rid = switch ($env:PROCESSOR_ARCHITECTURE) {
        'AMD64' { 'win-x64' }
        'ARM64' { 'win-arm64' }
        default { $null }
    }

    if ($null -eq $rid) {
        throw "VppPowerShell runs in 64-bit PowerShell only (x64 or Arm64); this process is '$($env:PROCESSOR_ARCHITECTURE)'."
    }

    $nativeFolder = [System.IO.Path]::Combine($binFolder, 'runtimes', $rid, 'native')
    $pathEntries = @($env:PATH -split [System.IO.Path]::PathSeparator)
    if ($pathEntries -notcontains $nativeFolder) {
        $env:PATH = $nativeFolder + [System.IO.Path]::PathSeparator + $env:PATH
    }
}

# Windows PowerShell has no binding redirects for modules. The cmdlet assembly resolves its shipped
# dependencies itself (DependencyResolver, in C#, so it works on every thread). No script block
# handler here: on a worker thread, which has no runspace, it would throw and fail the load.

$cmdletModule = Import-Module -Name $cmdletAssembly -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($cmdletModule.ExportedCmdlets.Keys)
