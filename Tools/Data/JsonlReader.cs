using System.Text.Json;

namespace Orleans.Rec.Tools.Data;

/// <summary>
/// Reads the platform's own event JSON lines:
/// <c>{"eventId","userId","itemId","type":"view|cart|purchase","timestamp":"ISO-8601","categoryId"?,"sessionId"?}</c>.
/// </summary>
public sealed class JsonlReader(Func<TextReader> open) : LineEventReader(open)
{
    public override EventFormat Format => EventFormat.Jsonl;

    public static JsonlReader FromFile(string path) => new(() => new StreamReader(path));

    protected override InteractionEvent? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var eventId = GetId(root, "eventId");
            var userId = GetId(root, "userId");
            var itemId = GetId(root, "itemId");
            if (eventId is null || userId is null || itemId is null
                || !root.TryGetProperty("timestamp", out var timestampElement)
                || timestampElement.ValueKind != JsonValueKind.String
                || !timestampElement.TryGetDateTimeOffset(out var timestamp)
                || !root.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            InteractionType? type = typeElement.GetString() switch
            {
                "view" => InteractionType.View,
                "cart" => InteractionType.Cart,
                "purchase" => InteractionType.Purchase,
                _ => null,
            };
            return type is null
                ? null
                : new InteractionEvent(eventId, userId, itemId, type.Value, timestamp, GetId(root, "categoryId"), GetId(root, "sessionId"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Ids are strings on the wire; numbers are accepted as their literal text.
    private static string? GetId(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            return null;
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
