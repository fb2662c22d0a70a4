using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VppPowerShell.Simulator.Model;

/// <summary>Formatting shared by the simulator's v1 and v2 responses (the simulator's own, not the client's).</summary>
internal static class Wire
{
    /// <summary>The invitation page <c>urls.invitationEmail</c> (v2) and <c>invitationEmailUrl</c>/<c>inviteUrl</c> (v1) point at.</summary>
    public const string InvitationPath = "/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount";

    /// <summary>Escapes only what JSON requires, so "+0000" stays "+0000" on the wire.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Apple's date shape: <c>2031-03-14T09:26:53+0000</c> (UTC, offset without colon).</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    public static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        for (int i = 0; i < values.Count; i++) w.WriteStringValue(values[i]);
        w.WriteEndArray();
    }
}
