using System;
using System.IO;
using System.Security;
using VppPowerShell.Core.Security;

namespace VppPowerShell.Core.Tokens;

/// <summary>Where a token comes from: a downloaded file, or its content held as a SecureString.</summary>
public sealed class TokenSource
{
    private readonly string? path;
    private readonly SecureString? content;

    private TokenSource(string? path, SecureString? content)
    {
        this.path = path;
        this.content = content;
    }

    public static TokenSource FromFile(string path) => new(path, null);

    public static TokenSource FromSecureString(SecureString content) => new(null, content);

    /// <summary>How errors name this input: the file path, or the parameter that carried the content.</summary>
    public string Description => path ?? "given in -Token";

    public override string ToString() => path is null ? "token content (hidden)" : path;

    internal TokenFile Read()
    {
        if (path is not null)
        {
            return TokenFile.Parse(ReadFile(path), path);
        }

        return TokenFile.Parse(SecureText.Reveal(content!), Description);
    }

    private static string ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new VppException(VppErrorIds.TokenFileNotFound, VppErrorCategory.ObjectNotFound,
                $"The token file {path} does not exist.",
                target: path, recommendedAction: "Check the path, or download the content token from Apple Business Manager or Apple School Manager.");
        }

        try
        {
            // A real token file is a few hundred bytes; anything large is not one.
            var info = new FileInfo(path);
            if (info.Length > 64 * 1024)
            {
                throw new VppException(VppErrorIds.TokenFileNotBase64, VppErrorCategory.InvalidData,
                    $"The token file {path} is {info.Length} bytes: far larger than a content token.",
                    target: path, recommendedAction: "Pass the .vpptoken file downloaded from Apple.");
            }

            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VppException(VppErrorIds.TokenFileUnreadable, VppErrorCategory.ReadError,
                $"The token file {path} cannot be read: {e.Message}", target: path, innerException: e);
        }
    }
}
