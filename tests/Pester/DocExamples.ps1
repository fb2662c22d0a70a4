<#
    For Documentation.Tests.ps1 (dot-sourced there): where the documentation's examples are, and what
    each one must be seen to do.
#>

function Resolve-DocManifest {
    param([string] $ModuleManifest, [Parameter(Mandatory)] [string] $TestsFolder)
    . (Join-Path -Path $TestsFolder -ChildPath 'ModuleManifest.ps1')
    $ModuleManifest = Resolve-TestModuleManifest -ModuleManifest $ModuleManifest

    (Resolve-Path -LiteralPath $ModuleManifest -ErrorAction Stop).Path
}

# The top-level statements of a code block, in order, each with its text as written.
function Split-DocStatement {
    param([Parameter(Mandatory)] [string] $Code)
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $errors)
    if ($errors) { return @(@{ Index = 1; Text = $Code }) }
    $index = 0
    foreach ($statement in $ast.EndBlock.Statements) {
        $index++
        @{ Index = $index; Text = $statement.Extent.Text }
    }
}

<#
    Every example: Source (help, README, about), Key (the assertion's key), Number and Of (example N of X),
    Code (as written), Remarks (what its text says), and for README blocks, Heading and Statements.
#>
function Find-DocExample {
    param([Parameter(Mandatory)] [string] $ModuleManifest, [Parameter(Mandatory)] [string] $RepositoryRoot)

    # The cmdlet help, as Get-Help shows it from the laid-out module.
    $module = Import-Module -Name $ModuleManifest -Force -PassThru -ErrorAction Stop
    foreach ($name in @($module.ExportedCmdlets.Keys | Sort-Object)) {
        $number = 0
        foreach ($example in @((Get-Help -Name $name -Examples).examples.example)) {
            if (-not $example) { continue }
            $number++
            @{
                Source  = 'help'; Key = "$name #$number"; Number = $number; Of = $name
                Code    = ([string] $example.code).Trim()
                Remarks = ((@($example.remarks) | ForEach-Object { $_.Text }) -join ' ').Trim()
            }
        }
    }

    # README.md: ```powershell fences, under their ## heading.
    $readme = Get-Content -LiteralPath (Join-Path $RepositoryRoot 'README.md') -Raw
    $fences = [regex]::Matches($readme, '(?ms)^```powershell[ \t]*\r?\n(.*?)^```')
    $seen = @{}
    $number = 0
    foreach ($fence in $fences) {
        $number++
        $before = $readme.Substring(0, $fence.Index)
        $heading = ([regex]::Matches($before, '(?m)^#{2,3} +(.+?)\s*$') | Select-Object -Last 1).Groups[1].Value
        $seen[$heading] = 1 + [int] $seen[$heading]
        $key = if ($seen[$heading] -gt 1) { "$heading #$($seen[$heading])" } else { $heading }
        $code = $fence.Groups[1].Value.TrimEnd()
        @{
            Source = 'README'; Key = $key; Number = $number; Of = 'README.md'; Heading = $heading; Code = $code; Remarks = $heading
            Statements = @(Split-DocStatement -Code $code)
        }
    }

    # The about topic: a block indented one level deeper (8 spaces) than its section's text (4), after a
    # blank line, whose first line starts with a command (Verb-Noun) or a variable. Lists are not code.
    $lines = Get-Content -LiteralPath (Join-Path $RepositoryRoot 'module/en-US/about_VppPowerShell.help.txt')
    $section = ''
    $inSection = @{}
    $number = 0
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line -match '^\S') { $section = $line.Trim(); continue }
        $startsBlock = $line -match '^ {8}\S' -and ($i -eq 0 -or $lines[$i - 1].Trim() -eq '')
        if (-not $startsBlock) { continue }
        $block = [System.Collections.Generic.List[string]]::new()
        while ($i -lt $lines.Count -and ($lines[$i] -match '^ {8}' -or ($lines[$i].Trim() -eq '' -and $i + 1 -lt $lines.Count -and $lines[$i + 1] -match '^ {8}'))) {
            $block.Add($(if ($lines[$i].Length -ge 8) { $lines[$i].Substring(8) } else { '' }))
            $i++
        }
        $i--
        if ($block[0] -notmatch '^(\$|[A-Z][a-z]+-[A-Z]\w+)') { continue }
        $number++
        $inSection[$section] = 1 + [int] $inSection[$section]
        @{
            Source = 'about'; Key = "$section #$($inSection[$section])"; Number = $number; Of = 'about_VppPowerShell'
            Code   = ($block -join [Environment]::NewLine).TrimEnd(); Remarks = $section
        }
    }
}

# README blocks import ./output/VppPowerShell/<version>/VppPowerShell.psd1: the world's folder links to the laid-out module.
function New-DocOutputLink {
    param([Parameter(Mandatory)] $World, [Parameter(Mandatory)] [string] $OutputFolder)
    $link = Join-Path $World.Folder 'output'
    $type = if ($IsWindows) { 'Junction' } else { 'SymbolicLink' }
    $null = New-Item -ItemType $type -Path $link -Target $OutputFolder
}

# ---- helpers for assertions ---------------------------------------------------------------

# The targets (serial numbers and client user ids) holding a license of an asset at Apple.
function Get-DocHolder {
    param([Parameter(Mandatory)] $Location, [Parameter(Mandatory)] [string] $AdamId)
    @($Location.Assignments | Where-Object AdamId -eq $AdamId | ForEach-Object { if ($_.SerialNumber) { $_.SerialNumber } else { $_.ClientUserId } })
}

# An object's type name without its namespace (the module's types may move between assemblies).
function Get-DocTypeName {
    param($InputObject)
    ($InputObject.PSObject.TypeNames[0] -split '\.')[-1]
}
