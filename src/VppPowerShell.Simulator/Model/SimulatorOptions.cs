using System;
using System.Collections.Generic;

namespace VppPowerShell.Simulator.Model;

/// <summary>
/// Behaviour switches of the simulator. Every member can be changed while the simulator runs;
/// the next request sees the new value.
/// </summary>
public sealed class SimulatorOptions
{
    private int _pageSize = 1000;

    /// <summary>Records per page of GET assets / assignments / users (Apple: "several hundred"; API §7.1).</summary>
    public int PageSize
    {
        get => _pageSize;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), "The page size must be at least 1.");
            _pageSize = value;
        }
    }

    /// <summary>
    /// Answer token errors (9601/9621/9622/9625/9722) with HTTP 200 and the error body instead
    /// of HTTP 401 (what fleet reports seeing; API §1, §19.3).
    /// </summary>
    public bool AuthErrorsAsHttp200 { get; set; }

    /// <summary>Error number for an unknown token: 9622 (seen in practice) or 9601 (v2 table); API §2.2, §19.4.</summary>
    public int InvalidTokenErrorNumber { get; set; } = 9622;

    /// <summary>
    /// Whether one associate/disassociate request may name users and devices together
    /// (Apple's examples do; fleet says no; API §19.1). When false such a request gets 9602.
    /// </summary>
    public bool AllowUsersAndDevicesInOneRequest { get; set; } = true;

    /// <summary>The limits published in service config and enforced on writes (API §5.1).</summary>
    public SimulatorLimits Limits { get; } = new SimulatorLimits();

    /// <summary>Fault injection: rates, latency, scripted faults, mid-run token/ownership changes.</summary>
    public SimulatorFaults Faults { get; } = new SimulatorFaults();

    /// <summary>
    /// 0 = immediate: an event is already COMPLETE or FAILED when first polled. N &gt; 0: the first
    /// N polls of GET status answer PENDING with a growing numCompleted, the next one the outcome.
    /// The state change itself is applied when the write is accepted (in arrival order), so the
    /// model is deterministic; only the status report lags.
    /// </summary>
    public int EventPollsBeforeCompletion { get; set; }

    /// <summary>Behaviour of the legacy v1 endpoints (API §13).</summary>
    public SimulatorLegacyOptions Legacy { get; } = new SimulatorLegacyOptions();

    /// <summary>
    /// Answers Apple (or a fake of it) has been seen giving that its documentation does not
    /// describe. All off by default; each can be turned on while the simulator runs.
    /// </summary>
    public SimulatorQuirks Quirks { get; } = new SimulatorQuirks();
}

/// <summary>How a finished event reports the pairs that failed.</summary>
public enum EventFailureDetail
{
    /// <summary>Each failure entry names its assets, users and devices (the documented shape).</summary>
    Named,
    /// <summary>Each failure entry has <c>"errorInfo": {}</c>.</summary>
    EmptyErrorInfo,
    /// <summary>Each failure entry has no <c>errorInfo</c> member.</summary>
    MissingErrorInfo,
    /// <summary>No <c>failures</c> member at all: only <c>numCompleted &lt; numRequested</c> tells.</summary>
    Omitted,
}

/// <summary>Undocumented answers, as knobs (see <see cref="SimulatorOptions.Quirks"/>).</summary>
public sealed class SimulatorQuirks
{
    private readonly object _gate = new object();
    private int _versionChanges;

    /// <summary>GET assignments ignores its <c>adamId</c> and <c>pricingParam</c> filters and lists every asset's rows.</summary>
    public bool IgnoreAssignmentFilters { get; set; }

    /// <summary>Rate limiting (9646) is answered with HTTP 200 and the error body instead of HTTP 429 (v2), or HTTP 200 with <c>status -1</c> instead of 503 (v1).</summary>
    public bool TooManyRequestsAsHttp200 { get; set; }

    /// <summary><c>Retry-After</c> is sent as an HTTP date (RFC 1123) instead of seconds.</summary>
    public bool RetryAfterAsHttpDate { get; set; }

    /// <summary>An event that finished with failures reports <c>COMPLETE</c> instead of <c>FAILED</c>.</summary>
    public bool FailedEventsReportComplete { get; set; }

    /// <summary>How failures of a finished event are described.</summary>
    public EventFailureDetail FailureDetail { get; set; }

    /// <summary>Every v2 answer carries this <c>uId</c> instead of the location's (null: the location's own).</summary>
    public string? ForeignUId { get; set; }

    /// <summary>
    /// The next N reads of a page after the first (pageIndex &gt; 0) of assets, assignments or users
    /// each find the data set at a new version, as if a write had happened in between. Counts down.
    /// </summary>
    public int VersionChangesDuringReads
    {
        get { lock (_gate) return _versionChanges; }
        set { lock (_gate) _versionChanges = Math.Max(0, value); }
    }

    /// <summary>Listings start with an empty page 0 that still has <c>nextPageIndex</c> 1; the real pages follow, one index later.</summary>
    public bool EmptyFirstPage { get; set; }

