using System.Collections.Generic;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.State;

/// <summary>A legacy account's license pool; <see cref="LicensePool.Total"/> counts licenses neither refunded nor moved.</summary>
internal sealed class LegacyAssetState : LicensePool
{
    public LegacyAssetState(int index, string adamId, string pricingParam, int productTypeId, bool irrevocable, bool deviceAssignable)
        : base(index, adamId, pricingParam, deviceAssignable)
    {
        ProductTypeId = productTypeId;
        IsIrrevocable = irrevocable;
    }

    public int ProductTypeId { get; }
    public bool IsIrrevocable { get; }

    /// <summary>Available license indexes; the lowest id is on top.</summary>
    public readonly Stack<int> Free = new Stack<int>();

    public string ProductTypeName => LegacyProductTypes.Name(ProductTypeId);

    /// <summary>The v2 product type this pool becomes after a move (API §14.2).</summary>
    public string V2ProductType => ProductTypeId == LegacyProductTypes.Book ? "Book" : "App";

    public SimLegacyAsset ToSnapshot() =>
        new SimLegacyAsset(AdamId, PricingParam, ProductTypeId, ProductTypeName, IsIrrevocable, DeviceAssignable, Total, Assigned, Available, Retired);
}
