using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Tokens;

/// <summary>The token is a secret everywhere (docs/design/architecture.md): no output, message or store byte shows it.</summary>
public sealed class TokenSecrecyTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly List<CmdletResult> results = new();
    private readonly HashSet<string> commandsRun = new(StringComparer.OrdinalIgnoreCase);

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_known_token_never_appears_in_output_messages_errors_or_the_store_file()
    {
        var location = TestApple.NewLocation("Contoso");
        var other = TestApple.NewLocation("Fabrikam");
        var firstContent = location.TokenFileContent;
        var firstPath = TokenCommands.WriteContent(folder, firstContent);
        var renewalContent = location.RenewToken(revokePrevious: false);
        var otherPath = TokenCommands.WriteToken(folder, other);
        var store = new Parameters().With("StorePath", folder.StorePath);

        Run("Add-VppToken", TokenCommands.AddParameters(folder, firstPath, "Secret test").With("PassThru", true));
        Run("Add-VppToken", TokenCommands.AddParameters(folder, firstPath, "Duplicate"));
        Run("Get-VppToken", new Parameters(), store);
        Run("Get-VppToken", new Parameters().With("Name", "Secret*").With("ExpiringWithin", 3650));
        Run("Test-VppToken", new Parameters().With("Name", "Secret test"));
        Run("Test-VppToken", new Parameters().With("Name", "Secret test").With("Detailed", true));
        Run("Set-VppToken", new Parameters().With("Name", "Secret test").With("Path", otherPath));
        Run("Set-VppToken", new Parameters().With("Name", "Secret test").With("Path", TokenCommands.WriteContent(folder, renewalContent)).With("NewName", "Renewed").With("PassThru", true));
        Run("Set-VppToken", new Parameters().With("Name", "Renewed").With("Token", Secure(firstContent)).With("PassThru", true));
        Run("Set-VppToken", new Parameters().With("Name", "Renewed").With("Token", Secure(renewalContent)).With("Path", firstPath));
        Run("Sync-VppToken", new Parameters().With("Name", "Renewed").With("PassThru", true));
        other.ClaimByOtherMdm("x", "Other MDM", "v1");
        Run("Add-VppToken", TokenCommands.AddParameters(folder, otherPath, "Claimed elsewhere"));
        Run("Move-VppToken", new Parameters().With("Name", "Renewed").With("Path", firstPath).With("Confirm", false));
        Run("Get-VppStore", new Parameters());
        Run("Remove-VppToken", new Parameters().With("Name", "Renewed").With("WhatIf", true));
        var storeBytes = ReadStoreFiles();
        Run("Remove-VppToken", new Parameters().With("Name", "Renewed").With("Force", true));

        var tokenCmdlets = CmdletMetadata.All.Where(c => c.Noun == "VppToken").Select(c => c.Name).ToList();
        Assert.Contains("Sync-VppToken", tokenCmdlets);
        Assert.Empty(tokenCmdlets.Except(commandsRun, StringComparer.OrdinalIgnoreCase));
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "TokenAlreadyAdded");
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "TokenOrganizationMismatch");
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "TokenClaimedByOtherMdm");
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "TokenNotLegacy");
        Assert.Contains(results, r => r.OutputOf<VppPowerShell.Core.Sync.SyncSummary>().Any());
        Assert.Contains(results, r => r.OutputOf<VppToken>().Any());

        var otherContent = other.TokenFileContent;
        var secrets = new[] { firstContent, TestApple.SecretOf(firstContent), renewalContent, TestApple.SecretOf(renewalContent), otherContent, TestApple.SecretOf(otherContent) };
        var texts = results.SelectMany(ResultTexts.Of).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
            Assert.False(Contains(storeBytes, Encoding.UTF8.GetBytes(secret)), "The store file holds a token in UTF-8.");
            Assert.False(Contains(storeBytes, Encoding.Unicode.GetBytes(secret)), "The store file holds a token in UTF-16.");
        }

        Assert.True(storeBytes.Length > 0);
        Assert.Contains(texts, t => t.Contains("Renewed"));
    }

    private void Run(string command, Parameters parameters, Parameters? extra = null)
    {
        parameters.With("StorePath", folder.StorePath);
        if (extra is not null) foreach (var (k, v) in extra) parameters[k] = v;
        results.Add(CmdletRunner.Invoke(command, parameters));
        commandsRun.Add(command);
    }

    private byte[] ReadStoreFiles()
    {
        var bytes = new List<byte>();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            var path = folder.StorePath + suffix;
            if (File.Exists(path)) bytes.AddRange(File.ReadAllBytes(path));
        }

        return bytes.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
