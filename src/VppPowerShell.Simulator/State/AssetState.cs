using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.State;

/// <summary>A location's license pool (v2 asset).</summary>
internal sealed class AssetState : LicensePool
{
    public AssetState(int index, string adamId, string pricingParam, string productType, int total, bool deviceAssignable, bool revocable, string[] platforms)
        : base(index, adamId, pricingParam, deviceAssignable)
    {
        ProductType = productType;
        Total = total;
        Revocable = revocable;
        Platforms = platforms;
    }

    public string ProductType { get; }
    public bool Revocable { get; }
    public string[] Platforms { get; }

    public SimAsset ToSnapshot() =>
        new SimAsset(AdamId, PricingParam, ProductType, Total, Assigned, Available, Retired, DeviceAssignable, Revocable, Platforms);
}
