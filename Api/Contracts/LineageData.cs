namespace Orleans.Rec.Api.Contracts;

/// <summary>The training data of a version, as its config's <c>training</c> records it.</summary>
public sealed record LineageData(string? Source, string? Sha256, DateTimeOffset? From, DateTimeOffset? To, long Events);
