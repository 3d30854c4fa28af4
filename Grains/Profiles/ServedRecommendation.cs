using Orleans.Rec.Serving;

namespace Orleans.Rec.Profiles;

/// <summary>
/// What a profile keeps of a list it was served: the items' ids, who served them, when, and the serving version's
/// attribution limits. Two small objects instead of the answer's scored items, since a list waits in a profile's inbox
/// for up to <see cref="ProfileOptions.ServedWriteBehind"/> and everything that waits is copied by each collection.
/// </summary>
public sealed record ServedRecommendation(string Model, int? Version, string[] Items, DateTimeOffset ServedAt, int AttributionEvents, TimeSpan AttributionWindow)
{
    public static ServedRecommendation Of(Recommendation recommendation)
    {
        var result = recommendation.Result;
        var items = new string[result.Items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = result.Items[i].ItemId;
        }

        return new(result.Model, result.Version, items, recommendation.ServedAt, recommendation.AttributionEvents, recommendation.AttributionWindow);
    }
}
