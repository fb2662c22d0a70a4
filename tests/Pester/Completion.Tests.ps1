#Requires -Version 5.1
<#
    Argument completion through PowerShell's own TabExpansion2, as an admin meets it at the prompt:
    token names (quoted when they hold spaces or quotes), asset ids with their names, group names and
    job ids, read from the store the command line names with -StorePath, else the session's store.
    A store that does not exist offers nothing and is not created. Every store is in $TestDrive.
#>
param(
    [string] $ModuleManifest
)

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $TestSimulator = Start-TestSimulator

    $Pages = '361309726'
    $Keynote = '408709785'

    # One store: tokens 'Contoso Paris' (Pages, Keynote) and "O'Brien Lyon", a device group, one job.
    $Paris = New-TestLocation -Name 'Contoso Paris'
    $Store = $Paris.StorePath
    $null = $Paris.Location.AddAsset($Pages, 10, 'App', 'STDQ', $true, $true, $null, 'Pages')
    $null = $Paris.Location.AddAsset($Keynote, 5, 'App', 'STDQ', $true, $true, $null, 'Keynote')
    $null = New-TestLocation -Name "O'Brien Lyon" -StorePath $Store
    Sync-VppToken -StorePath $Store
    New-VppGroup -Name 'Field iPads' -MemberType Device -Member 'C02SERIAL901' -StorePath $Store
    $null = Set-VppAssignment -TokenName 'Contoso Paris' -AdamId $Pages -SerialNumber 'C02SERIAL902' -StorePath $Store -Confirm:$false
    $JobId = @(Get-VppJob -StorePath $Store)[0].JobId

    # Another store, with another token, to tell which store completion read.
    $Other = New-TestLocation -Name 'Berlin Mitte'

    # What TabExpansion2 offers with the cursor at the end of the line.
    function Get-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

AfterAll {
    if ($TestSimulator) { $TestSimulator.Dispose() }
}

Describe 'Token names' {
    It 'completes -Name of Get-VppToken, quoting a name with a space' {
        $matches = Get-Completion "Get-VppToken -StorePath '$Store' -Name Con"
        $matches.CompletionText | Should -Be @("'Contoso Paris'")
        $matches[0].ListItemText | Should -Be 'Contoso Paris'
        $matches[0].ToolTip | Should -Match 'Business'
    }

    It 'doubles a single quote inside a name' {
        (Get-Completion "Test-VppToken -StorePath '$Store' -Name o").CompletionText | Should -Be @("'O''Brien Lyon'")
    }

    It 'matches case-insensitively, with wildcards, and every token when nothing is typed' {
        (Get-Completion "Get-VppToken -StorePath '$Store' -Name *LYON").CompletionText | Should -Be @("'O''Brien Lyon'")
        (Get-Completion "Remove-VppToken -StorePath '$Store' -Name ").CompletionText | Should -Be @("'Contoso Paris'", "'O''Brien Lyon'")
    }

    It 'continues a name the user opened with a quote' {
        (Get-Completion "Set-VppToken -StorePath '$Store' -Name 'Contoso P").CompletionText | Should -Be @("'Contoso Paris'")
    }

    It 'completes -TokenName of the licensing and data cmdlets' {
        (Get-Completion "Set-VppAssignment -StorePath '$Store' -TokenName con").CompletionText | Should -Be @("'Contoso Paris'")
        (Get-Completion "Get-VppAsset -StorePath '$Store' -TokenName O").CompletionText | Should -Be @("'O''Brien Lyon'")
    }

    It 'round-trips: the completed text runs as the name' {
        $text = (Get-Completion "Get-VppToken -StorePath '$Store' -Name O").CompletionText
        $token = Invoke-Expression "Get-VppToken -StorePath '$Store' -Name $text"
        $token.Name | Should -Be "O'Brien Lyon"
    }
}

Describe 'Asset ids' {
    It 'completes -AdamId by id, with the asset name in the list and the tooltip' {
        $matches = Get-Completion "Get-VppAsset -StorePath '$Store' -AdamId 3613"
        $matches.CompletionText | Should -Be @($Pages)
        $matches[0].ListItemText | Should -Match 'Pages'
        $matches[0].ToolTip | Should -Match 'Pages'
        $matches[0].ToolTip | Should -Match 'Contoso Paris'
    }

    It 'completes -AdamId from the asset name' {
        (Get-Completion "Set-VppAssignment -StorePath '$Store' -AdamId key").CompletionText | Should -Be @($Keynote)
    }

    It 'offers only the assets of the -TokenName on the line' {
        (Get-Completion "Get-VppAssignment -StorePath '$Store' -TokenName 'Contoso Paris' -AdamId ").CompletionText | Should -Be @($Pages, $Keynote)
        Get-Completion "Get-VppAssignment -StorePath '$Store' -TokenName `"O'Brien Lyon`" -AdamId " | Should -BeNullOrEmpty
    }
}

