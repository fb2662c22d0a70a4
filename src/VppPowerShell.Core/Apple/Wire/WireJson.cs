using System.Text.Json;
using System.Text.Json.Serialization;

namespace VppPowerShell.Core.Apple.Wire;

/// <summary>How Apple's JSON is read and written: camelCase, nulls omitted, lenient numbers, unknown members ignored.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
