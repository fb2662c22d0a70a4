using System.Management.Automation;
using VppPowerShell.Core.Apple;
using VppPowerShell.Session;

namespace VppPowerShell.Commands;

/// <summary>Shows the proxy that VppPowerShell's calls to Apple go through.</summary>
/// <remarks>
/// Shows the mode (System, Direct or Proxy), the proxy's address and user name (never the password),
/// whether the current user's credentials answer it, whether loopback calls go through it, and where
/// the setting comes from: Set-VppProxy, the VPP_PROXY environment variable, or the system.
/// </remarks>
/// <example>
/// <code>Get-VppProxy</code>
/// <para>Shows the proxy in use, and where the setting comes from.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "VppProxy", HelpUri = ModuleLinks.Docs + "Get-VppProxy.md")]
[OutputType(typeof(ProxySettings))]
public sealed class GetVppProxyCommand : VppCmdlet
{
    protected override void Process() => WriteOutput(Described(SessionProxy.Current));

    /// <summary>The settings with where they come from (Source).</summary>
    internal static PSObject Described(ProxySettings proxy)
    {
        // The settings of System and Direct are shared objects: their Source is replaced, not added twice.
        var shown = PSObject.AsPSObject(proxy);
        if (shown.Properties["Source"] is { } source) source.Value = SessionProxy.Source;
        else shown.Properties.Add(new PSNoteProperty("Source", SessionProxy.Source));
        return shown;
    }
}
