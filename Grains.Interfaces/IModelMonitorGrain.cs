using Orleans.Concurrency;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec;

/// <summary>
/// Online accuracy of one model version (key: <c>model/version</c>, or <c>model/fallback</c> for popularity
/// fallback lists): aggregates the closed attribution windows the user profiles report.
/// </summary>
[Alias("rec.IModelMonitorGrain")]
public interface IModelMonitorGrain : IGrainWithStringKey
{
    /// <summary>Counts a user's closed windows, each once: outcomes numbered at or below one already counted are ignored.</summary>
    [Alias("Report")]
    Task ReportAsync(string userId, ImpressionOutcome[] outcomes);

    /// <summary>The figures so far.</summary>
    [Alias("GetAccuracy"), ReadOnly]
    Task<OnlineAccuracy> GetAccuracyAsync();
}