Describe 'Group names and job ids' {
    It 'completes group names for the group cmdlets and -GroupName' {
        (Get-Completion "Get-VppGroup -StorePath '$Store' -Name fi").CompletionText | Should -Be @("'Field iPads'")
        (Get-Completion "Add-VppGroupMember -StorePath '$Store' -GroupName F").CompletionText | Should -Be @("'Field iPads'")
        (Get-Completion "Set-VppAssignment -StorePath '$Store' -GroupName ").CompletionText | Should -Be @("'Field iPads'")
        Get-Completion "Get-VppGroup -StorePath '$Store' -Name Field_" | Should -BeNullOrEmpty
        $matches = Get-Completion "Remove-VppGroup -StorePath '$Store' -Name Field"
        $matches[0].ToolTip | Should -Match 'device group, 1 member'
    }

    It 'completes job ids' {
        $matches = Get-Completion "Get-VppJob -StorePath '$Store' -JobId "
        $matches.CompletionText | Should -Be @($JobId)
        (Get-Completion ("Resume-VppJob -StorePath '$Store' -JobId " + $JobId.Substring(0, 10))).CompletionText | Should -Be @($JobId)
    }
}

Describe 'The store completion reads' {
    It 'is the -StorePath typed earlier on the line' {
        (Get-Completion "Get-VppToken -StorePath '$($Other.StorePath)' -Name ").CompletionText | Should -Be @("'Berlin Mitte'")
    }

    It 'is a -StorePath relative to the current location' {
        Push-Location -LiteralPath (Split-Path -Path $Other.StorePath -Parent)
        try {
            $relative = './' + (Split-Path -Path $Other.StorePath -Leaf)
            (Get-Completion "Get-VppToken -StorePath $relative -Name B").CompletionText | Should -Be @("'Berlin Mitte'")
        }
        finally {
            Pop-Location
        }
    }

    It 'is the session default without -StorePath' {
        $saved = $env:VPP_STORE_PATH
        try {
            $env:VPP_STORE_PATH = $Other.StorePath
            (Get-Completion 'Get-VppToken -Name ').CompletionText | Should -Be @("'Berlin Mitte'")
            Use-VppStore -Path $Store
            (Get-Completion 'Get-VppToken -Name ').CompletionText | Should -Be @("'Contoso Paris'", "'O''Brien Lyon'")
        }
        finally {
            Use-VppStore -Reset
            $env:VPP_STORE_PATH = $saved
        }
    }

    It 'offers nothing and creates no file when the store does not exist' {
        $missing = Join-Path -Path $TestDrive -ChildPath 'no-such-store.db'
        Get-Completion "Get-VppToken -StorePath '$missing' -Name " | Should -BeNullOrEmpty
        Get-Completion "Get-VppAsset -StorePath '$missing' -AdamId 3" | Should -BeNullOrEmpty
        Get-Completion "Get-VppGroup -StorePath '$missing' -Name " | Should -BeNullOrEmpty
        Get-Completion "Get-VppJob -StorePath '$missing' -JobId " | Should -BeNullOrEmpty
        Test-Path -LiteralPath $missing | Should -BeFalse

        $saved = $env:VPP_STORE_PATH
        try {
            $env:VPP_STORE_PATH = Join-Path -Path $TestDrive -ChildPath 'missing-default.db'
            Get-Completion 'Get-VppToken -Name ' | Should -BeNullOrEmpty
            Test-Path -LiteralPath $env:VPP_STORE_PATH | Should -BeFalse
        }
        finally {
            $env:VPP_STORE_PATH = $saved
        }
    }

    It 'offers nothing, without an error, for a file that is not a store' {
        $notAStore = Join-Path -Path $TestDrive -ChildPath 'not-a-store.db'
        Set-Content -LiteralPath $notAStore -Value 'hello'
        $Error.Clear()
        Get-Completion "Get-VppToken -StorePath '$notAStore' -Name " | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
        Get-Content -LiteralPath $notAStore | Should -Be 'hello'
    }
}
