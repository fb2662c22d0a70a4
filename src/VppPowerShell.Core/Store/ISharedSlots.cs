using System;

namespace VppPowerShell.Core.Store;

/// <summary>A token's 5 request slots as every process sharing the token sees them.</summary>
internal interface ISharedSlots
{
    /// <summary>Takes slot <paramref name="slot"/> if no one holds it; dispose the result to give it back.</summary>
    IDisposable? TryTake(int slot);
}
