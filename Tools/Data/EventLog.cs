namespace Orleans.Rec.Tools.Data;

/// <summary>Opens an event-log file with the reader for its format, detecting the format when asked to.</summary>
public static class EventLog
{
    /// <summary>Returns a reader for <paramref name="path"/>; <see cref="EventFormat.Auto"/> detects the format first.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The format is <see cref="EventFormat.Auto"/> and cannot be detected.</exception>
    public static IEventReader Open(string path, EventFormat format = EventFormat.Auto)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Event log '{path}' does not exist.", path);
        }

        var resolved = format == EventFormat.Auto ? DetectFormat(path) : format;
        return resolved switch
        {
            EventFormat.Diginetica => DigineticaReader.FromFile(path),
            EventFormat.Taobao => TaobaoReader.FromFile(path),
            EventFormat.Otto => OttoReader.FromFile(path),
            EventFormat.Jsonl => JsonlReader.FromFile(path),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown event format."),
        };
    }

    /// <summary>Detects the format from the file name, then from the first non-empty line.</summary>
    /// <exception cref="InvalidDataException">Neither the name nor the contents match a known format.</exception>
    public static EventFormat DetectFormat(string path)
    {
        var name = Path.GetFileName(path);
        if (name.Contains("item-views", StringComparison.OrdinalIgnoreCase))
        {
            return EventFormat.Diginetica;
        }

        if (name.StartsWith("UserBehavior", StringComparison.OrdinalIgnoreCase))
        {
            return EventFormat.Taobao;
        }

        string? firstLine;
        using (var reader = new StreamReader(path))
        {
            do
            {
                firstLine = reader.ReadLine();
            }
            while (firstLine is not null && string.IsNullOrWhiteSpace(firstLine));
        }

        return DetectFromFirstLine(firstLine)
            ?? throw new InvalidDataException(
                $"Cannot detect the format of '{path}'; pass --format diginetica|taobao|otto|jsonl.");
    }

    /// <summary>Detects the format from a log's first non-empty line, or returns null.</summary>
    public static EventFormat? DetectFromFirstLine(string? line)
    {
        if (line is null)
        {
            return null;
        }

        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            if (trimmed.Contains("\"events\"", StringComparison.Ordinal) && trimmed.Contains("\"session\"", StringComparison.Ordinal))
            {
                return EventFormat.Otto;
            }

            return trimmed.Contains("\"eventId\"", StringComparison.Ordinal) ? EventFormat.Jsonl : null;
        }

        if (trimmed.StartsWith("session_id;", StringComparison.OrdinalIgnoreCase))
        {
            return EventFormat.Diginetica;
        }

        var fields = trimmed.Split(',');
        return fields.Length == 5 && fields[3] is "pv" or "cart" or "fav" or "buy" ? EventFormat.Taobao : null;
    }
}
