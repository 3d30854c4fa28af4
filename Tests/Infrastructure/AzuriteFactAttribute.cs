namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// A fact that needs the Azurite emulator (and, with <see cref="NeedsSharedData"/>, the data sets in ../shared/data); it
/// skips, saying why, only when Azurite cannot be installed or the data is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        if (Azurite.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>The test reads ../shared/data too.</summary>
    public bool NeedsSharedData
    {
        get;
        set
        {
            field = value;
            if (value && Skip is null && SharedData.Directory is null)
            {
                Skip = SharedData.MissingReason;
            }
        }
    }
}
