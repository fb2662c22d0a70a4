using System;
using System.Collections.Generic;
using System.Text.Json;
using VppPowerShell.Simulator.Events;
using VppPowerShell.Simulator.Json;
using VppPowerShell.Simulator.Listing;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Paging;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Api;

/// <summary>
/// What a location answers on the v2 endpoints that read: the listings (filtered, paged, with
/// versionIds), event status, client config, and the eventId of an accepted write.
/// </summary>
internal sealed class LocationResponses
{
    private readonly IServedLocation _location;
    private readonly LocationState _state;
    private readonly LocationClientConfig _config;
    private readonly LocationQueries _queries;
    private readonly EventLog _events;
    private readonly SimulatorOptions _options;
    private readonly VersionIdFormat _versionIds;

    public LocationResponses(IServedLocation location, LocationState state, LocationClientConfig config, EventLog events, SimulatorOptions options, VersionIdFormat versionIds)
    {
        _location = location;
        _state = state;
        _config = config;
        _queries = new LocationQueries(state);
        _events = events;
        _options = options;
        _versionIds = versionIds;
    }

    private void WriteEnvelope(Utf8JsonWriter w, SimToken token) =>
        LocationJson.WriteEnvelope(w, _options.Quirks.ForeignUId ?? _location.UId, token, _config.MdmInfo);

    private PageShape Page(int total, int page, int pageSize, DataSetVersion version, out int start, out int count) =>
        PageShape.Of(total, page, pageSize, _options.Quirks, version, out start, out count);

    private long SinceVersion(string? since, DataSetVersion set)
    {
        long sinceVersion = -1;
        if (since != null && !_versionIds.TryParse(since, set, out sinceVersion))
            throw new ApiException(ErrorCatalog.InvalidVersionId);
        return sinceVersion;
    }

    // ---- GET assets --------------------------------------------------------------------

    public void WriteAssets(Utf8JsonWriter w, SimToken token, QueryArgs q, int pageSize)
    {
        int page = q.PageIndex();
        string? adamIdFilter = q.GetNonEmpty("adamId");
        HashSet<string>? adamIds = adamIdFilter is null ? null : new HashSet<string>(adamIdFilter.Split(','), StringComparer.Ordinal);
        string? pricing = q.GetNonEmpty("pricingParam");
        string? productType = q.GetNonEmpty("productType");
        bool? deviceAssignable = q.GetBool("deviceAssignable");
        bool? revocable = q.GetBool("revocable");
        int? minAssigned = q.GetInt("minAssignedCount"), maxAssigned = q.GetInt("maxAssignedCount");
        int? minAvailable = q.GetInt("minAvailableCount"), maxAvailable = q.GetInt("maxAvailableCount");

        var s = _state;
        lock (s.Gate)
        {
            var matching = new List<AssetState>();
            foreach (var a in s.Assets)
            {
                if (adamIds != null && !adamIds.Contains(a.AdamId)) continue;
                if (pricing != null && !string.Equals(a.PricingParam, pricing, StringComparison.OrdinalIgnoreCase)) continue;
                if (productType != null && !string.Equals(a.ProductType, productType, StringComparison.OrdinalIgnoreCase)) continue;
                if (deviceAssignable != null && a.DeviceAssignable != deviceAssignable.Value) continue;
                if (revocable != null && a.Revocable != revocable.Value) continue;
                if (minAssigned != null && a.Assigned < minAssigned.Value) continue;
                if (maxAssigned != null && a.Assigned > maxAssigned.Value) continue;
                if (minAvailable != null && a.Available < minAvailable.Value) continue;
                if (maxAvailable != null && a.Available > maxAvailable.Value) continue;
                matching.Add(a);
            }
            var shape = Page(matching.Count, page, pageSize, s.AssetsVersion, out int start, out int count);

            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("assets");
            for (int i = start; i < start + count; i++) LocationJson.WriteAsset(w, matching[i]);
            w.WriteEndArray();
            LocationJson.WritePaging(w, shape, count, _versionIds.Format(s.AssetsVersion));
            w.WriteEndObject();
        }
    }

    // ---- GET assignments ---------------------------------------------------------------

