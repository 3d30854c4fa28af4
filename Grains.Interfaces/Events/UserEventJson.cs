using System.Globalization;
using System.Text.Json;

namespace Orleans.Rec.Events;

/// <summary>
/// The v1 event shape on Kafka (<c>{eventId?, userId, itemId, type, timestamp?, categoryId?, sessionId?}</c>), written by
/// the gateway and read by the silos. Ids may be JSON strings or numbers; timestamps ISO-8601 or unix milliseconds.
/// </summary>
public static class UserEventJson
{
    /// <summary>The UTF-8 JSON of <paramref name="e"/>.</summary>
    public static byte[] Serialize(UserEvent e)
    {
        using var buffer = new MemoryStream(160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("eventId", e.EventId);
            writer.WriteString("userId", e.UserId);
            writer.WriteString("itemId", e.ItemId);
            writer.WriteString("type", TypeName(e.Type));
            writer.WriteString("timestamp", e.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            if (e.CategoryId is not null)
            {
                writer.WriteString("categoryId", e.CategoryId);
            }

            if (e.SessionId is not null)
            {
                writer.WriteString("sessionId", e.SessionId);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads one event. A missing <c>eventId</c> becomes <paramref name="fallbackEventId"/> and a missing timestamp
    /// <paramref name="fallbackTime"/>. Returns false with the reason when the JSON is not a valid event.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, string fallbackEventId, DateTimeOffset fallbackTime, out UserEvent? result, out string? error)
    {
        result = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                error = "invalid JSON: empty";
                return false;
            }

            document = parsed;
        }
        catch (JsonException e)
        {
            error = $"invalid JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }

            var problems = new List<string>();
            var fields = UserEventReader.Read(root, (field, message) => problems.Add($"{field} {message}"));
            if (fields is null)
            {
                error = string.Join("; ", problems);
                return false;
            }

            error = null;
            result = fields.ToEvent(() => fallbackEventId, fallbackTime);
            return true;
        }
    }

    private static string TypeName(UserEventType type) => type switch
    {
        UserEventType.Cart => "cart",
        UserEventType.Purchase => "purchase",
        _ => "view",
    };
}
