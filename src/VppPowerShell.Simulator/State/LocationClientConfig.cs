using System;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.State;

/// <summary>What an MDM stored with client/config (API §5.2, §12): its mdmInfo and webhook. Callers hold the location's gate.</summary>
internal sealed class LocationClientConfig
{
    public SimMdmInfo? MdmInfo;
    public string? NotificationUrl;
    public string? NotificationAuthToken;
    public string[] NotificationTypes = Array.Empty<string>();

    /// <summary>Applies a POST client/config (already validated). Omitted = unchanged; empty string/array = cleared.</summary>
    public void Apply(SimMdmInfo? mdmInfo, bool hasNotificationUrl, string? notificationUrl, string? notificationAuthToken, string[]? notificationTypes)
    {
        if (mdmInfo != null) MdmInfo = mdmInfo;
        if (hasNotificationUrl)
        {
            NotificationUrl = string.IsNullOrEmpty(notificationUrl) ? null : notificationUrl;
            NotificationAuthToken = string.IsNullOrEmpty(notificationAuthToken) ? null : notificationAuthToken;
        }
        if (notificationTypes != null) NotificationTypes = notificationTypes;
    }

    /// <summary>Another MDM claims the location: its mdmInfo and webhook replace the current ones.</summary>
    public void ClaimByOtherMdm(SimMdmInfo mdmInfo)
    {
        MdmInfo = mdmInfo;
        NotificationUrl = "https://other-mdm.example/apple/vpp/notify";
        NotificationAuthToken = "other-mdm-secret";
    }
}
