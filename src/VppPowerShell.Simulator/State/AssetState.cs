namespace VppPowerShell.Simulator.State;

internal sealed class AssetState
{
    public AssetState(int index, string adamId, string pricingParam, string productType, int total, bool deviceAssignable, bool revocable, string[] platforms)
    {
        Index = index;
        AdamId = adamId;
        PricingParam = pricingParam;
        ProductType = productType;
        Total = total;
        DeviceAssignable = deviceAssignable;
        Revocable = revocable;
        Platforms = platforms;
    }

    public int Index { get; }
    public string AdamId { get; }
    public string PricingParam { get; }
    public string ProductType { get; }
    public bool DeviceAssignable { get; }
    public bool Revocable { get; }
    public string[] Platforms { get; }
    public int Total;
    public int Assigned;
    /// <summary>Part of <see cref="Assigned"/> held by clientUserIds with no active record.</summary>
    public int Retired;

    public int Available => Total - Assigned;

    public SimAsset ToSnapshot() =>
        new SimAsset(AdamId, PricingParam, ProductType, Total, Assigned, Available, Retired, DeviceAssignable, Revocable, Platforms);
}
