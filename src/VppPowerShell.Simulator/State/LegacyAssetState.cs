using System.Collections.Generic;

namespace VppPowerShell.Simulator.State;

internal sealed class LegacyAssetState
{
    public LegacyAssetState(int index, string adamId, string pricingParam, int productTypeId, bool irrevocable, bool deviceAssignable)
    {
        Index = index;
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductTypeId = productTypeId;
        IsIrrevocable = irrevocable;
        DeviceAssignable = deviceAssignable;
    }

    public int Index { get; }
    public string AdamId { get; }
    public string PricingParam { get; }
    public int ProductTypeId { get; }
    public bool IsIrrevocable { get; }
    public bool DeviceAssignable { get; }

    /// <summary>Licenses neither refunded nor moved.</summary>
    public int Total;
    public int Assigned;
    /// <summary>Part of <see cref="Assigned"/> held by retired user records.</summary>
    public int Retired;
    /// <summary>Available license indexes; the lowest id is on top.</summary>
    public readonly Stack<int> Free = new Stack<int>();

    public int Available => Total - Assigned;

    public string ProductTypeName => LegacyProductTypes.Name(ProductTypeId);

    /// <summary>The v2 product type this pool becomes after a move (API §14.2).</summary>
    public string V2ProductType => ProductTypeId == LegacyProductTypes.Book ? "Book" : "App";

    public SimLegacyAsset ToSnapshot() =>
        new SimLegacyAsset(AdamId, PricingParam, ProductTypeId, ProductTypeName, IsIrrevocable, DeviceAssignable, Total, Assigned, Available, Retired);
}
