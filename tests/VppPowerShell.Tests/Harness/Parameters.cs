using System;
using System.Collections.Generic;

namespace VppPowerShell.Tests.Harness;

/// <summary>Named parameters for <see cref="CmdletRunner"/>, built up like a PowerShell splat.</summary>
public sealed class Parameters : Dictionary<string, object?>
{
    public Parameters()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public Parameters With(string name, object? value)
    {
        this[name] = value;
        return this;
    }

    /// <summary>The parameters as a hashtable, to splat in a script: Get-VppToken @store.</summary>
    public System.Collections.Hashtable ToHashtable() => new(this, StringComparer.OrdinalIgnoreCase);

    public Parameters Without(string name)
    {
        Remove(name);
        return this;
    }
}
