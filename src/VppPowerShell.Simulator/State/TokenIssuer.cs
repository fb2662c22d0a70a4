using System;
using System.IO;
using System.Text;

namespace VppPowerShell.Simulator.State;

/// <summary>
/// The token in force for a location or legacy account, and the control members on it that both
/// faces share: write its file, expire or revoke it, issue the next one.
/// </summary>
internal sealed class TokenIssuer<TToken> where TToken : IssuedToken
{
    private readonly Func<DateTimeOffset, TToken> _issue;
    private readonly Action<TToken> _register;

    /// <param name="issue">Makes a token expiring then.</param>
    /// <param name="register">Makes a later token known to the simulator (the first one is registered by whoever adds the owner).</param>
    /// <param name="expiresOn">When the first token expires.</param>
    public TokenIssuer(Func<DateTimeOffset, TToken> issue, Action<TToken> register, DateTimeOffset expiresOn)
    {
        _issue = issue;
        _register = register;
        Current = issue(expiresOn);
    }

    public TToken Current { get; private set; }

    /// <summary>Writes the token file content (no trailing newline) and returns <paramref name="path"/>.</summary>
    public string WriteFile(string path)
    {
        File.WriteAllText(path, Current.Content, new UTF8Encoding(false));
        return path;
    }

    public void ExpireNow() => Current.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);

    public void Revoke() => Current.Revoked = true;

    /// <summary>Issues the next token (valid a year unless <paramref name="expiresOn"/> says otherwise) and returns its content.</summary>
    public string Renew(DateTimeOffset? expiresOn, bool revokePrevious)
    {
        var previous = Current;
        var next = _issue(expiresOn ?? DateTimeOffset.UtcNow.AddYears(1));
        _register(next);
        Current = next;
        if (revokePrevious) previous.Revoked = true;
        return next.Content;
    }
}
