using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Rec.Events;

namespace Orleans.Rec.Api.Contracts;

/// <summary>
/// Reads events from the JSON of <c>POST /v1/events</c>: one event object, or <c>{"events":[...]}</c>. Ids may be
/// JSON strings or numbers. Every problem is reported with the field it concerns.
/// </summary>
internal static class EventParser
{
    public static List<UserEvent> Parse(JsonElement root, int maxEvents, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var events = new List<UserEvent>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["expected an event object or {\"events\":[...]}"];
            return events;
        }

        if (root.TryGetProperty("events", out var batch))
        {
            if (batch.ValueKind != JsonValueKind.Array)
            {
                errors["events"] = ["must be an array of events"];
                return events;
            }

            var count = batch.GetArrayLength();
            if (count == 0)
            {
                errors["events"] = ["must hold at least one event"];
                return events;
            }

            if (count > maxEvents)
            {
                errors["events"] = [$"holds {count} events; at most {maxEvents} are accepted per request"];
                return events;
            }

            var index = 0;
            foreach (var element in batch.EnumerateArray())
            {
                AddIfValid(element, $"events[{index++}]", now, events, errors);
            }
        }
        else
        {
            AddIfValid(root, "", now, events, errors);
        }

        return events;
    }

    private static void AddIfValid(JsonElement element, string path, DateTimeOffset now, List<UserEvent> events, Dictionary<string, string[]> errors)
    {
        string Key(string field) => path.Length == 0 ? field : $"{path}.{field}";

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors[path.Length == 0 ? "body" : path] = ["must be an event object"];
            return;
        }

        var before = errors.Count;
        var userId = ReadId(element, "userId", required: true, Key, errors);
        var itemId = ReadId(element, "itemId", required: true, Key, errors);
        var eventId = ReadId(element, "eventId", required: false, Key, errors);
        var categoryId = ReadId(element, "categoryId", required: false, Key, errors);
        var sessionId = ReadId(element, "sessionId", required: false, Key, errors);

        UserEventType type = default;
        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            errors[Key("type")] = ["is required: view, cart or purchase"];
        }
        else if (!InputRules.IsValidId(typeElement.GetString()))
        {
            // Not echoed: the answer would carry whatever the caller sent.
            errors[Key("type")] = [InputRules.IdRule];
        }
        else if (!TryParseType(typeElement.GetString()!, out type))
        {
            errors[Key("type")] = [$"'{typeElement.GetString()}' is not an event type; expected view, cart or purchase"];
        }

        DateTimeOffset? timestamp = null;
        if (element.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            if (ts.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                timestamp = parsed.ToUniversalTime();
            }
            else if (ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var unixMs) && unixMs is >= 0 and < 253402300800000)
            {
                timestamp = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
            }
            else
            {
                errors[Key("timestamp")] = ["must be an ISO-8601 date-time or unix milliseconds"];
            }
        }

        if (errors.Count > before)
        {
            return;
        }

        events.Add(new UserEvent
        {
            EventId = eventId ?? DerivedEventId(userId!, itemId!, type, timestamp),
            UserId = userId!,
            ItemId = itemId!,
            Type = type,
            Timestamp = timestamp ?? now,
            CategoryId = categoryId,
            SessionId = sessionId,
        });
    }

    /// <summary>
    /// An event without an id but with a timestamp gets an id derived from its content, so a producer that resends
    /// it is deduplicated; without a timestamp nothing identifies a resend, so it gets a fresh id.
    /// </summary>
    private static string DerivedEventId(string userId, string itemId, UserEventType type, DateTimeOffset? timestamp)
    {
        if (timestamp is not { } at)
        {
            return "gw-" + Guid.NewGuid().ToString("N");
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{userId}\n{itemId}\n{type}\n{at.ToUnixTimeMilliseconds()}");
        return "gw-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private static string? ReadId(JsonElement element, string field, bool required, Func<string, string> key, Dictionary<string, string[]> errors)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors[key(field)] = ["is required"];
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
            errors[key(field)] = ["must be a string or a number"];
            return null;
        }

        if (!InputRules.IsValidId(text))
        {
            errors[key(field)] = [InputRules.IdRule];
            return null;
        }

        return text;
    }

    private static bool TryParseType(string text, out UserEventType type)
    {
        switch (text.ToLowerInvariant())
        {
            case "view":
                type = UserEventType.View;
                return true;
            case "cart":
                type = UserEventType.Cart;
                return true;
            case "purchase":
                type = UserEventType.Purchase;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
