using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VppPowerShell.Core;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Store;
using VppPowerShell.Core.Text;
using VppPowerShell.Core.Tokens;
using VppPowerShell.Session;

namespace VppPowerShell;

/// <summary>A cmdlet that works on a store: resolves and opens it once, warns about expiring tokens.</summary>
public abstract class VppStoreCmdlet : VppCmdlet
{
    private readonly HashSet<int> warnedTokens = new();
    private readonly HashSet<string> announcedJobs = new(StringComparer.Ordinal);
    private VppStore? store;
    private VppStoreIdentity? accepted;
    private TokenCatalog? tokens;

    /// <summary>
    /// The SQLite store file to use. Without it (or -StoreConnectionString) the store is the one set by
    /// Use-VppStore, then the PostgreSQL store named by the VPP_STORE_CONNECTION environment variable, then
    /// the file named by VPP_STORE_PATH, then VppPowerShell/vpp.db in the per-user data folder. Objects this
    /// module writes carry the store they came from, so piped objects act on their own store; naming
    /// another store here for them is refused (StoreMismatch).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>
    /// The shared PostgreSQL store to use, for example 'Host=db.contoso.com;Database=vpp;Username=vpp'. Its
    /// key comes from Use-VppStore, else the VPP_STORE_KEY environment variable; a password from the
    /// PGPASSWORD environment variable or a pgpass file. Objects written from a shared store carry this
    /// StoreConnectionString (without any password), so piped objects act on their own store. Not with -StorePath.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>Objects from the pipeline: what each one is decides what the command does with it.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public virtual PSObject? InputObject { get; set; }

    /// <summary>
    /// True for commands that add something (a token, a group, a device) and so may create the store;
    /// every other command refuses a store that does not exist, so a mistyped path creates nothing.
    /// </summary>
    protected virtual bool CreatesStore => false;

    /// <summary>The open store, opened on first use.</summary>
    protected VppStore Store => store ??= OpenStore();

    protected TokenCatalog Tokens => tokens ??= new TokenCatalog(Store, ModuleSettings.Clock);

    /// <summary>every cmdlet that uses a token warns, once per command, when it expires within 30 days.</summary>
    protected void WarnIfExpiring(VppToken token)
    {
        var warning = TokenExpiry.WarningFor(token);
        if (warning is not null && warnedTokens.Add(token.TokenId)) WriteCaution(warning);
    }

    /// <summary>
    /// The one token an identity names, with a warning when it expires soon: by id, or by its exact
    /// name. A token that is not in the store stops the command (TokenNotFound).
    /// </summary>
    protected VppToken ChooseToken(VppTokenIdentity identity)
    {
        var token = identity.TokenId is { } id ? Tokens.Get(id) : Tokens.Get(identity.Name!);
        WarnIfExpiring(token);
        return token;
    }

    /// <summary>
    /// The tokens the identities name, each once, in the store's order: ids, exact names, or names with
    /// wildcards; every token when <paramref name="identities"/> is null. An id or an exact name that
    /// matches nothing is a non-terminating TokenNotFound error, as Get-Process does; the others go on.
    /// </summary>
    protected IReadOnlyList<VppToken> ChooseTokens(IEnumerable<VppTokenIdentity>? identities)
    {
        var all = Tokens.Find();
        if (identities is null)
        {
            foreach (var token in all) WarnIfExpiring(token);
            return all;
        }

        var chosen = new HashSet<int>();
        foreach (var identity in identities)
        {
            var pattern = identity.TokenId is null ? new Wildcard(identity.Name!) : null;
            var matches = all.Where(t => identity.TokenId is { } id ? t.TokenId == id : pattern!.IsMatch(t.Name)).ToList();
            if (matches.Count == 0 && (identity.TokenId is not null || !Wildcard.ContainsWildcard(identity.Name!)))
            {
                WriteTargetError(new VppException(VppErrorIds.TokenNotFound, VppErrorCategory.ObjectNotFound,
                    identity.TokenId is { } missing ? $"No token with id {missing} is in the store." : $"No token named '{identity.Name}' is in the store.",
                    target: identity.ToString(), recommendedAction: "List the tokens with Get-VppToken."));
            }

            chosen.UnionWith(matches.Select(m => m.TokenId));
        }

        var result = all.Where(t => chosen.Contains(t.TokenId)).ToList();
        foreach (var token in result) WarnIfExpiring(token);
        return result;
    }

    /// <summary>The identities of -TokenId and -TokenName (or -Name) together; null when neither was given.</summary>
    protected static List<VppTokenIdentity>? Identities(IEnumerable<int>? tokenIds, IEnumerable<VppTokenIdentity>? names)
    {
        if (tokenIds is null && names is null) return null;
        return (tokenIds ?? Enumerable.Empty<int>()).Select(VppTokenIdentity.FromId).Concat(names ?? Enumerable.Empty<VppTokenIdentity>()).ToList();
    }

