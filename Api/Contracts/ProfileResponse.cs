namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/users/{userId}/profile</c>.</summary>
public sealed record ProfileResponse(
    string UserId,
    long EventCount,
    IReadOnlyList<string> RecentViews,
    IReadOnlyList<string> Cart,
    IReadOnlyList<string> Purchases,
    IReadOnlyList<string> TopCategories,
    DateTimeOffset? LastEventAt);
