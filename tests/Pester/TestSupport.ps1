<#
    Helpers shared by the Pester files in tests/Pester. Dot-source it from a BeforeAll block:

        BeforeAll { . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest }

    It imports the laid-out module and defines $VppModule, $ModuleManifest and the helpers below.

    Apple is simulated on loopback. Start-VppSimulator gives a session one seeded location; tests that
    need several locations, or exact counts, run a simulator of their own: VppPowerShell.Simulator.dll
    from the laid-out module's bin folder, loaded here as a test fixture. Its types are looked up by
    name from that assembly (never by type literal), so the tests do not depend on where the module
    itself loads its engine and simulator.
#>
param(
    [string] $ModuleManifest
)

. (Join-Path -Path $PSScriptRoot -ChildPath 'ModuleManifest.ps1')
$ModuleManifest = Resolve-TestModuleManifest -ModuleManifest $ModuleManifest

$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
$VppModule = Import-Module -Name $ModuleManifest -Force -PassThru -ErrorAction Stop

# Never the per-user store: a test that forgets -StorePath lands in a throw-away store.
$env:VPP_STORE_PATH = Join-Path -Path $TestDrive -ChildPath 'default-from-environment.db'

# The simulator that ships in the module, as the module loaded it: on PowerShell 7 in its private
# load context, named through the type accelerators the module registers.
function Get-SimulatorAssembly {
    $type = 'VppPowerShell.Simulator.AppleSimulator' -as [type]
    if ($type) { return $type.Assembly }
    $path = [System.IO.Path]::Combine($VppModule.ModuleBase, 'bin', 'netstandard2.0', 'VppPowerShell.Simulator.dll')
    if (-not (Test-Path -LiteralPath $path)) { throw "The laid-out module has no simulator at $path." }
    [System.Reflection.Assembly]::LoadFrom($path)
}

# A simulator of Apple's service owned by the test (dispose it in AfterAll).
function Start-TestSimulator {
    $type = (Get-SimulatorAssembly).GetType('VppPowerShell.Simulator.AppleSimulator', $true)
    $type::Start($null, 0)
}

function New-TestStorePath {
    param([string] $Prefix = 'vpp')
    Join-Path -Path $TestDrive -ChildPath ($Prefix + '-' + [guid]::NewGuid().ToString('N') + '.db')
}

# A new location on a test simulator, its token file, and the secret inside it.
function New-SimulatedTokenFile {
    param(
        $Simulator = $TestSimulator,
        [string] $Folder = $TestDrive,
        [int] $ExpiresInDays = 365,
        [string] $Organization = 'Contoso Schools',
        [string] $CountryCode = 'FR',
        [switch] $Education
    )

    $location = $Simulator.AddLocation('Location ' + [guid]::NewGuid().ToString('N').Substring(0, 8), $Organization, $CountryCode, [bool] $Education,
        [DateTimeOffset]::UtcNow.AddDays($ExpiresInDays))
    $path = Join-Path -Path $Folder -ChildPath ('sToken_for_' + [guid]::NewGuid().ToString('N') + '.vpptoken')
    $null = $location.WriteTokenFile($path)
    [pscustomobject]@{
        Path         = $path
        Secret       = Get-TokenSecret -Content $location.TokenFileContent
        Content      = $location.TokenFileContent
        ExpiresOn    = $location.TokenExpiresOn
        Organization = $Organization
        Location     = $location
        ServiceUrl   = $Simulator.BaseUri.AbsoluteUri
    }
}

# A location with a token in a store of its own: the usual start of a licensing test.
function New-TestLocation {
    param(
        $Simulator = $TestSimulator,
        [string] $StorePath = (New-TestStorePath),
        [string] $Name = 'Contoso Paris'
    )

    $file = New-SimulatedTokenFile -Simulator $Simulator -Folder $TestDrive
    $token = Add-VppToken -Path $file.Path -Name $Name -AppleId 'vpp-admin@contoso.com' -CountryCode FR -AccountType Business `
        -ConsentToDataSharing -ServiceUrl $file.ServiceUrl -StorePath $StorePath -PassThru
    $file | Add-Member -NotePropertyName StorePath -NotePropertyValue $StorePath
    $file | Add-Member -NotePropertyName Token -NotePropertyValue $token
    $file | Add-Member -NotePropertyName Name -NotePropertyValue $Name
    $file
}

function Get-TokenSecret {
    param([Parameter(Mandatory)] [string] $Content)
    ([System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Content.Trim())) | ConvertFrom-Json).token
}

function Set-TestFileText {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    [System.IO.File]::WriteAllText($Path, $Text)
}

function ConvertTo-Base64 {
    param([Parameter(Mandatory)] [string] $Text)
    [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text))
}

# The terminating error a script block throws; fails the test when it throws none.
function Get-TerminatingError {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    try {
        $null = & $ScriptBlock
    }
    catch {
        return $_
    }

    throw 'Expected a terminating error, but the command succeeded.'
}

# The short name of an object's type, whatever assembly or namespace it comes from.
function Get-TypeShortName {
    param([Parameter(Mandatory)] $InputObject)
    $InputObject.GetType().Name
}

# The header line of a table rendered as text: the first line followed by a line of dashes.
function Get-TableHeaderLine {
    param([Parameter(Mandatory)] [string] $Text)
    $lines = @($Text -split "`r?`n")
    for ($i = 0; $i -lt $lines.Count - 1; $i++) {
        if ($lines[$i].Trim() -and $lines[$i + 1] -match '^[\s-]+$' -and $lines[$i + 1].Contains('-')) {
            return [pscustomobject]@{ Header = $lines[$i]; Dashes = $lines[$i + 1]; Index = $i; Lines = $lines }
        }
    }

    $null
}

# A type of an assembly the module loaded (the engine, SQLite), found by name in whichever load
# context holds it, for the few tests that prepare a store faster than the cmdlets can.
function Get-LoadedType {
    param([Parameter(Mandatory)] [string] $AssemblyName, [Parameter(Mandatory)] [string] $TypeName)
    $assemblies = if ($PSVersionTable.PSEdition -eq 'Core') {
        @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { $_.Assemblies })
    }
    else {
        @([AppDomain]::CurrentDomain.GetAssemblies())
    }

    $assembly = $assemblies | Where-Object { $_.GetName().Name -eq $AssemblyName } | Select-Object -First 1
    if ($null -eq $assembly) { throw "The module has not loaded $AssemblyName." }
    $assembly.GetType($TypeName, $true)
}
