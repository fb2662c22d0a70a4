using System;
using System.Collections.Generic;
using System.Text.Json;
using VppPowerShell.Simulator.Api;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator;

// What the v2 endpoints do with a location: listings, writes, events, client config.
public sealed partial class SimulatedLocation
{
    private const int MaxCachedQueries = 32;

    internal void WriteEnvelope(Utf8JsonWriter w, SimToken token)
    {
        w.WriteString("uId", _simulator.Options.Quirks.ForeignUId ?? UId);
        w.WriteString("tokenExpirationDate", Wire.FormatDate(token.ExpiresOn));
        var mdm = _mdmInfo;
        if (mdm != null)
        {
            w.WriteStartObject("mdmInfo");
            w.WriteString("id", mdm.Id);
            w.WriteString("name", mdm.Name);
            w.WriteString("metadata", mdm.Metadata);
            w.WriteEndObject();
        }
    }

    /// <summary>Where a page sits in its listing: its index, the next one if any, the page count.</summary>
    private struct PageShape
    {
        public int Current;
        public int? Next;
        public int TotalPages;
    }

    private static void WritePaging(Utf8JsonWriter w, PageShape shape, int size, string versionId)
    {
        w.WriteNumber("currentPageIndex", shape.Current);
        if (shape.Next is int next) w.WriteNumber("nextPageIndex", next);
        w.WriteNumber("size", size);
        w.WriteNumber("totalPages", shape.TotalPages);
        w.WriteString("versionId", versionId);
    }

    /// <summary>
    /// Page bounds; an empty list has one (empty) page; out of range → 9650. The paging quirks
    /// (<see cref="SimulatorQuirks"/>) shift, repeat or extend the pages here, and a page after
    /// the first may find its data set at a new version.
    /// </summary>
    private PageShape Shape(int total, int page, int pageSize, ref long version, out int start, out int count)
    {
        var quirks = _simulator.Options.Quirks;
        if (page > 0 && quirks.TakeVersionChange()) version++;
        int realPages = total == 0 ? 1 : (int)(((long)total + pageSize - 1) / pageSize);
        int shift = quirks.EmptyFirstPage ? 1 : 0;
        int totalPages = realPages + shift;
        int realPage = page - shift;
        if (page >= totalPages && !quirks.EndlessPaging) throw new ApiException(ErrorCatalog.PageIndexOutOfRange);
        if (realPage < 0 || realPage >= realPages)
        {
            start = 0;
            count = 0;
        }
        else
        {
            start = (int)Math.Min((long)realPage * pageSize, total);
            count = Math.Min(pageSize, total - start);
        }
        var shape = new PageShape { Current = page, TotalPages = totalPages };
        if (quirks.EndlessPaging)
        {
            shape.TotalPages = Math.Max(totalPages, page + 2);
            shape.Next = page + 1;
        }
        else if (page + 1 < totalPages)
        {
            shape.Next = page + 1;
        }
        if (shape.Next != null && quirks.NextPageIndexRepeats) shape.Next = page;
        if (shape.Next == null && quirks.NextPageIndexPastTheEnd) shape.Next = totalPages + 1;
        return shape;
    }

    private void RefreshQueryCache()
    {
        if (_queryCacheAssignVersion != _assignVersion || _queryCacheUsersVersion != _usersVersion || _queryCache.Count > MaxCachedQueries)
        {
            _queryCache.Clear();
            _queryCacheAssignVersion = _assignVersion;
            _queryCacheUsersVersion = _usersVersion;
        }
    }

    // ---- GET assets --------------------------------------------------------------------

    internal void WriteAssets(Utf8JsonWriter w, SimToken token, QueryArgs q, int pageSize)
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