    /// <summary>A page that has a next one gives its own index as <c>nextPageIndex</c> (a client that follows it blindly loops).</summary>
    public bool NextPageIndexRepeats { get; set; }

    /// <summary>Listings never end: every page has a <c>nextPageIndex</c>, and pages past the last are empty with a growing <c>totalPages</c>.</summary>
    public bool EndlessPaging { get; set; }

    /// <summary>The last page of a listing still names a next page, one past the end (page 0 of 1 says 2); that page is out of range (9650).</summary>
    public bool NextPageIndexPastTheEnd { get; set; }

    /// <summary>
    /// Serial numbers starting with this prefix are accepted by associate and counted completed,
    /// but no license is bound to them (Apple accepting devices it does not know). Null: off.
    /// </summary>
    public string? UnknownSerialPrefix { get; set; }

    internal bool TakeVersionChange()
    {
        lock (_gate)
        {
            if (_versionChanges <= 0) return false;
            _versionChanges--;
            return true;
        }
    }
}

/// <summary>Switches of the legacy v1 face (API §7.4, §13).</summary>
public sealed class SimulatorLegacyOptions
{
    private int _batchSize = 1000;

    /// <summary>Records per batch of getVPPLicensesSrv and getVPPUsersSrv ("a server-controlled limit").</summary>
    public int BatchSize
    {
        get => _batchSize;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), "The batch size must be at least 1.");
            _batchSize = value;
        }
    }

    /// <summary>
    /// The last batch also carries a <c>batchToken</c> (the one that asked for it), so a client
    /// that stops on a missing batchToken instead of on <c>sinceModifiedToken</c> loops. Apple's
    /// rule is that the last batch is the one carrying sinceModifiedToken (API §7.4). Default true.
    /// </summary>
    public bool BatchTokenOnLastBatch { get; set; } = true;

    /// <summary>Published as <c>maxBatchAssociateLicenseCount</c> (10 in Apple's example; API §8).</summary>
    public int MaxBatchAssociateLicenseCount { get; set; } = 10;

    /// <summary>Published as <c>maxBatchDisassociateLicenseCount</c> (10 in Apple's example; API §8).</summary>
    public int MaxBatchDisassociateLicenseCount { get; set; } = 10;

    /// <summary>Licenses carry ids that are not numbers: <c>licenseIdStr</c> and <c>licenseId</c> as text such as <c>"L-1a2b"</c>.</summary>
    public bool NonNumericLicenseIds { get; set; }
}

/// <summary>Limits of Apple's service config (API §5.1). Values are Apple's published example.</summary>
public sealed class SimulatorLimits
{
    public int MaxAssets { get; set; } = 25;
    public int MaxClientUserIds { get; set; } = 1000;
    public int MaxSerialNumbers { get; set; } = 1000;
    public int MaxRevokeClientUserIds { get; set; } = 100;
    public int MaxRevokeSerialNumbers { get; set; } = 100;
    public int MaxUsers { get; set; } = 100;
    public int MaxNotificationLength { get; set; } = 512;
    public int MaxMdmIdLength { get; set; } = 100;
    public int MaxMdmNameLength { get; set; } = 100;
    public int MaxMdmMetadataLength { get; set; } = 255;
}

/// <summary>A fault the simulator can be told to produce for the next request(s).</summary>
public enum SimulatedFault
{
    /// <summary>HTTP 429 with error 9646 (and <c>Retry-After</c> when <see cref="SimulatorFaults.RetryAfterSeconds"/> is set).</summary>
    TooManyRequests,
    /// <summary>HTTP 500 with error 9603 (and <c>Retry-After</c> when <see cref="SimulatorFaults.ServerErrorRetryAfterSeconds"/> is set).</summary>
    ServerError,
    /// <summary>HTTP 503 with error 9603 and <c>Retry-After</c> (defaults to 1 second when no value is set).</summary>
    ServiceUnavailable,
    /// <summary>The request is read completely, then the connection is reset without any response (nothing is done).</summary>
    DropConnection,
    /// <summary>HTTP 503 with a plain-text page and no Apple error number (what a proxy in front of Apple sends), with <c>Retry-After</c> as <see cref="ServiceUnavailable"/>.</summary>
    BareServiceUnavailable,
    /// <summary>The request is processed (a write is applied), then the connection is reset instead of answering.</summary>
    DropResponse,
}

