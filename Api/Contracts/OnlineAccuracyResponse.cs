using Orleans.Rec.Events;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Contracts;

/// <summary>Online accuracy overall and per event type (<c>view</c>, <c>cart</c>, <c>purchase</c>).</summary>
public sealed record OnlineAccuracyResponse(AccuracyFiguresResponse Overall, IReadOnlyDictionary<string, AccuracyFiguresResponse> ByType)
{
    public static OnlineAccuracyResponse From(OnlineAccuracy a) => new(
        AccuracyFiguresResponse.From(a.Overall),
        a.ByType.ToDictionary(t => TypeName(t.Key), t => AccuracyFiguresResponse.From(t.Value), StringComparer.Ordinal));

    private static string TypeName(UserEventType type) => type switch
    {
        UserEventType.View => "view",
        UserEventType.Cart => "cart",
        UserEventType.Purchase => "purchase",
        _ => type.ToString(),
    };
}
