using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using VppPowerShell.Simulator.Api;
using VppPowerShell.Simulator.Http;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

/// <summary>
/// A stateful simulator of Apple's Apps and Books v2 service (API §1–§12, §16) and of the legacy
/// v1 endpoints a migration reads (API §13), served over HTTP/1.1 on 127.0.0.1. Several locations
/// and legacy accounts can live on one simulator; the bearer token (v2) or the body's sToken (v1)
/// of a request selects its location or account.
/// </summary>
/// <example>
/// <code>
/// using var sim = AppleSimulator.Start();
/// var paris = sim.AddLocation("Paris", countryCode: "FR");
/// paris.AddAsset("1440147259", totalCount: 100);
/// // GET {sim.BaseUri}assets with "Authorization: Bearer {paris.TokenFileContent}"
/// </code>
/// </example>
public sealed class AppleSimulator : IDisposable, ISimulatorHost
{
    private const long FirstUId = 2049025000431439;

    private readonly LoopbackHttpServer _server;
    private readonly object _locationsGate = new object();
    private readonly List<SimulatedLocation> _locations = new List<SimulatedLocation>();
    private readonly ConcurrentDictionary<string, SimToken> _tokens = new ConcurrentDictionary<string, SimToken>(StringComparer.Ordinal);
    private const long FirstLegacyUId = 3049025000431439;
    private readonly List<SimulatedLegacyAccount> _legacyAccounts = new List<SimulatedLegacyAccount>();
    private readonly ConcurrentDictionary<string, LegacyToken> _legacyTokens = new ConcurrentDictionary<string, LegacyToken>(StringComparer.Ordinal);

    private AppleSimulator(SimulatorOptions options, int port)
    {
        Options = options;
        var router = new V2Router(this);
        _server = new LoopbackHttpServer(IPAddress.Loopback, port, router.HandleAsync);
        RootUri = new Uri("http://127.0.0.1:" + _server.Port.ToString(CultureInfo.InvariantCulture) + "/");
        BaseUri = new Uri(RootUri, "mdm/v2/");
        ServiceConfigUri = new Uri(BaseUri, "service/config");
        ContentLookupUri = new Uri(RootUri, "WebObjects/MZStorePlatform.woa/wa/lookup");
        LegacyBaseUri = new Uri(RootUri, "mdm/");
        LegacyServiceConfigUri = new Uri(LegacyBaseUri, "VPPServiceConfigSrv");
    }

    /// <summary>Starts listening on 127.0.0.1 (<paramref name="port"/> 0 = a free port).</summary>
    public static AppleSimulator Start(SimulatorOptions? options = null, int port = 0) =>
        new AppleSimulator(options ?? new SimulatorOptions(), port);

    /// <summary>e.g. <c>http://127.0.0.1:54321/</c></summary>
    public Uri RootUri { get; }

    /// <summary>e.g. <c>http://127.0.0.1:54321/mdm/v2/</c> (trailing slash).</summary>
    public Uri BaseUri { get; }

    /// <summary><see cref="BaseUri"/> + <c>service/config</c>.</summary>
    public Uri ServiceConfigUri { get; }

    /// <summary>The content metadata lookup (API §16), also given as <c>urls.contentMetadataLookup</c>.</summary>
    public Uri ContentLookupUri { get; }

    /// <summary>Base of the legacy v1 endpoints, e.g. <c>http://127.0.0.1:54321/mdm/</c> (trailing slash).</summary>
    public Uri LegacyBaseUri { get; }

    /// <summary>The legacy service config (<c>{LegacyBaseUri}VPPServiceConfigSrv</c>, GET or POST; API §13.1).</summary>
    public Uri LegacyServiceConfigUri { get; }

    public int Port => _server.Port;

    public SimulatorOptions Options { get; }

    public SimulatorStatistics Statistics { get; } = new SimulatorStatistics();

    /// <summary>HTTP connections open right now (keep-alive connections included).</summary>
    public int OpenConnections => _server.OpenConnections;

    internal ContentCatalog Catalog { get; } = new ContentCatalog();

    ContentCatalog ISimulatorHost.Catalog => Catalog;

