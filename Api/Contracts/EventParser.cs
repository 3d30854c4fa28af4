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
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors[path.Length == 0 ? "body" : path] = ["must be an event object"];
            return;
        }

        var fields = UserEventReader.Read(element, (field, message) => errors[path.Length == 0 ? field : $"{path}.{field}"] = [message]);
        if (fields is null)
        {
            return;
        }

        events.Add(fields.ToEvent(() => DerivedEventId(fields.UserId, fields.ItemId, fields.Type, fields.Timestamp), now));
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
}
