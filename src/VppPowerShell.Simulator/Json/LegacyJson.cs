using System;
using System.Globalization;
using System.Text.Json;
using VppPowerShell.Simulator.Model;
using VppPowerShell.Simulator.State;

namespace VppPowerShell.Simulator.Json;

/// <summary>The v1 service's JSON members and objects (API §13), written from a legacy account's state.</summary>
internal static class LegacyJson
{
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(15);

    /// <summary>Members every v1 success carries (API §13.1): status, uId, expirationMillis, clientContext, tokenExpDate near expiry.</summary>
    public static void WriteEnvelope(Utf8JsonWriter w, string uId, IssuedToken token, string? clientContext)
    {
        w.WriteNumber("status", 0);
        w.WriteString("uId", uId);
        var expires = token.ExpiresOn;
        w.WriteNumber("expirationMillis", expires.ToUnixTimeMilliseconds());
        if (expires - DateTimeOffset.UtcNow <= ExpiryWarning) w.WriteString("tokenExpDate", Wire.FormatDate(expires));
        if (clientContext != null) w.WriteString("clientContext", clientContext);
    }

    public static void WriteAsset(Utf8JsonWriter w, LegacyAssetState a, bool includeCounts)
    {
        w.WriteStartObject();
        w.WriteString("adamIdStr", a.AdamId);
        w.WriteString("pricingParam", a.PricingParam);
        w.WriteNumber("productTypeId", a.ProductTypeId);
        w.WriteString("productTypeName", a.ProductTypeName);
        w.WriteBoolean("isIrrevocable", a.IsIrrevocable);
        w.WriteBoolean("deviceAssignable", a.DeviceAssignable);
        if (includeCounts)
        {
            w.WriteNumber("assignedCount", a.Assigned);
            w.WriteNumber("availableCount", a.Available);
            w.WriteNumber("retiredCount", a.Retired);
            w.WriteNumber("totalCount", a.Total);
        }
        w.WriteEndObject();
    }

    public static void WriteLicense(Utf8JsonWriter w, LegacyAccountState s, int index, bool nonNumericLicenseIds)
    {
        var row = s.Licenses[index];
        var asset = s.Assets[row.Asset];
        long id = s.LicenseId(index);
        w.WriteStartObject();
        if (nonNumericLicenseIds)
        {
            string text = "L-" + id.ToString("x", CultureInfo.InvariantCulture);
            w.WriteString("licenseId", text);
            w.WriteString("licenseIdStr", text);
        }
        else
        {
            WriteNumberAndText(w, "licenseId", "licenseIdStr", id);
        }
        if (long.TryParse(asset.AdamId, NumberStyles.None, CultureInfo.InvariantCulture, out long adamId)) w.WriteNumber("adamId", adamId);
        w.WriteString("adamIdStr", asset.AdamId);
        w.WriteString("pricingParam", asset.PricingParam);
        w.WriteNumber("productTypeId", asset.ProductTypeId);
        w.WriteString("productTypeName", asset.ProductTypeName);
        w.WriteBoolean("isIrrevocable", asset.IsIrrevocable);
        w.WriteString("status", row.Status.ToWireText());
        if (row.Status == LicenseStatus.Associated)
        {
            if (row.User >= 0)
            {
                WriteNumberAndText(w, "userId", "userIdStr", s.UserId(row.User));
                w.WriteString("clientUserIdStr", s.Users[row.User].ClientUserId);
                string? hash = s.ItsIdHashOf(row.User);
                if (hash != null) w.WriteString("itsIdHash", hash);
            }
            else if (row.Serial >= 0)
            {
                w.WriteString("serialNumber", s.Serials[row.Serial]);
            }
        }
        w.WriteEndObject();
    }

    /// <summary>A user record's members; with <paramref name="includeLicenses"/>, its associated licenses too (getVPPUserSrv).</summary>
    public static void WriteUserMembers(Utf8JsonWriter w, LegacyAccountState s, int index, Uri rootUri, bool includeLicenses, bool nonNumericLicenseIds)
    {
        var r = s.Users[index];
        WriteNumberAndText(w, "userId", "userIdStr", s.UserId(index));
        w.WriteString("clientUserIdStr", r.ClientUserId);
        if (r.Email != null) w.WriteString("email", r.Email);
        w.WriteString("status", r.Status.ToWireText());
        if (r.Status == UserStatus.Registered)
        {
            string code = s.Identifiers.InviteCode(index);
            w.WriteString("inviteCode", code);
            w.WriteString("inviteUrl", rootUri.AbsoluteUri + Wire.InvitationPath.Substring(1) + "?inviteCode=" + code + "&mt=8");
        }
        string? hash = s.ItsIdHashOf(index);
        if (hash != null) w.WriteString("itsIdHash", hash);
        if (r.ManagedAppleId != null) w.WriteString("managedAppleIDStr", r.ManagedAppleId);
        if (!includeLicenses) return;
        w.WriteStartArray("licenses");
        for (int i = 0; i < s.LicenseCount; i++)
        {
            if (s.Licenses[i].Status == LicenseStatus.Associated && s.Licenses[i].User == index) WriteLicense(w, s, i, nonNumericLicenseIds);
        }
        w.WriteEndArray();
    }

    /// <summary>v1 sends ids twice: as a number, and as text in the member suffixed "Str".</summary>
    private static void WriteNumberAndText(Utf8JsonWriter w, string name, string textName, long value)
    {
        w.WriteNumber(name, value);
        w.WriteString(textName, value.ToString(CultureInfo.InvariantCulture));
    }
}
