using System;
using System.IO;
using Microsoft.Data.Sqlite;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Tokens;

/// <summary>Each bad input gets a clear error naming it, and the store stays exactly as it was.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder folder = new();

    public BadInputTests()
    {
        // A store that already holds one token, so "unchanged" means something.
        TokenCommands.Add(folder, TestApple.NewLocation(), "Existing").ShouldSucceed();
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Missing_token_file() =>
        AssertRefusedAndUnchanged(folder.File("nowhere.vpptoken"), "TokenFileNotFound", "nowhere.vpptoken");

    [Fact]
    public void Empty_token_file() =>
        AssertRefusedAndUnchanged(folder.Write("empty.vpptoken", "  \n"), "TokenFileEmpty", "empty.vpptoken");

    [Fact]
    public void Token_file_that_is_not_base64() =>
        AssertRefusedAndUnchanged(folder.Write("text.vpptoken", "this is not a token!"), "TokenFileNotBase64", "not base64");

    [Fact]
    public void Token_file_that_is_base64_but_not_json() =>
        AssertRefusedAndUnchanged(folder.Write("b64.vpptoken", TestTokenFile.Base64("hello world")), "TokenFileNotJson", "not to JSON");

    [Theory]
    [InlineData("token")]
    [InlineData("expDate")]
    [InlineData("orgName")]
    public void Token_file_without_a_required_member(string member)
    {
        var members = new System.Collections.Generic.Dictionary<string, string>
        {
            ["token"] = "S3CRET-x", ["expDate"] = "2031-03-14T09:26:53+0000", ["orgName"] = "Contoso",
        };
        members.Remove(member);
        var json = System.Text.Json.JsonSerializer.Serialize(members);

        AssertRefusedAndUnchanged(folder.Write("partial.vpptoken", TestTokenFile.Base64(json)), "TokenFileMissingField", $"'{member}'");
    }

    [Fact]
    public void Token_file_with_an_unparseable_date() =>
        AssertRefusedAndUnchanged(
            folder.Write("date.vpptoken", TestTokenFile.Base64("{\"token\":\"S3CRET-d\",\"expDate\":\"next spring\",\"orgName\":\"Contoso\"}")),
            "TokenFileInvalidExpiry", "next spring");

    [Fact]
    public void Token_file_already_expired() =>
        AssertRefusedAndUnchanged(new TestTokenFile(expiresOn: DateTimeOffset.UtcNow.AddDays(-1)).WriteTo(folder.Path), "TokenExpired", "expired on");

    [Fact]
    public void The_same_token_added_twice_names_the_existing_record()
    {
        var location = TestApple.NewLocation();
        TokenCommands.Add(folder, location, "First").ShouldSucceed();

        var error = AssertRefusedAndUnchanged(TokenCommands.WriteToken(folder, location), "TokenAlreadyAdded", "'First'");

        Assert.Equal("First", Assert.IsType<VppToken>(error.Target).Name);
    }

    [Fact]
    public void The_3001st_token_is_refused_R_T1()
    {
        using (var store = VppStore.Open(StoreLocation.Resolve(folder.StorePath, null)))
        {
            var catalog = new TokenCatalog(store);
            for (var i = catalog.Count; i < TokenCatalog.MaxTokens; i++)
            {
                var file = new TestTokenFile();
                catalog.Add(NewTokenRequest.Create(TokenSource.FromFile(file.WriteTo(folder.Path, "bulk.vpptoken")), $"Location {i}",
                    "vpp@contoso.com", "US", AccountType.Business, false, true, DateTimeOffset.UtcNow));
            }

            Assert.Equal(3000, catalog.Count);
        }

        AssertRefusedAndUnchanged(new TestTokenFile().WriteTo(folder.Path), "TokenLimitReached", "3000");
    }

    [Fact]
    public void Invalid_country_code() =>
        AssertRefusedAndUnchanged(new TestTokenFile().WriteTo(folder.Path), "InvalidCountryCode", "'XX'", p => p.With("CountryCode", "XX"));

    [Fact]
    public void Consent_not_given() =>
        AssertRefusedAndUnchanged(new TestTokenFile().WriteTo(folder.Path), "DataSharingConsentRequired", "-ConsentToDataSharing",
            p => p.Without("ConsentToDataSharing"));

    [Fact]
    public void Apple_id_that_is_not_an_email() =>
        AssertRefusedAndUnchanged(new TestTokenFile().WriteTo(folder.Path), "InvalidAppleId", "'admin'", p => p.With("AppleId", "admin"));

    [Fact]
    public void Token_name_with_wildcards() =>
        AssertRefusedAndUnchanged(new TestTokenFile().WriteTo(folder.Path), "InvalidTokenName", "'Paris*'", p => p.With("Name", "Paris*"));

    [Fact]
    public void Name_already_in_use() =>
        AssertRefusedAndUnchanged(new TestTokenFile().WriteTo(folder.Path), "TokenNameInUse", "'Existing'", p => p.With("Name", "existing"));

    [Fact]
    public void Store_file_that_is_not_SQLite()
    {
        var store = folder.Write("notes.txt", new string('x', 4096));

        AssertStoreRefused(store, "StoreNotSqlite", "not an SQLite database");
    }

    [Fact]
    public void Store_written_by_a_newer_schema_is_refused_and_not_altered()
    {
        var store = folder.File("newer.db");
        using (var connection = new SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        AssertStoreRefused(store, "StoreSchemaTooNew", "schema 99");
    }

    [Fact]
    public void Store_path_in_a_folder_that_does_not_exist() =>
        AssertStoreRefused(Path.Combine(folder.Path, "missing", "vpp.db"), "StoreFolderNotFound", "does not exist");

    [Fact]
    public void Store_path_in_a_folder_that_is_not_writable()
    {
        var readOnly = Path.Combine(folder.Path, "read-only");
        Directory.CreateDirectory(readOnly);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (CanWrite(readOnly))
        {
            // Running as root, where permission bits do not bind: use a read-only system folder.
            readOnly = "/sys";
        }

        AssertStoreRefused(Path.Combine(readOnly, "vpp.db"), "StoreFolderNotWritable", "cannot be created");
    }

    private RecordedError AssertRefusedAndUnchanged(string tokenPath, string errorId, string messagePart,
        Func<Parameters, Parameters>? adjust = null)
    {
        var before = StoreSnapshot.Of(folder.StorePath);
        var parameters = TokenCommands.AddParameters(folder, tokenPath, "New token");
        parameters = adjust?.Invoke(parameters) ?? parameters;

        var result = CmdletRunner.Invoke("Add-VppToken", parameters);

        var error = result.TerminatingError;
        Assert.NotNull(error);
        Assert.Equal(errorId, error!.ErrorId);
        Assert.Contains(messagePart, error.Message + " " + error.RecommendedAction);
        Assert.Empty(result.Output);
        Assert.Equal(before, StoreSnapshot.Of(folder.StorePath));
        return error;
    }

    private void AssertStoreRefused(string storePath, string errorId, string messagePart)
    {
        var before = StoreSnapshot.Of(storePath);
        var parameters = TokenCommands.AddParameters(folder, new TestTokenFile().WriteTo(folder.Path), "New token").With("StorePath", storePath);

        var result = CmdletRunner.Invoke("Add-VppToken", parameters);

        Assert.Equal(errorId, result.TerminatingError?.ErrorId);
        Assert.Contains(messagePart, result.TerminatingError!.Message);
        Assert.Equal(storePath, result.TerminatingError.Target);
        Assert.Equal(before, StoreSnapshot.Of(storePath));
    }

    private static bool CanWrite(string folderPath)
    {
        var probe = Path.Combine(folderPath, ".probe");
        try
        {
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
