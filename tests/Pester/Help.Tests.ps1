#Requires -Version 5.1
<#
    What a user finds at the prompt: Get-Help of every exported cmdlet (synopsis, description, every
    parameter, an example), and tab completion through TabExpansion2 (cmdlet names, parameter names,
    ValidateSet and enum values; the module's own completers are in Completion.Tests.ps1).
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
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.ps1') -ModuleManifest $ModuleManifest
    $CommonParameters = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)

    function Get-Completion {
        param([Parameter(Mandatory)] [string] $InputScript)
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

Describe 'Get-Help <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *" -Because 'a generated synopsis only repeats the syntax'
    }

    It 'has a description' {
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'documents every parameter' {
        $documented = @($help.Parameters.Parameter | Where-Object { ($_.Description | Out-String).Trim() } | ForEach-Object Name)
        # Hidden parameters (DontShow: the pipeline's InputObject) are left out of help, as PowerShell leaves them out of its syntax.
        $shown = { param($p) @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and -not $_.DontShow }).Count -gt 0 }
        $parameters = @($command.Parameters.Keys | Where-Object { $CommonParameters -notcontains $_ -and (& $shown $command.Parameters[$_]) })
        @($parameters | Where-Object { $documented -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'has an example with code' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterThan 0
        "$($examples[0].Code)".Trim() | Should -Match ([regex]::Escape($Name))
    }
}

Describe 'Tab completion' {
    It 'completes the cmdlet names from Get-Vpp' {
        $names = Get-Completion -InputScript 'Get-Vpp'
        foreach ($expected in @('Get-VppAsset', 'Get-VppAssignment', 'Get-VppToken', 'Get-VppLicenseReport', 'Get-VppJob', 'Get-VppStore')) {
            $names | Should -Contain $expected
        }
    }

    It 'completes parameter names of <Command> from <Prefix>' -TestCases @(
        @{ Command = 'Add-VppToken'; Prefix = '-Cons'; Expected = '-ConsentToDataSharing' }
        @{ Command = 'Set-VppAssignment'; Prefix = '-Ada'; Expected = '-AdamId' }
        @{ Command = 'Revoke-VppLicense'; Prefix = '-Seri'; Expected = '-SerialNumber' }
        @{ Command = 'Get-VppToken'; Prefix = '-Expiring'; Expected = '-ExpiringWithin' }
        @{ Command = 'Sync-VppToken'; Prefix = '-Sto'; Expected = '-StorePath' }
    ) {
        param($Command, $Prefix, $Expected)
        Get-Completion -InputScript "$Command $Prefix" | Should -Contain $Expected
    }

    It 'completes the values of <Command> <Parameter>' -TestCases @(
        @{ Command = 'Get-VppAsset'; Parameter = 'ProductType'; Expected = @('App', 'Book') }
        @{ Command = 'Get-VppUser'; Parameter = 'Status'; Expected = @('Associated', 'Deleted', 'Registered', 'Retired') }
        @{ Command = 'Set-VppDevice'; Parameter = 'Platform'; Expected = @('iOS', 'macOS') }
        @{ Command = 'Set-VppDevice'; Parameter = 'Ownership'; Expected = @('Corporate', 'Personal') }
        @{ Command = 'Set-VppAssignment'; Parameter = 'PricingParam'; Expected = @('PLUS', 'STDQ') }
        @{ Command = 'Add-VppToken'; Parameter = 'AccountType'; Expected = @('Business', 'Education') }
        @{ Command = 'New-VppGroup'; Parameter = 'MemberType'; Expected = @('Device', 'User') }
    ) {
        param($Command, $Parameter, $Expected)
        $values = @(Get-Completion -InputScript "$Command -$Parameter " | ForEach-Object { $_.Trim("'") } | Sort-Object)
        foreach ($value in $Expected) { $values | Should -Contain $value }
    }

    It 'completes the values of Set-VppAssignment -Intent from the enum' {
        $values = @(Get-Completion -InputScript 'Set-VppAssignment -Intent ')
        $values | Should -Contain 'Required'
        $values | Should -Contain 'Available'
    }

    It 'completes a value from its first letters' {
        Get-Completion -InputScript 'Set-VppDevice -Platform ma' | Should -Be @('macOS')
    }
}

Describe 'The about topic' {
    It 'is found by Get-Help about_VppPowerShell and names the cmdlets' {
        $text = Get-Help -Name about_VppPowerShell | Out-String
        $text | Should -Match 'Start-VppSimulator|Add-VppToken'
    }
}
