using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>Copies and deletes the files a world is made of.</summary>
internal static class WorldFiles
{
    static WorldFiles()
    {
        SQLitePCL.Batteries_V2.Init();
    }

    /// <summary>The token key file the store keeps beside itself (Linux and macOS).</summary>
    public static string KeyFile(string storePath) => storePath + ".key";

    /// <summary>
    /// A consistent copy of a store that may be in WAL mode (SQLite's backup), with its key file,
    /// so tokens copied with it can still be read.
    /// </summary>
    public static void BackUpStore(string source, string target)
    {
        using (var from = Open(source))
        using (var to = Open(target))
        {
            from.BackupDatabase(to);
        }

        CopyKeyFile(source, target);
    }

    /// <summary>A plain copy of a store that nothing has open (a template's), with its key file.</summary>
    public static void CopyStore(string source, string target)
    {
        File.Copy(source, target);
        CopyKeyFile(source, target);
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopyKeyFile(string source, string target)
    {
        if (File.Exists(KeyFile(source))) File.Copy(KeyFile(source), KeyFile(target));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