    /// <summary>
    /// Before a change on a token, its interrupted jobs are finished, so that the plan starts from
    /// Apple's state: each one is said first and confirmed as the command's own change would be
    /// (-Force or -Confirm:$false answer for both). Under -WhatIf none is run: each is announced once,
    /// with what it still has to do, and the plans after it are shown as if it had finished.
    /// Returns false when one was declined: then nothing is changed.
    /// </summary>
    protected bool FinishInterruptedJobs(LicensingService licensing, VppToken token)
    {
        foreach (var job in licensing.ResumableJobs(token))
        {
            if (WhatIfInForce)
            {
                // Announced once per command; every plan after it is shown as if the job had finished.
                if (FirstMention(job)) ShouldChange(token.Name, TakeOver(licensing, job));
                licensing.AssumeFinished(job);
                continue;
            }

            if (!ShouldChange(token.Name, TakeOver(licensing, job), ForceGiven))
            {
                WriteCaution($"The interrupted job {job.JobId} was not finished, so nothing was changed. Finish it with Resume-VppJob -JobId {job.JobId}.");
                return false;
            }

            WriteCaution($"Finishing the interrupted job {job.JobId} of token '{token.Name}' first ({job.Kind}: {job.Description}).");
            VppJob finished;
            try
            {
                finished = RunWork((progress, cancellation) => licensing.RunAsync(job.JobId, false, progress, 1, cancellation));
            }
            catch (VppException taken) when (taken.ErrorId == VppErrorIds.JobRunningElsewhere)
            {
                // Another worker took it over first: its targets are in that worker's hands now (R-L8).
                WriteNote($"The interrupted job {job.JobId} was taken over by another process first; its changes are left to it.");
                continue;
            }

            WriteNote($"Finished the interrupted job {job.JobId}: {finished}.");
            foreach (var failed in licensing.Results(job.JobId).Where(r => r.Status == "Failed"))
            {
                WriteTargetError(TargetFailure.For(failed, $"{failed.AdamId} -> {failed.SerialNumber ?? failed.ClientUserId}"));
            }
        }

        return true;
    }

    /// <summary>True the first time this command announces finishing the job (under -WhatIf each job is said once).</summary>
    protected bool FirstMention(VppJob job) => announcedJobs.Add(job.JobId);

    private static string TakeOver(LicensingService licensing, VppJob job) =>
        $"First finish the interrupted job {job.JobId} of this token ({job.Kind}: {job.Description}; pending: {PendingWork(licensing, job)})";

    /// <summary>What an unfinished job still has to do, in the words and counts of a plan: "Associate: 2 license(s)".</summary>
    protected static string PendingWork(LicensingService licensing, VppJob job)
    {
        var pending = licensing.PendingChanges(job.JobId).GroupBy(r => r.Action).OrderBy(g => g.Key)
            .Select(g => g.Key == PlannedAction.Revoke
                ? $"{g.Key}: every revocable license of {g.Count()} device(s) and user(s)"
                : $"{g.Key}: {g.Count()} license(s)")
            .ToList();
        return pending.Count == 0 ? "nothing left to send, only outcomes to record" : string.Join("; ", pending);
    }

    /// <summary>
    /// Every object written from a store carries that store (<see cref="VppStoreIdentity"/>), so that the
    /// next command in the pipeline acts on the object's own store.
    /// </summary>
    protected override void WriteOutput(object? value)
    {
        if (value is null || store is null || value.GetType().Namespace?.StartsWith(nameof(VppPowerShell), StringComparison.Ordinal) != true)
        {
            base.WriteOutput(value);
            return;
        }

        var wrapped = PSObject.AsPSObject(value);
        var carried = VppStoreIdentity.Of(store.Location).CarriedProperty();
        if (wrapped.Properties[carried.Name] is null) wrapped.Properties.Add(carried);
        base.WriteOutput(wrapped);
    }

    /// <summary>The object of the current pipeline record; null when the command runs without pipeline input.</summary>
    protected PipedObject? Piped { get; private set; }

    /// <summary>
    /// True for commands that read what a piped object is themselves (a token command takes token
    /// objects), rather than only through the parameters its properties bind.
    /// </summary>
    protected virtual bool ReadsPipedObjects => false;

    /// <summary>
    /// Why this command refuses a piped object (a token command refuses a user row), or null to take
    /// it. Called for every piped record once its store has been checked.
    /// </summary>
    protected virtual VppException? Refusal(PipedObject input) => null;

