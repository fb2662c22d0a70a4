using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// What a pipeline may change, worked out from the piped rows and the typed parameters by the
/// contract of docs/design/architecture.md ("What a piped object means"), and nothing of the module's code:
/// <list type="bullet">
/// <item>a row means what it is (<see cref="RowMeaning"/>); the TokenId, AdamId and StorePath it
/// carries only say where it lives, in its own store, and never widen a change;</item>
/// <item>widening (-All, a whole token) comes only from what was typed, or from token and asset
/// objects piped into Revoke-VppLicense -All; token-level changes act only on token objects and
/// typed names;</item>
/// <item>Convert-VppLicense acts on the users piped, moving their user licenses to the devices
/// recorded for them; group members must match the group's type; Resume-VppJob finishes the job piped;</item>
/// <item>a row of another store than the typed -StorePath, or of another token than the typed
/// -TokenName, is refused; under -WhatIf, or when the upstream emitted nothing, nothing may change.</item>
/// </list>
/// </summary>
public sealed class ScopeContract
{
    private readonly Downstream command;
    private readonly WorldSnapshot before;
    private readonly World world;
    private readonly AllowedScope scope = new();

    private ScopeContract(Downstream command, WorldSnapshot before, World world)
    {
        this.command = command;
        this.before = before;
        this.world = world;
    }

    public static AllowedScope For(Downstream command, IReadOnlyList<PipedRow> rows, WorldSnapshot before, World world)
    {
        var contract = new ScopeContract(command, before, world);
        if (command.WhatIf)
        {
            contract.scope.Note("-WhatIf: nothing may change");
            return contract.scope;
        }

        if (rows.Count == 0)
        {
            contract.scope.Note("the upstream emitted nothing: nothing may change");
            return contract.scope;
        }

        contract.scope.AllowNewJobs();
        foreach (var row in rows) contract.Grant(row);
        contract.GrantTyped(rows);
        return contract.scope;
    }

    /// <summary>
    /// After the run: the interrupted jobs the command finished on a token it acts on, and said it did,
    /// join the scope (docs/design/architecture.md: "taking over another one is said"), with their own targets.
    /// </summary>
    public static void AllowSaidTakeOvers(AllowedScope scope, WorldSnapshot before, IEnumerable<WorldChange> changes, IReadOnlyList<string> said)
    {
        foreach (var change in changes.Where(c => c.Kind == ChangeKind.Job))
        {
            if (before.Stores[change.Store].Job(change.Key!) is { } job) scope.AllowTakeOver(change.Store, job, said);
        }
    }

    private void Grant(PipedRow row)
    {
        switch (command.Kind)
        {
            case DownstreamKind.Revoke:
                GrantTargets(row, row.Meaning == RowMeaning.License ? new[] { row.AdamId, command.AdamId } : new[] { command.AdamId }, LicenseDirection.TakeBack);
                break;
            case DownstreamKind.RevokeAll:
                GrantRevokeAll(row);
                break;
            case DownstreamKind.RemoveAssignment:
                if (row.Meaning != RowMeaning.License && command.AdamId is null) Refuse(row, "it names no asset, and no -AdamId was typed");
                else GrantTargets(row, new[] { row.Meaning == RowMeaning.License ? row.AdamId : null, command.AdamId }, LicenseDirection.TakeBack);
                break;
            case DownstreamKind.SetAssignment:
                GrantTargets(row, new[] { command.AdamId }, LicenseDirection.Assign);
                break;
            case DownstreamKind.Convert:
                GrantConversion(row);
                break;
            case DownstreamKind.RemoveToken:
            case DownstreamKind.RemoveTokenRevokingLicenses:
            case DownstreamKind.SetToken:
                if (row.Meaning == RowMeaning.Text && StoreOf(row) is { } namedIn && before.Stores[namedIn].Token(row.Value!) is { } named) GrantToken(namedIn, named.TokenId, $"row {row.Number}, the token's name");
                else if (row.Meaning != RowMeaning.Token) Refuse(row, $"token-level changes act on token objects and names only, and this is a {row.Meaning} row");
                else if (StoreOf(row) is { } store && row.TokenId is { } id && before.Stores[store].Token(id) is not null) GrantToken(store, id, $"row {row.Number}, a token object");
                break;
            case DownstreamKind.AddGroupMember:
            case DownstreamKind.RemoveGroupMember:
                GrantMember(row);
                break;
            case DownstreamKind.RemoveGroup:
                if (row.Meaning == RowMeaning.Text && StoreOf(row) is { } listedIn && before.Stores[listedIn].Group(row.Value!) is { } listed)
                    scope.AllowGroupRemoval(listedIn, listed.Name, $"row {row.Number}, the group's name");
                else if (row.GroupName is null) Refuse(row, "it names no group");
                else if (StoreOf(row) is { } groupStore && before.Stores[groupStore].Group(row.GroupName) is { } group)
                    scope.AllowGroupRemoval(groupStore, group.Name, $"row {row.Number}, naming group '{group.Name}'");
                break;
            case DownstreamKind.SetDevice:
                if (row.SerialNumber is null) Refuse(row, "it names no device");
                else if (StoreOf(row) is { } deviceStore) scope.AllowDevice(deviceStore, row.SerialNumber, $"row {row.Number}, naming device {row.SerialNumber}");
                break;
            case DownstreamKind.ResumeJob:
                if (row.JobId is null) Refuse(row, "it names no job");
                else if (StoreOf(row) is { } jobStore && before.Stores[jobStore].Job(row.JobId) is { } job) scope.AllowResume(jobStore, job, $"row {row.Number}, naming job {job.JobId}");
                break;
        }
    }

