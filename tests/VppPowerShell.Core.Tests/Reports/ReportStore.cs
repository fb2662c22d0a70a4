using System;
using System.Globalization;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Tests.Shared;

namespace VppPowerShell.Core.Tests.Reports;

/// <summary>A fresh store whose Apple data, desired state and outcomes are written directly, for the report engine.</summary>
internal sealed class ReportStore : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly TempFolder folder = new();

    public ReportStore(StoreEngine engine = StoreEngine.Sqlite)
    {
        Store = VppStore.Open(TestStores.NewLocation(engine, folder));
    }

    public VppStore Store { get; }

    public TempFolder Folder => folder;

    public int AddToken(string name, DateTimeOffset expiresOn, string? secret = null)
    {
        var file = new TestTokenFile(secret, expiresOn);
        var request = NewTokenRequest.Create(TokenSource.FromFile(file.WriteTo(folder.Path)), name, "vpp@contoso.com", "FR", AccountType.Business, true, true,
            Now.AddDays(-300), "http://127.0.0.1:9/mdm/v2/");
        return new TokenCatalog(Store, () => Now).Add(request).TokenId;
    }

    public void AddAsset(int tokenId, string adamId, string? name, int total, int assigned, string productType = "App", DateTimeOffset? confirmedOn = null) =>
        Execute("INSERT INTO assets (token_id, adam_id, pricing_param, product_type, name, total_count, assigned_count, available_count, retired_count, " +
            "device_assignable, revocable, supported_platforms, confirmed_on) VALUES (@t, @a, 'STDQ', @type, @name, @total, @assigned, @available, 0, 1, 1, 'iOS', @on);",
            ("@t", tokenId), ("@a", adamId), ("@type", productType), ("@name", (object?)name ?? DBNull.Value), ("@total", total), ("@assigned", assigned),
            ("@available", total == int.MaxValue ? total : total - assigned), ("@on", VppStore.FormatDate(confirmedOn ?? Now.AddHours(-2))));

    public void Assign(int tokenId, string adamId, string? serial = null, string? user = null) =>
        Execute("INSERT INTO assignments (token_id, adam_id, pricing_param, client_user_id, serial_number) VALUES (@t, @a, 'STDQ', @u, @s);",
            ("@t", tokenId), ("@a", adamId), ("@u", user ?? string.Empty), ("@s", serial ?? string.Empty));

    public void Desire(int tokenId, string adamId, string targetType, string target, string licenseType, string intent = "Required") =>
        Execute("INSERT INTO desired (token_id, adam_id, pricing_param, target_type, target, license_type, intent, updated_on) VALUES (@t, @a, 'STDQ', @type, @target, @license, @intent, @now);",
            ("@t", tokenId), ("@a", adamId), ("@type", targetType), ("@target", target), ("@license", licenseType), ("@intent", intent), ("@now", VppStore.FormatDate(Now)));

    public void Status(int tokenId, string adamId, string licenseType, string target, string status, string? errorId = null, string? reason = null, DateTimeOffset? on = null) =>
        Execute("INSERT INTO target_status (token_id, adam_id, pricing_param, license_type, target, status, error_id, reason, job_id, updated_on) " +
            "VALUES (@t, @a, 'STDQ', @type, @target, @status, @error, @reason, 'job', @on);",
            ("@t", tokenId), ("@a", adamId), ("@type", licenseType), ("@target", target), ("@status", status), ("@error", (object?)errorId ?? DBNull.Value),
            ("@reason", (object?)reason ?? DBNull.Value), ("@on", VppStore.FormatDate(on ?? Now)));

    public void Device(string serial, string? primaryUser) =>
        Execute("INSERT INTO devices (serial_number, primary_user, updated_on) VALUES (@s, @u, @now);", ("@s", serial), ("@u", (object?)primaryUser ?? DBNull.Value),
            ("@now", VppStore.FormatDate(Now)));

    public void Group(string name, string memberType, params string[] members)
    {
        Execute("INSERT INTO groups (name, member_type, created_on) VALUES (@n, @type, @now);", ("@n", name), ("@type", memberType), ("@now", VppStore.FormatDate(Now)));
        foreach (var member in members)
        {
            Execute("INSERT INTO group_members (group_id, member, added_on) SELECT group_id, @m, @now FROM groups WHERE name = @n;", ("@n", name), ("@m", member),
                ("@now", VppStore.FormatDate(Now)));
        }
    }

    public void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Store.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        command.ExecuteNonQuery();
    }

    public static string Serial(int i) => "SN" + i.ToString("D8", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Store.Dispose();
        folder.Dispose();
    }
}
