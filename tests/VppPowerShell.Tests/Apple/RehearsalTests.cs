using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using VppPowerShell.Core.ReadModels;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Rehearsal;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Apple;

/// <summary>
/// README's rehearsals, run through the real cmdlets in one PowerShell session each (the simulator
/// belongs to the session that started it, and ends with it).
/// </summary>
[Collection(nameof(RehearsalTests))]
public sealed class RehearsalTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_quick_start_rehearses_a_runbook_end_to_end()
    {
        var result = CmdletRunner.Script("""
            $session = Start-VppSimulator -PassThru -Assets 12 -Assignments 300 -Users 40
            $session
            $session | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
            Sync-VppToken -StorePath $store
            @{
                Assets = @(Get-VppAsset -StorePath $store)
                Assignments = @(Get-VppAssignment -StorePath $store).Count
                Token = Get-VppToken -StorePath $store
                Again = try { Start-VppSimulator -ErrorAction Stop; $null } catch { $_.FullyQualifiedErrorId }
            }
            Stop-VppSimulator
            @{ FileLeft = Test-Path -LiteralPath $session.TokenFilePath; Offline = @(Sync-VppToken -StorePath $store -ErrorAction SilentlyContinue -ErrorVariable failed; $failed)[-1].FullyQualifiedErrorId }
            """, new { store = folder.StorePath }).ShouldSucceed();

        var session = Assert.IsType<VppSimulatorSession>(result.Output[0]);
        Assert.StartsWith("http://127.0.0.1:", session.ServiceUrl);
        var check = (System.Collections.Hashtable)result.Output[1]!;
        var assets = ((object[])check["Assets"]!).Select(a => (VppAsset)Unwrap(a)).ToList();
        Assert.Equal(12, assets.Count);
        Assert.Equal(300, assets.Sum(a => a.AssignedCount));
        Assert.All(assets, a => Assert.False(string.IsNullOrEmpty(a.Name)));
        Assert.Equal(300, Int(check["Assignments"]));
        Assert.Equal(session.LocationName, ((VppToken)Unwrap(check["Token"]!)).LocationName);
        Assert.StartsWith("SimulatorAlreadyRunning", (string)Unwrap(check["Again"]!));

        var after = (System.Collections.Hashtable)result.Output[2]!;
        Assert.False((bool)Unwrap(after["FileLeft"]!));
        Assert.StartsWith("AppleUnreachable", (string)Unwrap(after["Offline"]!));
    }

    [Fact]
    public void Several_locations_run_in_one_session_and_are_added_to_one_store()
    {
        var result = CmdletRunner.Script("""
            $rehearsal = Start-VppSimulator -PassThru -Assets 3 -Assignments 10 -Users 5
            $lyon = Start-VppSimulator -LocationName Lyon -CountryCode FR -PassThru -Assets 4 -Assignments 12 -Users 5
            $rehearsal, $lyon
            $rehearsal | Add-VppToken -Name Rehearsal -AppleId admin@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
            $lyon | Add-VppToken -Name Lyon -AppleId admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath $store
            Sync-VppToken -StorePath $store
            Get-VppToken -StorePath $store | Sort-Object Name
            Stop-VppSimulator -LocationName Lyon
            @{
                LyonFile = Test-Path -LiteralPath $lyon.TokenFilePath
                RehearsalFile = Test-Path -LiteralPath $rehearsal.TokenFilePath
                Left = @(Stop-VppSimulator -PassThru).LocationName
            }
            """, new { store = folder.StorePath }).ShouldSucceed();

        var sessions = result.Output.OfType<VppSimulatorSession>().ToList();
        Assert.Equal(new[] { "Rehearsal", "Lyon" }, sessions.Select(s => s.LocationName));
        Assert.Equal(sessions[0].ServiceUrl, sessions[1].ServiceUrl);
        Assert.NotEqual(sessions[0].LocationUId, sessions[1].LocationUId);
        Assert.NotEqual(sessions[0].TokenFilePath, sessions[1].TokenFilePath);

        var tokens = result.Output.OfType<VppToken>().ToList();
        Assert.Equal(new[] { "Lyon", "Rehearsal" }, tokens.Select(t => t.Name));
        Assert.Equal(new[] { "Lyon", "Rehearsal" }, tokens.Select(t => t.LocationName));

        var after = (System.Collections.Hashtable)result.Output.Last()!;
        Assert.False((bool)Unwrap(after["LyonFile"]!));
        Assert.True((bool)Unwrap(after["RehearsalFile"]!));
        Assert.Equal("Rehearsal", (string)Unwrap(after["Left"]!));
    }

    [Fact]
    public void A_legacy_account_is_added_synced_and_moved_to_a_location_it_moved_into()
    {
        var result = CmdletRunner.Script("""
            $legacy = Start-VppSimulator -Legacy -LocationName 'Contoso legacy' -PassThru -Assets 6 -Assignments 40 -Users 20
            $legacy | Add-VppToken -Legacy -Name 'Contoso legacy' -AppleId buyer@contoso.com -CountryCode US -AccountType Business -ConsentToDataSharing -StorePath $store
            Sync-VppToken -Name 'Contoso legacy' -StorePath $store
            $before = @(Get-VppAssignment -StorePath $store).Count
            $paris = Start-VppSimulator -LocationName Paris -CountryCode FR -FromLegacyAccount 'Contoso legacy' -PassThru
            $move = Move-VppToken -Name 'Contoso legacy' -Path $paris.TokenFilePath -ServiceUrl $paris.ServiceUrl -StorePath $store -Confirm:$false -PassThru
            @{
                Legacy = $legacy
                Paris = $paris
                Before = $before
                Missing = $move.AssignmentsMissing
                After = @(Get-VppAssignment -StorePath $store).Count
                Location = (Get-VppToken -Name 'Contoso legacy' -StorePath $store).LocationName
            }
            """, new { store = folder.StorePath }).ShouldSucceed();

        var check = (System.Collections.Hashtable)result.Output.Single()!;
        var legacy = (VppSimulatorSession)Unwrap(check["Legacy"]!);
        var paris = (VppSimulatorSession)Unwrap(check["Paris"]!);
        Assert.True(legacy.IsLegacy);
        Assert.EndsWith("/mdm/VPPServiceConfigSrv", legacy.ServiceUrl);
        Assert.Equal("Contoso legacy", paris.MovedFromLegacyAccount);
        Assert.True(Int(check["Before"]) > 0);
        Assert.Equal(legacy.Assignments, Int(check["Before"]));
        Assert.Equal(paris.Assignments, Int(check["Before"]));
        Assert.Equal(0, Int(check["Missing"]));
        Assert.Equal(Int(check["Before"]), Int(check["After"]));
        Assert.Equal("Paris", (string)Unwrap(check["Location"]!));
    }

    [Fact]
    public void Asset_names_are_found_in_every_store_the_readme_uses()
    {
        var result = CmdletRunner.Script("""
            Start-VppSimulator -PassThru -Assets 5 -Assignments 10 -Users 5 |
                Add-VppToken -Name Paris -AppleId admin@contoso.com -CountryCode FR -AccountType Business -ConsentToDataSharing -StorePath $store
            Sync-VppToken -StorePath $store
            Get-VppAsset -StorePath $store -Name 'Seeded App*'
            """, new { store = folder.StorePath }).ShouldSucceed();

        var assets = result.Output.OfType<VppAsset>().ToList();
        Assert.Equal(5, assets.Count);
        Assert.All(assets, a => Assert.StartsWith("Seeded App ", a.Name));
    }

    [Fact]
    public void The_token_file_is_owner_only_and_goes_with_the_session()
    {
        var path = Path.Combine(folder.Path, "rehearsal.vpptoken");
        var result = CmdletRunner.Script("""
            $session = Start-VppSimulator -PassThru -Assets 1 -Assignments 0 -Users 0 -TokenFilePath $path
            @{ Exists = Test-Path -LiteralPath $path; Mode = if ($IsLinux -or $IsMacOS) { [int](Get-Item -LiteralPath $path).UnixFileMode } else { -1 } }
            """, new { path }).ShouldSucceed();

        var check = (System.Collections.Hashtable)result.Output.Single()!;
        Assert.True((bool)Unwrap(check["Exists"]!));
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) Assert.Equal(Convert.ToInt32("600", 8), Int(check["Mode"]));
        Assert.False(File.Exists(path), "the session ended: its simulator's token file is deleted");
    }

    private static int Int(object? value) => Convert.ToInt32(Unwrap(value!), System.Globalization.CultureInfo.InvariantCulture);

    private static object Unwrap(object value) => value is System.Management.Automation.PSObject ps ? ps.BaseObject : value;
}
