namespace Orleans.Rec.Tools.Data;

/// <summary>
/// A reader of one event per line: blank lines are ignored, lines that do not parse are skipped and counted.
/// Formats differ only in <see cref="Parse"/>.
/// </summary>
public abstract class LineEventReader(Func<TextReader> open) : IEventReader
{
    private long _skippedRows;

    public abstract EventFormat Format { get; }

    public long SkippedRows => Interlocked.Read(ref _skippedRows);

    public IEnumerable<InteractionEvent> Read(CancellationToken cancellationToken = default)
    {
        using var reader = open();
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parsed = Parse(line);
            if (parsed is null)
            {
                Interlocked.Increment(ref _skippedRows);
                continue;
            }

            yield return parsed;
        }
    }

    /// <summary>The event on one non-blank line, or null when the line is malformed.</summary>
    protected abstract InteractionEvent? Parse(string line);
}
