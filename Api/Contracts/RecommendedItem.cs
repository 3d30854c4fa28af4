namespace Orleans.Rec.Api.Contracts;

/// <summary>One recommended item.</summary>
public sealed record RecommendedItem(string ItemId, float Score);
