using System;
using System.Collections.Generic;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Events;

/// <summary>
/// What the v2 write endpoints do to a location: check the request as a whole (synchronous
/// errors, nothing applied), apply it pair by pair at once, and record the outcome as an event.
/// </summary>
internal sealed class LocationWrites
{
    private readonly LocationState _state;
    private readonly EventLog _events;
    private readonly SimulatorOptions _options;

    public LocationWrites(LocationState state, EventLog events, SimulatorOptions options)
    {
        _state = state;
        _events = events;
        _options = options;
    }

    // ---- POST assets/associate, assets/disassociate ------------------------------------

    public EventState ManageAssets(bool associate, List<KeyValuePair<string, string>> requested, List<string> users, List<string> serials)
    {
        var s = _state;
        lock (s.Gate)
        {
            var assets = new List<AssetState>(requested.Count);
            List<KeyValuePair<string, string>>? unknown = null;
            foreach (var pair in requested)
            {
                if (s.TryFindAsset(pair.Key, pair.Value, out var asset)) assets.Add(asset);
                else (unknown ??= new List<KeyValuePair<string, string>>()).Add(pair);
            }
            if (unknown != null)
                throw new ApiException(ErrorCatalog.InvalidArgument, "The location does not own these assets.") { Assets = unknown };

            if (associate && serials.Count > 0) RejectAssets(assets, a => !a.DeviceAssignable, ErrorCatalog.AssetNotDeviceAssignable);
            if (!associate) RejectAssets(assets, a => !a.Revocable, ErrorCatalog.AssetNotRevocable);

            int numRequested = assets.Count * (users.Count + serials.Count);
            var failures = new FailureCollector();
            int completed = 0;
            string? unknownSerialPrefix = _options.Quirks.UnknownSerialPrefix;

            // Resolve users once; an unknown or retired user fails on every asset (9609).
            var userTargets = new int[users.Count];
            for (int i = 0; i < users.Count; i++)
            {
                userTargets[i] = s.Cids.TryGet(users[i], out int cid) ? cid : -1;
            }

            foreach (var asset in assets)
            {
                for (int i = 0; i < users.Count; i++)
                {
                    int cid = userTargets[i];
                    if (associate)
                    {
                        if (cid < 0 || !s.IsActiveCid(cid))
                        {
                            failures.Add(ErrorCatalog.UserNotFound, true, users[i], asset);
                            continue;
                        }
                        if (s.HasRow(asset, cid)) { completed++; continue; }
                        if (asset.Available <= 0)
                        {
                            failures.Add(ErrorCatalog.NotEnoughLicenses, true, users[i], asset);
                            continue;
                        }
                        s.AddRow(asset, cid);
                        completed++;
                    }
                    else
                    {
                        if (cid >= 0) s.RemoveRow(asset, cid);
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
                        int target = s.Serials.TryGet(serial, out int sid) ? ~sid : 0;
                        if (target < 0 && s.HasRow(asset, target)) { completed++; continue; }
                        if (asset.Available <= 0)
                        {
                            failures.Add(ErrorCatalog.NotEnoughLicenses, false, serial, asset);
                            continue;
                        }
                        s.AddRow(asset, ~s.Serials.GetOrAdd(serial));
                        completed++;
                    }
                    else
                    {
                        if (s.Serials.TryGet(serial, out int sid)) s.RemoveRow(asset, ~sid);
                        completed++;
                    }
                }
            }
            s.EndWrite();
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

    public EventState Revoke(List<string> users, List<string> serials)
    {
        var s = _state;
        lock (s.Gate)
        {
            int removed = 0;
            foreach (string user in users)
            {
                if (s.Cids.TryGet(user, out int cid)) removed += s.RevokeTarget(cid);
            }
            foreach (string serial in serials)
            {
                if (s.Serials.TryGet(serial, out int sid)) removed += s.RevokeTarget(~sid);
            }
            s.EndWrite();
            return NewEvent("REVOKE", removed, removed, new List<Failure>());
        }
    }

    // ---- POST users/create, users/update, users/retire ---------------------------------

    public EventState ManageUsers(string type, List<RequestUser> users)
    {
        var s = _state;
        lock (s.Gate)
        {
            var failures = new FailureCollector();
            int completed = 0;
            foreach (var user in users)
            {
                bool known = s.Cids.TryGet(user.ClientUserId, out int cid);
                bool active = known && s.IsActiveCid(cid);
                switch (type)
                {
                    case "CREATE":
                        if (active)
                        {
                            failures.Add(ErrorCatalog.UserAlreadyExists, true, user.ClientUserId, null);
                            continue;
                        }
                        s.AddUserRecord(s.Cids.GetOrAdd(user.ClientUserId), user.Email, user.ManagedAppleId);
                        break;
                    case "UPDATE":
                        if (!active)
                        {
                            failures.Add(ErrorCatalog.UserNotFound, true, user.ClientUserId, null);
                            continue;
                        }
                        s.UpdateUserRecord(s.ActiveByCid[cid], user.Email, user.ManagedAppleId);
                        break;
                    default:
                        if (!active)
                        {
                            failures.Add(ErrorCatalog.UserNotFound, true, user.ClientUserId, null);
                            continue;
                        }
                        s.RetireCid(cid);
                        break;
                }
                completed++;
            }
            s.EndWrite();
            return NewEvent(type, users.Count, completed, failures.Build());
        }
    }

    private EventState NewEvent(string type, int numRequested, int numCompleted, List<Failure> failures) =>
        _events.Add(type, numRequested, numCompleted, failures, _options.EventPollsBeforeCompletion);
}
