namespace Orleans.Rec.Impressions;

/// <summary>One served recommendation list, as published on the impression log.</summary>
public sealed record Impression(string UserId, string Model, int? Version, string[] Items, string RequestId, DateTimeOffset Time);
