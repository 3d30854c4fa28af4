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
}
