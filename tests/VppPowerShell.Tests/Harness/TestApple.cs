using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using VppPowerShell.Core.Apple;
using VppPowerShell.Simulator;

namespace VppPowerShell.Tests.Harness;

/// <summary>One simulator of Apple's service on loopback for the cmdlet tests; each test adds its own locations.</summary>
public static class TestApple
{
    private static readonly Lazy<AppleSimulator> Shared = new(() => AppleSimulator.Start());

    public static AppleSimulator Simulator => Shared.Value;

    public static string ServiceUrl => Simulator.BaseUri.AbsoluteUri;

    public static SimulatedLocation NewLocation(string organization = "Contoso Schools", DateTimeOffset? expiresOn = null, string country = "FR") =>
        Simulator.AddLocation("Location " + Guid.NewGuid().ToString("N").Substring(0, 8), organization, country, tokenExpiresOn: expiresOn);

    /// <summary>The secret inside a token file's content (its <c>token</c> member).</summary>
    public static string SecretOf(string tokenFileContent) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(tokenFileContent))).RootElement.GetProperty("token").GetString()!;

    [ModuleInitializer]
    internal static void UseFastRetries() => ModuleSettings.AppleClient = new AppleClientOptions
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 8,
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };
}