    public void WriteAssignments(Utf8JsonWriter w, SimToken token, QueryArgs q, int pageSize)
    {
        int page = q.PageIndex();
        bool ignoreAssetFilters = _options.Quirks.IgnoreAssignmentFilters;
        string? adamId = ignoreAssetFilters ? null : q.GetNonEmpty("adamId");
        string? pricing = ignoreAssetFilters ? null : q.GetNonEmpty("pricingParam");
        string? clientUserId = q.GetNonEmpty("clientUserId");
        string? serialNumber = q.GetNonEmpty("serialNumber");
        string? since = q.Get("sinceVersionId");
        bool excludeInactive = q.GetBool("excludeInactiveUsers") ?? false;
        bool includeUserState = q.GetBool("includeUserState") ?? false;

        var s = _state;
        lock (s.Gate)
        {
            long sinceVersion = SinceVersion(since, s.AssignmentsVersion);
            bool filtered = adamId != null || pricing != null || clientUserId != null || serialNumber != null || since != null || excludeInactive;
            int[]? slots = filtered ? _queries.Assignments(adamId, pricing, clientUserId, serialNumber, since, sinceVersion, excludeInactive) : null;
            int total = slots?.Length ?? s.Live;
            var shape = Page(total, page, pageSize, s.AssignmentsVersion, out int start, out int count);

            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("assignments");
            if (slots != null)
            {
                for (int i = start; i < start + count; i++) LocationJson.WriteAssignment(w, s, s.Rows[slots[i]], includeUserState);
            }
            else if (count > 0)
            {
                // Unfiltered: the Fenwick tree finds the page's first live slot without a scan.
                int slot = s.LiveIndex.FindKth(start);
                for (int written = 0; written < count; slot++)
                {
                    if (s.Rows[slot].Asset < 0) continue;
                    LocationJson.WriteAssignment(w, s, s.Rows[slot], includeUserState);
                    written++;
                }
            }
            w.WriteEndArray();
            LocationJson.WritePaging(w, shape, count, _versionIds.Format(s.AssignmentsVersion));
            w.WriteEndObject();
        }
    }

    // ---- GET users ---------------------------------------------------------------------

    public void WriteUsers(Utf8JsonWriter w, SimToken token, QueryArgs q, int pageSize)
    {
        int page = q.PageIndex();
        string? clientUserId = q.GetNonEmpty("clientUserId");
        string? since = q.Get("sinceVersionId");
        bool activeOnly = q.GetBool("activeOnly") ?? false;
        bool retiredOnly = q.GetBool("retiredOnly") ?? false;
        bool? includeRetired = q.GetBool("includeRetired");
        if (includeRetired == false) activeOnly = true;

        var s = _state;
        lock (s.Gate)
        {
            long sinceVersion = SinceVersion(since, s.UsersVersion);
            bool filtered = clientUserId != null || since != null || activeOnly || retiredOnly;
            int[]? records = filtered ? _queries.Users(clientUserId, since, sinceVersion, activeOnly, retiredOnly) : null;
            int total = records?.Length ?? s.Users.Count;
            var shape = Page(total, page, pageSize, s.UsersVersion, out int start, out int count);

            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("users");
            for (int i = start; i < start + count; i++) LocationJson.WriteUser(w, s, records != null ? records[i] : i);
            w.WriteEndArray();
            LocationJson.WritePaging(w, shape, count, _versionIds.Format(s.UsersVersion));
            w.WriteEndObject();
        }
    }

    // ---- GET status ----------------------------------------------------------------------

    public void WriteStatus(Utf8JsonWriter w, SimToken token, string? eventId)
    {
        lock (_state.Gate)
        {
            if (!_events.TryFind(eventId, out var ev)) throw new ApiException(ErrorCatalog.EventNotFound);
            ev.Polls++;
            bool pending = ev.Polls <= ev.PollsBeforeCompletion;
            w.WriteStartObject();
            WriteEnvelope(w, token);
            LocationJson.WriteEventStatus(w, ev, pending, _options.Quirks);
            w.WriteEndObject();
        }
    }

    /// <summary>The answer to an accepted write: the envelope and the eventId to poll.</summary>
    public void WriteEventResponse(Utf8JsonWriter w, SimToken token, EventState ev)
    {
        w.WriteStartObject();
        WriteEnvelope(w, token);
        w.WriteString("eventId", ev.Id);
        w.WriteEndObject();
    }

    // ---- client/config -------------------------------------------------------------------

    public void WriteClientConfig(Utf8JsonWriter w, SimToken token)
    {
        lock (_state.Gate)
        {
            var c = _config;
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteString("countryISO2ACode", _location.CountryCode);
            w.WriteString("defaultPlatform", _location.DefaultPlatform);
            w.WriteString("locationName", _location.LocationName);
            if (c.NotificationUrl != null) w.WriteString("notificationUrl", c.NotificationUrl);
            if (c.NotificationAuthToken != null) w.WriteString("notificationAuthToken", c.NotificationAuthToken);
            Wire.WriteStrings(w, "subscribedNotificationTypes", c.NotificationTypes);
            w.WriteString("websiteURL", _location.WebsiteUrl);
            w.WriteEndObject();
        }
    }
}
