using System.Management.Automation;
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
[OutputType(typeof(ProxyInfo))]
public sealed class GetVppProxyCommand : VppCmdlet
{
    protected override void Process() => WriteOutput(new ProxyInfo(SessionProxy.Current, SessionProxy.Source));
}
