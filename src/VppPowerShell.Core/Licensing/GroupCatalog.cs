using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.Licensing;

/// <summary>Groups of users or devices, and their members.</summary>
public sealed class GroupCatalog
{
    private readonly VppStore store;

    public GroupCatalog(VppStore store)
    {
        this.store = store;
    }

    public VppGroup Create(string name, LicenseType memberType)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length == 0 || Wildcard.ContainsWildcard(trimmed))
        {
            throw new VppException(VppErrorIds.InvalidTarget, VppErrorCategory.InvalidArgument, $"'{name}' is not a usable group name (empty, or with * ? [).", name,
                "Choose a name such as 'Sales iPads'.");
        }

        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT group_id FROM groups WHERE lower(name) = lower(@name);";
        command.AddParameter("@name", trimmed);
        if (command.ExecuteScalar() is not null)
        {
            throw new VppException(VppErrorIds.GroupNameInUse, VppErrorCategory.ResourceExists, $"A group named '{trimmed}' already exists.", trimmed,
                "Add members to it with Add-VppGroupMember, or choose another name.");
        }

        command.CommandText = "INSERT INTO groups (name, member_type, created_on) VALUES (@name, @type, @now);";
        command.AddParameter("@type", memberType.ToString());
        command.AddParameter("@now", VppStore.FormatDate(DateTimeOffset.UtcNow));
        command.ExecuteNonQuery();
        transaction.Commit();
        return Get(trimmed);
    }

    public IReadOnlyList<VppGroup> Find(IReadOnlyCollection<string>? patterns = null)
    {
        var groups = new List<(int Id, string Name, string Type, string Created)>();
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = "SELECT group_id, name, member_type, created_on FROM groups ORDER BY lower(name), name;";
            using var reader = command.ExecuteReader();
            while (reader.Read()) groups.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        var wildcards = patterns?.Select(p => new Wildcard(p)).ToList();
        return groups.Where(g => wildcards is null || wildcards.Count == 0 || wildcards.Any(w => w.IsMatch(g.Name)))
            .Select(g =>
            {
                var members = Members(g.Id);
                return new VppGroup(g.Id, g.Name, (LicenseType)Enum.Parse(typeof(LicenseType), g.Type), members.Count, VppStore.ParseDate(g.Created), members);
            }).ToList();
    }

    public VppGroup Get(string name) =>
        Find(new[] { name.Replace("[", "`[").Replace("*", "`*").Replace("?", "`?") }).FirstOrDefault()
        ?? throw new VppException(VppErrorIds.GroupNotFound, VppErrorCategory.ObjectNotFound, $"No group named '{name}' is in the store.", name,
            "List the groups with Get-VppGroup, or create it with New-VppGroup.");

    /// <summary>Adds members; returns how many were new.</summary>
    public int AddMembers(string groupName, IEnumerable<string> members)
    {
        var group = Get(groupName);
        var now = VppStore.FormatDate(DateTimeOffset.UtcNow);
        var added = 0;
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO group_members (group_id, member, added_on) VALUES (@group, @member, @now) ON CONFLICT DO NOTHING;";
        command.AddParameter("@group", group.GroupId);
        command.AddParameter("@now", now);
        var member = command.AddParameter("@member");
        foreach (var m in members)
        {
            member.Value = m.Trim();
            added += command.ExecuteNonQuery();
        }

        transaction.Commit();
        return added;
    }

    /// <summary>Removes members; returns the ones that were members.</summary>
    public IReadOnlyList<string> RemoveMembers(string groupName, IEnumerable<string> members)
    {
        var group = Get(groupName);
        var removed = new List<string>();
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM group_members WHERE group_id = @group AND member = @member;";
        command.AddParameter("@group", group.GroupId);
        var member = command.AddParameter("@member");
        foreach (var m in members)
        {
            member.Value = m.Trim();
            if (command.ExecuteNonQuery() > 0) removed.Add(m.Trim());
        }

        transaction.Commit();
        return removed;
    }

    public void Remove(string groupName)
    {
        var group = Get(groupName);
        using var transaction = store.BeginWrite();
        using var command = store.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM groups WHERE group_id = @group; DELETE FROM desired WHERE target_type = 'Group' AND lower(target) = lower(@name);";
        command.AddParameter("@group", group.GroupId);
        command.AddParameter("@name", group.GroupName);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private List<string> Members(int groupId)
    {
        var result = new List<string>();
        using var command = store.Connection.CreateCommand();
        command.CommandText = "SELECT member FROM group_members WHERE group_id = @group ORDER BY added_on, member;";
        command.AddParameter("@group", groupId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }
}
