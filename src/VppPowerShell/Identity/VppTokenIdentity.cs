using System;
using System.Globalization;
using VppPowerShell.Core.Tokens;

namespace VppPowerShell;

/// <summary>
/// A token as the admin named it: a name (wildcards where the command allows them), an id, or a
/// token object (Get-VppToken's output). PowerShell builds it from what is typed: -TokenName Paris
/// is a name (so is -TokenName 3: ids are typed with -TokenId), a piped or passed token is that token.
/// </summary>
public sealed class VppTokenIdentity
{
    public VppTokenIdentity(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A token name cannot be empty: name the token, or leave the parameter out.", nameof(name));
        Name = name.Trim();
    }

    public VppTokenIdentity(VppToken token)
    {
        TokenId = (token ?? throw new ArgumentNullException(nameof(token))).TokenId;
        Name = token.Name;
    }

    private VppTokenIdentity(int tokenId) => TokenId = tokenId;

    /// <summary>The id, when the token was named by id or given as an object.</summary>
    public int? TokenId { get; }

    /// <summary>The name (or pattern), when the token was named by name.</summary>
    public string? Name { get; }

    public static VppTokenIdentity FromId(int tokenId) => new(tokenId);

    public override string ToString() => TokenId is { } id ? (Name is null ? $"TokenId {id.ToString(CultureInfo.InvariantCulture)}" : $"{Name} (TokenId {id.ToString(CultureInfo.InvariantCulture)})") : Name!;
}
