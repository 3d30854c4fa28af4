
namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>A fact that needs the real data sets of <see cref="SharedData"/>; it skips, saying why, when they are absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null)
        {
            Skip = SharedData.MissingReason;
        }
    }
}
