using System.Collections.Generic;
using System.Text.Json;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.Paging;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Json;

/// <summary>The v2 service's JSON members and objects, written from a location's state.</summary>
internal static class LocationJson
{
    /// <summary>Members every v2 answer carries: uId, tokenExpirationDate, mdmInfo when set.</summary>
    public static void WriteEnvelope(Utf8JsonWriter w, string uId, IssuedToken token, SimMdmInfo? mdm)
    {
        w.WriteString("uId", uId);
        w.WriteString("tokenExpirationDate", Wire.FormatDate(token.ExpiresOn));
        if (mdm != null)
        {
            w.WriteStartObject("mdmInfo");
            w.WriteString("id", mdm.Id);
            w.WriteString("name", mdm.Name);
            w.WriteString("metadata", mdm.Metadata);
            w.WriteEndObject();
        }
    }

    public static void WritePaging(Utf8JsonWriter w, PageShape shape, int size, string versionId)
    {
        w.WriteNumber("currentPageIndex", shape.Current);
        if (shape.Next is int next) w.WriteNumber("nextPageIndex", next);
        w.WriteNumber("size", size);
        w.WriteNumber("totalPages", shape.TotalPages);
        w.WriteString("versionId", versionId);
    }

    public static void WriteAsset(Utf8JsonWriter w, AssetState a)
    {
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
        Wire.WriteStrings(w, "supportedPlatforms", a.Platforms);
        w.WriteEndObject();
    }

    public static void WriteAssignment(Utf8JsonWriter w, LocationState s, AssignmentRow row, bool includeUserState)
    {
        var asset = s.Assets[row.Asset];
        w.WriteStartObject();
        w.WriteString("adamId", asset.AdamId);
        w.WriteString("pricingParam", asset.PricingParam);
        if (row.Target >= 0)
        {
            w.WriteString("clientUserId", s.Cids[row.Target]);
            if (includeUserState)
            {
                int record = s.LatestRecord(row.Target);
                if (record >= 0)
                {
                    w.WriteString("userStatus", s.Users[record].Status.ToWireText());
                    string? idHash = s.IdHashOf(record);
                    if (idHash != null) w.WriteString("idHash", idHash);
                }
            }
        }
        else
        {
            w.WriteString("serialNumber", s.Serials[~row.Target]);
        }
        w.WriteEndObject();
    }

    public static void WriteUser(Utf8JsonWriter w, LocationState s, int index)
    {
        var r = s.Users[index];
        w.WriteStartObject();
        w.WriteString("clientUserId", s.Cids[r.Cid]);
        if (r.Email != null) w.WriteString("email", r.Email);
        w.WriteString("status", r.Status.ToWireText());
        if (r.Status == UserStatus.Registered) w.WriteString("inviteCode", s.Identifiers.InviteCode(index));
        string? idHash = s.IdHashOf(index);
        if (idHash != null) w.WriteString("idHash", idHash);
        w.WriteEndObject();
    }

    /// <summary>The members of a status answer after the envelope: the event as the <paramref name="pending"/> poll sees it.</summary>
    public static void WriteEventStatus(Utf8JsonWriter w, EventState ev, bool pending, SimulatorQuirks quirks)
    {
        w.WriteString("eventId", ev.Id);
        w.WriteString("eventStatus", pending ? "PENDING" : quirks.FailedEventsReportComplete ? "COMPLETE" : ev.FinalStatus);
        w.WriteString("eventType", ev.Type);
        w.WriteNumber("numRequested", ev.NumRequested);
        w.WriteNumber("numCompleted", pending ? (int)((long)ev.NumCompleted * ev.Polls / (ev.PollsBeforeCompletion + 1)) : ev.NumCompleted);
        if (pending || ev.Failures.Count == 0 || quirks.FailureDetail == EventFailureDetail.Omitted) return;
        w.WriteStartArray("failures");
        foreach (var f in ev.Failures) WriteFailure(w, f, quirks.FailureDetail);
        w.WriteEndArray();
    }

    private static void WriteFailure(Utf8JsonWriter w, Failure f, EventFailureDetail detail)
    {
        w.WriteStartObject();
        w.WriteNumber("errorNumber", f.ErrorNumber);
        w.WriteString("errorMessage", ErrorCatalog.Message(f.ErrorNumber));
        if (detail != EventFailureDetail.Named)
        {
            if (detail == EventFailureDetail.EmptyErrorInfo)
            {
                w.WriteStartObject("errorInfo");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            return;
        }
        w.WriteStartObject("errorInfo");
        if (f.Assets.Count > 0)
        {
            w.WriteStartArray("assets");
            foreach (var a in f.Assets) WriteAssetKey(w, a.AdamId, a.PricingParam);
            w.WriteEndArray();
        }
        WriteNonEmpty(w, "clientUserIds", f.ClientUserIds);
        WriteNonEmpty(w, "serialNumbers", f.SerialNumbers);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>An asset as errorInfo names it: adamId and pricingParam.</summary>
    public static void WriteAssetKey(Utf8JsonWriter w, string adamId, string pricingParam)
    {
        w.WriteStartObject();
        w.WriteString("adamId", adamId);
        w.WriteString("pricingParam", pricingParam);
        w.WriteEndObject();
    }

    private static void WriteNonEmpty(Utf8JsonWriter w, string name, List<string> values)
    {
        if (values.Count > 0) Wire.WriteStrings(w, name, values);
    }
}
