using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace VppPowerShell.Tests.Harness;

/// <summary>
/// The PowerShell host the in-process runspaces run under: it answers prompts as a test says, or
/// refuses them the way pwsh -NonInteractive does, and records what was asked and what -WhatIf said.
/// </summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUserInterface ui;

    public TestHost()
    {
        ui = new TestHostUserInterface(this);
    }

    /// <summary>False to behave like pwsh -NonInteractive: every prompt fails.</summary>
    public bool IsInteractive { get; set; } = true;

    /// <summary>What the person answers to a confirmation prompt (ShouldProcess).</summary>
    public bool ConfirmAnswer { get; set; } = true;

    /// <summary>What the person answers to ShouldContinue.</summary>
    public bool ContinueAnswer { get; set; } = true;

    /// <summary>PowerShell's current location for the command; null keeps the process's folder.</summary>
    public string? CurrentLocation { get; set; }

    public List<ShouldProcessCall> ShouldProcessCalls { get; } = new();

    public List<string> ShouldContinueCalls { get; } = new();

    /// <summary>Everything written straight to the host (Write-Host, -WhatIf lines).</summary>
    public List<string> HostLines { get; } = new();

    public override string Name => "VppPowerShell.Tests";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("The test host has no nested prompt.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("The test host has no nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class TestHostUserInterface : PSHostUserInterface
    {
        private static readonly Regex Operation = new("Performing the operation \"(?<action>.*)\" on target \"(?<target>.*)\"\\.$", RegexOptions.Singleline);
        private static readonly Regex WhatIf = new("^What if: Performing the operation \"(?<action>.*)\" on target \"(?<target>.*)\"\\.$", RegexOptions.Singleline);
        private readonly TestHost host;

        public TestHostUserInterface(TestHost host)
        {
            this.host = host;
        }

        public override PSHostRawUserInterface? RawUI => null;

        public override string ReadLine() => throw NonInteractive();

        public override SecureString ReadLineAsSecureString() => throw NonInteractive();

        public override void Write(string value) => host.HostLines.Add(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => host.HostLines.Add(value);

        public override void WriteLine(string value)
        {
            host.HostLines.Add(value);
            var whatIf = WhatIf.Match(value);
            if (whatIf.Success)
            {
                host.ShouldProcessCalls.Add(new ShouldProcessCall(whatIf.Groups["target"].Value, whatIf.Groups["action"].Value, Prompted: false, WhatIf: true));
            }
        }

        public override void WriteErrorLine(string value) => host.HostLines.Add(value);

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NonInteractive();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NonInteractive();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NonInteractive();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var operation = Operation.Match(message);
            bool yes;
            if (operation.Success)
            {
                host.ShouldProcessCalls.Add(new ShouldProcessCall(operation.Groups["target"].Value, operation.Groups["action"].Value, Prompted: true, WhatIf: false));
                if (!host.IsInteractive) throw NonInteractive();
                yes = host.ConfirmAnswer;
            }
            else
            {
                host.ShouldContinueCalls.Add(message);
                if (!host.IsInteractive) throw NonInteractive();
                yes = host.ContinueAnswer;
            }

            // PowerShell's own choices: [Y] Yes, [A] Yes to All, [N] No, [L] No to All, [S] Suspend.
            var wanted = yes ? "&Yes" : "&No";
            for (var i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Label, wanted, StringComparison.OrdinalIgnoreCase)) return i;
            }

            return yes ? 0 : choices.Count - 1;
        }

        // The console host's own words under -NonInteractive.
        private static PSInvalidOperationException NonInteractive() =>
            new("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
    }
}

/// <summary>One ShouldProcess that PowerShell made visible: a -WhatIf line or a confirmation prompt.</summary>
public sealed record ShouldProcessCall(string Target, string Action, bool Prompted, bool WhatIf);
