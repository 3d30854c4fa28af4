using Orleans.Rec.Inference;

namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/users/{userId}/recommendations</c>.</summary>
/// <param name="UserId">The user served.</param>
/// <param name="Model">The model asked for.</param>
/// <param name="Version">The version that produced the list; null for a fallback.</param>
/// <param name="Fallback">True when the list is the most popular items rather than a model's answer.</param>
/// <param name="FallbackReason"><c>no-active-model</c>, <c>no-history</c> (no events yet) or <c>unknown-items</c> (events, none of whose items the serving version knows) when <paramref name="Fallback"/> is true; null otherwise. Written by the names <see cref="Inference.FallbackReason"/> gives its members.</param>
/// <param name="Items">The items, best first.</param>
public sealed record RecommendationsResponse(
    string UserId,
    string Model,
    int? Version,
    bool Fallback,
    FallbackReason? FallbackReason,
    IReadOnlyList<RecommendedItem> Items);
