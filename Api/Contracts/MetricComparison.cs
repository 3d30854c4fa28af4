namespace Orleans.Rec.Api.Contracts;

/// <summary>One metric of two versions side by side; <c>Delta</c> is b − a when both are known.</summary>
public sealed record MetricComparison(string Name, double? A, double? B, double? Delta);