        lock (Gate)
        {
            var matching = new List<AssetState>();
            foreach (var a in _assets)
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
            var shape = Shape(matching.Count, page, pageSize, ref _assetsVersion, out int start, out int count);

            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("assets");
            for (int i = start; i < start + count; i++)
            {
                var a = matching[i];
                w.WriteStartObject();
                w.WriteString("adamId", a.AdamId);
                w.WriteString("pricingParam", a.PricingParam);
                w.WriteString("productType", a.ProductType);
                w.WriteNumber("assignedCount", a.Assigned);
                w.WriteNumber("availableCount", a.Available);
                w.WriteNumber("totalCount", a.Total);
                w.WriteNumber("retiredCount", a.Retired);
                w.WriteBoolean("deviceAssignable", a.DeviceAssignable);
                w.WriteBoolean("revocable", a.Revocable);
                w.WriteStartArray("supportedPlatforms");
                foreach (var p in a.Platforms) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WritePaging(w, shape, count, VersionId(SetAssets, _assetsVersion));
            w.WriteEndObject();
        }
    }

    // ---- GET assignments ---------------------------------------------------------------

    internal void WriteAssignments(Utf8JsonWriter w, SimToken token, QueryArgs q, int pageSize)
    {
        int page = q.PageIndex();
        bool ignoreAssetFilters = _simulator.Options.Quirks.IgnoreAssignmentFilters;
        string? adamId = ignoreAssetFilters ? null : q.GetNonEmpty("adamId");
        string? pricing = ignoreAssetFilters ? null : q.GetNonEmpty("pricingParam");
        string? clientUserId = q.GetNonEmpty("clientUserId");
        string? serialNumber = q.GetNonEmpty("serialNumber");
        string? since = q.Get("sinceVersionId");
        bool excludeInactive = q.GetBool("excludeInactiveUsers") ?? false;
        bool includeUserState = q.GetBool("includeUserState") ?? false;

        lock (Gate)
        {
            long sinceVersion = -1;
            if (since != null && !TryParseVersionId(since, SetAssignments, _assignVersion, out sinceVersion))
                throw new ApiException(ErrorCatalog.InvalidVersionId);

            bool filtered = adamId != null || pricing != null || clientUserId != null || serialNumber != null || since != null || excludeInactive;
            int[]? slots = null;
            int total = _live;
            if (filtered)
            {
                RefreshQueryCache();
                string key = "a|" + adamId + "|" + pricing + "|" + clientUserId + "|" + serialNumber + "|" + since + "|" + excludeInactive;
                if (!_queryCache.TryGetValue(key, out slots))
                {
                    slots = FindAssignmentSlots(adamId, pricing, clientUserId, serialNumber, since != null ? sinceVersion : (long?)null, excludeInactive);
                    _queryCache[key] = slots;
                }
                total = slots.Length;
            }
            var shape = Shape(total, page, pageSize, ref _assignVersion, out int start, out int count);

            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("assignments");
            if (slots != null)
            {
                for (int i = start; i < start + count; i++) WriteAssignment(w, _rows[slots[i]], includeUserState);
            }
            else if (count > 0)
            {
                int slot = _liveIndex.FindKth(start);
                for (int written = 0; written < count; slot++)
                {
                    if (_rows[slot].Asset < 0) continue;
                    WriteAssignment(w, _rows[slot], includeUserState);
                    written++;
                }
            }
            w.WriteEndArray();
            WritePaging(w, shape, count, VersionId(SetAssignments, _assignVersion));
            w.WriteEndObject();
        }
    }

    private void WriteAssignment(Utf8JsonWriter w, AssignmentRow row, bool includeUserState)
    {
        var asset = _assets[row.Asset];
        w.WriteStartObject();
        w.WriteString("adamId", asset.AdamId);
        w.WriteString("pricingParam", asset.PricingParam);
        if (row.Target >= 0)
        {
            w.WriteString("clientUserId", _cids[row.Target]);
            if (includeUserState)
            {
                int record = LatestRecord(row.Target);
                if (record >= 0)
                {
                    var r = _users[record];
                    w.WriteString("userStatus", StatusText(r.Status));
                    if (r.Status == UserStatus.Associated || r.HadAppleAccount) w.WriteString("idHash", IdHashOf(record));
                }
            }
        }
        else
        {
            w.WriteString("serialNumber", _serials[~row.Target]);
        }
        w.WriteEndObject();
    }

