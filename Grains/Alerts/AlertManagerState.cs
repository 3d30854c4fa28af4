using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Alerts;

/// <summary>Persistent state of an <see cref="AlertManagerGrain"/>.</summary>
public sealed class AlertManagerState
{
    /// <summary>The model's own rules, in the order added.</summary>
    public List<AlertRule> Rules { get; set; } = [];

    /// <summary>Ids of built-in rules deleted for this model.</summary>
    public List<string> DeletedBuiltIns { get; set; } = [];

    /// <summary>Alerts, oldest first: firing ones and the most recent resolved ones.</summary>
    public List<Alert> Alerts { get; set; } = [];

    public long Sequence { get; set; }
}
