using System.Management.Automation;

namespace VppPowerShell;

/// <summary>
/// Runs when PowerShell imports the cmdlet assembly, before any cmdlet needs the engine. On
/// PowerShell 7.4+ it sets up the module's private load context (<c>EngineLoadContext</c>); on
/// Windows PowerShell 5.1, which has no load contexts, the resolver for the assemblies shipped
/// beside this one (<c>DependencyResolver</c>).
/// </summary>
/// <remarks>
/// Nothing is undone on Remove-Module: assemblies cannot be unloaded, and a later Import-Module
/// in the same process finds the engine already bound to the cmdlet assembly.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    /// <summary>Called by PowerShell on Import-Module.</summary>
    public void OnImport()
    {
#if NET8_0_OR_GREATER
        EngineLoadContext.Register();
#else
        DependencyResolver.Register();
#endif
    }
}
