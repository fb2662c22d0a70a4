using System.Collections.Generic;
using System.Management.Automation;

namespace VppPowerShell.Tests.BlastRadius;

/// <summary>What one script wrote: its output objects as PowerShell holds them, its errors, and what it said.</summary>
public sealed record ScriptResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> WhatIfActions,
    IReadOnlyList<string> Said);
