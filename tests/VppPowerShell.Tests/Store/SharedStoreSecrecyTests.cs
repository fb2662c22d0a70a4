using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Binding;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Tests.Shared;
using VppPowerShell.Tests.Tokens;
using Xunit;

namespace VppPowerShell.Tests.Store;

/// <summary>
/// A shared store's secrets (the token, the database password, the store keys) never appear in output,
/// errors, warnings, verbose or debug text, prompts or progress, whatever the commands do with them.
/// </summary>
[Collection(nameof(DefaultStoreCollection))]
public sealed class SharedStoreSecrecyTests
{
    [Theory, PostgresStore]
    public void No_token_password_or_key_is_ever_shown(StoreEngine engine)
    {
        using var f = new SharedStoreFixture();
        using var source = new LicensingFixture();
        var copyTarget = TestStores.NewSchema();
        var credential = f.LoginCredential();
        var location = TestApple.NewLocation();
        var content = location.TokenFileContent;
        var results = new List<CmdletResult>();
        void Run(string command, Parameters parameters) => results.Add(CmdletRunner.Invoke(command, parameters.With("Verbose", true)));
        // The login's password written into the connection string itself, as some runbooks do.
        var withInlinePassword = new Npgsql.NpgsqlConnectionStringBuilder(f.ConnectionString)
            { Username = SharedStoreFixture.LoginRole, Password = SharedStoreFixture.LoginPassword }.ConnectionString;

        Run("Use-VppStore", new Parameters().With("ConnectionString", f.ConnectionString).With("Credential", credential).With("Key", Secure(TestStores.KeyText)).With("PassThru", true));
        Run("Add-VppToken", TokenCommands.AddParameters(f.Folder, TokenCommands.WriteContent(f.Folder, content)).Without("StorePath").With("PassThru", true));
        Run("Get-VppToken", new Parameters());
        Run("Get-VppStore", new Parameters());
        Run("Sync-VppToken", new Parameters().With("PassThru", true).With("Debug", true));
        Run("Set-VppStoreKey", new Parameters().With("NewKey", Secure(SharedStoreFixture.OtherKeyText)).With("Force", true).With("PassThru", true));
        Run("Use-VppStore", new Parameters().With("ConnectionString", withInlinePassword).With("Key", Secure(TestStores.KeyText)));
        Run("Use-VppStore", new Parameters().With("ConnectionString", withInlinePassword).With("Key", Secure("far-too-short")));
        Run("Get-VppToken", new Parameters().With("StoreConnectionString", withInlinePassword));
        Run("Copy-VppStore", new Parameters().With("Path", source.Folder.StorePath).With("ConnectionString", f.ConnectionString).With("Credential", credential).With("Key", Secure(SharedStoreFixture.OtherKeyText)));
        Run("Copy-VppStore", new Parameters().With("Path", source.Folder.StorePath).With("ConnectionString", copyTarget)
            .With("Key", Secure(TestStores.KeyText)).With("PassThru", true));
        Run("Use-VppStore", new Parameters().With("Reset", true));
        Run("Get-VppToken", new Parameters().With("StoreConnectionString", withInlinePassword));

        Assert.Equal(StoreEngine.PostgreSql, engine);
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "StoreKeyWrong");
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "StoreKeyInvalid");
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "StoreNotEmpty");
        Assert.Contains(results, r => r.TerminatingError?.ErrorId == "StoreKeyMissing");
        Assert.Contains(results, r => r.OutputOf<StoreCopySummary>().Any());
        var texts = results.SelectMany(ResultTexts.Of).ToList();
        Assert.Contains(texts, t => t.Contains("Contoso Paris"));
        foreach (var secret in new[] { content, TestApple.SecretOf(content), SharedStoreFixture.LoginPassword, TestStores.KeyText, SharedStoreFixture.OtherKeyText, "far-too-short" })
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(TestApple.SecretOf(content))), f.Dump());
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
