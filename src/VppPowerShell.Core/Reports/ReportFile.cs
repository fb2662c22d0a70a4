using System;
using System.IO;
using System.Text;

namespace VppPowerShell.Core.Reports;

/// <summary>Writes a report file: never into a missing folder, never over a file unless asked, never half-written.</summary>
public static class ReportFile
{
    public const string FolderNotFound = "ReportFolderNotFound";
    public const string FileExists = "ReportFileExists";
    public const string PathIsFolder = "ReportPathIsFolder";
    public const string WriteFailed = "ReportWriteFailed";

    /// <summary>Fails, naming the path, when the report cannot be written there.</summary>
    public static void Check(string path, bool overwrite)
    {
        if (Directory.Exists(path))
        {
            throw new VppException(PathIsFolder, VppErrorCategory.InvalidArgument, $"The report path {path} is a folder, not a file.", path,
                $"Give a file path, for example {Path.Combine(path, "vpp-report.html")}.");
        }

        var folder = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            throw new VppException(FolderNotFound, VppErrorCategory.ObjectNotFound,
                $"The folder {folder} of the report path {path} does not exist.", path,
                "Create the folder first (New-Item -ItemType Directory), or choose a path in an existing folder.");
        }

        if (File.Exists(path) && !overwrite)
        {
            throw new VppException(FileExists, VppErrorCategory.ResourceExists, $"The file {path} already exists.", path,
                "Add -Force to overwrite it, or choose another path.");
        }
    }

    /// <summary>Writes UTF-8 (no byte order mark) to a temporary file beside the target, then moves it into place.</summary>
    public static long Write(string path, string content, bool overwrite)
    {
        Check(path, overwrite);
        var folder = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            File.WriteAllBytes(temporary, bytes);
            if (File.Exists(path)) File.Replace(temporary, path, null);
            else File.Move(temporary, path);
            return bytes.LongLength;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VppException(WriteFailed, VppErrorCategory.WriteError, $"The report {path} cannot be written: {e.Message}", path,
                "Check that this account can write to the folder, and that the file is not open in another program.", e);
        }
        finally
        {
            try
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
