namespace Orleans.Rec.Monitoring;

/// <summary>Whether an alert is firing or has resolved.</summary>
[GenerateSerializer, Alias("rec.AlertState")]
public enum AlertState
{
    /// <summary>The rule's condition holds.</summary>
    Firing,

    /// <summary>The condition no longer holds (or its rule or traffic went away).</summary>
    Resolved,
}