    /// <summary>
    /// Adds a location with a fresh token (valid one year unless <paramref name="tokenExpiresOn"/>
    /// says otherwise; a past date makes every call answer 9621).
    /// </summary>
    public SimulatedLocation AddLocation(string locationName, string organizationName = "Contoso", string countryCode = "US", bool education = false, DateTimeOffset? tokenExpiresOn = null) =>
        AddLocationCore(null, locationName, organizationName, countryCode, education, tokenExpiresOn);

    /// <summary>
    /// Adds a location whose <c>uId</c> is <paramref name="uId"/> (digits) instead of the next one in
    /// sequence, so that locations of different simulators can be told apart (a rehearsal started
    /// again names its location the same way). Refused when a location or legacy account of this
    /// simulator already has that uId.
    /// </summary>
    public SimulatedLocation AddLocationWithUId(string uId, string locationName, string organizationName = "Contoso", string countryCode = "US", bool education = false, DateTimeOffset? tokenExpiresOn = null)
    {
        RequireUId(uId);
        return AddLocationCore(uId, locationName, organizationName, countryCode, education, tokenExpiresOn);
    }

    private SimulatedLocation AddLocationCore(string? fixedUId, string locationName, string organizationName, string countryCode, bool education, DateTimeOffset? tokenExpiresOn)
    {
        if (string.IsNullOrEmpty(locationName)) throw new ArgumentException("A location name is required.", nameof(locationName));
        if (string.IsNullOrEmpty(countryCode) || countryCode.Length != 2) throw new ArgumentException("A two-letter country code is required.", nameof(countryCode));
        lock (_locationsGate)
        {
            string uId = fixedUId ?? (FirstUId + _locations.Count * 1000003L).ToString(CultureInfo.InvariantCulture);
            if (fixedUId != null && UIdTaken(fixedUId)) throw new InvalidOperationException($"This simulator already has a location or legacy account with uId {fixedUId}.");
            var location = new SimulatedLocation(this, uId, locationName, organizationName, countryCode, education, tokenExpiresOn ?? DateTimeOffset.UtcNow.AddYears(1));
            RegisterToken(location.CurrentToken);
            _locations.Add(location);
            return location;
        }
    }

    public IReadOnlyList<SimulatedLocation> Locations
    {
        get { lock (_locationsGate) return _locations.ToArray(); }
    }

    /// <summary>
    /// Adds a legacy VPP account (a per-buyer v1 sToken, API §13) with a fresh token (valid one year
    /// unless <paramref name="tokenExpiresOn"/> says otherwise). Its calls go to the v1 endpoints
    /// under <see cref="LegacyBaseUri"/>; it can later move to a location
    /// (<see cref="SimulatedLegacyAccount.MoveToLocation"/>).
    /// </summary>
    public SimulatedLegacyAccount AddLegacyAccount(string organizationName = "Contoso", string appleId = "vpp-buyer@contoso.example", string countryCode = "US", bool education = false, DateTimeOffset? tokenExpiresOn = null) =>
        AddLegacyAccountCore(null, organizationName, appleId, countryCode, education, tokenExpiresOn);

    /// <summary>Adds a legacy account whose <c>uId</c> is <paramref name="uId"/> (digits); see <see cref="AddLocationWithUId"/>.</summary>
    public SimulatedLegacyAccount AddLegacyAccountWithUId(string uId, string organizationName = "Contoso", string appleId = "vpp-buyer@contoso.example", string countryCode = "US", bool education = false, DateTimeOffset? tokenExpiresOn = null)
    {
        RequireUId(uId);
        return AddLegacyAccountCore(uId, organizationName, appleId, countryCode, education, tokenExpiresOn);
    }

