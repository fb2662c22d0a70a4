using System;
using System.Collections.Generic;
using System.Linq;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>
/// Pipelines from a seed: pipeline i pairs a reader with a state-changing command so that the first
/// <see cref="PairCount"/> pipelines pipe every reader into every command once (in an order the seed
/// shuffles), then draws the rest from a random generator of its own (the seed and i), so any one
/// pipeline can be generated again alone. Filters may match nothing; rows go through round trips
/// and projections; the command gets -WhatIf, -StorePath, -TokenName and -AdamId at random.
/// </summary>
public sealed class PipelineGenerator
{
    private static readonly string[] TokenNames = WorldLayout.Locations.Select(l => l.TokenName).ToArray();

    private static readonly string[] Projections =
    {
        "Select-Object SerialNumber",
        "Select-Object ClientUserId",
        "Select-Object AdamId, SerialNumber, ClientUserId",
        "Select-Object @{n='TokenId';e={2}}, *",
        "Select-Object TokenId, StorePath",
        "Select-Object * -ExcludeProperty TokenId",
    };

    private readonly int seed;
    private readonly IReadOnlyList<(UpstreamKind Reader, DownstreamKind Command)> pairs;

    public PipelineGenerator(int seed)
    {
        this.seed = seed;
        var all = (from reader in Enum.GetValues<UpstreamKind>() from command in Enum.GetValues<DownstreamKind>() select (reader, command)).ToList();
        var random = new Random(seed);
        for (var i = all.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (all[i], all[j]) = (all[j], all[i]);
        }

        pairs = all;
    }

    /// <summary>How many pipelines it takes to pipe every reader into every command.</summary>
    public int PairCount => pairs.Count;

    public PipelineSpec Pipeline(int index)
    {
        var (reader, command) = pairs[index % pairs.Count];
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var store = random.Next(100) < (reader == UpstreamKind.GetGroup ? 80 : 50) ? StoreName.A : StoreName.B;
        return new PipelineSpec(seed, index, UpstreamFor(reader, store, random), DownstreamFor(command, index, random));
    }

    private static Upstream UpstreamFor(UpstreamKind reader, StoreName store, Random random)
    {
        var source = Source(reader, store, random);
        var literal = reader is UpstreamKind.GraphDevices or UpstreamKind.GraphUsers or UpstreamKind.Strings;
        var roll = random.Next(100);
        var shape = literal
            ? (roll < 60 ? UpstreamShape.AsIs : roll < 75 ? UpstreamShape.First : reader == UpstreamKind.Strings ? UpstreamShape.AsIs : roll < 90 ? UpstreamShape.Csv : UpstreamShape.Json)
            : (roll < 30 ? UpstreamShape.AsIs : roll < 40 ? UpstreamShape.First : roll < 55 ? UpstreamShape.Projection : roll < 75 ? UpstreamShape.Csv : roll < 90 ? UpstreamShape.Json : UpstreamShape.Clixml);
        return new Upstream(reader, store, source)
        {
            Shape = shape,
            Projection = shape == UpstreamShape.Projection ? Pick(random, Projections) : null,
            Edits = shape == UpstreamShape.Csv ? CsvEdits.Generate(random) : null,
        };
    }

