namespace VppPowerShell.Simulator.State;

/// <summary>
/// One license pool (an adamId at one pricingParam) and its counts, v1 or v2:
/// <c>Assigned + Available == Total</c>.
/// </summary>
internal abstract class LicensePool
{
    protected LicensePool(int index, string adamId, string pricingParam, bool deviceAssignable)
    {
        Index = index;
        AdamId = adamId;
        PricingParam = pricingParam;
        DeviceAssignable = deviceAssignable;
    }

    /// <summary>Position in the store's pool list (the asset half of <see cref="Keys.Pair"/>).</summary>
    public int Index { get; }
    public string AdamId { get; }
    public string PricingParam { get; }
    public bool DeviceAssignable { get; }

    public int Total;
    public int Assigned;
    /// <summary>Part of <see cref="Assigned"/> held by users with no active record (irrevocable licenses, i.e. books).</summary>
    public int Retired;

    public int Available => Total - Assigned;
}
