namespace Orleans.Rec.Monitoring;

/// <summary>Settings under <c>Rec:Monitoring</c>: serving history and alert evaluation.</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Rec:Monitoring";

    /// <summary>How often each model's history grain samples the silos (<c>Rec:Monitoring:SampleInterval</c>).</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Samples kept per version (<c>Rec:Monitoring:HistorySamples</c>); 2160 × 10 s = 6 hours.</summary>
    public int HistorySamples { get; set; } = 2160;

    /// <summary>How often each model's alert manager evaluates its rules (<c>Rec:Monitoring:AlertEvaluationInterval</c>).</summary>
    public TimeSpan AlertEvaluationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an accuracy monitor writes its counts (<c>Rec:Monitoring:MonitorWriteBehind</c>); also on
    /// deactivation. A silo crash loses at most this much counting.
    /// </summary>
    public TimeSpan MonitorWriteBehind { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reporters (users) an accuracy monitor remembers to drop repeated reports (<c>Rec:Monitoring:MonitorReporters</c>):
    /// the least recent are forgotten first, bounding its state.
    /// </summary>
    public int MonitorReporters { get; set; } = 100_000;

    /// <summary>How often every silo wakes the history and alert grains of every model in the catalog (<c>Rec:Monitoring:KeepAliveInterval</c>).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(1);
}
