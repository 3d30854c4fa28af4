namespace Orleans.Rec.Monitoring;

/// <summary>How urgent a firing alert is.</summary>
[GenerateSerializer, Alias("rec.AlertSeverity")]
public enum AlertSeverity
{
    /// <summary>For information.</summary>
    Info,

    /// <summary>Needs a look.</summary>
    Warning,

    /// <summary>Needs action now.</summary>
    Critical,
}
