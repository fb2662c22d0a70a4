namespace VppPowerShell.Core.Store;

/// <summary>Which rule chose the store path, in the order they are tried.</summary>
public enum StoreLocationSource
{
    Parameter,
    SessionDefault,
    EnvironmentVariable,
    UserDataFolder,
}
