using System;
using System.IO;

namespace VppPowerShell.Core.Store;

/// <summary>
/// Resolves the store file: <c>-StorePath</c>, else the session default (<c>Use-VppStore</c>),
/// else <c>VPP_STORE_PATH</c>, else <c>&lt;per-user data folder&gt;/VppPowerShell/vpp.db</c>.
/// </summary>
public sealed class StoreLocation
{
    public const string EnvironmentVariable = "VPP_STORE_PATH";
    public const string FileName = "vpp.db";
    public const string FolderName = "VppPowerShell";

    private StoreLocation(string path, StoreLocationSource source)
    {
        Path = path;
        Source = source;
    }

    public string Path { get; }

    public StoreLocationSource Source { get; }

    /// <summary>The default store's folder is created when missing; a chosen path's folder must exist.</summary>
    public bool CreatesFolder => Source == StoreLocationSource.UserDataFolder;

    public static StoreLocation Resolve(string? parameterPath, string? sessionDefault,
        Func<string, string?>? getEnvironment = null, Func<string>? userDataFolder = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        userDataFolder ??= () => Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
            Environment.SpecialFolderOption.DoNotVerify);

        if (!string.IsNullOrWhiteSpace(parameterPath)) return Full(parameterPath!, StoreLocationSource.Parameter);
        if (!string.IsNullOrWhiteSpace(sessionDefault)) return Full(sessionDefault!, StoreLocationSource.SessionDefault);
        var fromEnvironment = getEnvironment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Full(fromEnvironment!, StoreLocationSource.EnvironmentVariable);

        var dataFolder = userDataFolder();
        if (string.IsNullOrWhiteSpace(dataFolder) || !System.IO.Path.IsPathRooted(dataFolder))
        {
            throw new VppException(VppErrorIds.StorePathUnresolved, VppErrorCategory.ResourceUnavailable,
                "No store path was given and this account has no per-user data folder (service accounts often have no profile).",
                recommendedAction: $"Pass -StorePath, run Use-VppStore -Path <file> once per session, or set the {EnvironmentVariable} environment variable.");
        }

        return Full(System.IO.Path.Combine(dataFolder, FolderName, FileName), StoreLocationSource.UserDataFolder);
    }

    public override string ToString() => Path;

    private static StoreLocation Full(string path, StoreLocationSource source)
    {
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(Environment.ExpandEnvironmentVariables(path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new VppException(VppErrorIds.StoreFolderNotFound, VppErrorCategory.InvalidArgument,
                $"The store path '{path}' is not a valid file path: {e.Message}", target: path,
                recommendedAction: "Give the path of a file in an existing folder, for example ./vpp.db.", innerException: e);
        }

        return new StoreLocation(full, source);
    }
}
