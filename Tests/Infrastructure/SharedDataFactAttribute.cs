
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

    /// <summary>A program the test also needs (Debian's package of the same name; <c>.ci/run</c> installs it): absent, the test skips saying so.</summary>
    public string? Executable
    {
        get;
        set
        {
            field = value;
            if (Skip is null && value is not null && !File.Exists(value))
            {
                Skip = $"{value} is absent: apt-get install -y {Path.GetFileName(value)} (.ci/run does)";
            }
        }
    }
}
