#
# VppPowerShell root module: loads the cmdlet assembly built for the PowerShell that imports it.
#
#   PowerShell 7.4 or later (Core)      bin/net8.0 (the engine and its dependencies in bin/net8.0/dependencies)
#   Windows PowerShell 5.1 (Desktop)    bin/netstandard2.0
#   PowerShell 6 and 7.0 to 7.3         not supported: their .NET is older than the net8.0 build needs
#
# Dependency isolation. Other modules in the same session (Az, Microsoft.Graph, PnP, dbatools, ...)
# bring their own versions of SQLite, Polly and the like. On PowerShell 7.4+ only the cmdlet assembly
# loads in PowerShell's default load context; when it first needs the engine, its module initializer
# (EngineLoadContext, in C#) loads the engine, the simulator and every dependency they reference,
# native SQLite included, from bin/net8.0/dependencies into the module's own load context, whatever
# versions other modules loaded before or load after. Windows PowerShell 5.1 has no load contexts:
# there the assemblies sit beside the cmdlet assembly and DependencyResolver hands them out.
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
$requiredFiles = @($cmdletAssembly)
if ($framework -eq 'net8.0') {
    $requiredFiles += [System.IO.Path]::Combine($binFolder, 'dependencies', 'VppPowerShell.Core.dll')
}

foreach ($requiredFile in $requiredFiles) {
    if (-not [System.IO.File]::Exists($requiredFile)) {
        throw "VppPowerShell is incomplete: '$requiredFile' is missing. Reinstall the module."
    }
}

# Windows PowerShell: native SQLite (e_sqlite3) ships under bin/netstandard2.0/runtimes/<rid>/native,
# and the loader also searches PATH, so the folder for this process's architecture goes first on it.
# (PowerShell 7.4+ needs no PATH entry: the module's load context loads it from its dependencies folder.)
if ($framework -eq 'netstandard2.0') {
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

# Both resolvers are set up in C# by the cmdlet assembly's module initializer (VppPowerShell.ModuleInitializer),
# so they work on every thread. No script block handler here: on a worker thread, which has no runspace,
# it would throw and fail the load.
# PowerShell 7.4+: Import-Module reads the cmdlet classes, whose fields have engine types, before it runs
# the initializer, so the private load context must be set up first: load the cmdlet assembly (Import-Module
# below then finds it loaded from the same path) and run the initializer now. Running it twice is harmless.
if ($framework -eq 'net8.0') {
    $loadedAssembly = [System.Reflection.Assembly]::LoadFrom($cmdletAssembly)
    $initializer = [System.Activator]::CreateInstance($loadedAssembly.GetType('VppPowerShell.ModuleInitializer', $true))
    $initializer.OnImport()
}

$cmdletModule = Import-Module -Name $cmdletAssembly -PassThru -ErrorAction Stop

# PowerShell 7.4+: PowerShell resolves type names ([VppPowerShell.Core.Tokens.AccountType]) only in its default
# load context, so scripts that name a public type of the engine or the simulator would no longer find it. Each
# of those types gets a type accelerator under its full name, the documented way for a module to make types
# visible, and loses it when the module is removed. The dependencies' types (SQLite, Polly) stay hidden.
if ($framework -eq 'net8.0') {
    $typeAccelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators', $true)
    $engineTypeNames = [System.Collections.Generic.List[string]]::new()
    foreach ($reference in $loadedAssembly.GetReferencedAssemblies()) {
        if ($reference.Name -notin 'VppPowerShell.Core', 'VppPowerShell.Simulator') { continue }

        # Resolved like the cmdlet assembly's own reference: from the module's load context.
        foreach ($type in [System.Reflection.Assembly]::Load($reference).GetExportedTypes()) {
            $typeAccelerators::Add($type.FullName, $type)
            $engineTypeNames.Add($type.FullName)
        }
    }

    $ExecutionContext.SessionState.Module.OnRemove = {
        foreach ($name in $engineTypeNames) {
            $null = $typeAccelerators::Remove($name)
        }
    }.GetNewClosure()
}

Export-ModuleMember -Cmdlet @($cmdletModule.ExportedCmdlets.Keys)
