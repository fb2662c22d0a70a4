using System.Collections.Generic;

namespace VppPowerShell.Simulator.State;

/// <summary>One entry of an event's <c>failures</c>: an error number, the assets, and the users and devices that failed on all of them.</summary>
internal sealed class Failure
{
    public Failure(int errorNumber) => ErrorNumber = errorNumber;
    public int ErrorNumber { get; }
    public List<AssetState> Assets { get; } = new List<AssetState>();
    public List<string> ClientUserIds { get; } = new List<string>();
    public List<string> SerialNumbers { get; } = new List<string>();
}
