using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// What one store holds that a pipeline could change, read straight from its SQLite file with SQL
/// (never through the module): tokens, groups and their members, recorded devices, jobs, the
/// store's copy of Apple's licenses, and the assignments that name a group.
/// </summary>
public sealed class StoreState
{
    static StoreState()
    {
        SQLitePCL.Batteries_V2.Init();
    }

    private StoreState(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        Tokens = Read(connection, "SELECT token_id, name, country_code FROM tokens ORDER BY token_id;",
            r => new StoredToken(r.GetInt32(0), r.GetString(1), r.GetString(2)));
        var members = Read(connection, "SELECT g.name, m.member FROM groups g JOIN group_members m ON m.group_id = g.group_id;",
            r => (Group: r.GetString(0), Member: r.GetString(1)));
        Groups = Read(connection, "SELECT name, member_type FROM groups ORDER BY name;", r => (Name: r.GetString(0), Type: r.GetString(1)))
            .Select(g => new StoredGroup(g.Name, g.Type, members.Where(m => m.Group == g.Name).Select(m => m.Member).OrderBy(m => m, StringComparer.Ordinal).ToList()))
            .ToList();
        Devices = Read(connection, "SELECT serial_number, primary_user, platform, ownership, supervised, kiosk, user_enrollment, updated_on FROM devices;",
            r => new StoredDevice(r.GetString(0), Text(r, 1), string.Join("|", Enumerable.Range(1, 7).Select(i => Text(r, i)))));
        var targets = Read(connection, "SELECT job_id, adam_id, license_type, target FROM job_targets;",
            r => (Job: r.GetString(0), Target: new JobTarget(r.GetString(1), r.GetString(2), r.GetString(3))));
        Jobs = Read(connection, "SELECT job_id, token_id, state, owner FROM jobs ORDER BY created_on, job_id;",
            r => new StoredJob(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.GetString(2), Text(r, 3)))
            .Select(j => j with { Targets = targets.Where(t => t.Job == j.JobId).Select(t => t.Target).ToList() })
            .ToList();
        Licenses = Read(connection, "SELECT token_id, adam_id, pricing_param, serial_number, client_user_id FROM assignments;",
            r => new StoredLicense(r.GetInt32(0), r.GetString(1), r.GetString(2), Blank(r.GetString(3)), Blank(r.GetString(4))));
        GroupAssignments = Read(connection, "SELECT target, token_id, adam_id FROM desired WHERE target_type = 'Group';",
            r => new GroupAssignment(r.GetString(0), r.GetInt32(1), r.GetString(2)));
    }

    public IReadOnlyList<StoredToken> Tokens { get; }

    public IReadOnlyList<StoredGroup> Groups { get; }

    public IReadOnlyList<StoredDevice> Devices { get; }

    public IReadOnlyList<StoredJob> Jobs { get; }

    /// <summary>The store's copy of Apple's assignments, as the last sync or job left it.</summary>
    public IReadOnlyList<StoredLicense> Licenses { get; }

    /// <summary>Desired assignments that name a group: what its new members get and its leavers lose.</summary>
    public IReadOnlyList<GroupAssignment> GroupAssignments { get; }

    public static StoreState Read(string path) => new(path);

    public StoredToken? Token(int tokenId) => Tokens.FirstOrDefault(t => t.TokenId == tokenId);

    public StoredToken? Token(string name) => Tokens.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public StoredGroup? Group(string name) => Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    public StoredJob? Job(string jobId) => Jobs.FirstOrDefault(j => j.JobId == jobId);

    private static List<T> Read<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read()) result.Add(row(reader));
        return result;
    }

    private static string? Text(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}

public sealed record StoredToken(int TokenId, string Name, string CountryCode);

public sealed record StoredGroup(string Name, string MemberType, IReadOnlyList<string> Members)
{
    public bool Holds(string member) => Members.Contains(member, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A recorded device; <see cref="Facts"/> is every column but the serial number, to see any change.</summary>
public sealed record StoredDevice(string SerialNumber, string? PrimaryUser, string Facts);

public sealed record StoredJob(string JobId, int? TokenId, string State, string? Owner)
{
    public IReadOnlyList<JobTarget> Targets { get; init; } = Array.Empty<JobTarget>();
}

/// <summary>One target of a job's plan: an asset and a device (serial number) or a user (client user id).</summary>
public sealed record JobTarget(string AdamId, string LicenseType, string Target);

public sealed record StoredLicense(int TokenId, string AdamId, string PricingParam, string? SerialNumber, string? ClientUserId)
{
    public string Target => SerialNumber ?? ClientUserId ?? string.Empty;
}

public sealed record GroupAssignment(string GroupName, int TokenId, string AdamId);