    private SimulatedLegacyAccount AddLegacyAccountCore(string? fixedUId, string organizationName, string appleId, string countryCode, bool education, DateTimeOffset? tokenExpiresOn)
    {
        if (string.IsNullOrEmpty(organizationName)) throw new ArgumentException("An organization name is required.", nameof(organizationName));
        if (string.IsNullOrEmpty(countryCode) || countryCode.Length != 2) throw new ArgumentException("A two-letter country code is required.", nameof(countryCode));
        lock (_locationsGate)
        {
            int number = _legacyAccounts.Count;
            string uId = fixedUId ?? (FirstLegacyUId + number * 1000003L).ToString(CultureInfo.InvariantCulture);
            if (fixedUId != null && UIdTaken(fixedUId)) throw new InvalidOperationException($"This simulator already has a location or legacy account with uId {fixedUId}.");
            var account = new SimulatedLegacyAccount(this, number, uId, organizationName, appleId, countryCode, education, tokenExpiresOn ?? DateTimeOffset.UtcNow.AddYears(1));
            RegisterLegacyToken(account.CurrentToken);
            _legacyAccounts.Add(account);
            return account;
        }
    }

    public IReadOnlyList<SimulatedLegacyAccount> LegacyAccounts
    {
        get { lock (_locationsGate) return _legacyAccounts.ToArray(); }
    }

    /// <summary>
    /// Sets the name of an asset in one country store (null removes it from that store), whichever
    /// location or legacy account owns it: the content lookup (API §16) answers with it.
    /// </summary>
    public void SetAssetName(string adamId, string countryCode, string? name)
    {
        if (string.IsNullOrEmpty(adamId)) throw new ArgumentException("An adamId is required.", nameof(adamId));
        if (string.IsNullOrEmpty(countryCode) || countryCode.Length != 2) throw new ArgumentException("A two-letter country code is required.", nameof(countryCode));
        Catalog.SetName(adamId, countryCode, name);
    }

    /// <summary>The asset's name in one country store, or null when it is not in that store.</summary>
    public string? FindAssetName(string adamId, string countryCode) =>
        string.IsNullOrEmpty(adamId) || string.IsNullOrEmpty(countryCode) ? null : Catalog.Lookup(adamId, countryCode)?.Name;

    /// <summary>The legacy account a token file content belongs to (any of its tokens), or null.</summary>
    public SimulatedLegacyAccount? FindLegacyAccountByToken(string tokenFileContent) =>
        _legacyTokens.TryGetValue(tokenFileContent.Trim(), out var token) ? (SimulatedLegacyAccount)token.Account : null;

    /// <summary>The location a token file content belongs to (any of its tokens), or null.</summary>
    public SimulatedLocation? FindLocationByToken(string tokenFileContent) =>
        _tokens.TryGetValue(tokenFileContent.Trim(), out var token) ? (SimulatedLocation)token.Location : null;

    /// <summary>Stops listening, closes open connections and frees the port.</summary>
    public void Dispose() => _server.Dispose();

    private static void RequireUId(string uId)
    {
        if (string.IsNullOrEmpty(uId)) throw new ArgumentException("A uId is required.", nameof(uId));
        foreach (char c in uId)
        {
            if (c < '0' || c > '9') throw new ArgumentException("A uId is made of digits.", nameof(uId));
        }
    }

    private bool UIdTaken(string uId)
    {
        foreach (var location in _locations)
        {
            if (location.UId == uId) return true;
        }
        foreach (var account in _legacyAccounts)
        {
            if (account.UId == uId) return true;
        }
        return false;
    }

    internal void RegisterToken(SimToken token) => _tokens[token.Content] = token;

    SimToken? ISimulatorHost.FindToken(string? bearer) =>
        bearer != null && _tokens.TryGetValue(bearer, out var token) ? token : null;

    internal void RegisterLegacyToken(LegacyToken token) => _legacyTokens[token.Content] = token;

    LegacyToken? ISimulatorHost.FindLegacyToken(string? sToken) =>
        sToken != null && _legacyTokens.TryGetValue(sToken, out var token) ? token : null;

    bool ISimulatorHost.AcceptInvitation(string inviteCode, string? appleAccount)
    {
        foreach (var location in Locations)
        {
            if (location.TryAcceptInvitation(inviteCode, appleAccount)) return true;
        }
        foreach (var account in LegacyAccounts)
        {
            if (account.TryAcceptInvitation(inviteCode, appleAccount)) return true;
        }
        return false;
    }
}
