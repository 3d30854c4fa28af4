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
            var userId = ReadId(root, "userId", required: true, problems);
            var itemId = ReadId(root, "itemId", required: true, problems);
            var eventId = ReadId(root, "eventId", required: false, problems);
            var categoryId = ReadId(root, "categoryId", required: false, problems);
            var sessionId = ReadId(root, "sessionId", required: false, problems);
            UserEventType type = default;
            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                problems.Add("type is required: view, cart or purchase");
            }
            else if (!TryParseType(typeElement.GetString()!, out type))
            {
                problems.Add($"unknown type '{typeElement.GetString()}'");
            }

            var timestamp = fallbackTime;
            if (root.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
            {
                if (ts.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedTime))
                {
                    timestamp = parsedTime.ToUniversalTime();
                }
                else if (ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var unixMs) && unixMs is >= 0 and < 253402300800000)
                {
                    timestamp = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
                }
                else
                {
                    problems.Add("timestamp must be an ISO-8601 date-time or unix milliseconds");
                }
            }

            if (problems.Count > 0)
            {
                error = string.Join("; ", problems);
                return false;
            }

            error = null;
            result = new UserEvent
            {
                EventId = eventId ?? fallbackEventId,
                UserId = userId!,
                ItemId = itemId!,
                Type = type,
                Timestamp = timestamp,
                CategoryId = categoryId,
                SessionId = sessionId,
            };
            return true;
        }
    }

    private static string TypeName(UserEventType type) => type switch
    {
        UserEventType.Cart => "cart",
        UserEventType.Purchase => "purchase",
        _ => "view",
    };

    private static bool TryParseType(string text, out UserEventType type)
    {
        type = text.ToLowerInvariant() switch
        {
            "view" => UserEventType.View,
            "cart" => UserEventType.Cart,
            "purchase" => UserEventType.Purchase,
            _ => (UserEventType)(-1),
        };
        return type >= 0;
    }

    private static string? ReadId(JsonElement root, string field, bool required, List<string> problems)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{field} is required");
            }

            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            problems.Add($"{field} must be a string or a number");
            return null;
        }

        if (!Validation.InputRules.IsValidId(text))
        {
            problems.Add($"{field} {Validation.InputRules.IdRule}");
            return null;
        }

        return text;
    }
}
