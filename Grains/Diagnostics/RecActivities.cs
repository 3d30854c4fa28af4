using System.Diagnostics;

namespace Orleans.Rec.Diagnostics;

/// <summary>The project's activity source, <c>Orleans.Rec</c>: spans of the recommendation path below the grain calls.</summary>
public static class RecActivities
{
    public const string SourceName = "Orleans.Rec";

    public static readonly ActivitySource Source = new(SourceName);
}
