using System.Globalization;
using System.Text.Json;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Events;

/// <summary>
/// The one reading of an event object (<c>{eventId?, userId, itemId, type, timestamp?, categoryId?, sessionId?}</c>),
/// for a REST body and a Kafka value alike: ids may be JSON strings or numbers (<see cref="InputRules.IdRule"/>),
/// <c>type</c> is view, cart or purchase, <c>timestamp</c> ISO-8601 or unix milliseconds. Every problem is reported
/// with its field, each in the same words on every path.
/// </summary>
public static class UserEventReader
{
    /// <summary>An event's fields as sent: <see cref="EventId"/> and <see cref="Timestamp"/> may be absent.</summary>
    public sealed record Fields(string? EventId, string UserId, string ItemId, UserEventType Type, DateTimeOffset? Timestamp, string? CategoryId, string? SessionId)
    {
        /// <summary>The event, with <paramref name="eventId"/> and <paramref name="time"/> where it has none of its own.</summary>
        public UserEvent ToEvent(Func<string> eventId, DateTimeOffset time) => new()
        {
            EventId = EventId ?? eventId(),
            UserId = UserId,
            ItemId = ItemId,
            Type = Type,
            Timestamp = Timestamp ?? time,
            CategoryId = CategoryId,
            SessionId = SessionId,
        };
    }

    /// <summary>
    /// Reads the event object <paramref name="element"/>; each problem goes to <paramref name="problem"/> as
    /// (field, message). Returns null when there was any.
    /// </summary>
    public static Fields? Read(JsonElement element, Action<string, string> problem)
    {
        var failed = false;
        void Fail(string field, string message)
        {
            failed = true;
            problem(field, message);
        }

        var userId = ReadId(element, "userId", required: true, Fail);
        var itemId = ReadId(element, "itemId", required: true, Fail);
        var eventId = ReadId(element, "eventId", required: false, Fail);
        var categoryId = ReadId(element, "categoryId", required: false, Fail);
        var sessionId = ReadId(element, "sessionId", required: false, Fail);
        var type = ReadType(element, Fail);
        var timestamp = ReadTimestamp(element, Fail);
        return failed ? null : new Fields(eventId, userId!, itemId!, type, timestamp, categoryId, sessionId);
    }

    private static UserEventType ReadType(JsonElement element, Action<string, string> fail)
    {
        if (!element.TryGetProperty("type", out var value) || value.ValueKind != JsonValueKind.String)
        {
            fail("type", "is required: view, cart or purchase");
            return default;
        }

        var text = JsonText.IsSurelyLongerThan(value, InputRules.MaxIdLength) ? "" : JsonText.Of(value);
        if (text is null)
        {
            fail("type", JsonText.NotText);
        }
        else if (!InputRules.IsValidId(text))
        {
            // Not echoed: the answer would carry whatever the caller sent.
            fail("type", InputRules.IdRule);
        }
        else if (TypeOf(text) is { } type)
        {
            return type;
        }
        else
        {
            fail("type", $"'{text}' is not an event type; expected view, cart or purchase");
        }

        return default;
    }

    private static DateTimeOffset? ReadTimestamp(JsonElement element, Action<string, string> fail)
    {
        if (!element.TryGetProperty("timestamp", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(JsonText.Of(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var unixMs) && unixMs is >= 0 and < 253402300800000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
        }

        fail("timestamp", "must be an ISO-8601 date-time or unix milliseconds");
        return null;
    }

    private static UserEventType? TypeOf(string text) => text.ToLowerInvariant() switch
    {
        "view" => UserEventType.View,
        "cart" => UserEventType.Cart,
        "purchase" => UserEventType.Purchase,
        _ => null,
    };

    private static string? ReadId(JsonElement element, string field, bool required, Action<string, string> fail)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                fail(field, "is required");
            }

            return null;
        }

        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            fail(field, "must be a string or a number");
            return null;
        }

        if (JsonText.IsSurelyLongerThan(value, InputRules.MaxIdLength))
        {
            fail(field, InputRules.IdRule);
            return null;
        }

        var text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : JsonText.Of(value);
        if (text is null)
        {
            fail(field, JsonText.NotText);
            return null;
        }

        if (!InputRules.IsValidId(text))
        {
            fail(field, InputRules.IdRule);
            return null;
        }

        return text;
    }
}