    /// <summary>The active record of a clientUserId, else its latest one, else -1.</summary>
    private int LatestRecord(int cid)
    {
        if (_activeByCid.TryGetValue(cid, out int active)) return active;
        return _latestByCid.TryGetValue(cid, out int latest) ? latest : -1;
    }

    /// <summary>Live slots grouped by asset, each group in listing order; built once per version.</summary>
    private void EnsureAssetGroups()
    {
        if (_assetGroupVersion == _assignVersion && _assetGroupStart != null && _assetGroupStart.Length == _assets.Count + 1) return;
        var start = new int[_assets.Count + 1];
        for (int slot = 0; slot < _slots; slot++)
        {
            int asset = _rows[slot].Asset;
            if (asset >= 0) start[asset + 1]++;
        }
        for (int i = 0; i < _assets.Count; i++) start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var grouped = new int[_live];
        for (int slot = 0; slot < _slots; slot++)
        {
            int asset = _rows[slot].Asset;
            if (asset >= 0) grouped[fill[asset]++] = slot;
        }
        _assetGroupStart = start;
        _assetGroupSlots = grouped;
        _assetGroupVersion = _assignVersion;
    }

    private int[] FindAssignmentSlots(string? adamId, string? pricing, string? clientUserId, string? serialNumber, long? since, bool excludeInactive)
    {
        bool[]? assetMask = null;
        if (adamId != null || pricing != null)
        {
            var ids = adamId is null ? null : new HashSet<string>(adamId.Split(','), StringComparer.Ordinal);
            assetMask = new bool[_assets.Count];
            foreach (var a in _assets)
            {
                assetMask[a.Index] = (ids is null || ids.Contains(a.AdamId))
                    && (pricing is null || string.Equals(a.PricingParam, pricing, StringComparison.OrdinalIgnoreCase));
            }
        }

        bool hasTarget = clientUserId != null || serialNumber != null;
        int target = 0;
        if (clientUserId != null && serialNumber != null) return Array.Empty<int>();
        if (clientUserId != null && !_cids.TryGet(clientUserId, out target)) return Array.Empty<int>();
        if (serialNumber != null)
        {
            if (!_serials.TryGet(serialNumber, out int sid)) return Array.Empty<int>();
            target = ~sid;
        }

        bool Matches(AssignmentRow row) =>
            row.Asset >= 0
            && (assetMask is null || assetMask[row.Asset])
            && (!hasTarget || row.Target == target)
            && (!excludeInactive || row.Target < 0 || IsActiveCid(row.Target));

        var result = new List<int>();
        if (since != null && since.Value >= _assignLogFloor)
        {
            // Only what changed after that version: walk the change log, not the rows.
            int first = FirstChangeAfter(_assignLog, since.Value);
            for (int i = first; i < _assignLog.Count; i++)
            {
                var change = _assignLog[i];
                if (_rowByPair.TryGetValue(change.Key, out int slot) && _rows[slot].Version == change.Version && Matches(_rows[slot]))
                    result.Add(slot);
            }
            return result.ToArray();
        }

        if (hasTarget && since is null)
        {
            foreach (var a in _assets)
            {
                if (assetMask != null && !assetMask[a.Index]) continue;
                if (_rowByPair.TryGetValue(PairKey(a.Index, target), out int slot) && Matches(_rows[slot])) result.Add(slot);
            }
            result.Sort();
            return result.ToArray();
        }

        if (assetMask != null && since is null)
        {
            // Per-asset listing: read the matching groups instead of every row.
            EnsureAssetGroups();
            for (int a = 0; a < _assets.Count; a++)
            {
                if (!assetMask[a]) continue;
                for (int i = _assetGroupStart![a]; i < _assetGroupStart[a + 1]; i++)
                {
                    int slot = _assetGroupSlots![i];
                    if (Matches(_rows[slot])) result.Add(slot);
                }
            }
            return result.ToArray();
        }

        for (int slot = 0; slot < _slots; slot++)
        {
            var row = _rows[slot];
            if (since != null && row.Version <= since.Value) continue;
            if (Matches(row)) result.Add(slot);
        }
        return result.ToArray();
    }