    /// <summary>A license row is that license; a device or user row that target's licenses; anything else names no target.</summary>
    private void GrantTargets(PipedRow row, IEnumerable<string?> adamIds, LicenseDirection direction)
    {
        if (row.Meaning is not (RowMeaning.License or RowMeaning.Device or RowMeaning.User))
        {
            Refuse(row, $"a {row.Meaning} row names no device or user");
            return;
        }

        if (StoreOf(row) is not { } store || TokenOf(row, store) is not { } token) return;
        var assets = adamIds.Where(a => a is not null).Distinct().ToList();
        if (assets.Count == 0) assets.Add(null);
        foreach (var target in row.Targets)
        {
            foreach (var asset in assets) scope.AllowLicenses(new LicenseGrant(store, token, asset, target, direction), $"row {row.Number}");
        }
    }

    /// <summary>Under -All a token object is its token and an asset object its asset, every holder; other rows are refused.</summary>
    private void GrantRevokeAll(PipedRow row)
    {
        if (row.Meaning is not (RowMeaning.Token or RowMeaning.Asset))
        {
            Refuse(row, $"under -All only token and asset objects widen, and this is a {row.Meaning} row");
            return;
        }

        if (StoreOf(row) is not { } store || TokenOf(row, store) is not { } token) return;
        var assets = row.Meaning == RowMeaning.Token ? new[] { command.AdamId } : new[] { row.AdamId, command.AdamId }.Where(a => a is not null).Distinct().ToArray();
        foreach (var asset in assets)
        {
            scope.AllowLicenses(new LicenseGrant(store, token, asset, null, LicenseDirection.TakeBack), $"row {row.Number}, a {row.Meaning} object under -All");
        }
    }

    /// <summary>A user (or a user's license) piped: its user licenses may move to the devices recorded for that user.</summary>
    private void GrantConversion(PipedRow row)
    {
        if (row.ClientUserId is not { } user || row.Meaning is not (RowMeaning.User or RowMeaning.License))
        {
            Refuse(row, $"Convert-VppLicense acts on users, and this {row.Meaning} row names none");
            return;
        }

        if (StoreOf(row) is not { } store || TokenOf(row, store) is not { } token) return;
        var location = WorldLayout.Location(store, token)!.TokenName;
        var assets = new[] { row.Meaning == RowMeaning.License ? row.AdamId : null, command.AdamId }.Where(a => a is not null).ToList();
        var held = before.AppleLicenses.Where(l => l.TokenName == location && string.Equals(l.ClientUserId, user, StringComparison.OrdinalIgnoreCase)
            && (assets.Count == 0 || assets.Contains(l.AdamId))).ToList();
        var devices = before.Stores[store].Devices.Where(d => string.Equals(d.PrimaryUser, user, StringComparison.OrdinalIgnoreCase)).ToList();
        if (held.Count == 0) scope.Note($"row {row.Number}: {user} holds no user license in scope in {location}");
        foreach (var license in held)
        {
            scope.AllowLicenses(new LicenseGrant(store, token, license.AdamId, user, LicenseDirection.TakeBack), $"row {row.Number}, releasing the user's license");
            foreach (var device in devices)
            {
                scope.AllowLicenses(new LicenseGrant(store, token, license.AdamId, device.SerialNumber, LicenseDirection.Assign), $"row {row.Number}, the user's recorded device");
            }
        }
    }

