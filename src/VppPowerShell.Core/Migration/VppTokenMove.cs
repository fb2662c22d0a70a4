using System.Linq;
using System.Collections.Generic;
using VppPowerShell.Core.ReadModels;

namespace VppPowerShell.Core.Migration;

/// <summary>What moving a legacy token onto a location did: the assignments kept, and any missing.</summary>
public sealed class VppTokenMove
{
    internal VppTokenMove(int tokenId, string name, string? locationName, int assignmentsBefore, int assignmentsKept, IReadOnlyList<string> missing,
        int assignmentsAfter)
    {
        TokenId = tokenId;
        Name = name;
        LocationName = locationName;
        AssignmentsBefore = assignmentsBefore;
        AssignmentsKept = assignmentsKept;
        AssignmentsMissing = missing.Count;
        Missing = new JoinedList<string>(missing.ToList(), "; ");
        AssignmentsAfter = assignmentsAfter;
    }

    public int TokenId { get; }

    public string Name { get; }

    public string? LocationName { get; }

    /// <summary>Assignments of the legacy token, as last synced.</summary>
    public int AssignmentsBefore { get; }

    /// <summary>Those the location holds after the move.</summary>
    public int AssignmentsKept { get; }

    public int AssignmentsMissing { get; }

    /// <summary>"adamId -> serial or user" of each assignment the location does not hold.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>All assignments of the location after the move.</summary>
    public int AssignmentsAfter { get; }

    public override string ToString() => $"{Name}: {AssignmentsKept} of {AssignmentsBefore} assignment(s) kept on '{LocationName}', {AssignmentsMissing} missing";
}
