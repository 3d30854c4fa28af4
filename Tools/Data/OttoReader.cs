using System.Text.Json;

namespace Orleans.Rec.Tools.Data;

/// <summary>
/// Reads OTTO session JSON lines: <c>{"session":int,"events":[{"aid":int,"ts":unix_ms,"type":"clicks"|"carts"|"orders"}]}</c>.
/// The session is the user. A line that is not valid JSON is one skipped row; so is each malformed event in a valid line.
/// </summary>
public sealed class OttoReader(Func<TextReader> open) : IEventReader
{
    private long _skippedRows;

    public EventFormat Format => EventFormat.Otto;

    public long SkippedRows => Interlocked.Read(ref _skippedRows);

    public static OttoReader FromFile(string path) => new(() => new StreamReader(path));

    public IEnumerable<InteractionEvent> Read(CancellationToken cancellationToken = default)
    {
        using var reader = open();
        var events = new List<InteractionEvent>();
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            events.Clear();
            ParseLine(line, events);
            foreach (var e in events)
            {
                yield return e;
            }
        }
    }

    private void ParseLine(string line, List<InteractionEvent> events)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetInt64(root, "session", out var session)
                || !root.TryGetProperty("events", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                Interlocked.Increment(ref _skippedRows);
                return;
            }

            var sessionId = session.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var item in list.EnumerateArray())
            {
                var parsed = ParseEvent(sessionId, item);
                if (parsed is null)
                {
                    Interlocked.Increment(ref _skippedRows);
                }
                else
                {
                    events.Add(parsed);
                }
            }
        }
        catch (JsonException)
        {
            Interlocked.Increment(ref _skippedRows);
        }
    }

    private static InteractionEvent? ParseEvent(string sessionId, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !TryGetInt64(item, "aid", out var aid)
            || !TryGetInt64(item, "ts", out var ts)
            || ts < 0
            || ts > 253402300799999
            || !item.TryGetProperty("type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var typeName = typeElement.GetString();
        (InteractionType Type, char Code)? type = typeName switch
        {
            "clicks" => (InteractionType.View, 'c'),
            "carts" => (InteractionType.Cart, 'a'),
            "orders" => (InteractionType.Purchase, 'o'),
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        var itemId = aid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new InteractionEvent(
            $"ot-{sessionId}-{itemId}-{type.Value.Code}-{ts}",
            sessionId,
            itemId,
            type.Value.Type,
            DateTimeOffset.FromUnixTimeMilliseconds(ts),
            SessionId: sessionId);
    }

    // TryGetInt64 on a non-number throws instead of returning false: check the kind first.
    private static bool TryGetInt64(JsonElement element, string name, out long value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property)
            && property.ValueKind == JsonValueKind.Number
            && property.TryGetInt64(out value);
    }
}
