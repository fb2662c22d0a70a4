using System;
using System.Collections.Generic;
using VppPowerShell.Core.Apple;

namespace VppPowerShell.Core.Licensing;

/// <summary>What the planner knows besides the pools: Apple's limits, the users Apple has, the devices' enrollment.</summary>
public sealed class PlanningContext
{
    public PlanningContext(ServiceLimits limits, Func<string, bool> userExistsAtApple, IReadOnlyDictionary<string, VppDevice>? devices = null,
        ChangesInHand? inHandElsewhere = null)
    {
        Limits = limits;
        UserExistsAtApple = userExistsAtApple;
        Devices = devices ?? new Dictionary<string, VppDevice>();
        InHandElsewhere = inHandElsewhere ?? ChangesInHand.None;
    }

    public ServiceLimits Limits { get; }

    /// <summary>True when Apple has an active (not retired) user with that client user id.</summary>
    public Func<string, bool> UserExistsAtApple { get; }

    public IReadOnlyDictionary<string, VppDevice> Devices { get; }

    /// <summary>
    /// Changes another live worker's unfinished jobs still have to make: a plan leaves them to those
    /// jobs rather than send them a second time, and counts the licenses they will take (R-L8).
    /// </summary>
    public ChangesInHand InHandElsewhere { get; }
}
