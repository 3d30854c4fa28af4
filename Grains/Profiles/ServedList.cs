namespace Orleans.Rec.Profiles;

/// <summary>A recommendation list served to the user.</summary>
public sealed record ServedList(string Model, int? Version, string[] Items, DateTimeOffset At)
{
    /// <summary>The impression's number (its attribution window's <see cref="AttributionWindow.Sequence"/>).</summary>
    public long Sequence { get; init; }
}
