using System.Text.Json.Serialization;
using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tools.Api;

/// <summary>One event as <c>POST /v1/events</c> takes it.</summary>
public sealed record EventDto(
    string EventId,
    string UserId,
    string ItemId,
    string Type,
    DateTimeOffset Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CategoryId)
{
    public static EventDto From(InteractionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var type = e.Type switch
        {
            InteractionType.View => "view",
            InteractionType.Cart => "cart",
            InteractionType.Purchase => "purchase",
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.Type, "Unknown interaction type."),
        };
        return new EventDto(e.EventId, e.UserId, e.ItemId, type, e.Timestamp, e.CategoryId);
    }
}