/// <summary>
/// Fault injection. Faults apply to every endpoint except service config and the content
/// metadata lookup (unless <see cref="ApplyToServiceConfig"/> / <see cref="ApplyToContentLookup"/>).
/// Random faults draw one number per request from a generator seeded with <see cref="Seed"/>,
/// so a sequential run is reproducible.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly object _gate = new object();
    private readonly Queue<SimulatedFault> _scripted = new Queue<SimulatedFault>();
    private Random _random = new Random(0);
    private int _seed;
    private int? _takeOwnershipAfter;
    private int? _expireTokenAfter;

    /// <summary>Share (0..1) of requests answered HTTP 429 / 9646.</summary>
    public double TooManyRequestsRate { get; set; }

    /// <summary><c>Retry-After</c> seconds sent with 429 answers (none when null).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Share (0..1) of requests answered HTTP 500 / 9603.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary><c>Retry-After</c> seconds sent with 500 answers (none when null).</summary>
    public int? ServerErrorRetryAfterSeconds { get; set; }

    /// <summary>Share (0..1) of requests whose connection is reset after the request was read, without a response.</summary>
    public double DropConnectionRate { get; set; }

    /// <summary>Share (0..1) of requests processed normally whose response is then lost (connection reset).</summary>
    public double DropResponseRate { get; set; }

    /// <summary>Fixed delay added to each faultable request (while it counts as in flight).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Seed of the random fault generator; setting it restarts the sequence.</summary>
    public int Seed
    {
        get { lock (_gate) return _seed; }
        set { lock (_gate) { _seed = value; _random = new Random(value); } }
    }

    /// <summary>Also apply faults and latency to GET service/config.</summary>
    public bool ApplyToServiceConfig { get; set; }

    /// <summary>Also apply faults and latency to the content metadata lookup.</summary>
    public bool ApplyToContentLookup { get; set; }

    /// <summary>
    /// After this many more authenticated requests, the location of the next request is claimed
    /// by another MDM (<see cref="OtherMdmId"/> etc.), and this property returns to null.
    /// The value counts down as requests pass. 0 = the very next request.
    /// </summary>
    public int? TakeOwnershipAfterRequests
    {
        get { lock (_gate) return _takeOwnershipAfter; }
        set { lock (_gate) _takeOwnershipAfter = value; }
    }

    /// <summary>
    /// After this many more authenticated requests, the token used by the next request expires
    /// (that request already gets 9621), and this property returns to null. Counts down like
    /// <see cref="TakeOwnershipAfterRequests"/>.
    /// </summary>
    public int? ExpireTokenAfterRequests
    {
        get { lock (_gate) return _expireTokenAfter; }
        set { lock (_gate) _expireTokenAfter = value; }
    }

    /// <summary>mdmInfo written by the "another MDM takes the location" fault.</summary>
    public string OtherMdmId { get; set; } = "7e1f9c2a-other-mdm";
    public string OtherMdmName { get; set; } = "Other MDM";
    public string OtherMdmMetadata { get; set; } = "other-mdm.example";

    /// <summary>Makes the next <paramref name="count"/> faultable requests fail with <paramref name="fault"/> (before any random fault).</summary>
    public void Enqueue(SimulatedFault fault, int count = 1)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        lock (_gate)
        {
            for (int i = 0; i < count; i++) _scripted.Enqueue(fault);
        }
    }

    /// <summary>Number of scripted faults not yet produced.</summary>
    public int PendingScriptedFaults
    {
        get { lock (_gate) return _scripted.Count; }
    }

    /// <summary>Forgets scripted faults and sets every rate, latency and countdown back to off.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _scripted.Clear();
            _takeOwnershipAfter = null;
            _expireTokenAfter = null;
        }
        TooManyRequestsRate = 0;
        ServerErrorRate = 0;
        DropConnectionRate = 0;
        DropResponseRate = 0;
        RetryAfterSeconds = null;
        ServerErrorRetryAfterSeconds = null;
        Latency = TimeSpan.Zero;
    }

    internal SimulatedFault? NextFault()
    {
        lock (_gate)
        {
            if (_scripted.Count > 0) return _scripted.Dequeue();
            double drop = Clamp(DropConnectionRate), tooMany = Clamp(TooManyRequestsRate), server = Clamp(ServerErrorRate), lost = Clamp(DropResponseRate);
            if (drop <= 0 && tooMany <= 0 && server <= 0 && lost <= 0) return null;
            double u = _random.NextDouble();
            if (u < drop) return SimulatedFault.DropConnection;
            if (u < drop + tooMany) return SimulatedFault.TooManyRequests;
            if (u < drop + tooMany + server) return SimulatedFault.ServerError;
            if (u < drop + tooMany + server + lost) return SimulatedFault.DropResponse;
            return null;
        }
    }

    /// <summary>Counts one authenticated request against the countdowns; says which ones fire now.</summary>
    internal void Tick(out bool takeOwnership, out bool expireToken)
    {
        lock (_gate)
        {
            takeOwnership = Step(ref _takeOwnershipAfter);
            expireToken = Step(ref _expireTokenAfter);
        }
    }

    private static bool Step(ref int? countdown)
    {
        if (countdown is null) return false;
        if (countdown.Value <= 0)
        {
            countdown = null;
            return true;
        }
        countdown = countdown.Value - 1;
        return false;
    }

    private static double Clamp(double rate) => rate < 0 ? 0 : rate > 1 ? 1 : rate;
}