    /// <summary>
    /// A piped record is refused when it belongs to another store than the one typed on the command
    /// line, or than the records before it (or the store this command has open), when it names a store
    /// file that does not exist, when none of its properties means anything to this command, or when
    /// this command refuses what it is: it is never applied elsewhere. Commands that collect records
    /// and act at the end act on the store of the records they accepted.
    /// </summary>
    protected override bool Accept()
    {
        Piped = InputObject is null || !MyInvocation.ExpectingInput ? null : new PipedObject(InputObject);
        if (Piped is null) return true;
        var typed = TypedStore();
        var carried = VppStoreIdentity.CarriedBy(Piped, ResolvePath);
        if (carried is not null && typed is not null && !carried.IsSame(typed))
        {
            return Refuse(new VppException(VppErrorIds.StoreMismatch, VppErrorCategory.InvalidArgument,
                $"This input, {Piped.Describe()}, comes from the store '{carried}', and the command names the store '{typed}': it was skipped, and neither store was changed for it.",
                carried.ToString(), "Leave -StorePath (or -StoreConnectionString) out to act on the input's own store, or pipe objects of the store you name."));
        }

        var wanted = carried ?? typed ?? VppStoreIdentity.SessionDefault();
        var current = store is null ? accepted : VppStoreIdentity.Of(store.Location);
        if (current is not null && !current.IsSame(wanted))
        {
            return Refuse(new VppException(VppErrorIds.StoreMismatch, VppErrorCategory.InvalidArgument,
                $"This input, {Piped.Describe()}, belongs to the store '{wanted}', and this command is working on '{current}': it was skipped.", wanted.ToString(),
                "Pipe objects of one store at a time, or name the store with -StorePath or -StoreConnectionString."));
        }

        if (current is null && carried is { ExistsHere: false })
        {
            return Refuse(new VppException(VppErrorIds.StoreNotFound, VppErrorCategory.ObjectNotFound,
                $"The input, {Piped.Describe()}, names the store '{carried}', which does not exist here: it was skipped.", carried.ToString(),
                "Remove the StorePath column from the file to act on the store you name (its TokenId column then names that store's token), or name the store the file came from."));
        }

        // The command works on this store from now on, also to judge what the input is (a group's kind).
        accepted ??= wanted;
        if (!ReadsPipedObjects && !BoundFromInput().Any())
        {
            return Refuse(new VppException(VppErrorIds.InputNotUnderstood, VppErrorCategory.InvalidArgument,
                $"{MyInvocation.MyCommand.Name} found nothing it takes in this input, {Piped.Describe()}: it was skipped.", Piped.Describe(),
                $"See which properties {MyInvocation.MyCommand.Name} takes from the pipeline with Get-Help {MyInvocation.MyCommand.Name} -Parameter *."));
        }

        return Refusal(Piped) is not { } refusal || Refuse(refusal);
    }

    /// <summary>The parameters the current record's properties bound (not those typed on the command line).</summary>
    protected IEnumerable<string> BoundFromInput() =>
        MyInvocation.BoundParameters.Keys.Where(k => !IsGivenOnCommandLine(k) && k != nameof(InputObject));

    private bool Refuse(VppException error)
    {
        WriteTargetError(error);
        return false;
    }

    /// <summary>A failure of the open store's database (the connection lost, writes refused) as the module's error.</summary>
    protected override VppException? Explain(Exception error) => store is null ? null : StoreFailure.Explain(error, store);

    protected override void Release()
    {
        store?.Dispose();
        store = null;
    }

    /// <summary>
    /// Where this command's store is, and why: -StorePath or -StoreConnectionString, then the store of the
    /// piped objects, then Use-VppStore, then VPP_STORE_CONNECTION, then VPP_STORE_PATH, then the per-user folder.
    /// </summary>
    protected StoreLocation ChosenLocation() => (TypedStore() ?? accepted ?? VppStoreIdentity.SessionDefault()).Location;

    private VppStoreIdentity? TypedStore() => VppStoreIdentity.Typed(StorePath, StoreConnectionString, ResolvePath);

    private VppStore OpenStore()
    {
        var location = ChosenLocation();
        if (!location.IsShared)
        {
            var folderMissing = !Directory.Exists(Path.GetDirectoryName(location.Path)) && !location.CreatesFolder;
            if (!CreatesStore && !File.Exists(location.Path) && !folderMissing)
            {
                throw new VppException(VppErrorIds.StoreNotFound, VppErrorCategory.ObjectNotFound,
                    $"There is no store at {location.Path} (chosen by {location.Source}): nothing was read, and no store was created.", location.Path,
                    "Check the path. Add-VppToken creates the store when it adds the first token.");
            }
        }

        // A shared store's Path is its connection string without the password.
        WriteNote($"Using store {location.Path} (chosen by {location.Source}).");
        var opened = VppStore.Open(location);
        SessionStore.Remember(location);
        return opened;
    }
}
