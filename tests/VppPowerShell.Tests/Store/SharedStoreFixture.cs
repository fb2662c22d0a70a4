using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Npgsql;
using VppPowerShell.Core.Security;
using VppPowerShell.Core.Store;
using VppPowerShell.Session;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Shared;

namespace VppPowerShell.Tests.Store;

/// <summary>
/// A folder, the key files and a new PostgreSQL schema for one test of the store commands. The session's
/// store and the store environment variables are process-wide: they are put back afterwards.
/// </summary>
internal sealed class SharedStoreFixture : IDisposable
{
    public const string OtherKeyText = "another-test-store-key-9876543210zyxwvutsrqponmlkjih";
    public const string LoginRole = "vpp_test_login";
    public const string LoginPassword = "Db-Pa55word-never-shown-7f3c";

    private static readonly string[] Variables = { StoreKey.EnvironmentVariable, StoreLocation.ConnectionEnvironmentVariable, StoreLocation.EnvironmentVariable };
    private readonly Dictionary<string, string?> saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private string? connectionString;

    public SharedStoreFixture()
    {
        foreach (var variable in Variables) Environment.SetEnvironmentVariable(variable, null);
        SessionStore.Forget();
        KeyPath = Folder.Write("vpp-store.key", TestStores.KeyText);
        OtherKeyPath = Folder.Write("vpp-store-2027.key", OtherKeyText);
    }

    public TempFolder Folder { get; } = new();

    public string KeyPath { get; }

    public string OtherKeyPath { get; }

    /// <summary>A new, empty schema of the test server.</summary>
    public string ConnectionString => connectionString ??= TestStores.NewSchema();

    public string Schema => new NpgsqlConnectionStringBuilder(ConnectionString).SearchPath!;

    /// <summary>What every command shows of the shared store: its connection string without a password.</summary>
    public string Shown => StoreLocation.ForConnection(ConnectionString, StoreLocationSource.Parameter, null, null).Path;

    public void Dispose()
    {
        SessionStore.Forget();
        foreach (var (variable, value) in saved) Environment.SetEnvironmentVariable(variable, value);
        Folder.Dispose();
    }

    /// <summary>Use-VppStore's parameters for a store of <paramref name="engine"/>: the file, or the schema with the key file.</summary>
    public Parameters UseParameters(StoreEngine engine) => engine == StoreEngine.Sqlite
        ? new Parameters().With("Path", Folder.StorePath)
        : new Parameters().With("ConnectionString", ConnectionString).With("KeyPath", KeyPath);

    /// <summary>The parameter that names the store on any command: -StorePath or -StoreConnectionString.</summary>
    public Parameters StoreParameter(StoreEngine engine) => engine == StoreEngine.Sqlite
        ? new Parameters().With("StorePath", Folder.StorePath)
        : new Parameters().With("StoreConnectionString", ConnectionString);

    /// <summary>A login role with a password, allowed to create the store's tables in this schema.</summary>
    public System.Management.Automation.PSCredential LoginCredential()
    {
        Execute($"""
            DO $$ BEGIN CREATE ROLE {LoginRole} LOGIN PASSWORD '{LoginPassword}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            GRANT USAGE, CREATE ON SCHEMA {Schema} TO {LoginRole};
            """);
        var password = new System.Security.SecureString();
        foreach (var c in LoginPassword) password.AppendChar(c);
        return new System.Management.Automation.PSCredential(LoginRole, password);
    }

    /// <summary>Every row of every table of the schema, as text: equal before and after means nothing was written.</summary>
    public string Dump()
    {
        using var connection = Open();
        var tables = new List<string>();
        using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name;", connection))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read()) tables.Add(reader.GetString(0));
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            text.Append("== ").AppendLine(table);
            var rows = new List<string>();
            using var select = new NpgsqlCommand($"SELECT * FROM {table};", connection);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                })));
            }

            foreach (var row in rows.OrderBy(r => r, StringComparer.Ordinal)) text.AppendLine(row);
        }

        return text.ToString();
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
