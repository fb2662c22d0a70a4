#Requires -Version 7.4
<#
    Executable documentation: every example the user reads runs here, against a simulated Apple, and
    its outcome is checked (what its text says it does). A doc example that no longer works fails.

    The examples are found when the tests are discovered, never copied:
      - help: Get-Help <cmdlet> -Examples for every cmdlet the laid-out module exports (its MAML help,
        built from the <example> blocks of src/VppPowerShell/Commands/*.cs);
      - README.md: every ```powershell fence, run statement by statement, in order, in one world;
      - the about topic (en-US/about_VppPowerShell.help.txt of the laid-out module): every block indented
        one level deeper than its section's text whose first line starts with a command or a variable.
    Each one needs an entry in the assertion tables below ($HelpExamples, $ReadmeBlocks, $AboutBlocks): an
    example without one fails ("no assertion for example N of X"), and so does an entry whose example is gone.

    The world an example runs in (DocWorld.ps1): a temp folder as current location with the files the text
    names, a store of its own, and Apple as a simulator on loopback with locations made for the example.

        $container = New-PesterContainer -Path tests/Pester/Documentation.Tests.ps1 -Data @{ ModuleManifest = 'output/VppPowerShell/0.1.0/VppPowerShell.psd1' }
        Invoke-Pester -Container $container -Output Detailed
#>
param(
    [string] $ModuleManifest
)

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DocExamples.ps1')
    $manifest = Resolve-DocManifest -ModuleManifest $ModuleManifest -TestsFolder $PSScriptRoot
    $found = Find-DocExample -ModuleManifest $manifest -RepositoryRoot (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $helpFound = @($found | Where-Object Source -eq 'help')
    $readmeFound = @($found | Where-Object Source -eq 'README')
    $aboutFound = @($found | Where-Object Source -eq 'about')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DocExamples.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DocWorld.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DocAssertions.ps1')
    $script:DocManifest = Resolve-DocManifest -ModuleManifest $ModuleManifest -TestsFolder $PSScriptRoot
    $VppModule = Import-Module -Name $script:DocManifest -Force -PassThru -ErrorAction Stop
    $Simulator = Start-DocSimulator -ModuleBase $VppModule.ModuleBase
    $WorldRoot = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('vpp-docs-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $WorldRoot
    $OutputFolder = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $script:DocManifest))
    $StartLocation = Get-Location
    $Assertions = Get-DocAssertion
}

AfterAll {
    Set-Location -LiteralPath $StartLocation
    if (Get-Command Stop-VppSimulator -ErrorAction SilentlyContinue) { Stop-VppSimulator -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
    Exit-DocWorld
    Use-VppStore -Reset
    Set-VppProxy -Reset
    if ($Simulator) { $Simulator.Dispose() }
    # README's own Import-Module loaded the module through a world folder: PowerShell would read that
    # copy's format and types files again whenever a later test file imports the module, so it
    # forgets them first.
    $session = [runspace]::DefaultRunspace.InitialSessionState
    foreach ($entries in $session.Formats, $session.Types) {
        for ($i = $entries.Count - 1; $i -ge 0; $i--) {
            if ($entries[$i].FileName -and $entries[$i].FileName.StartsWith($WorldRoot)) { $entries.RemoveItem($i) }
        }
    }
    Remove-Item -LiteralPath $WorldRoot -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The documentation examples are found' {
    It 'finds the 73 examples of the cmdlet help' -TestCases @{ Count = $helpFound.Count } {
        $Count | Should -Be 73
    }

    It 'finds the PowerShell code blocks of README.md' -TestCases @{ Count = $readmeFound.Count } {
        $Count | Should -Be 4
    }

    It 'finds the example blocks of the about topic' -TestCases @{ Count = $aboutFound.Count } {
        $Count | Should -Be 5
    }

    It 'has an assertion for <Key>' -ForEach $found {
        $table = $Assertions[$Source]
        if (-not $table.ContainsKey($Key)) {
            throw "No assertion for example $Number of $Of ($Source): $Code"
        }
    }

    It 'has no assertion left for an example that is gone' -TestCases @{ Keys = @($found.Key) } {
        $stale = foreach ($source in $Assertions.Keys) { $Assertions[$source].Keys | Where-Object { $Keys -notcontains $_ } }
        $stale | Should -BeNullOrEmpty -Because 'an assertion whose example was removed or renamed checks nothing'
    }
}

Describe 'Help example <Key>' -ForEach $helpFound {
    BeforeAll {
        $entry = $Assertions.help[$Key]
        Exit-DocWorld
        # Examples of a shared store run against the PostgreSQL test server, when there is one.
        $skip = if ($entry.World -and $entry.World.Shared) { Get-TestPostgresSkipReason }
        if ($skip) { return }
        if ($entry.Before) { & $entry.Before }
        $world = New-DocWorld -Simulator $Simulator -Root $WorldRoot -Options $(if ($entry.World) { $entry.World } else { @{} })
        if ($entry.Prepare) { & $entry.Prepare $world }
        if ($entry.Child) {
            $result = Invoke-DocExampleInChild -World $world -Code $Code -Answers $entry.Answers
        }
        else {
            $answers = if ($entry.ReadHost) { & $entry.ReadHost $world } else { @() }
            $result = Invoke-DocExample -Code $Code -Scope (New-DocScope -World $world -ReadHostAnswers $answers)
        }
    }

    AfterAll {
        if ($entry.After -and -not $skip) { & $entry.After $world }
        Set-Location -LiteralPath $StartLocation
    }

    It 'runs as written and does what its text says: <Remarks>' {
        $entry | Should -Not -BeNullOrEmpty -Because "example $Number of $Of needs an assertion"
        if ($skip) { Set-ItResult -Skipped -Because $skip }
        if (-not $entry.Child -and -not $entry.ExpectErrors) {
            $result.Problems() | Should -BeNullOrEmpty -Because "the example runs as written: $Code"
        }
        & $entry.Assert $result $world
    }
}

Describe 'README <Key>' -ForEach $readmeFound {
    BeforeAll {
        $entry = $Assertions.README[$Key]
        Exit-DocWorld
        if ($entry.Before) { & $entry.Before }
        $world = New-DocWorld -Simulator $Simulator -Root $WorldRoot -Options $(if ($entry.World) { $entry.World } else { @{} })
        New-DocOutputLink -World $world -OutputFolder $OutputFolder
        $scope = New-DocScope -World $world
    }

    AfterAll {
        if ($entry.After) { & $entry.After $world }
        Set-Location -LiteralPath $StartLocation
    }

    It 'has an assertion for each of its <Statements.Count> statements' {
        @($entry.Statements).Count | Should -Be $Statements.Count -Because 'each statement of the block has its assertion, in order'
    }

    It 'statement <Index>: <Text>' -ForEach $Statements {
        $check = @($entry.Statements)[$Index - 1]
        $check | Should -Not -BeNullOrEmpty -Because "statement $Index of '$Heading' needs an assertion"
        $Text | Should -BeLikeExactly ($check.Starts + '*') -Because "the assertion for statement $Index is for a statement starting '$($check.Starts)'"
        if ($check.Prepare) { & $check.Prepare $world }
        $result = Invoke-DocExample -Code $Text -Scope $scope
        if (-not $check.ExpectErrors) { $result.Problems() | Should -BeNullOrEmpty -Because "the statement runs as written: $Text" }
        & $check.Assert $result $world
    }
}

Describe 'about_VppPowerShell <Key>' -ForEach $aboutFound {
    BeforeAll {
        $entry = $Assertions.about[$Key]
        Exit-DocWorld
        if ($entry.Before) { & $entry.Before }
        $world = New-DocWorld -Simulator $Simulator -Root $WorldRoot -Options $(if ($entry.World) { $entry.World } else { @{} })
        if ($entry.Prepare) { & $entry.Prepare $world }
        $result = Invoke-DocExample -Code $Code -Scope (New-DocScope -World $world)
    }

    AfterAll {
        if ($entry.After) { & $entry.After $world }
        Set-Location -LiteralPath $StartLocation
    }

    It 'runs as written and does what the topic says' {
        $entry | Should -Not -BeNullOrEmpty -Because "example $Number of $Of needs an assertion"
        $result.Problems() | Should -BeNullOrEmpty -Because "the example runs as written: $Code"
        & $entry.Assert $result $world
    }
}
