using Orleans.Concurrency;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec;

/// <summary>
/// The serving history of one model (key: model name): on a timer (<c>Rec:Monitoring:SampleInterval</c>) it samples
/// every silo's counters for the model's versions and keeps a bounded ring of samples per version
/// (<c>Rec:Monitoring:HistorySamples</c>), in memory.
/// </summary>
[Alias("rec.IModelHistoryGrain")]
public interface IModelHistoryGrain : IGrainWithStringKey
{
    /// <summary>Wakes the grain so that its timer samples (the registry calls it when a version starts serving).</summary>
    [Alias("Start"), OneWay]
    Task StartAsync();

    /// <summary>
    /// Takes a sample now (the timer does the same) and returns the samples it added, one per version with traffic;
    /// none on the first call of an activation, which only records the counters the next sample starts from.
    /// </summary>
    [Alias("Sample")]
    Task<VersionHistory[]> SampleAsync();

    /// <summary>How available <paramref name="version"/> has been over the samples taken of it.</summary>
    [Alias("GetAvailability"), ReadOnly]
    Task<VersionAvailability> GetAvailabilityAsync(int version);

    /// <summary>The samples taken within <paramref name="window"/> before now, per version.</summary>
    [Alias("GetHistory"), ReadOnly]
    Task<ModelHistory> GetHistoryAsync(TimeSpan window);
}
