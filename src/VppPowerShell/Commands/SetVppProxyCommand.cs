using System;
using System.Management.Automation;
using VppPowerShell.Core.Apple;
using VppPowerShell.Session;

namespace VppPowerShell.Commands;

/// <summary>Sets the proxy that VppPowerShell's calls to Apple go through for the rest of the session.</summary>
/// <remarks>
/// Every call the module makes to Apple (the Apps and Books service, its legacy service, the content
/// lookup) goes through this proxy, answered with -ProxyCredential (Basic), or with the current user's
/// Windows credentials (-ProxyUseDefaultCredentials). -NoProxy sends the calls straight to Apple;
/// -Reset goes back to the default: the VPP_PROXY environment variable (an address, with user:password@
/// for Basic authentication, or 'direct'; VPP_PROXY_USE_DEFAULT_CREDENTIALS=1 and VPP_PROXY_LOOPBACK=1 as
/// the switches), then the system's proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, the operating system's
/// settings). A loopback address (a local simulator) is reached directly unless -ProxyLoopback.
/// TLS is always verified against the system's trusted roots. The password is kept in memory only and
/// never shown: Get-VppProxy shows the proxy and the user name.
/// </remarks>
/// <example>
/// <code>Set-VppProxy -Proxy http://proxy.contoso.com:8080 -ProxyCredential ([pscredential]::new('svc-vpp', (Read-Host -AsSecureString -Prompt 'Proxy password')))</code>
/// <para>Sends the module's calls to Apple through the proxy, answering its Basic authentication as svc-vpp with the password typed (unseen) at the prompt.</para>
/// </example>
/// <example>
/// <code>Set-VppProxy -Proxy http://proxy.contoso.com:8080 -ProxyUseDefaultCredentials</code>
/// <para>On a Windows hybrid worker: through the proxy, signed in as the account the runbook runs as.</para>
/// </example>
/// <example>
/// <code>Set-VppProxy -Reset</code>
/// <para>Goes back to VPP_PROXY, or to the system's proxy when it is not set.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "VppProxy", DefaultParameterSetName = ProxySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = ModuleLinks.Docs + "Set-VppProxy.md")]
[OutputType(typeof(ProxyInfo))]
public sealed class SetVppProxyCommand : VppCmdlet
{
    private const string ProxySet = "Proxy";
    private const string NoProxySet = "NoProxy";
    private const string ResetSet = "Reset";

    /// <summary>The proxy's address, for example http://proxy.contoso.com:8080.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProxySet)]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The user name and password the proxy asks for (Basic authentication).</summary>
    [Parameter(ParameterSetName = ProxySet)]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Answer the proxy with the current user's Windows credentials (Negotiate or NTLM).</summary>
    [Parameter(ParameterSetName = ProxySet)]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Send calls to loopback addresses (a local simulator) through the proxy too.</summary>
    [Parameter(ParameterSetName = ProxySet)]
    public SwitchParameter ProxyLoopback { get; set; }

    /// <summary>Send every call straight to Apple, ignoring VPP_PROXY and the system's proxy.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NoProxySet)]
    public SwitchParameter NoProxy { get; set; }

    /// <summary>Forget the session's proxy: VPP_PROXY, then the system's proxy, apply again.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter Reset { get; set; }

    /// <summary>Write the proxy now in use.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void Process()
    {
        var proxy = ParameterSetName switch
        {
            NoProxySet => ProxySettings.Direct,
            ResetSet => null,
            _ => ProxySettings.Through(Proxy!, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials.IsPresent, ProxyLoopback.IsPresent),
        };
        var action = proxy is null ? "Forget the session's proxy (VPP_PROXY, then the system's, apply)" : "Send calls to Apple through this for the rest of the session";
        if (!ShouldChange(proxy?.ToString() ?? SessionProxy.Current.ToString(), action)) return;
        SessionProxy.Use(proxy);
        WriteNote($"Calls to Apple now go through {SessionProxy.Current}.");
        if (PassThru.IsPresent) WriteOutput(new ProxyInfo(SessionProxy.Current, SessionProxy.Source));
    }
}