    /// <summary>A device into a device group, a user into a user group: membership, and the licenses of the group's assignments.</summary>
    private void GrantMember(PipedRow row)
    {
        if (StoreOf(row) is not { } store) return;
        if (before.Stores[store].Group(command.GroupName!) is not { } group)
        {
            Refuse(row, $"store {store} has no group '{command.GroupName}'");
            return;
        }

        if (command.TokenName is { } name && row.TokenId is { } id && before.Stores[store].Token(name)?.TokenId != id)
        {
            Refuse(row, $"its TokenId {id} is not the token -TokenName names");
            return;
        }

        if (row.SerialNumber is not null && row.ClientUserId is not null)
        {
            Refuse(row, "it names both a device and a user");
            return;
        }

        var adding = command.Kind == DownstreamKind.AddGroupMember;
        var member = row.Meaning == RowMeaning.Text ? row.Value : group.MemberType == "Device" ? row.SerialNumber : row.ClientUserId;
        if (member is null)
        {
            Refuse(row, $"'{group.Name}' is a {group.MemberType.ToLowerInvariant()} group, and the row names no {(group.MemberType == "Device" ? "device" : "user")}");
            return;
        }

        if (!adding && !group.Holds(member))
        {
            Refuse(row, $"{member} is not a member of '{group.Name}'");
            return;
        }

        scope.AllowMember(store, group.Name, member, adding, $"row {row.Number}");
        foreach (var assignment in before.Stores[store].GroupAssignments.Where(a => string.Equals(a.GroupName, group.Name, StringComparison.OrdinalIgnoreCase)))
        {
            scope.AllowLicenses(new LicenseGrant(store, assignment.TokenId, assignment.AdamId, member, adding ? LicenseDirection.Assign : LicenseDirection.TakeBack),
                $"row {row.Number}, through the group's assignment");
        }
    }

    private void GrantToken(StoreName store, int tokenId, string reason)
    {
        if (command.Kind == DownstreamKind.SetToken)
        {
            scope.AllowTokenEdit(store, tokenId, reason);
            return;
        }

        scope.AllowTokenRemoval(store, tokenId, reason);
        if (command.Kind == DownstreamKind.RemoveTokenRevokingLicenses)
        {
            scope.AllowLicenses(new LicenseGrant(store, tokenId, null, null, LicenseDirection.TakeBack), reason + " with -RevokeLicenses");
        }
    }

    /// <summary>What typed parameters name: -TokenName with -All (the token, or its typed asset), -Name of a token command.</summary>
    private void GrantTyped(IReadOnlyList<PipedRow> rows)
    {
        if (command.TokenName is not { } name) return;
        var stores = command.StorePath is { } typed ? new[] { typed } : rows.Select(r => world.StoreAt(r.StorePath)).OfType<StoreName>().Distinct().ToArray();
        foreach (var store in stores)
        {
            if (before.Stores[store].Token(name) is not { } token) continue;
            if (command.IsTokenCommand) GrantToken(store, token.TokenId, $"typed -Name '{name}'");
            else if (command.Kind == DownstreamKind.RevokeAll)
                scope.AllowLicenses(new LicenseGrant(store, token.TokenId, command.AdamId, null, LicenseDirection.TakeBack), $"typed -All -TokenName '{name}'");
        }
    }

    /// <summary>The row's store: its own, else the typed one; a typed store that is not the row's refuses it.</summary>
    private StoreName? StoreOf(PipedRow row)
    {
        var own = world.StoreAt(row.StorePath);
        if (row.StorePath is not null && own is null) return Refuse(row, $"its StorePath '{row.StorePath}' is no store of the world");
        if (command.StorePath is { } typed)
        {
            if (own is { } store && store != typed) return Refuse(row, $"it belongs to store {store} and -StorePath names store {typed}");
            return typed;
        }

        return own ?? Refuse(row, "it carries no store and none was typed");
    }

    /// <summary>The row's token in its store: the typed -TokenName (refused if the row's TokenId is another), its TokenId, or the store's only token.</summary>
    private int? TokenOf(PipedRow row, StoreName store)
    {
        var tokens = before.Stores[store];
        if (row.TokenIdText is not null && row.TokenId is null) return RefuseToken(row, $"its TokenId '{row.TokenIdText}' is not a token id");
        if (command.TokenName is { } name)
        {
            var named = tokens.Token(name);
            if (named is null) return RefuseToken(row, $"-TokenName '{name}' is not a token of store {store}");
            if (row.TokenId is { } own && own != named.TokenId) return RefuseToken(row, $"its TokenId {own} is another token than -TokenName '{name}'");
            return named.TokenId;
        }

        if (row.TokenId is { } id) return tokens.Token(id) is not null ? id : RefuseToken(row, $"store {store} has no TokenId {id}");
        return tokens.Tokens.Count == 1 ? tokens.Tokens[0].TokenId : RefuseToken(row, $"it names no token and store {store} holds {tokens.Tokens.Count}");
    }

    private StoreName? Refuse(PipedRow row, string why)
    {
        scope.Note($"row {row.Number} refused: {why}");
        return null;
    }

    private int? RefuseToken(PipedRow row, string why)
    {
        Refuse(row, why);
        return null;
    }
}