    private static int FirstChangeAfter(List<Change> log, long version)
    {
        int lo = 0, hi = log.Count;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (log[mid].Version <= version) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ---- GET users ---------------------------------------------------------------------

    internal void WriteUsers(Utf8JsonWriter w, SimToken token, QueryArgs q, int pageSize)
    {
        int page = q.PageIndex();
        string? clientUserId = q.GetNonEmpty("clientUserId");
        string? since = q.Get("sinceVersionId");
        bool activeOnly = q.GetBool("activeOnly") ?? false;
        bool retiredOnly = q.GetBool("retiredOnly") ?? false;
        bool? includeRetired = q.GetBool("includeRetired");
        if (includeRetired == false) activeOnly = true;

        lock (Gate)
        {
            long sinceVersion = -1;
            if (since != null && !TryParseVersionId(since, SetUsers, _usersVersion, out sinceVersion))
                throw new ApiException(ErrorCatalog.InvalidVersionId);

            bool filtered = clientUserId != null || since != null || activeOnly || retiredOnly;
            int[]? records = null;
            int total = _users.Count;
            if (filtered)
            {
                RefreshQueryCache();
                string key = "u|" + clientUserId + "|" + since + "|" + activeOnly + "|" + retiredOnly;
                if (!_queryCache.TryGetValue(key, out records))
                {
                    records = FindUserRecords(clientUserId, since != null ? sinceVersion : (long?)null, activeOnly, retiredOnly);
                    _queryCache[key] = records;
                }
                total = records.Length;
            }
            var shape = Shape(total, page, pageSize, ref _usersVersion, out int start, out int count);

            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteStartArray("users");
            for (int i = start; i < start + count; i++) WriteUser(w, records != null ? records[i] : i);
            w.WriteEndArray();
            WritePaging(w, shape, count, VersionId(SetUsers, _usersVersion));
            w.WriteEndObject();
        }
    }

    private void WriteUser(Utf8JsonWriter w, int index)
    {
        var r = _users[index];
        w.WriteStartObject();
        w.WriteString("clientUserId", _cids[r.Cid]);
        if (r.Email != null) w.WriteString("email", r.Email);
        w.WriteString("status", StatusText(r.Status));
        if (r.Status == UserStatus.Registered) w.WriteString("inviteCode", InviteCode(index));
        if (r.Status == UserStatus.Associated || r.HadAppleAccount) w.WriteString("idHash", IdHashOf(index));
        w.WriteEndObject();
    }

    private int[] FindUserRecords(string? clientUserId, long? since, bool activeOnly, bool retiredOnly)
    {
        int cid = -1;
        if (clientUserId != null && !_cids.TryGet(clientUserId, out cid)) return Array.Empty<int>();
        if (activeOnly && retiredOnly) return Array.Empty<int>();

        bool Matches(int index)
        {
            var r = _users[index];
            if (cid >= 0 && r.Cid != cid) return false;
            if (activeOnly && !r.IsActive) return false;
            if (retiredOnly && r.IsActive) return false;
            return true;
        }

        var result = new List<int>();
        if (since != null && since.Value >= _usersLogFloor)
        {
            int first = FirstChangeAfter(_usersLog, since.Value);
            for (int i = first; i < _usersLog.Count; i++)
            {
                var change = _usersLog[i];
                int index = (int)change.Key;
                if (_users[index].Version == change.Version && Matches(index)) result.Add(index);
            }
            return result.ToArray();
        }
        for (int i = 0; i < _users.Count; i++)
        {
            if (since != null && _users[i].Version <= since.Value) continue;
            if (Matches(i)) result.Add(i);
        }
        return result.ToArray();
    }

    // ---- POST assets/associate, assets/disassociate ------------------------------------

    internal EventState ManageAssets(bool associate, List<KeyValuePair<string, string>> requested, List<string> users, List<string> serials)
    {
        lock (Gate)
        {
            var assets = new List<AssetState>(requested.Count);
            List<KeyValuePair<string, string>>? unknown = null;
            foreach (var pair in requested)
            {
                if (TryFindAsset(pair.Key, pair.Value, out var asset)) assets.Add(asset);
                else (unknown ??= new List<KeyValuePair<string, string>>()).Add(pair);
            }
            if (unknown != null)
                throw new ApiException(ErrorCatalog.InvalidArgument, "The location does not own these assets.") { Assets = unknown };

            if (associate && serials.Count > 0) RejectAssets(assets, a => !a.DeviceAssignable, ErrorCatalog.AssetNotDeviceAssignable);
            if (!associate) RejectAssets(assets, a => !a.Revocable, ErrorCatalog.AssetNotRevocable);

            int numRequested = assets.Count * (users.Count + serials.Count);
            var failures = new FailureCollector();
            int completed = 0;
            string? unknownSerialPrefix = _simulator.Options.Quirks.UnknownSerialPrefix;

            // Resolve users once; an unknown or retired user fails on every asset (9609).
            var userTargets = new int[users.Count];
            for (int i = 0; i < users.Count; i++)
            {
                userTargets[i] = _cids.TryGet(users[i], out int cid) ? cid : -1;
            }

            foreach (var asset in assets)
            {
                for (int i = 0; i < users.Count; i++)
                {
                    int cid = userTargets[i];
                    if (associate)
                    {
                        if (cid < 0 || !IsActiveCid(cid))
                        {
                            failures.Add(ErrorCatalog.UserNotFound, true, users[i], asset);
                            continue;
                        }
                        if (HasRow(asset, cid)) { completed++; continue; }
                        if (asset.Available <= 0)
                        {
                            failures.Add(ErrorCatalog.NotEnoughLicenses, true, users[i], asset);
                            continue;
                        }
                        AddRow(asset, cid);
                        completed++;
                    }
                    else
                    {
                        if (cid >= 0) RemoveRow(asset, cid);
                        completed++;
                    }
                }
                foreach (string serial in serials)
                {
                    if (associate && !string.IsNullOrEmpty(unknownSerialPrefix) && serial.StartsWith(unknownSerialPrefix, StringComparison.Ordinal))
                    {
                        completed++; // accepted and reported done; no license is bound
                        continue;
                    }
                    if (associate)
                    {
                        int target = _serials.TryGet(serial, out int sid) ? ~sid : 0;
                        if (target < 0 && HasRow(asset, target)) { completed++; continue; }
                        if (asset.Available <= 0)
                        {
                            failures.Add(ErrorCatalog.NotEnoughLicenses, false, serial, asset);
                            continue;
                        }
                        AddRow(asset, ~_serials.GetOrAdd(serial));
                        completed++;
                    }
                    else
                    {
                        if (_serials.TryGet(serial, out int sid)) RemoveRow(asset, ~sid);
                        completed++;
                    }
                }
            }
            EndWrite();
            return NewEvent(associate ? "ASSOCIATE" : "DISASSOCIATE", numRequested, completed, failures.Build());
        }
    }

    private static void RejectAssets(List<AssetState> assets, Func<AssetState, bool> bad, int errorNumber)
    {
        List<KeyValuePair<string, string>>? rejected = null;
        foreach (var a in assets)
        {
            if (bad(a)) (rejected ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>(a.AdamId, a.PricingParam));
        }
        if (rejected != null) throw new ApiException(errorNumber) { Assets = rejected };
    }

    // ---- POST assets/revoke --------------------------------------------------------------

    internal EventState Revoke(List<string> users, List<string> serials)
    {
        lock (Gate)
        {
            int removed = 0;
            foreach (string user in users)
            {
                if (_cids.TryGet(user, out int cid)) removed += RevokeTarget(cid);
            }
            foreach (string serial in serials)
            {
                if (_serials.TryGet(serial, out int sid)) removed += RevokeTarget(~sid);
            }
            EndWrite();
            return NewEvent("REVOKE", removed, removed, new List<Failure>());
        }
    }

    private int RevokeTarget(int target)
    {
        int removed = 0;
        foreach (var asset in _assets)
        {
            if (asset.Revocable && RemoveRow(asset, target)) removed++;
        }
        return removed;
    }

    // ---- POST users/create, users/update, users/retire ---------------------------------

    internal sealed class RequestUser
    {
        public RequestUser(string clientUserId, string? email, string? managedAppleId)
        {
            ClientUserId = clientUserId;
            Email = email;
            ManagedAppleId = managedAppleId;
        }

        public string ClientUserId { get; }
        public string? Email { get; }
        public string? ManagedAppleId { get; }
    }

    internal EventState ManageUsers(string type, List<RequestUser> users)
    {
        lock (Gate)
        {
            var failures = new FailureCollector();
            int completed = 0;
            foreach (var user in users)
            {
                bool known = _cids.TryGet(user.ClientUserId, out int cid);
                bool active = known && IsActiveCid(cid);
                switch (type)
                {
                    case "CREATE":
                        if (active)
                        {
                            failures.Add(ErrorCatalog.UserAlreadyExists, true, user.ClientUserId, null);
                            continue;
                        }
                        AddUserRecord(_cids.GetOrAdd(user.ClientUserId), user.Email, user.ManagedAppleId);
                        break;
                    case "UPDATE":
                        if (!active)
                        {
                            failures.Add(ErrorCatalog.UserNotFound, true, user.ClientUserId, null);
                            continue;
                        }
                        int index = _activeByCid[cid];
                        var record = _users[index];
                        if (user.Email != null) record.Email = user.Email;
                        if (user.ManagedAppleId != null)
                        {
                            record.ManagedAppleId = user.ManagedAppleId;
                            record.Status = UserStatus.Associated;
                            record.HadAppleAccount = true;
                            record.IdHash = HashAppleAccount(user.ManagedAppleId);
                        }
                        TouchUser(index);
                        break;
                    default:
                        if (!active)
                        {
                            failures.Add(ErrorCatalog.UserNotFound, true, user.ClientUserId, null);
                            continue;
                        }
                        RetireCid(cid);
                        break;
                }
                completed++;
            }
            EndWrite();
            return NewEvent(type, users.Count, completed, failures.Build());
        }
    }

    // ---- GET status ----------------------------------------------------------------------

    internal void WriteStatus(Utf8JsonWriter w, SimToken token, string? eventId)
    {
        lock (Gate)
        {
            if (eventId is null || !_events.TryGetValue(eventId, out var ev)) throw new ApiException(ErrorCatalog.EventNotFound);
            ev.Polls++;
            bool pending = ev.Polls <= ev.PollsBeforeCompletion;
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteString("eventId", ev.Id);
            var quirks = _simulator.Options.Quirks;
            w.WriteString("eventStatus", pending ? "PENDING" : quirks.FailedEventsReportComplete ? "COMPLETE" : ev.FinalStatus);
            w.WriteString("eventType", ev.Type);
            w.WriteNumber("numRequested", ev.NumRequested);
            w.WriteNumber("numCompleted", pending ? (int)((long)ev.NumCompleted * ev.Polls / (ev.PollsBeforeCompletion + 1)) : ev.NumCompleted);
            if (!pending && ev.Failures.Count > 0 && quirks.FailureDetail != EventFailureDetail.Omitted)
            {
                w.WriteStartArray("failures");
                foreach (var f in ev.Failures)
                {
                    w.WriteStartObject();
                    w.WriteNumber("errorNumber", f.ErrorNumber);
                    w.WriteString("errorMessage", ErrorCatalog.Message(f.ErrorNumber));
                    if (quirks.FailureDetail != EventFailureDetail.Named)
                    {
                        if (quirks.FailureDetail == EventFailureDetail.EmptyErrorInfo)
                        {
                            w.WriteStartObject("errorInfo");
                            w.WriteEndObject();
                        }
                        w.WriteEndObject();
                        continue;
                    }
                    w.WriteStartObject("errorInfo");
                    if (f.Assets.Count > 0)
                    {
                        w.WriteStartArray("assets");
                        foreach (var a in f.Assets)
                        {
                            w.WriteStartObject();
                            w.WriteString("adamId", a.AdamId);
                            w.WriteString("pricingParam", a.PricingParam);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }
                    WriteStrings(w, "clientUserIds", f.ClientUserIds);
                    WriteStrings(w, "serialNumbers", f.SerialNumbers);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, List<string> values)
    {
        if (values.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    internal void WriteEventResponse(Utf8JsonWriter w, SimToken token, EventState ev)
    {
        w.WriteStartObject();
        WriteEnvelope(w, token);
        w.WriteString("eventId", ev.Id);
        w.WriteEndObject();
    }

    // ---- client/config -------------------------------------------------------------------

    /// <summary>Applies a POST client/config (already validated). Omitted = unchanged; empty string/array = cleared.</summary>
    internal void ApplyClientConfig(SimMdmInfo? mdmInfo, bool hasNotificationUrl, string? notificationUrl, string? notificationAuthToken, string[]? notificationTypes)
    {
        lock (Gate)
        {
            if (mdmInfo != null) _mdmInfo = mdmInfo;
            if (hasNotificationUrl)
            {
                _notificationUrl = string.IsNullOrEmpty(notificationUrl) ? null : notificationUrl;
                _notificationAuthToken = string.IsNullOrEmpty(notificationAuthToken) ? null : notificationAuthToken;
            }
            if (notificationTypes != null) _notificationTypes = notificationTypes;
        }
    }

    internal void WriteClientConfig(Utf8JsonWriter w, SimToken token)
    {
        lock (Gate)
        {
            w.WriteStartObject();
            WriteEnvelope(w, token);
            w.WriteString("countryISO2ACode", CountryCode);
            w.WriteString("defaultPlatform", DefaultPlatform);
            w.WriteString("locationName", LocationName);
            if (_notificationUrl != null) w.WriteString("notificationUrl", _notificationUrl);
            if (_notificationAuthToken != null) w.WriteString("notificationAuthToken", _notificationAuthToken);
            w.WriteStartArray("subscribedNotificationTypes");
            foreach (var t in _notificationTypes) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteString("websiteURL", WebsiteUrl);
            w.WriteEndObject();
        }
    }

    /// <summary>Accepts the invitation of the Registered record whose inviteCode this is.</summary>
    internal bool TryAcceptInvitation(string inviteCode, string? appleAccount)
    {
        lock (Gate)
        {
            foreach (int index in _activeByCid.Values)
            {
                if (_users[index].Status != UserStatus.Registered || InviteCode(index) != inviteCode) continue;
                AssociateRecord(index, appleAccount);
                EndWrite();
                return true;
            }
            return false;
        }
    }

    /// <summary>Fault hook: another MDM claims the location now.</summary>
    internal void ClaimByOtherMdm(SimulatorFaults faults) => ClaimByOtherMdm(faults.OtherMdmId, faults.OtherMdmName, faults.OtherMdmMetadata);
}
