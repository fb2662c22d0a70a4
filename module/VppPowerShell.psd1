#
# Module manifest for VppPowerShell.
# ModuleVersion is stamped from VersionPrefix (Directory.Build.props) when build/Module.targets
# lays the module out; the URIs from PSModuleProjectUri (build/Module.targets), ReleaseNotes from the
# latest entry of CHANGELOG.md. CmdletsToExport names every cmdlet, no wildcards; a test compares it with
# the cmdlet classes compiled into VppPowerShell.dll.
#
@{
    RootModule           = 'VppPowerShell.psm1'
    ModuleVersion        = '__MODULE_VERSION__'
    GUID                 = '4f0c9a52-7d3e-4b8a-9c61-2e5d8f1a7b34'
    Author               = 'VppPowerShell contributors'
    CompanyName          = 'VppPowerShell'
    Copyright            = 'Copyright (c) VppPowerShell contributors'
    Description          = 'Manages Apple volume-purchased (Apps and Books) licenses: location tokens, sync, assignment, revocation, reclaim, reports and bulk migration from legacy VPP.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    HelpInfoURI          = '__HELP_INFO_URI__'

    FormatsToProcess     = @('VppPowerShell.format.ps1xml')
    TypesToProcess       = @('VppPowerShell.types.ps1xml')

    CmdletsToExport      = @(
        'Add-VppGroupMember'
        'Add-VppToken'
        'Convert-VppLicense'
        'Copy-VppStore'
        'Export-VppAssignment'
        'Export-VppReport'
        'Get-VppAsset'
        'Get-VppAssignment'
        'Get-VppDevice'
        'Get-VppGroup'
        'Get-VppJob'
        'Get-VppLicenseReport'
        'Get-VppProxy'
        'Get-VppStore'
        'Get-VppToken'
        'Get-VppUser'
        'Import-VppAssignment'
        'Move-VppToken'
        'New-VppGroup'
        'Remove-VppAssignment'
        'Remove-VppGroup'
        'Remove-VppGroupMember'
        'Remove-VppToken'
        'Resume-VppJob'
        'Revoke-VppLicense'
        'Set-VppAssignment'
        'Set-VppDevice'
        'Set-VppStoreKey'
        'Set-VppProxy'
        'Set-VppToken'
        'Start-VppSimulator'
        'Stop-VppSimulator'
        'Sync-VppToken'
        'Test-VppToken'
        'Use-VppStore'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('Apple', 'VPP', 'AppsAndBooks', 'AppleBusinessManager', 'AppleSchoolManager', 'MDM', 'Licensing', 'Windows', 'Linux', 'MacOS', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = '__PROJECT_URI__'
            LicenseUri   = '__LICENSE_URI__'
            HelpInfoUri  = '__HELP_INFO_URI__'
            ReleaseNotes = '__RELEASE_NOTES__'
        }
    }
}
