namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>A fact that needs the Azurite emulator; it skips, saying why, only when Azurite cannot be installed.</summary>
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
}
