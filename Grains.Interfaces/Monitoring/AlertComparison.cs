namespace Orleans.Rec.Monitoring;

/// <summary>How a rule compares its metric with its threshold.</summary>
[GenerateSerializer, Alias("rec.AlertComparison")]
public enum AlertComparison
{
    /// <summary>Fires while the value is above the threshold (<c>&gt;</c>).</summary>
    GreaterThan,

    /// <summary>Fires while the value is below the threshold (<c>&lt;</c>).</summary>
    LessThan,
}