    private static string Source(UpstreamKind reader, StoreName store, Random random)
    {
        // Mostly names that exist in the store read, so that most upstreams emit something.
        var token = Quote(random.Next(100) < 75 ? Pick(random, TokenNamesOf(store)) : Pick(random, TokenNames));
        var asset = Pick(random, WorldLayout.AdamIds);
        var serial = WorldLayout.Serial(random.Next(1, 10));
        var device = random.Next(100) < 75 ? Pick(random, RecordedDevicesOf(store)) : serial;
        var user = Quote(WorldLayout.User(random.Next(1, 10)));
        var group = Quote(Pick(random, WorldLayout.Groups));
        var filter = reader switch
        {
            UpstreamKind.GetToken => Pick(random, "", "", $"-Name {token}", "-Name '*r*'", "-Name 'Nowhere'", "-TokenId 2", "-TokenId 7"),
            UpstreamKind.GetAsset => Pick(random, "", $"-AdamId {asset}", $"-TokenName {token}", "-ProductType Book", $"-TokenName {token} -AdamId {asset}", "-AdamId 111111111"),
            UpstreamKind.GetAssignment => Pick(random, "", $"-SerialNumber {serial}", $"-ClientUserId {user}", $"-AdamId {asset}", $"-TokenName {token}",
                $"-AdamId {asset} -SerialNumber {serial}", $"-TokenName {token} -ClientUserId {user}"),
            UpstreamKind.GetUser => Pick(random, "", $"-ClientUserId {user}", $"-TokenName {token}", "-Status Registered", "-Status Retired", $"-ClientUserId {user} -TokenName {token}"),
            UpstreamKind.GetDevice => Pick(random, "", $"-SerialNumber {device}", $"-SerialNumber {device}, {serial}"),
            UpstreamKind.GetGroup => Pick(random, "", $"-Name {group}", "-Name 'Kiosk*'", "-Name 'Nowhere'"),
            UpstreamKind.GetJob => Pick(random, "", "-Unfinished", "-Unfinished", "-Targets", "-Unfinished -Targets", "-TokenId 1", "-TokenId 2"),
            _ => null,
        };
        if (filter is not null)
        {
            var cmdlet = "Get-Vpp" + reader.ToString().Substring(3);
            return string.Join(" ", new[] { cmdlet, filter, "-StorePath $" + store }.Where(p => p.Length > 0));
        }

        var objects = Enumerable.Range(0, random.Next(1, 4)).Select(_ => reader switch
        {
            UpstreamKind.GraphDevices => GraphDevice(random),
            UpstreamKind.GraphUsers => GraphUser(random),
            _ => random.Next(2) == 0 ? Quote(WorldLayout.Serial(random.Next(1, 10))) : Quote(WorldLayout.User(random.Next(1, 10))),
        });
        return "@(" + string.Join(", ", objects) + ")";
    }

    private static string GraphDevice(Random random)
    {
        var number = random.Next(1, 10);
        return $"[pscustomobject]@{{ id = '{Guid(random)}'; deviceName = 'iPad-{number}'; serialNumber = '{WorldLayout.Serial(number)}'; " +
               $"userPrincipalName = '{WorldLayout.User(random.Next(1, 10))}'; operatingSystem = '{Pick(random, "iOS", "iPadOS", "macOS")}' }}";
    }

    private static string GraphUser(Random random)
    {
        var user = WorldLayout.User(random.Next(1, 10));
        return $"[pscustomobject]@{{ id = '{Guid(random)}'; userPrincipalName = '{user}'; mail = '{user}' }}";
    }

    private static string[] TokenNamesOf(StoreName store) => WorldLayout.Locations.Where(l => l.Store == store).Select(l => l.TokenName).ToArray();

    private static string[] RecordedDevicesOf(StoreName store) => WorldLayout.Devices.Where(d => d.Store == store).Select(d => d.SerialNumber).ToArray();

    private static Downstream DownstreamFor(DownstreamKind kind, int index, Random random)
    {
        var whatIf = random.Next(100) < 30;
        var store = random.Next(100) < 30 ? (StoreName?)(random.Next(2) == 0 ? StoreName.A : StoreName.B) : null;
        var tokenName = random.Next(100) < 25 ? Pick(random, TokenNames) : null;
        var adamId = random.Next(100) < 25 ? Pick(random, WorldLayout.AdamIds) : null;
        var group = Pick(random, WorldLayout.Groups);
        var rename = random.Next(2) == 0;
        var country = Pick(random, "US", "DE");
        var command = new Downstream(kind) { WhatIf = whatIf, StorePath = store };
        return command with
        {
            TokenName = command.TakesTokenName || command.IsTokenCommand ? tokenName : null,
            AdamId = kind == DownstreamKind.SetAssignment ? adamId ?? WorldLayout.Pages : command.TakesAdamId ? adamId : null,
            GroupName = kind is DownstreamKind.AddGroupMember or DownstreamKind.RemoveGroupMember ? group : null,
            NewName = kind == DownstreamKind.SetToken && rename ? $"Renamed {index}" : null,
            CountryCode = kind == DownstreamKind.SetToken && !rename ? country : null,
        };
    }

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Pick(Random random, params string[] items) => items[random.Next(items.Length)];

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
