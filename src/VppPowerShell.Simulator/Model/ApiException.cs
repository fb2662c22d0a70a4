using System;
using System.Collections.Generic;

namespace VppPowerShell.Simulator.Model;

/// <summary>A synchronous v2 error: nothing was queued; the router writes the error body.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int errorNumber, string? message = null)
        : base(message ?? ErrorCatalog.Message(errorNumber))
    {
        ErrorNumber = errorNumber;
    }

    public int ErrorNumber { get; }

    /// <summary>errorInfo.assets: (adamId, pricingParam) pairs.</summary>
    public List<KeyValuePair<string, string>>? Assets { get; set; }
    public List<string>? ClientUserIds { get; set; }
    public List<string>? SerialNumbers { get; set; }

    public bool HasErrorInfo => Assets != null || ClientUserIds != null || SerialNumbers != null;
}
