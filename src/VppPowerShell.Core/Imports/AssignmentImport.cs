using System;
using System.Collections.Generic;
using System.Linq;
using VppPowerShell.Core.Licensing;
using VppPowerShell.Core.Text;

namespace VppPowerShell.Core.Imports;

/// <summary>
/// Checks the rows of an import file before anything is planned: every bad row is reported with
/// its number and reason, and never stops the good ones or disappears silently.
/// </summary>
public sealed class AssignmentImport
{
    private AssignmentImport(List<ImportRowError> errors, List<(int Row, string AdamId, string PricingParam, TargetRequest Target)> pairs)
    {
        Errors = errors;
        Pairs = pairs;
    }

    public IReadOnlyList<ImportRowError> Errors { get; }

    public IReadOnlyList<(int Row, string AdamId, string PricingParam, TargetRequest Target)> Pairs { get; }

    /// <summary>The rows to plan, each asset with its own targets.</summary>
    public IReadOnlyList<((string AdamId, string PricingParam) Asset, IReadOnlyList<TargetRequest> Targets)> Work =>
        Pairs.GroupBy(p => (p.AdamId, p.PricingParam))
            .Select(g => (g.Key, (IReadOnlyList<TargetRequest>)g.Select(p => p.Target).ToList()))
            .ToList();

    /// <summary>The row a planned (asset, target) pair came from.</summary>
    public int? RowOf(string adamId, string target)
    {
        rows ??= Pairs.GroupBy(p => (p.AdamId, p.Target.Target)).ToDictionary(g => g.Key, g => g.First().Row);
        return rows.TryGetValue((adamId, target), out var row) ? row : null;
    }

    private Dictionary<(string, string), int>? rows;

    /// <summary>Why a cell of the row holds a control character (a NUL), or null: refused like a typed parameter.</summary>
    private static string? ControlCharacterIn(ImportRow row)
    {
        foreach (var cell in row.Values)
        {
            if (cell.Value is { } text && ControlCharacters.IndexIn(text) is var index and >= 0)
            {
                return ControlCharacters.Describe("column " + cell.Key, text, index);
            }
        }

        return null;
    }

    /// <param name="rows">The file's rows.</param>
    /// <param name="asset">The token's asset (product type, device-assignable), or null when the token does not hold it.</param>
    public static AssignmentImport Check(IEnumerable<ImportRow> rows, Func<string, string, (string ProductType, bool DeviceAssignable)?> asset)
    {
        var errors = new List<ImportRowError>();
        var pairs = new List<(int, string, string, TargetRequest)>();
        var seen = new Dictionary<(string, string, string, bool), int>();
        foreach (var row in rows)
        {
            var adamId = row["AdamId"];
            var serial = row["SerialNumber"];
            var user = row["ClientUserId"];
            var pricing = (row["PricingParam"] ?? "STDQ").ToUpperInvariant();
            var type = row["LicenseType"];
            var target = serial ?? user;

            ImportRowError Bad(string errorId, string reason) => new(row.RowNumber, errorId, $"Row {row.RowNumber}: {reason}", adamId, target);

            if (ControlCharacterIn(row) is { } control)
            {
                errors.Add(Bad(VppErrorIds.TextHasControlCharacter, control));
                continue;
            }

            if (adamId is null)
            {
                errors.Add(Bad("MissingValue", "no AdamId: every row names the asset."));
                continue;
            }

            if (serial is null && user is null)
            {
                errors.Add(Bad("MissingValue", "neither SerialNumber nor ClientUserId: every row names a device or a user."));
                continue;
            }

            if (serial is not null && user is not null)
            {
                errors.Add(Bad(VppErrorIds.InvalidTarget, "both SerialNumber and ClientUserId: a row names one device or one user."));
                continue;
            }

            if (pricing is not ("STDQ" or "PLUS"))
            {
                errors.Add(Bad("InvalidValue", $"PricingParam '{row["PricingParam"]}' is neither STDQ nor PLUS."));
                continue;
            }

            LicenseType licenseType;
            if (type is null) licenseType = serial is not null ? LicenseType.Device : LicenseType.User;
            else if (!Enum.TryParse(type, true, out licenseType))
            {
                errors.Add(Bad("InvalidValue", $"LicenseType '{type}' is neither Device nor User."));
                continue;
            }

            if (serial is not null && !TargetNames.IsSerialNumber(serial))
            {
                errors.Add(Bad(VppErrorIds.InvalidTarget, $"'{serial}' is not a serial number (8 to 20 letters and digits)."));
                continue;
            }

            if (user is not null && !TargetNames.IsClientUserId(user))
            {
                errors.Add(Bad(VppErrorIds.InvalidTarget, $"'{user}' is not a usable client user id."));
                continue;
            }

            if (user is not null && licenseType == LicenseType.Device)
            {
                errors.Add(Bad(VppErrorIds.InvalidTarget, $"'{user}' is a user: device licensing needs a serial number."));
                continue;
            }

            var held = asset(adamId, pricing);
            if (held is null)
            {
                errors.Add(Bad(VppErrorIds.AssetNotInToken, $"asset {adamId} ({pricing}) is not in the token's pool; check the adamId, or sync the token."));
                continue;
            }

            if (licenseType == LicenseType.Device && string.Equals(held.Value.ProductType, "Book", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(Bad(VppErrorIds.BookToDevice, $"asset {adamId} is a book, and books go to users only."));
                continue;
            }

            var key = (adamId, pricing, target!, serial is not null);
            if (seen.TryGetValue(key, out var first))
            {
                errors.Add(Bad("DuplicateRow", $"repeats row {first} ({adamId} for {target})."));
                continue;
            }

            seen[key] = row.RowNumber;
            pairs.Add((row.RowNumber, adamId, pricing, new TargetRequest(target!, licenseType, serial is not null)));
        }

        return new AssignmentImport(errors, pairs);
    }
}
