using System;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Tests.Harness;
using VppPowerShell.Tests.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Tests.Shared;
using Xunit;

namespace VppPowerShell.Tests.Binding;

/// <summary>Every progress bar a command draws is ended by the command: none stays drawn after it.</summary>
public sealed class ProgressCompletionTests
{
    [Theory, SqliteStore, PostgresStore]
    public void Sync_and_assignment_end_every_bar_they_start(StoreEngine engine)
    {
        using var fixture = new LicensingFixture(engine: engine);
        foreach (var serial in LicensingFixture.Serials(40, "SEED")) fixture.Location.Assign(LicensingFixture.App, serialNumber: serial);
        var sync = fixture.Run("Sync-VppToken", new Parameters().With("Full", true)).ShouldSucceed();
        var assign = fixture.Run("Set-VppAssignment", new Parameters().With("AdamId", LicensingFixture.App).With("SerialNumber", LicensingFixture.Serials(30).ToArray())).ShouldSucceed();

        foreach (var run in new[] { sync, assign })
        {
            Assert.NotEmpty(run.Progress);
            foreach (var activity in run.Progress.GroupBy(p => p.ActivityId))
            {
                Assert.Equal(ProgressRecordType.Completed, activity.Last().RecordType);
            }
        }

        Assert.Contains(sync.Progress, p => p.ParentActivityId > 0 && p.RecordType == ProgressRecordType.Completed);
    }
}
