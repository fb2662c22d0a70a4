using System.Collections.Generic;

namespace VppPowerShell.Core.Apple.Wire;

/// <summary>GET service/config (API §5.1).</summary>
internal sealed class ServiceConfigResponse : Envelope
{
    public Dictionary<string, int>? Limits { get; set; }

    public Dictionary<string, string>? Urls { get; set; }

    public List<ErrorCode>? ErrorCodes { get; set; }

    public List<string>? NotificationTypes { get; set; }
}

internal sealed class ErrorCode
{
    public int ErrorNumber { get; set; }

    public string? ErrorMessage { get; set; }
}

/// <summary>GET/POST client/config (API §5.2).</summary>
internal sealed class ClientConfigResponse : Envelope
{
    public string? CountryISO2ACode { get; set; }

    public string? DefaultPlatform { get; set; }

    public string? LocationName { get; set; }

    public string? WebsiteURL { get; set; }
}

internal sealed class ClientConfigRequest
{
    public MdmInfo? MdmInfo { get; set; }
}
